"""Daily Parcours reminders: once each, in the reader's language."""

from datetime import timedelta

from sqlalchemy import select

from matcher.extensions import db
from matcher.jobs import run_task
from matcher.models import Candidate, OutboxMessage, User
from matcher.parcours import services
from tests.parcours.conftest import TODAY


def test_first_meeting_and_action_reminders_are_sent_once_in_each_language(app, people):
    with app.app_context():
        db.session.get(User, people["user"]).locale = "en"
        db.session.commit()
    # Arrived March 5: due by March 9, today. The officer is reminded, once.
    assert run_task(app, "parcours-reminders") == 1
    assert run_task(app, "parcours-reminders") == 0
    with app.app_context():
        (message,) = db.session.scalars(select(OutboxMessage)).all()
        assert message.to_address == "agent@example.com"
        assert message.subject.startswith("Passerelle\u00a0: première rencontre avec Grâce")
        first_id = message.id
        candidate = db.session.get(Candidate, people["candidate"])
        officer = db.session.get(User, people["officer"])
        services.record_first_meeting(candidate, TODAY, "phone", officer, TODAY)
        services.add_action(candidate, "arrival", "sin", "", TODAY + timedelta(days=2),
                            officer, TODAY)
        services.add_action(candidate, "arrival", "housing", "", TODAY + timedelta(days=9),
                            officer, TODAY)
        db.session.commit()
    assert run_task(app, "parcours-reminders") == 2  # the SIN, to the person and the officer
    assert run_task(app, "parcours-reminders") == 0
    with app.app_context():
        subjects = dict(db.session.execute(select(OutboxMessage.to_address,
                                                  OutboxMessage.subject)
                                           .where(OutboxMessage.id > first_id)).all())
        assert subjects["grace@example.com"].startswith("Passerelle: a step of your plan")
        assert subjects["agent@example.com"].startswith("Passerelle\u00a0: une action pour")
