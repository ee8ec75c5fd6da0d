"""The Core loader gives exactly the profiles the ORM adapter gives, for the same rows."""

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from matcher import clock
from matcher.extensions import db
from matcher.matching import engine as matching_engine
from matcher.matching.engine import open_postings_query
from matcher.matching.loading import load_candidate_profiles, load_posting_profiles
from matcher.matching.services import candidate_profile, posting_profile
from matcher.models import Candidate, Certification, Experience, Occupation, Posting, Region
from tests import factories as f

TODAY = clock.today()


def _varied_candidates(employer) -> list[Candidate]:
    """Candidates that differ in every field a profile has, plus two who must be left out."""
    get = db.session.get
    bare = f.make_candidate(experiences=0, french_oral_comprehension=None,
                            french_oral_production=None, french_reading=None,
                            french_writing=None, available_from=None, shift_day=False)
    bare.preferred_regions = []
    busy = f.make_candidate(
        experiences=3, permit_kind="employer_specific", permit_employer_id=employer.id,
        permit_expires_on=TODAY + timedelta(days=20), permit_renewal_applied_on=TODAY,
        permit_health_restricted=True, willing_to_relocate=True, shift_night=True,
        shift_weekend=True, shift_evening=True, skills_text="Soins palliatifs, cuisine",
        french_oral_comprehension=9, french_oral_production=8, french_reading=7,
        french_writing=3)
    busy.preferred_regions = [get(Region, "03"), get(Region, "06"), get(Region, "12")]
    busy.certifications = [get(Certification, "cpr"), get(Certification, "pdsb")]
    busy.desired_occupations = [get(Occupation, "33102"), get(Occupation, "65310")]
    # Two experiences starting the same day: the order must still be the same.
    busy.experiences.append(Experience(
        title="Cuisinière", noc_code=None, start_on=busy.experiences[0].start_on,
        end_on=None, hours_per_week=Decimal("20.5"), description=""))
    pending = f.make_candidate(permit_kind="pending", permit_expires_on=None,
                               available_from=TODAY + timedelta(days=60))
    pending.certifications = [get(Certification, "first_aid")]
    opted_out = f.make_candidate(matching_opt_in=False)
    inactive = f.make_candidate()
    inactive.user.active = False
    db.session.flush()
    return [bare, busy, pending, opted_out, inactive]


def test_core_loader_builds_the_same_candidate_profiles_as_the_orm(app):
    with app.app_context():
        employer = f.make_employer()
        bare, busy, pending, opted_out, inactive = _varied_candidates(employer)
        db.session.commit()
        db.session.expire_all()
        loaded = load_candidate_profiles(db.session)
        expected = [candidate_profile(db.session.get(Candidate, c.id))
                    for c in (bare, busy, pending)]
        assert loaded == expected
        assert len(loaded[1].experiences) == 4 and loaded[1].certifications == {"cpr", "pdsb"}
        assert load_candidate_profiles(db.session, {busy.id, opted_out.id, inactive.id}) == [
            expected[1]]


def test_core_loader_builds_the_same_posting_profiles_as_the_orm(app):
    with app.app_context():
        north = f.make_employer(region_code="12", sites=2)
        plain = f.make_posting()
        rich = f.make_posting(
            north, noc_code="65310", title="Préposée à l'entretien", description="",
            shift_day=False, shift_night=True, shift_weekend=True, start_date=None,
            min_french_oral=7, min_french_written=4, min_experience_months=12,
            training_provided=True, closes_on=TODAY)
        rich.required_certifications = [db.session.get(Certification, "cpr"),
                                        db.session.get(Certification, "dep_pab")]
        f.make_posting(status="closed")
        f.make_posting(closes_on=TODAY - timedelta(days=1), start_date=TODAY)
        f.make_posting(status="draft")
        db.session.commit()
        db.session.expire_all()
        loaded = load_posting_profiles(db.session, TODAY)
        expected = [posting_profile(p) for p in db.session.scalars(
            open_postings_query(TODAY).order_by(Posting.id))]
        assert [p.id for p in loaded] == [plain.id, rich.id]
        assert loaded == expected
        assert load_posting_profiles(db.session, TODAY, {rich.id, plain.id + 10_000}) == [
            expected[1]]


def test_warm_builds_the_indexes_before_any_request(app):
    with app.app_context():
        f.make_candidate()
        f.make_posting()
        db.session.commit()
    assert not matching_engine.built()
    with app.app_context():
        seconds = matching_engine.warm(TODAY)
        assert matching_engine.built() and seconds >= 0
        assert len(matching_engine.engine(TODAY).candidates) == 1


@pytest.mark.commits  # counts every statement, savepoints included
def test_ids_of_more_than_one_chunk_are_read_in_bounded_statements(app, monkeypatch):
    from matcher.matching import loading

    monkeypatch.setattr(loading, "CHUNK", 2)
    statements = []
    with app.app_context():
        ids = [f.make_candidate().id for _ in range(5)]
        db.session.commit()
        from sqlalchemy import event
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            profiles = load_candidate_profiles(db.session, ids)
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        assert [p.id for p in profiles] == ids
        assert len(statements) == 3 * 5  # three batches of five selects
        assert db.session.scalar(select(Candidate.id).limit(1)) is not None
