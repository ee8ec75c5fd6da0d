"""My matches in one pass: the same matches, gaps, doors and wish list as pair by pair."""

import re

from sqlalchemy import select

from matcher import clock
from matcher.extensions import db
from matcher.matching import gaps, stars
from matcher.matching.my_matches import my_matches
from matcher.matching.services import candidate_profile, evaluate_pair, posting_profile
from matcher.models import Candidate, Certification, Posting
from matcher.ranking import rank_postings
from matcher.ranking.gap_plan import Gap, doors, rank
from tests import factories as f
from tests.conftest import Login, statements_of_one_get


def _world(app) -> dict[str, int]:
    """Marie (oral 6, written 5, day shifts, Montréal, no certification) and 17 postings.

    She fits six (one she applied to, two she starred), misses ten by one or more
    requirements (one kitchen job, not her occupation), and one is closed.
    """
    with app.app_context():
        employer, quebec = f.make_employer(), f.make_employer(region_code="03")
        cpr = db.session.get(Certification, "cpr")
        ids = {f"fits {n}": f.make_posting(employer, title=f"Préposé {n}",
                                           min_french_oral=5 + n % 2).id for n in range(6)}
        for title, employer_, fields in (
                ("oral 8", employer, {"min_french_oral": 8}),
                ("oral 7", employer, {"min_french_oral": 7}),
                ("kitchen oral 7", employer, {"min_french_oral": 7, "noc_code": "65201"}),
                ("written 7", employer, {"min_french_written": 7}),
                ("cpr", employer, {"required_certifications": [cpr]}),
                ("night", employer, {"shift_night": True}),
                ("Québec", quebec, {}),
                ("five years", employer, {"min_experience_months": 60}),
                ("two gaps", employer, {"min_french_oral": 9, "min_french_written": 8}),
                ("cpr and oral 8", employer, {"required_certifications": [cpr],
                                              "min_french_oral": 8})):
            ids[title] = f.make_posting(employer_, title=title, **fields).id
        ids["closed"] = f.make_posting(employer, title="closed", status="closed").id
        candidate = f.make_candidate(f.make_user("candidate", email="marie@example.com"))
        ids["candidate"] = candidate.id
        f.make_application(candidate, db.session.get(Posting, ids["fits 1"]))
        for title in ("fits 4", "fits 2"):
            stars.star(candidate, db.session.get(Posting, ids[title]))
        db.session.commit()
        return ids


def test_the_page_holds_the_matches_gaps_and_doors_found_pair_by_pair(app):
    ids = _world(app)
    with app.test_request_context():
        candidate, on = db.session.get(Candidate, ids["candidate"]), clock.today()
        page = my_matches(candidate, on, 10)
        postings = db.session.scalars(select(Posting).where(Posting.status == "open")).all()
        verdicts = {p.id: evaluate_pair(p, candidate, on) for p in postings}
        expected = rank_postings(candidate_profile(candidate),
                                 [posting_profile(p) for p in postings], on, limit=10)
        assert [(m.posting.id, m.match) for m in page.matches] == [(m.id, m) for m in expected]
        assert page.total == len(expected) == 6
        missed = [Gap(p.id, frozenset(gaps.reason_needs(verdicts[p.id].reasons, p, candidate)))
                  for p in postings if not verdicts[p.id].eligible]
        own = frozenset(p.id for p in postings if p.noc_code == "33102")
        assert [(card.id, gap) for card, gap in page.plan.near] == [
            (gap.posting_id, gap) for gap in rank(missed, own)[:10]]
        assert page.plan.doors == doors(missed)[:3]
        assert page.plan.total == len(missed) == 10
        assert [card.applied for card in (m.posting for m in page.matches)].count(True) == 1


def test_the_wish_list_keeps_star_order_and_only_jobs_the_candidate_qualifies_for(app, client):
    ids = _world(app)
    Login(client).as_user("marie@example.com")

    def wish_list() -> list[int]:
        html = client.get("/matches").get_data(as_text=True)
        listed = html.split('<ol class="wish-list">')[1].split("</ol>")[0]
        return [int(n) for n in re.findall(r'href="/jobs/(\d+)"', listed)]

    assert wish_list() == [ids["fits 4"], ids["fits 2"]]
    with app.app_context():
        db.session.get(Posting, ids["fits 4"]).min_french_oral = 8  # now out of reach
        db.session.commit()
    assert wish_list() == [ids["fits 2"]]


def test_one_render_of_my_matches_asks_ten_statements_and_looks_at_the_change_log_once(
        app, client):
    _world(app)
    Login(client).as_user("marie@example.com")
    client.get("/matches")  # builds the indexes
    statements = statements_of_one_get(app, client, "/matches")
    # The session's user, the candidate, the change log, the candidate's experiences,
    # regions, certifications and occupations, the cards of the postings shown with the
    # starred ones, the menu's unread count, and the certifications' names (the gap plan
    # names one: read once, however many cards and doors name one).
    assert len(statements) == 10, "\n".join(statements)
    assert sum("ranking_changes" in statement for statement in statements) == 1
    assert len(statements_of_one_get(app, client, "/matches?shown=20")) == 10
