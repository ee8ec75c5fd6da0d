"""Tell the other side when an application moves: in the app and by message."""

from flask_babel import force_locale
from flask_babel import gettext as _

from matcher.applications.notices import candidate_notice, employer_notice
from matcher.extensions import db
from matcher.mail import queue_message
from matcher.models import Application, EmployerMember, Notification, User
from matcher.urls import absolute_url


def status_label(status: str) -> str:
    """Return the translated name of an application status (in the active locale)."""
    return {
        "invited": _("Invited"), "declined": _("Invitation declined"),
        "applied": _("Applied"), "shortlisted": _("Shortlisted"),
        "interview": _("Interview"), "offer": _("Offer"), "hired": _("Hired"),
        "rejected": _("Not retained"), "withdrawn": _("Withdrawn"),
    }[status]


def recipients(application: Application, actor: User) -> list[User]:
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
    for user in recipients(application, actor):
        payload = {"application_id": application.id, "posting_id": application.posting_id,
                   "posting_title": application.posting.title, "status": application.status}
        db.session.add(Notification(user_id=user.id, kind="application.status", payload=payload))
        with force_locale(user.locale):  # each reader in their own language
            notice = (candidate_notice(application) if user.role == "candidate"
                      else employer_notice(application))
            queue_message(user, notice.subject, notice.body)



def rejection_reason_label(reason: str) -> str:
    """Return the short name of a reason for declining, for HR (in the active locale)."""
    return {
        "french_level": _("Level of French"), "experience": _("Experience"),
        "position_filled": _("Position filled"), "availability": _("Availability"),
        "other": _("Other reason"),
    }[reason]


def rejection_words(reason: str) -> tuple[str, str]:
    """Return what the candidate reads: the reason in plain words, and what could help."""
    return {
        "french_level": (
            _("The employer needs a higher level of French for this job."),
            _("Your matches show the jobs you can reach now and, for the others, what is "
              "missing: French courses (Francisation Québec) can open them.")),
        "experience": (
            _("The employer chose people with more experience in this occupation."),
            _("Your matches show jobs that ask for less experience, and what is missing for "
              "the others.")),
        "position_filled": (
            _("The position has been filled. This is not about your profile."),
            _("Other jobs open to you are in your matches.")),
        "availability": (
            _("Your availability (start date or shifts) does not match what the employer "
              "needs."),
            _("If your availability changes, update your preferences: more jobs may open to "
              "you.")),
        "other": (
            _("The employer chose other candidates for this job."),
            _("Other jobs open to you are in your matches.")),
    }[reason]


def notify_rejection(application: Application) -> None:
    """Tell the candidate, in their language, why the application was not retained.

    Only the reason's fixed words and what HR chose to write to the candidate
    (`application.rejection_message`) are sent; HR's notes for the team never are.
    """
    candidate = application.candidate
    if candidate is None or not candidate.user.active:
        return
    user = candidate.user
    payload = {"application_id": application.id, "posting_id": application.posting_id,
               "posting_title": application.posting.title, "status": application.status,
               "reason": application.rejection_reason}
    db.session.add(Notification(user_id=user.id, kind="application.rejected", payload=payload))
    with force_locale(user.locale):
        reason, advice = rejection_words(application.rejection_reason or "other")
        parts = [_("Thank you for your interest in “%(title)s” at %(employer)s. Your "
                   "application was not retained.", title=application.posting.title,
                   employer=application.posting.employer.name), reason]
        if application.rejection_message:
            parts.append(_("A word from the employer:") + "\n" + application.rejection_message)
        parts.append(advice + "\n" + absolute_url("matching.my_matches"))
        queue_message(user, _("Passerelle: about your application for “%(title)s”",
                              title=application.posting.title), "\n\n".join(parts))
