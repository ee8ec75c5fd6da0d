"""Law 25 retention: warn 30 days ahead, then anonymize inactive candidates, once."""

from datetime import date, datetime

import pytest
from sqlalchemy import func, select, update

from matcher import clock
from matcher.candidates import retention
from matcher.extensions import db
from matcher.jobs import run_task
from matcher.models import (
    Application,
    AuditEvent,
    Candidate,
    Hire,
    OutboxMessage,
    SentNotice,
    User,
)
from tests import factories as f

CREATED = datetime(2024, 1, 10, 15, 0, tzinfo=clock.QUEBEC)


def candidate_created_on(when: datetime, locale="fr_CA", **fields) -> int:
    """Make a candidate whose account and profile were last touched at `when`."""
    user = f.make_user("candidate", locale=locale, created_at=when)
    candidate = f.make_candidate(user, **fields)
    db.session.flush()
    db.session.execute(update(Candidate).where(Candidate.id == candidate.id)
                       .values(updated_at=when))
    return candidate.id


@pytest.fixture
def people(app, freeze_clock):
    """An inactive candidate who applied and was hired, an English one, an active one."""
    freeze_clock(CREATED)
    with app.app_context():
        hired = candidate_created_on(CREATED, first_name="Amaka", last_name="Okafor")
        application = f.make_application(db.session.get(Candidate, hired), status="hired")
        db.session.add(Hire(application=application, posting_id=application.posting_id,
                            person_id=hired, start_on=date(2024, 2, 1)))
        english = candidate_created_on(CREATED, locale="en")
        active = candidate_created_on(CREATED)
        ids = {"hired": hired, "english": english, "active": active,
               "application": application.id}
        db.session.commit()
    return ids


def log_in_at(app, candidate_id, when):
    with app.app_context():
        db.session.execute(update(User).where(User.id == select(Candidate.user_id).where(
            Candidate.id == candidate_id).scalar_subquery()).values(last_login_at=when))
        db.session.commit()


def run(app, **kwargs):
    with app.app_context():
        return retention.run(**kwargs)


def test_warned_30_days_ahead_then_anonymized_keeping_statistics_and_audit(
        app, people, freeze_clock):
    log_in_at(app, people["active"], datetime(2025, 6, 1, 12, tzinfo=clock.QUEBEC))
    # 23 months of inactivity: not yet within 30 days of the 24.
    freeze_clock(date(2025, 12, 1))
    assert run(app).warned == []
    # Within 30 days of 24 months: a warning each, in each person's language.
    freeze_clock(date(2025, 12, 20))
    result = run(app)
    assert sorted(result.warned) == sorted([people["hired"], people["english"]])
    assert result.anonymized == []
    with app.app_context():
        subjects = set(db.session.scalars(select(OutboxMessage.subject)))
        assert subjects == {"Votre compte Passerelle sera supprimé dans 30\u00a0jours",
                            "Your Passerelle account will be deleted in 30 days"}
    assert run(app).warned == []  # warned once per period of inactivity

    # 24 months passed, but the warning is not 30 days old yet: nothing happens.
    freeze_clock(date(2026, 1, 12))
    assert run(app).anonymized == []
    # 30 days after the warning: anonymized.
    freeze_clock(date(2026, 1, 20))
    assert sorted(run(app).anonymized) == sorted([people["hired"], people["english"]])
    with app.app_context():
        assert db.session.get(Candidate, people["hired"]) is None
        assert db.session.scalar(select(func.count()).select_from(User)) == 1  # the active one
        application = db.session.get(Application, people["application"])
        assert application.candidate_id is None and application.status == "hired"
        assert db.session.scalar(select(Hire.person_id)) == people["hired"]
        events = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "account.anonymized")).all()
        assert len(events) == 2 and all(e.details["reason"] == "retention" for e in events)
        assert "Okafor" not in " ".join(db.session.scalars(select(OutboxMessage.body)))

    # A second run changes nothing.
    before = snapshot(app)
    assert run(app).anonymized == run(app).warned == []
    assert snapshot(app) == before


def snapshot(app):
    with app.app_context():
        return tuple(db.session.scalar(select(func.count()).select_from(model)) for model in (
            User, Candidate, Application, Hire, OutboxMessage, SentNotice, AuditEvent))


def test_logging_in_after_the_warning_keeps_the_account(app, people, freeze_clock):
    freeze_clock(date(2025, 12, 20))
    run(app)
    log_in_at(app, people["hired"], datetime(2025, 12, 28, 9, tzinfo=clock.QUEBEC))
    freeze_clock(date(2026, 2, 1))
    result = run(app)
    assert people["hired"] not in result.anonymized
    with app.app_context():
        assert db.session.get(Candidate, people["hired"]) is not None


def test_a_dry_run_changes_nothing(app, people, freeze_clock):
    freeze_clock(date(2025, 12, 20))
    before = snapshot(app)
    assert len(run(app, dry_run=True).warned) == 3
    assert snapshot(app) == before


def test_a_crash_midway_leaves_each_candidate_whole_and_the_next_run_finishes(
        app, people, freeze_clock, monkeypatch):
    freeze_clock(date(2025, 12, 20))
    run(app)
    freeze_clock(date(2026, 1, 20))
    real = retention.delete_account
    calls = []

    def crash_on_second(user, **kwargs):
        calls.append(user.id)
        real(user, **kwargs)
        if len(calls) == 2:
            db.session.flush()
            raise RuntimeError("worker killed")

    monkeypatch.setattr(retention, "delete_account", crash_on_second)
    with app.app_context(), pytest.raises(RuntimeError):
        retention.run()
    with app.app_context():
        users = set(db.session.scalars(select(User.id)))
        anonymized = db.session.scalars(select(AuditEvent.subject_id).where(
            AuditEvent.action == "account.anonymized")).all()
    # The first is gone for good; the second was rolled back whole (its audit event too).
    assert calls[0] not in users and calls[1] in users and anonymized == [calls[0]]
    assert len(users) == 2
    monkeypatch.setattr(retention, "delete_account", real)
    assert len(run(app).anonymized) == 2
    with app.app_context():
        assert db.session.scalars(select(Candidate.id)).all() == []


def test_the_command_and_the_periodic_job(app, people, freeze_clock, runner):
    freeze_clock(date(2025, 12, 20))
    dry = runner.invoke(args=["retention", "run", "--dry-run"])
    assert "Would have warned 3 and anonymized 0" in dry.output
    assert "warned 3" in runner.invoke(args=["retention", "run"]).output
    freeze_clock(date(2026, 1, 20))
    assert run_task(app, "retention") == 3


def test_months_are_counted_on_the_calendar():
    assert retention.months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert retention.months_before(date(2026, 1, 15), 24) == date(2024, 1, 15)
