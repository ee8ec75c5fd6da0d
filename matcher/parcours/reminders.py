"""Daily Parcours reminders, queued once each in the reader's language.

- first meeting: to the officer, from the day before the 5-day deadline while the
  meeting is not recorded;
- action due: to the officer and to the person, from two days before its due date
  while it is open.
Permit expiry (90 and 30 days) is already told to both by candidates.permit_alerts.
A SentNotice row remembers each reminder, so a late or repeated run sends nothing twice.
"""

from datetime import date, timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import exists, select

from matcher import clock
from matcher.extensions import db
from matcher.i18n import format_date
from matcher.mail import queue_message
from matcher.models import ActionPlan, Candidate, PlanAction, SentNotice, User
from matcher.parcours import rules
from matcher.parcours.catalogue import action_label
from matcher.parcours.services import meeting_reference
from matcher.urls import absolute_url

MEETING_NOTICE_DAYS = 1
ACTION_NOTICE_DAYS = 2


def _first_time(kind: str, object_id: int, reader: User, reference: str) -> bool:
    if db.session.scalar(select(SentNotice.id).where(
            SentNotice.kind == kind, SentNotice.object_id == object_id,
            SentNotice.recipient_id == reader.id, SentNotice.reference == reference)):
        return False
    db.session.add(SentNotice(kind=kind, object_id=object_id, recipient_id=reader.id,
                              reference=reference))
    db.session.flush()
    return True


def _active(user: User | None) -> bool:
    return user is not None and user.active


def queue_meeting_reminders(today: date) -> int:
    """Remind officers of first meetings due tomorrow, today or overdue; return how many."""
    met = exists().where(ActionPlan.candidate_id == Candidate.id,
                         (ActionPlan.first_meeting_on.is_not(None))
                         | (ActionPlan.status == "closed"))
    queued = 0
    for candidate in db.session.scalars(select(Candidate).where(
            Candidate.officer_id.is_not(None), ~met).order_by(Candidate.id)):
        deadline = rules.first_meeting_deadline(meeting_reference(candidate))
        officer = candidate.officer
        if (deadline - today).days > MEETING_NOTICE_DAYS or not _active(officer) \
                or not candidate.user.active:
            continue
        if _first_time("parcours.first_meeting", candidate.id, officer, deadline.isoformat()):
            with force_locale(officer.locale):
                name = candidate.display_name or candidate.user.email
                queue_message(officer, _("Passerelle: first meeting with %(name)s due by "
                                         "%(date)s", name=name, date=format_date(deadline, "long")),
                              _("Hello,\n\nThe first meeting with %(name)s is due by %(date)s "
                                "(5 days after arrival).\n\nRecord it on Passerelle:\n%(link)s",
                                name=name, date=format_date(deadline, "long"),
                                link=absolute_url("parcours.plan", candidate_id=candidate.id)))
            queued += 1
    return queued


def queue_action_reminders(today: date) -> int:
    """Remind the officer and the person of open actions due within two days."""
    rows = db.session.execute(
        select(PlanAction, Candidate).join(ActionPlan, PlanAction.plan_id == ActionPlan.id)
        .join(Candidate, ActionPlan.candidate_id == Candidate.id)
        .where(ActionPlan.status != "closed", PlanAction.status.in_(rules.OPEN_ACTION),
               PlanAction.due_on.between(today, today + timedelta(days=ACTION_NOTICE_DAYS)))
        .order_by(PlanAction.id)).all()
    queued = 0
    for action, candidate in rows:
        for reader in (candidate.user, candidate.officer):
            if _active(reader) and _first_time("parcours.action_due", action.id, reader,
                                               action.due_on.isoformat()):
                _queue_action(action, candidate, reader)
                queued += 1
    return queued


def _queue_action(action: PlanAction, candidate: Candidate, reader: User) -> None:
    with force_locale(reader.locale):
        what, when = action_label(action.kind, action.title), format_date(action.due_on, "long")
        if reader.id == candidate.user_id:
            queue_message(reader, _("Passerelle: a step of your plan is due on %(date)s",
                                    date=when),
                          _("Hello,\n\nIn your action plan, this is due on %(date)s: "
                            "%(what)s.\n\nSee your plan:\n%(link)s\n\nYour integration officer "
                            "can help you.", date=when, what=what,
                            link=absolute_url("parcours.my_plan")))
            return
        name = candidate.display_name or candidate.user.email
        queue_message(reader, _("Passerelle: an action for %(name)s is due on %(date)s",
                                name=name, date=when),
                      _("Hello,\n\nIn the plan of %(name)s, this action is due on %(date)s: "
                        "%(what)s.\n\nSee the plan:\n%(link)s", name=name, date=when, what=what,
                        link=absolute_url("parcours.plan", candidate_id=candidate.id)))


def run() -> int:
    """Queue today's Parcours reminders and commit once (the periodic task)."""
    today = clock.today()
    queued = queue_meeting_reminders(today) + queue_action_reminders(today)
    db.session.commit()
    return queued
