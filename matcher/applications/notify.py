"""Tell the other side when an application moves: in the app and by message."""

from flask_babel import force_locale
from flask_babel import gettext as _

from matcher.applications.notices import candidate_notice, employer_notice
from matcher.extensions import db
from matcher.mail import queue_message
from matcher.models import Application, EmployerMember, Notification, User


def status_label(status: str) -> str:
    """Return the translated name of an application status (in the active locale)."""
    return {
        "invited": _("Invited"), "declined": _("Invitation declined"),
        "applied": _("Applied"), "shortlisted": _("Shortlisted"),
        "interview": _("Interview"), "offer": _("Offer"), "hired": _("Hired"),
        "rejected": _("Not retained"), "withdrawn": _("Withdrawn"),
    }[status]


def _recipients(application: Application, actor: User) -> list[User]:
    """Return the people on the other side of the move."""
    if actor.role == "candidate":
        members = db.session.scalars(db.select(EmployerMember).where(
            EmployerMember.employer_id == application.posting.employer_id,
            EmployerMember.status == "approved")).all()
        return [m.user for m in members if m.user.active]
    candidate = application.candidate
    return [candidate.user] if candidate is not None and candidate.user.active else []


def notify_status(application: Application, actor: User) -> None:
    """Notify the other side of an application's new status."""
    for user in _recipients(application, actor):
        payload = {"application_id": application.id, "posting_id": application.posting_id,
                   "posting_title": application.posting.title, "status": application.status}
        db.session.add(Notification(user_id=user.id, kind="application.status", payload=payload))
        with force_locale(user.locale):  # each reader in their own language
            notice = (candidate_notice(application) if user.role == "candidate"
                      else employer_notice(application))
            queue_message(user, notice.subject, notice.body)
