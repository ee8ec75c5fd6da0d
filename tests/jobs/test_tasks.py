"""The periodic tasks: closing postings, permit-expiry alerts, pruning, the hook for more."""

from datetime import UTC, date, datetime, timedelta

import pytest
from huey import MemoryHuey, RedisHuey, SqliteHuey, crontab
from sqlalchemy import func, select

from matcher import create_app
from matcher.candidates.permit_alerts import due_stage
from matcher.config import TestConfig
from matcher.extensions import db
from matcher.jobs import add_periodic_task, make_queue, run_task
from matcher.models import OutboxMessage, Posting, RankingChange, SentNotice
from tests import factories as f

TODAY = date(2026, 12, 1)


def test_the_job_closes_open_postings_past_their_closing_date(app, freeze_clock):
    freeze_clock(TODAY)
    with app.app_context():
        past = f.make_posting(closes_on=TODAY - timedelta(days=1)).id
        last_day = f.make_posting(closes_on=TODAY).id
        db.session.commit()
    assert run_task(app, "close-postings") == 1
    with app.app_context():
        assert db.session.get(Posting, past).status == "closed"
        assert db.session.get(Posting, last_day).status == "open"
    assert run_task(app, "close-postings") == 0


def test_flask_jobs_run_runs_a_task_now(app, runner, freeze_clock):
    freeze_clock(TODAY)
    with app.app_context():
        f.make_posting(closes_on=TODAY - timedelta(days=3))
        db.session.commit()
    result = runner.invoke(args=["jobs", "run", "close-postings"])
    assert result.exit_code == 0, result.output
    assert "close-postings: 1" in result.output
    assert runner.invoke(args=["jobs", "run", "nothing"]).exit_code == 2


def outbox_by_address(app) -> dict[str, list[OutboxMessage]]:
    with app.app_context():
        messages = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        db.session.expunge_all()
    found: dict[str, list[OutboxMessage]] = {}
    for message in messages:
        found.setdefault(message.to_address, []).append(message)
    return found


@pytest.fixture
def expiring_permit(app):
    """An English-speaking candidate whose permit ends on 2027-03-01, and a French officer."""
    with app.app_context():
        officer = f.make_staff(email="agente@example.com")
        user = f.make_user("candidate", email="amina@example.com", locale="en")
        f.make_candidate(user, first_name="Amina", last_name="Diallo", officer=officer,
                         permit_expires_on=date(2027, 3, 1))
        db.session.commit()


def test_permit_alerts_go_out_at_90_and_30_days_once_each(app, freeze_clock, expiring_permit):
    freeze_clock(date(2026, 11, 30))  # 91 days left: nothing yet
    assert run_task(app, "permit-alerts") == 0
    freeze_clock(date(2026, 12, 1))  # 90 days
    assert run_task(app, "permit-alerts") == 2
    assert run_task(app, "permit-alerts") == 0
    freeze_clock(date(2026, 12, 20))
    assert run_task(app, "permit-alerts") == 0
    freeze_clock(date(2027, 1, 30))  # 30 days
    assert run_task(app, "permit-alerts") == 2
    freeze_clock(date(2027, 2, 20))
    assert run_task(app, "permit-alerts") == 0
    sent = outbox_by_address(app)
    assert [len(sent["amina@example.com"]), len(sent["agente@example.com"])] == [2, 2]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(SentNotice)) == 4


def test_permit_alerts_are_written_in_each_readers_language(app, freeze_clock,
                                                           expiring_permit):
    freeze_clock(date(2027, 1, 30))
    run_task(app, "permit-alerts")
    sent = outbox_by_address(app)
    [candidate_message] = sent["amina@example.com"]
    assert candidate_message.subject == (
        "Passerelle: your work permit expires on March 1, 2027")
    assert "in 30 days" in candidate_message.body
    assert "/profile/permit" in candidate_message.body
    [officer_message] = sent["agente@example.com"]
    assert officer_message.subject == (
        "Passerelle\u00a0: permis de travail de la personne candidate Amina Diallo, "
        "fin le 1er mars 2027")
    assert "dans 30\u00a0jours" in officer_message.body
    assert "/staff/candidates/" in officer_message.body


def test_a_permit_entered_late_gets_only_the_current_alert(app, freeze_clock):
    freeze_clock(TODAY)
    with app.app_context():
        f.make_candidate(permit_expires_on=TODAY + timedelta(days=20))  # no officer
        db.session.commit()
    assert run_task(app, "permit-alerts") == 1
    freeze_clock(TODAY + timedelta(days=5))
    assert run_task(app, "permit-alerts") == 0
    with app.app_context():
        assert db.session.scalars(select(SentNotice.kind)).all() == ["permit_expiry.30"]


def test_a_renewed_permit_gets_alerts_of_its_own(app, freeze_clock):
    from matcher.models import Candidate

    freeze_clock(TODAY)
    with app.app_context():
        candidate_id = f.make_candidate(permit_expires_on=TODAY + timedelta(days=30)).id
        db.session.commit()
    assert run_task(app, "permit-alerts") == 1
    with app.app_context():
        db.session.get(Candidate, candidate_id).permit_expires_on = TODAY + timedelta(days=89)
        db.session.commit()
    assert run_task(app, "permit-alerts") == 1


def test_alert_stages():
    assert [due_stage(days) for days in (-1, 0, 30, 31, 90, 91)] == [
        None, 30, 30, 90, 90, None]


def test_the_prune_job_deletes_ranking_changes_older_than_two_days(app, freeze_clock):
    now = datetime(2026, 12, 1, 12, tzinfo=UTC)
    freeze_clock(now)
    with app.app_context():
        db.session.add_all([
            RankingChange(kind="posting", object_id=1, at=now - timedelta(days=3)),
            RankingChange(kind="posting", object_id=2, at=now - timedelta(hours=1)),
        ])
        db.session.commit()
    assert run_task(app, "prune-ranking-changes") == 1
    with app.app_context():
        assert db.session.scalars(select(RankingChange.object_id)).all() == [2]


def test_a_later_feature_adds_its_periodic_task_through_the_hook(app):
    other = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"])
    calls = []
    add_periodic_task(other, "new-match-alerts", crontab(hour="8", minute="0"),
                      lambda: calls.append(db.session.get_bind().dialect.name) or len(calls))
    assert run_task(other, "new-match-alerts") == 1
    assert calls and "new-match-alerts" in other.extensions["jobs.periodic"]
    with pytest.raises(ValueError):
        add_periodic_task(other, "new-match-alerts", crontab(), lambda: None)
    assert "new-match-alerts" not in app.extensions["jobs.periodic"]


def test_the_queue_url_picks_the_storage(tmp_path):
    default = make_queue("", str(tmp_path))
    assert isinstance(default, SqliteHuey) and default.storage.filename == str(
        tmp_path / "jobs.sqlite3")
    chosen = make_queue(f"sqlite:///{tmp_path}/q/queue.db", str(tmp_path))
    assert chosen.storage.filename == f"{tmp_path}/q/queue.db"
    assert isinstance(make_queue("redis://127.0.0.1:6379/5", str(tmp_path)), RedisHuey)
    memory = make_queue("memory://", str(tmp_path))
    assert isinstance(memory, MemoryHuey) and memory.immediate
    with pytest.raises(RuntimeError, match="JOBS_QUEUE_URL"):
        make_queue("amqp://broker", str(tmp_path))
