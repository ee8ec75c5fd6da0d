"""Wish lists: stars on eligible open postings only, gone when the posting closes."""

from sqlalchemy import select, update

from matcher import clock
from matcher.extensions import db
from matcher.matching import stars
from matcher.models import Candidate, Posting, PostingStar
from matcher.postings import services as postings
from matcher.rounds.inputs import build_inputs
from tests import factories as f
from tests.conftest import Login, post_form


def _setup(app, **posting_fields):
    with app.app_context():
        posting = f.make_posting(**posting_fields)
        candidate = f.make_candidate(f.make_user("candidate", email="marie@example.com"))
        db.session.commit()
        return posting.id, candidate.id


def _stars(app) -> list[tuple[int, int]]:
    with app.app_context():
        return db.session.execute(select(PostingStar.candidate_id, PostingStar.posting_id)).all()


def test_candidate_stars_an_eligible_posting_from_my_matches(app, client):
    posting_id, candidate_id = _setup(app, title="Préposé·e de nuit")
    Login(client).as_user("marie@example.com")
    html = client.get("/matches").get_data(as_text=True)
    assert "Ajouter à ma liste de souhaits" in html
    response = post_form(client, f"/jobs/{posting_id}/star", {"back": "matches"},
                         token_from="/matches")
    assert response.headers["Location"] == "/matches"
    assert _stars(app) == [(candidate_id, posting_id)]
    html = client.get("/matches").get_data(as_text=True)
    assert "Retirer de ma liste de souhaits" in html
    post_form(client, f"/jobs/{posting_id}/unstar", {"back": "posting"}, token_from="/matches")
    assert _stars(app) == []


def test_star_needs_the_csrf_token(app, client):
    posting_id, _ = _setup(app)
    Login(client).as_user("marie@example.com")
    client.post(f"/jobs/{posting_id}/star", data={"back": "matches"})
    assert _stars(app) == []


def test_candidate_cannot_star_a_posting_they_do_not_qualify_for(app, client):
    posting_id, _ = _setup(app, min_french_oral=9)
    Login(client).as_user("marie@example.com")
    page = client.get(f"/jobs/{posting_id}").get_data(as_text=True)
    assert "liste de souhaits" not in page  # no button on a posting out of reach
    response = post_form(client, f"/jobs/{posting_id}/star", {"back": "posting"},
                         token_from=f"/jobs/{posting_id}", follow_redirects=True)
    assert "Seuls les emplois" in response.get_data(as_text=True)
    assert _stars(app) == []


def test_posting_page_offers_the_star_to_an_eligible_candidate(app, client):
    posting_id, _ = _setup(app)
    Login(client).as_user("marie@example.com")
    page = client.get(f"/jobs/{posting_id}").get_data(as_text=True)
    assert "Ajouter à ma liste de souhaits" in page
    post_form(client, f"/jobs/{posting_id}/star", {"back": "posting"},
              token_from=f"/jobs/{posting_id}")
    assert "Retirer de ma liste de souhaits" in client.get(f"/jobs/{posting_id}").get_data(
        as_text=True)


def test_a_closed_postings_star_disappears(app, client):
    posting_id, candidate_id = _setup(app)
    with app.app_context():
        candidate, posting = db.session.get(Candidate, candidate_id), db.session.get(
            Posting, posting_id)
        stars.star(candidate, posting)
        db.session.commit()
        postings.change_status(posting, "close")
        db.session.commit()
        assert db.session.scalars(select(PostingStar)).all() == []
    Login(client).as_user("marie@example.com")
    assert "Votre liste de souhaits est vide." in client.get("/matches").get_data(as_text=True)


def test_stars_of_a_posting_closed_behind_the_services_back_are_not_read(app):
    posting_id, candidate_id = _setup(app)
    with app.app_context():
        stars.star(db.session.get(Candidate, candidate_id), db.session.get(Posting, posting_id))
        db.session.execute(update(Posting).values(status="filled", filled=Posting.openings))
        db.session.commit()
        assert stars.starred_ids([candidate_id], clock.today()) == {}
        assert stars.wish_list(db.session.get(Candidate, candidate_id), clock.today()) == []


def test_preference_list_puts_starred_postings_first_in_star_order():
    assert stars.preference_list([7, 3, 99], [1, 3, 5, 7]) == [7, 3, 1, 5]
    assert stars.preference_list([], [1, 3]) == [1, 3]


def test_candidates_round_list_is_starred_first_then_by_score(app):
    with app.app_context():
        employer = f.make_employer()
        best = f.make_posting(employer, title="Préposé aux bénéficiaires")
        middle = f.make_posting(employer, title="Préposé aux bénéficiaires", min_french_oral=6)
        other = f.make_posting(employer, title="Aide de cuisine", noc_code="65201",
                               description="Cuisine.")
        closed = f.make_posting(employer, title="Préposé aux bénéficiaires")
        candidate = f.make_candidate()
        for posting in (other, closed, middle):
            stars.star(candidate, posting)
        closed.status = "closed"
        db.session.commit()
        chosen = [best, middle, other]
        inputs = build_inputs(chosen, {candidate.id}, clock.today())
        by_score = [m for m in inputs.candidate_prefs[candidate.id] if m not in (other.id,
                                                                                  middle.id)]
        assert inputs.candidate_prefs[candidate.id][:2] == [other.id, middle.id]
        assert by_score == [best.id]
        assert inputs.starred[candidate.id] == [other.id, middle.id]


def test_the_wish_list_is_in_the_candidates_data_export(app, client):
    posting_id, _ = _setup(app, title="Préposé·e de soir")
    Login(client).as_user("marie@example.com")
    post_form(client, f"/jobs/{posting_id}/star", {"back": "matches"}, token_from="/matches")
    data = client.get("/my-data/export").get_json()
    assert [(s["posting_id"], s["posting_title"]) for s in data["wish_list"]] == [
        (posting_id, "Préposé·e de soir")]
    assert data["placement_proposals"] == []
