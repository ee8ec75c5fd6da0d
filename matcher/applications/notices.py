"""What an application's new status means for the reader, and what they can do next.

Called inside `force_locale(reader.locale)`: every text is in the reader's language. A
candidate reads what the move means for them and the one thing to do now; the employer's
team reads who moved and where to answer. `notify.py` sends them.
"""

from dataclasses import dataclass

from flask_babel import gettext as _

from matcher.models import Application
from matcher.urls import absolute_url


@dataclass(frozen=True)
class Notice:
    subject: str
    body: str


def _candidate_texts(title: str, employer: str) -> dict[str, tuple[str, str, str]]:
    """Return status -> (subject, what it means, what to do next) for the candidate."""
    values = {"title": title, "employer": employer}
    return {
        "invited": (
            _("Passerelle: %(employer)s invites you to apply", **values),
            _("%(employer)s read your profile and invites you to apply for the job “%(title)s”."
              , **values),
            _("What to do now: open “My applications”, read the job and answer yes or no. If "
              "you say yes, the employer receives your contact details.")),
        "applied": (
            _("Passerelle: your application for “%(title)s” was sent", **values),
            _("Your application for the job “%(title)s” at %(employer)s was sent.", **values),
            _("What happens next: the employer reads it and may shortlist you or invite you "
              "to an interview. You will get a message at each step.")),
        "shortlisted": (
            _("Passerelle: you are shortlisted for “%(title)s”", **values),
            _("Good news: %(employer)s put you on the short list for the job “%(title)s”.",
              **values),
            _("What to do now: answer the phone and read your email in the coming days; the "
              "employer may call you for an interview.")),
        "interview": (
            _("Passerelle: an interview for “%(title)s”", **values),
            _("%(employer)s wants to meet you for an interview for the job “%(title)s”.",
              **values),
            _("What to do now: the employer will give you the date, time and place. Read the "
              "job again and bring your work permit. If you cannot come, tell the employer "
              "as soon as possible.")),
        "offer": (
            _("Passerelle: a job offer for “%(title)s”", **values),
            _("%(employer)s offers you the job “%(title)s”.", **values),
            _("What to do now: give the employer your answer quickly. Check that your work "
              "permit and your social insurance number are valid on the start date; your "
              "agency can help you.")),
        "hired": (
            _("Passerelle: you are hired for “%(title)s”", **values),
            _("Congratulations: %(employer)s hired you for the job “%(title)s”.", **values),
            _("What to do now: the employer will confirm your first day with you. Your "
              "agency can help you prepare for it.")),
        "withdrawn": (
            _("Passerelle: your application for “%(title)s” was withdrawn", **values),
            _("Your application for the job “%(title)s” at %(employer)s was withdrawn.",
              **values),
            _("What to do now: see the other jobs that fit your profile.")),
    }


def _employer_texts(title: str) -> dict[str, tuple[str, str]]:
    """Return status -> (subject, what happened and what to do) for the employer's team."""
    return {
        "applied": (
            _("Passerelle: a new application for “%(title)s”", title=title),
            _("A candidate applied for the job “%(title)s”. Read the application and move "
              "it forward in the hiring pipeline.", title=title)),
        "declined": (
            _("Passerelle: an invitation for “%(title)s” was declined", title=title),
            _("A candidate declined your invitation for the job “%(title)s”. Other "
              "candidates may fit: see the ranked list.", title=title)),
        "withdrawn": (
            _("Passerelle: an application for “%(title)s” was withdrawn", title=title),
            _("A candidate withdrew their application for the job “%(title)s”. Their "
              "contact details are no longer shared with you.", title=title)),
    }


# Where the candidate acts on each status: their applications, or the other jobs. (A
# decline is told by notify_rejection, with its reason.)
CANDIDATE_LINKS = {"withdrawn": "matching.my_matches"}


def candidate_notice(application: Application) -> Notice:
    """Say to the candidate what the application's status means and what to do next."""
    posting = application.posting
    texts = _candidate_texts(posting.title, posting.employer.name)
    link = absolute_url(CANDIDATE_LINKS.get(application.status, "applications.mine"))
    if application.status not in texts:
        return _generic(application, link)
    subject, meaning, next_step = texts[application.status]
    return Notice(subject, "\n\n".join((
        _("Hello,"), meaning, next_step, _("See it on Passerelle: %(link)s", link=link))))


def employer_notice(application: Application) -> Notice:
    """Tell the employer's team what the candidate did and where to answer."""
    link = absolute_url("applications.pipeline", posting_id=application.posting_id)
    texts = _employer_texts(application.posting.title)
    if application.status not in texts:
        return _generic(application, link)
    subject, body = texts[application.status]
    return Notice(subject, "\n\n".join((
        _("Hello,"), body, _("See it on Passerelle: %(link)s", link=link))))


def _generic(application: Application, link: str) -> Notice:
    from matcher.applications.notify import status_label

    return Notice(_("Passerelle: an application has changed"), _(
        "The application for “%(title)s” is now: %(status)s.\n\nSee it on Passerelle: "
        "%(link)s", title=application.posting.title,
        status=status_label(application.status), link=link))
