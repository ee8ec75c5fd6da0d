"""Interviews: HR proposes a time (Québec time), the candidate confirms or asks another.

A proposal moves the application to "interview" when it is not there yet. Only one
interview of an application stands at a time: a new proposal cancels the previous one.
Nothing here commits.
"""

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from matcher import audit, clock
from matcher.applications import notify_interviews
from matcher.applications.services import ApplicationError, _set_status, cancel_interviews
from matcher.extensions import db
from matcher.models import Application, Candidate, Interview, Posting, User

CAN_INTERVIEW = ("applied", "shortlisted", "interview")
ANSWERABLE = ("proposed", "confirmed")


class InterviewError(ApplicationError):
    """A proposal the rules refuse, shown at `field`."""

    def __init__(self, code: str, field: str | None = None):
        super().__init__(code)
        self.field = field


def quebec_instant(day: date, at: time) -> datetime:
    """Return the UTC instant of a Québec wall-clock day and time."""
    return datetime.combine(day, at, clock.QUEBEC).astimezone(UTC)


def _overlapping(start: datetime, end: datetime, application: Application,
                 proposer: User) -> str | None:
    """Name who is already booked at that time: the candidate, or the proposer."""
    window = (Interview.status != "cancelled", Interview.application_id != application.id,
              Interview.starts_at < end,
              Interview.starts_at > start - timedelta(minutes=240))
    rows = db.session.execute(select(Interview, Application.candidate_id, Posting.employer_id)
                              .join(Application, Interview.application_id == Application.id)
                              .join(Posting, Application.posting_id == Posting.id)
                              .where(*window)).all()
    for interview, candidate_id, employer_id in rows:
        if interview.ends_at <= start:
            continue
        if candidate_id is not None and candidate_id == application.candidate_id:
            # Another employer's interview is the candidate's business: say only that the
            # time is not available, not that they interview elsewhere.
            return ("interview_candidate_busy"
                    if employer_id == application.posting.employer_id
                    else "interview_candidate_unavailable")
        if interview.proposed_by_id == proposer.id:
            return "interview_you_busy"
    return None


def propose(hr: User, application: Application, day: date, at: time, duration: int,
            mode: str, place: str) -> Interview:
    """Propose an interview; refuse a past time or one where someone is already booked."""
    if application.status not in CAN_INTERVIEW:
        raise InterviewError("interview_not_possible")
    start = quebec_instant(day, at)
    if start <= clock.now():
        raise InterviewError("interview_in_past", "day")
    busy = _overlapping(start, start + timedelta(minutes=duration), application, hr)
    if busy:
        raise InterviewError(busy, "at")
    cancel_interviews(application, "replaced")
    interview = Interview(starts_at=start, duration_minutes=duration, mode=mode,
                          place=place.strip(), status="proposed", proposed_by_id=hr.id)
    application.interviews.append(interview)
    if application.status != "interview":
        _set_status(application, "interview", hr, notify=False)
    db.session.flush()
    audit.record("interview.proposed", application, actor=hr, interview_id=interview.id)
    notify_interviews.notify_proposed(interview)
    return interview


def current(application: Application) -> Interview | None:
    """Return the interview of an application that still stands, if any."""
    return next((i for i in reversed(application.interviews) if i.status != "cancelled"), None)


def answer(candidate: Candidate, interview: Interview, confirm: bool, note: str = "") -> None:
    """Confirm the interview, or ask for another time with a short note."""
    if interview.status not in ANSWERABLE or interview.application.status != "interview":
        raise InterviewError("interview_not_answerable")
    if interview.starts_at <= clock.now():
        raise InterviewError("interview_passed")
    if confirm and interview.status == "confirmed":
        raise InterviewError("interview_not_answerable")
    interview.status = "confirmed" if confirm else "change_requested"
    interview.candidate_note = None if confirm else (note.strip() or None)
    audit.record(f"interview.{interview.status}", interview.application, actor=candidate.user,
                 interview_id=interview.id)
    notify_interviews.notify_answered(interview)
