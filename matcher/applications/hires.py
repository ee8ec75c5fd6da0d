"""Hires: record one under the program's rules, end it, or cancel one recorded by mistake.

The rules of DESIGN §7.1. A first day of work is refused when it is before the
application was made, more than 12 months ahead, before the program's start, or
after the permit's expiry (unless the renewal was filed in time: maintained
status). A person employed through a hire that has not ended cannot be hired again
until it ends. HR may cancel a hire within 30 days of recording it: the opening
comes back and the program's count goes down; the audit log keeps both events.

Nothing here commits. Every refusal is a `HireError` whose `code` names the reason
and whose `field` names the form field it belongs to.
"""

from datetime import date, timedelta

from sqlalchemy import case, exists, or_, select, update
from sqlalchemy.exc import IntegrityError

from matcher import audit, clock
from matcher.applications.services import ApplicationError, _set_status
from matcher.extensions import db
from matcher.matching import stars
from matcher.matching.changes import touch
from matcher.models import Application, Hire, Posting, ProgramSettings, User

CANCEL_DAYS = 30
MAX_MONTHS_AHEAD = 12


class HireError(ApplicationError):
    """A hire the rules refuse, tied to the form field the person must change."""

    def __init__(self, code: str, field: str | None = "start_on", day: date | None = None):
        super().__init__(code)
        self.field = field
        self.day = day  # the date the message quotes, if any


def months_ahead(day: date, months: int) -> date:
    """Return the same day `months` later (the last day of the month when it has fewer days)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has at least 28 days")


def start_errors(application: Application, start_on: date, today: date,
                 program_start: date) -> list[HireError]:
    """Return every rule a first day of work breaks for this application (empty: acceptable)."""
    errors = []
    applied_on = application.created_at.astimezone(clock.QUEBEC).date()
    if start_on < applied_on:
        errors.append(HireError("start_before_application", day=applied_on))
    latest = months_ahead(today, MAX_MONTHS_AHEAD)
    if start_on > latest:
        errors.append(HireError("start_too_far", day=latest))
    if start_on < program_start:
        errors.append(HireError("start_before_program", day=program_start))
    candidate = application.candidate
    expires_on = candidate.permit_expires_on if candidate else None
    maintained = (expires_on is not None and candidate.permit_renewal_applied_on is not None
                  and candidate.permit_renewal_applied_on <= expires_on)
    if expires_on is not None and start_on > expires_on and not maintained:
        errors.append(HireError("start_after_permit", day=expires_on))
    return errors


def hire_facts(application: Application, today: date) -> dict:
    """Return the dates that bound a first day of work, to show beside the form."""
    candidate = application.candidate
    settings = db.session.get(ProgramSettings, 1)
    expires_on = candidate.permit_expires_on if candidate else None
    return {
        "applied_on": application.created_at.astimezone(clock.QUEBEC).date(),
        "latest": months_ahead(today, MAX_MONTHS_AHEAD),
        "program_start": settings.starts_on if settings else None,
        "permit_expires_on": expires_on,
        "maintained": bool(expires_on and candidate.permit_renewal_applied_on
                           and candidate.permit_renewal_applied_on <= expires_on),
    }


def current_employment(person_id: int, start_on: date) -> Hire | None:
    """Return the person's hire that has not ended by `start_on`, if any."""
    return db.session.scalar(select(Hire).where(
        Hire.person_id == person_id,
        or_(Hire.end_on.is_(None), Hire.end_on >= start_on)).order_by(Hire.start_on).limit(1))


def _claim_application(application: Application) -> None:
    """Move the application from offer to hired in one conditional UPDATE.

    Of two simultaneous submits, the second waits for the first (PostgreSQL locks the
    row) and then finds no row in "offer": it is told the hire is already recorded.
    """
    claimed = db.session.execute(
        update(Application).where(Application.id == application.id,
                                  Application.status == "offer")
        .values(status="hired").execution_options(synchronize_session=False))
    if claimed.rowcount != 1:
        raise HireError("already_hired", field=None)


def _take_opening(posting_id: int) -> None:
    """Take one opening atomically; the last one fills the posting."""
    taken = db.session.execute(
        update(Posting)
        .where(Posting.id == posting_id, Posting.status == "open",
               Posting.filled < Posting.openings)
        .values(filled=Posting.filled + 1)
        .execution_options(synchronize_session=False))
    if taken.rowcount != 1:
        raise HireError("no_opening_left", field=None)
    filled = db.session.execute(
        update(Posting)
        .where(Posting.id == posting_id, Posting.filled >= Posting.openings)
        .values(status="filled")
        .execution_options(synchronize_session=False))
    if filled.rowcount:
        stars.forget_postings([posting_id])
    touch(db.session, "posting", posting_id)


def hire(employer_user: User, application: Application, start_on: date) -> Hire:
    """Record a hire under the program's rules, taking one opening atomically.

    Raises HireError (a subclass of ApplicationError) with the first reason found; the
    caller rolls back. The database refuses what a concurrent request could slip past
    the checks: a second hire of the application, or of a person still employed.
    """
    if application.status == "hired":
        raise HireError("already_hired", field=None)
    if application.status != "offer":
        raise HireError("hire_needs_offer", field=None)
    candidate = application.candidate
    if candidate is None:
        raise HireError("hire_needs_offer", field=None)
    settings = db.session.get(ProgramSettings, 1)
    program_start = settings.starts_on if settings else date.min
    errors = start_errors(application, start_on, clock.today(), program_start)
    if errors:
        raise errors[0]
    if current_employment(candidate.id, start_on) is not None:
        raise HireError("already_employed")
    _claim_application(application)
    _take_opening(application.posting_id)
    new_hire = Hire(application_id=application.id, posting_id=application.posting_id,
                    person_id=candidate.id, agency_id=candidate.agency_id, start_on=start_on,
                    recorded_by_id=employer_user.id)
    try:
        with db.session.begin_nested():
            db.session.add(new_hire)
    except IntegrityError as error:
        raise HireError("already_employed") from error
    db.session.expire(application.posting)
    # The ORM still holds "offer": _set_status records the move offer -> hired.
    _set_status(application, "hired", employer_user)
    db.session.flush()
    audit.record("hire.recorded", new_hire, actor=employer_user,
                 application_id=application.id, posting_id=application.posting_id,
                 start_on=start_on.isoformat())
    return new_hire


def end_hire(actor: User, hire_row: Hire, end_on: date) -> None:
    """Record the last day of work of a hired person (for retention, and to hire them again)."""
    if end_on < hire_row.start_on:
        raise HireError("end_before_start", field="end_on")
    if end_on > months_ahead(clock.today(), MAX_MONTHS_AHEAD):
        raise HireError("end_too_far", field="end_on")
    later = db.session.scalar(select(exists().where(
        Hire.person_id == hire_row.person_id, Hire.id != hire_row.id,
        Hire.start_on > hire_row.start_on, Hire.start_on <= end_on)))
    if later:
        raise HireError("end_after_next_hire", field="end_on")
    old = hire_row.end_on
    hire_row.end_on = end_on
    db.session.flush()
    audit.record("hire.ended", hire_row, actor=actor, end_on=end_on.isoformat(),
                 old=old.isoformat() if old else None)


def can_cancel(hire_row: Hire, now=None) -> bool:
    """Return True while HR may still cancel the hire (30 days after recording it)."""
    now = now or clock.now()
    return now - hire_row.created_at <= timedelta(days=CANCEL_DAYS)


def cancel_hire(actor: User, hire_row: Hire, reason: str) -> None:
    """Cancel a hire recorded by mistake: the opening comes back and the count goes down."""
    if not can_cancel(hire_row):
        raise HireError("cancel_too_late", field=None)
    application = hire_row.application
    posting_id = hire_row.posting_id
    audit.record("hire.cancelled", hire_row, actor=actor, reason=reason,
                 application_id=hire_row.application_id, posting_id=posting_id,
                 start_on=hire_row.start_on.isoformat(),
                 recorded_at=hire_row.created_at.isoformat())
    db.session.delete(hire_row)
    db.session.execute(
        update(Posting).where(Posting.id == posting_id, Posting.filled > 0)
        .values(filled=Posting.filled - 1,
                status=case((Posting.status == "filled", "open"), else_=Posting.status))
        .execution_options(synchronize_session=False))
    touch(db.session, "posting", posting_id)
    db.session.flush()
    if application is not None:
        db.session.expire(application, ["posting"])
        _set_status(application, "offer", actor)
