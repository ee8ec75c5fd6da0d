"""Tell the candidate about a proposed interview, and HR about the candidate's answer."""

from flask_babel import force_locale, get_locale, to_user_timezone
from flask_babel import gettext as _

from matcher.applications.notify import recipients
from matcher.extensions import db
from matcher.i18n import format_datetime
from matcher.mail import queue_message
from matcher.models import Interview, Notification
from matcher.urls import absolute_url


def mode_label(mode: str) -> str:
    """Return how the interview takes place, in the active locale."""
    return {"in_person": _("In person"), "video": _("Video call"),
            "phone": _("Phone call")}[mode]


def interview_status_label(status: str) -> str:
    """Return the state of an interview, in the active locale."""
    return {"proposed": _("Proposed, waiting for the candidate"),
            "confirmed": _("Confirmed by the candidate"),
            "change_requested": _("The candidate asks for another time"),
            "cancelled": _("Cancelled")}[status]


def clock_time(moment) -> str:
    """Return the time of day in Québec: « 14 h », « 14 h 30 » in French, 14:00 in English."""
    local = to_user_timezone(moment)
    if get_locale().language == "fr":
        return f"{local.hour}\u00a0h" + (f"\u00a0{local.minute:02d}" if local.minute else "")
    return f"{local:%H:%M}"


def when_text(interview: Interview) -> str:
    """Return the interview's day and time in Québec (Flask-Babel's zone), in the locale."""
    when = format_datetime(interview.starts_at, "EEEE d MMMM yyyy")
    return _("%(when)s (Québec time)", when=f"{when}, {clock_time(interview.starts_at)}")


def _payload(interview: Interview) -> dict:
    application = interview.application
    return {"application_id": application.id, "posting_id": application.posting_id,
            "posting_title": application.posting.title, "interview_id": interview.id,
            "status": interview.status}


def notify_proposed(interview: Interview) -> None:
    """Send the candidate the proposed time and place, with the page to confirm or not."""
    application = interview.application
    candidate = application.candidate
    if candidate is None or not candidate.user.active:
        return
    user = candidate.user
    db.session.add(Notification(user_id=user.id, kind="interview.proposed",
                                payload=_payload(interview)))
    with force_locale(user.locale):
        body = _("%(employer)s invites you to an interview for “%(title)s”.\n\n"
                 "When: %(when)s\nHow: %(mode)s\nWhere: %(place)s\n\n"
                 "Confirm, or ask for another time, on Passerelle: %(link)s",
                 employer=application.posting.employer.name, title=application.posting.title,
                 when=when_text(interview), mode=mode_label(interview.mode),
                 place=interview.place,
                 link=absolute_url("applications.interview", application_id=application.id))
        queue_message(user, _("Passerelle: an interview for “%(title)s”",
                              title=application.posting.title), body)


def notify_answered(interview: Interview) -> None:
    """Tell the establishment's HR team what the candidate answered."""
    application = interview.application
    for user in recipients(application, application.candidate.user):
        db.session.add(Notification(user_id=user.id, kind="interview.answered",
                                    payload=_payload(interview)))
        with force_locale(user.locale):
            body = _("Interview for “%(title)s” on %(when)s: %(state)s.",
                     title=application.posting.title, when=when_text(interview),
                     state=interview_status_label(interview.status))
            if interview.candidate_note:
                body += "\n\n" + _("The candidate’s note:") + "\n" + interview.candidate_note
            body += "\n\n" + absolute_url("applications.pipeline",
                                          posting_id=application.posting_id)
            queue_message(user, _("Passerelle: an answer about an interview"), body)


def _cancelled_words(interview: Interview, why: str, for_candidate: bool) -> str:
    """Return why the interview no longer stands, for its reader (in the active locale)."""
    title = interview.application.posting.title
    when = when_text(interview)
    if not for_candidate:
        return _("The interview for “%(title)s” on %(when)s is cancelled: the candidate "
                 "withdrew the application.", title=title, when=when)
    return {
        "replaced": _("The interview for “%(title)s” on %(when)s is cancelled: the employer "
                      "proposes another time, in a separate message.", title=title, when=when),
        "rejected": _("The interview for “%(title)s” on %(when)s is cancelled, as the "
                      "application was not retained.", title=title, when=when),
        "withdrawn": _("The interview for “%(title)s” on %(when)s is cancelled, as you "
                       "withdrew your application.", title=title, when=when),
    }[why]


def notify_cancelled(interview: Interview, why: str) -> None:
    """Tell the candidate that an interview to come is cancelled, and HR when they withdrew.

    `why`: "replaced" (another time is proposed), "rejected" or "withdrawn".
    """
    application = interview.application
    candidate = application.candidate
    readers = [candidate.user] if candidate is not None and candidate.user.active else []
    if why == "withdrawn" and candidate is not None:
        readers += recipients(application, candidate.user)
    for user in readers:
        db.session.add(Notification(user_id=user.id, kind="interview.cancelled",
                                    payload={**_payload(interview), "why": why}))
        with force_locale(user.locale):
            for_candidate = user.role == "candidate"
            link = (absolute_url("applications.mine") if for_candidate else
                    absolute_url("applications.pipeline", posting_id=application.posting_id))
            queue_message(user, _("Passerelle: an interview is cancelled"),
                          _cancelled_words(interview, why, for_candidate) + "\n\n" + link)


def notify_reminder(interview: Interview, user) -> None:
    """Remind one reader (the candidate or HR) of tomorrow's interview, in their language."""
    application = interview.application
    db.session.add(Notification(user_id=user.id, kind="interview.reminder",
                                payload=_payload(interview)))
    with force_locale(user.locale):
        if user.role == "candidate":
            lead = _("Reminder: your interview with %(employer)s for “%(title)s” is tomorrow.",
                     employer=application.posting.employer.name,
                     title=application.posting.title)
            link = absolute_url("applications.interview", application_id=application.id)
        else:
            lead = _("Reminder: an interview for “%(title)s” is tomorrow.",
                     title=application.posting.title)
            link = absolute_url("applications.pipeline", posting_id=application.posting_id)
        body = _("%(lead)s\n\nWhen: %(when)s\nHow: %(mode)s\nWhere: %(place)s\n\n%(link)s",
                 lead=lead, when=when_text(interview), mode=mode_label(interview.mode),
                 place=interview.place, link=link)
        queue_message(user, _("Passerelle: an interview tomorrow"), body)
