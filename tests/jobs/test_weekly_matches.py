"""Weekly new matches: opted-in candidates hear of the week's new jobs that fit, once a week."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from matcher.extensions import db
from matcher.jobs import run_task
from matcher.models import Notification, OutboxMessage
from tests import factories as f

MONDAY = date(2026, 12, 7)


@pytest.fixture
def world(app, freeze_clock):
    freeze_clock(MONDAY)
    with app.app_context():
        employer = f.make_employer(name="CHSLD des Érables")
        recent = datetime(2026, 12, 4, 15, tzinfo=UTC)
        f.make_posting(employer, title="PAB de nuit", published_at=recent)
        f.make_posting(employer, title="PAB de jour", published_at=recent)
        f.make_posting(employer, title="Ancienne offre",
                       published_at=datetime(2026, 11, 2, 15, tzinfo=UTC))
        applied = f.make_posting(employer, title="Déjà postulé", published_at=recent)
        f.make_posting(employer, title="Français 9", published_at=recent, min_french_oral=9)
        fr = f.make_candidate(f.make_user("candidate", email="marie@example.com"),
                              weekly_matches=True)
        f.make_application(fr, applied)
        f.make_candidate(f.make_user("candidate", email="ana@example.com", locale="en"),
                         weekly_matches=True)
        f.make_candidate(f.make_user("candidate", email="silent@example.com"))
        db.session.commit()


def messages(app) -> dict[str, OutboxMessage]:
    with app.app_context():
        rows = db.session.scalars(select(OutboxMessage)).all()
        db.session.expunge_all()
    return {row.to_address: row for row in rows}


def test_opted_in_candidates_get_the_weeks_new_jobs_that_fit_once(app, world, freeze_clock):
    assert run_task(app, "weekly-matches") == 2
    sent = messages(app)
    assert set(sent) == {"marie@example.com", "ana@example.com"}  # not the silent one
    body = sent["marie@example.com"].body
    assert sent["marie@example.com"].subject == (
        "Passerelle\u00a0: 2 nouveaux emplois vous correspondent cette semaine")
    assert "PAB de nuit" in body and "PAB de jour" in body
    for left_out in ("Ancienne offre", "Déjà postulé", "Français 9"):
        assert left_out not in body
    assert "Que faire maintenant" in body and "/matches" in body and "/profile/preferences" in body
    assert sent["ana@example.com"].subject == "Passerelle: 3 new jobs fit you this week"
    with app.app_context():
        assert len(db.session.scalars(select(Notification).where(
            Notification.kind == "matches.weekly")).all()) == 2
    assert run_task(app, "weekly-matches") == 0  # the same week again: nothing more
    freeze_clock(MONDAY + timedelta(days=7))
    assert run_task(app, "weekly-matches") == 0  # nothing new published since

