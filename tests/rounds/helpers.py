"""A small world for placement rounds: two establishments, their postings, candidates."""

from dataclasses import dataclass

from matcher.extensions import db
from tests import factories as f
from tests.conftest import post_form


@dataclass
class World:
    postings: list[int]  # establishment A's postings (one opening each)
    other_posting: int  # establishment B's posting
    candidates: list[int]


def make_world(app, candidates: int = 3) -> World:
    """Two postings of establishment A (one opening each), one of B, and candidates."""
    with app.app_context():
        employer_a, employer_b = f.make_employer(name="CHSLD A (fictif)"), f.make_employer()
        f.make_employer_user(employer_a, email="rh-a@example.com")
        f.make_employer_user(employer_b, email="rh-b@example.com")
        f.make_staff(email="agent@example.com")
        day = f.make_posting(employer_a, title="Préposé·e de jour", openings=1)
        kitchen = f.make_posting(employer_a, title="Aide de cuisine", noc_code="65201",
                                 description="Préparation des repas.", openings=1)
        other = f.make_posting(employer_b, title="Préposé·e ailleurs", openings=1)
        # Candidate n speaks French at level 6 + n: later candidates score higher everywhere.
        people = [f.make_candidate(f.make_user("candidate", email=f"c{n}@example.com"),
                                   french_oral_comprehension=6 + n, french_oral_production=6 + n)
                  for n in range(candidates)]
        db.session.commit()
        return World([day.id, kitchen.id], other.id, [c.id for c in people])


def run_round(client, posting_ids, **pool):
    """Post the new-round form; return the response (a redirect to the round when it ran)."""
    data = {"posting_ids": [str(p) for p in posting_ids], **pool}
    return post_form(client, "/rounds/new", data)


def round_id_of(response) -> int:
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    return int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])
