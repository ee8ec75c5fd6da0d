"""The change feed misses no change committed out of id order, and a stale index never shows
a person who opted out (DESIGN §7.4)."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from matcher import clock
from matcher.extensions import db
from matcher.matching import engine as matching_engine
from matcher.matching import queries
from matcher.matching.engine import GAP_LIFETIME, engine
from matcher.models import Candidate, RankingChange, User
from tests import factories as f

NOW = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)


def ranked_ids(posting) -> set[int]:
    return {c.id for c, _match, _application in
            queries.ranked_candidates(posting, clock.today())}


def test_a_change_committed_after_a_higher_id_was_read_is_applied(app, freeze_clock):
    """The same story as two transactions on PostgreSQL, written in id order by hand."""
    freeze_clock(NOW)
    with app.app_context():
        posting = f.make_posting()
        late = f.make_candidate(matching_opt_in=False)
        early = f.make_candidate(matching_opt_in=False)
        db.session.commit()
        assert ranked_ids(posting) == set()
        # Both opt in (a Core UPDATE logs only a "figures" change, no candidate); T2 took
        # id top+2 and committed first, T1 took top+1 and has not committed yet.
        db.session.execute(update(Candidate).where(Candidate.id.in_((early.id, late.id)))
                           .values(matching_opt_in=True))
        top = db.session.scalar(select(RankingChange.id).order_by(RankingChange.id.desc()))
        db.session.execute(insert(RankingChange).values(
            id=top + 2, kind="candidate", object_id=early.id, at=NOW))
        db.session.commit()
        assert ranked_ids(posting) == {early.id}
        assert engine(clock.today()).gaps.keys() >= {top + 1}
        db.session.execute(insert(RankingChange).values(
            id=top + 1, kind="candidate", object_id=late.id, at=NOW))
        db.session.commit()
        assert ranked_ids(posting) == {early.id, late.id}
        assert top + 1 not in engine(clock.today()).gaps


def test_a_gap_that_never_fills_is_forgotten_after_a_while(app, freeze_clock):
    freeze_clock(NOW)
    with app.app_context():
        posting = f.make_posting()
        f.make_candidate()
        db.session.commit()
        ranked_ids(posting)
        top = db.session.scalar(select(RankingChange.id).order_by(RankingChange.id.desc()))
        db.session.execute(insert(RankingChange).values(
            id=top + 5, kind="posting", object_id=posting.id, at=NOW))
        db.session.commit()
        ranked_ids(posting)
        assert set(engine(clock.today()).gaps) == {top + 1, top + 2, top + 3, top + 4}
        freeze_clock(NOW + GAP_LIFETIME + timedelta(seconds=1))
        ranked_ids(posting)
        assert engine(clock.today()).gaps == {}


def test_a_large_backlog_rebuilds_instead_of_patching(app, monkeypatch):
    with app.app_context():
        posting = f.make_posting()
        first = f.make_candidate()
        db.session.commit()
        assert ranked_ids(posting) == {first.id}
        built = []
        original = matching_engine.MatchingEngine._build
        monkeypatch.setattr(matching_engine, "MAX_BACKLOG", 2)
        monkeypatch.setattr(matching_engine.MatchingEngine, "_build",
                            lambda self, on: (built.append(on), original(self, on)))
        others = [f.make_candidate() for _ in range(3)]
        db.session.commit()
        assert ranked_ids(posting) == {first.id, *(c.id for c in others)}
        assert len(built) == 1


def test_a_stale_index_never_shows_a_person_who_opted_out(app):
    with app.app_context():
        posting = f.make_posting()
        staying, leaving, closing = f.make_candidate(), f.make_candidate(), f.make_candidate()
        db.session.commit()
        assert ranked_ids(posting) == {staying.id, leaving.id, closing.id}
        # Changes the change log has not seen (a bulk UPDATE, another tool): the index is
        # stale, the ranked read is not.
        db.session.execute(update(Candidate).where(Candidate.id == leaving.id)
                           .values(matching_opt_in=False))
        db.session.execute(update(User).where(User.id == closing.user_id).values(active=False))
        db.session.commit()
        assert ranked_ids(posting) == {staying.id}


@pytest.mark.commits  # two sessions on their own connections
def test_two_transactions_committing_out_of_order_are_both_seen(app):
    """T1 flushes, T2 flushes and commits, the worker refreshes, T1 commits, it refreshes."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("only PostgreSQL lets two writers hold change ids at once; "
                        "the hand-ordered test above covers SQLite")
        posting = f.make_posting()
        one = f.make_candidate(matching_opt_in=False)
        two = f.make_candidate(matching_opt_in=False)
        db.session.commit()
        one_id, two_id = one.id, two.id
        assert ranked_ids(posting) == set()
        t1, t2 = Session(db.engine), Session(db.engine)
        try:
            t1.get(Candidate, one_id).matching_opt_in = True
            t1.flush()  # takes the lower change id, not committed
            t2.get(Candidate, two_id).matching_opt_in = True
            t2.commit()  # the higher id is committed first
            db.session.commit()
            assert ranked_ids(posting) == {two_id}
            t1.commit()
            db.session.commit()
            assert ranked_ids(posting) == {one_id, two_id}
        finally:
            t1.close()
            t2.close()
