"""The web app's indexes agree with evaluate() and follow every change."""

from datetime import timedelta

from matcher import clock
from matcher.extensions import db
from matcher.matching import queries
from matcher.matching.engine import engine
from matcher.matching.services import candidate_profile, evaluate_pair, posting_profile
from matcher.models import Candidate
from matcher.ranking import rank_candidates, rank_postings
from tests import factories as f

TODAY = clock.today()


def test_ranked_candidates_equal_the_brute_force_ranking(app):
    with app.app_context():
        employer = f.make_employer()
        posting = f.make_posting(employer, min_french_oral=6)
        for level in (4, 5, 6, 7, 8, 9):
            f.make_candidate(french_oral_production=level, french_oral_comprehension=level)
        f.make_candidate(matching_opt_in=False, french_oral_production=9,
                         french_oral_comprehension=9)
        db.session.commit()
        got = [(m.id, m.score) for m in engine(TODAY).candidates.rank(
            posting_profile(posting), TODAY)]
        pool = [candidate_profile(c) for c in db.session.scalars(
            db.select(Candidate).where(Candidate.matching_opt_in.is_(True)))]
        expected = [(m.id, m.score) for m in rank_candidates(posting_profile(posting), pool,
                                                            TODAY)]
        assert got == expected and len(got) == 4


def test_a_change_is_visible_on_the_next_lookup(app):
    with app.app_context():
        posting = f.make_posting()
        candidate = f.make_candidate()
        db.session.commit()
        assert [c.id for c, _m, _a in queries.ranked_candidates(posting, TODAY)] == [candidate.id]

        candidate.matching_opt_in = False  # consent withdrawn
        db.session.commit()
        assert queries.ranked_candidates(posting, TODAY) == []

        candidate.matching_opt_in = True
        candidate.experiences[0].end_on = None  # any profile change is picked up
        db.session.commit()
        assert len(queries.ranked_candidates(posting, TODAY)) == 1

        candidate.user.active = False  # deactivated account
        db.session.commit()
        assert queries.ranked_candidates(posting, TODAY) == []


def test_candidate_matches_follow_postings_opening_and_closing(app):
    with app.app_context():
        candidate = f.make_candidate(matching_opt_in=False)  # own matches need no consent
        posting = f.make_posting()
        db.session.commit()
        assert [m.posting.id for m in queries.matches_for(candidate, TODAY)] == [posting.id]
        expected = rank_postings(candidate_profile(candidate), [posting_profile(posting)], TODAY)
        assert queries.matches_for(candidate, TODAY)[0].match.score == expected[0].score

        posting.status = "closed"
        db.session.commit()
        assert queries.matches_for(candidate, TODAY) == []


def test_near_misses_are_postings_with_exactly_one_gap(app):
    with app.app_context():
        candidate = f.make_candidate(french_oral_production=5, french_oral_comprehension=5)
        fits = f.make_posting()
        one_gap = f.make_posting(min_french_oral=7)
        two_gaps = f.make_posting(min_french_oral=7, shift_night=True)
        db.session.commit()
        misses = queries.near_misses_for(candidate, TODAY)
        assert [m.posting.id for m in misses] == [one_gap.id]
        reason = misses[0].evaluation.reasons[0]
        assert (reason.code, reason.figures) == ("french_oral_below_required",
                                                 {"have": 5, "need": 7})
        # The posting that fits is a match, not a near miss; two gaps are not "near".
        assert [m.posting.id for m in queries.matches_for(candidate, TODAY)] == [fits.id]
        assert len(evaluate_pair(two_gaps, candidate, TODAY).reasons) == 2


def test_a_posting_past_its_closing_date_is_not_matched(app):
    with app.app_context():
        candidate = f.make_candidate()
        f.make_posting(closes_on=TODAY - timedelta(days=1),
                       start_date=TODAY + timedelta(days=3))
        db.session.commit()
        assert queries.matches_for(candidate, TODAY) == []


def test_a_worker_behind_pruned_changes_rebuilds(app, runner):
    from datetime import timedelta as td

    from sqlalchemy import update

    from matcher import clock
    from matcher.models import Posting, RankingChange

    with app.app_context():
        posting = f.make_posting()
        first = f.make_candidate()
        db.session.commit()
        posting_id, first_id = posting.id, first.id
        assert len(queries.ranked_candidates(posting, TODAY)) == 1
        second = f.make_candidate()
        db.session.commit()
        second_id = second.id
        db.session.execute(update(RankingChange).values(at=clock.now() - td(days=3)))
        db.session.commit()
    result = runner.invoke(args=["prune-ranking-changes"])
    assert "Deleted" in result.output and result.exit_code == 0
    with app.app_context():
        third = f.make_candidate()
        db.session.commit()
        posting = db.session.get(Posting, posting_id)
        ids = {c.id for c, _m, _a in queries.ranked_candidates(posting, TODAY)}
        assert ids == {first_id, second_id, third.id}


def test_near_misses_come_from_the_index_own_occupations_first(app):
    with app.app_context():
        candidate = f.make_candidate(french_oral_production=5, french_oral_comprehension=5)
        kitchen = f.make_posting(noc_code="65201", title="Aide de cuisine", min_french_oral=7)
        care = f.make_posting(min_french_oral=7)  # 33102, the candidate's own occupation
        db.session.commit()
        assert [m.posting.id for m in queries.near_misses_for(candidate, TODAY)] == [
            care.id, kitchen.id]
        kitchen.status = "closed"
        db.session.commit()
        assert [m.posting.id for m in queries.near_misses_for(candidate, TODAY)] == [care.id]
