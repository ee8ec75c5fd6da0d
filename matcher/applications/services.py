"""Applications, invitations, the hiring pipeline and hires.

Statuses: invited → applied (accepted) or declined; applied → shortlisted →
interview → offer → hired, with rejected (by the employer) or withdrawn (by
the candidate) possible until the hire.
"""

from datetime import date
from decimal import Decimal

from flask import current_app
from sqlalchemy import select, update

from matcher import audit, clock
from matcher.applications.notify import notify_status
from matcher.extensions import db
from matcher.matching.changes import touch
from matcher.matching.services import evaluate_pair
from matcher.models import Application, ApplicationEvent, Candidate, Consent, Hire, Posting, User

# Moves an employer may make, from each status.
EMPLOYER_MOVES = {
    "applied": ("shortlisted", "interview", "rejected"),
    "shortlisted": ("interview", "offer", "rejected"),
    "interview": ("offer", "rejected"),
    "offer": ("rejected",),  # "hired" goes through hire()
}
WITHDRAWABLE = ("applied", "shortlisted", "interview", "offer")
ACTIVE = ("invited", "applied", "shortlisted", "interview", "offer")


class ApplicationError(Exception):
    """A move that the rules refuse; `code` names the reason for the message."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def _existing(candidate: Candidate, posting: Posting) -> Application | None:
    return db.session.scalar(select(Application).where(
        Application.candidate_id == candidate.id, Application.posting_id == posting.id))


def _eligible_score(posting: Posting, candidate: Candidate) -> Decimal:
    if posting.status != "open":
        raise ApplicationError("posting_not_open")
    evaluation = evaluate_pair(posting, candidate, clock.today())
    if not evaluation.eligible:
        raise ApplicationError("not_eligible")
    return Decimal(str(evaluation.score))


def _share_contact(candidate: Candidate, posting: Posting) -> None:
    """Record the candidate's consent to share contact details with this employer."""
    db.session.add(Consent(user_id=candidate.user_id, purpose="share_contact",
                           posting_id=posting.id,
                           policy_version=current_app.config["PRIVACY_POLICY_VERSION"]))


def _set_status(application: Application, status: str, actor: User) -> None:
    previous = application.status
    application.status = status
    application.events.append(ApplicationEvent(from_status=previous, to_status=status,
                                                actor_id=actor.id, at=clock.now()))
    audit.record("application.status_changed", application, actor=actor,
                 old=previous, new=status)
    notify_status(application, actor)


def _create(candidate: Candidate, posting: Posting, status: str, source: str,
            actor: User) -> Application:
    """Create the one application of a candidate to an open posting they are eligible for."""
    if _existing(candidate, posting) is not None:
        raise ApplicationError("already_applied")
    application = Application(candidate=candidate, posting=posting, status=status,
                              source=source, score_at_creation=_eligible_score(posting, candidate))
    db.session.add(application)
    application.events.append(ApplicationEvent(from_status=None, to_status=status,
                                               actor_id=actor.id, at=clock.now()))
    db.session.flush()
    audit.record(f"application.{status}", application, actor=actor)
    notify_status(application, actor)
    return application


def apply(candidate: Candidate, posting: Posting, share_contact: bool) -> Application:
    """Apply to an open posting the candidate is eligible for, sharing contact details."""
    if not share_contact:
        raise ApplicationError("contact_consent_required")
    application = _create(candidate, posting, "applied", "candidate", candidate.user)
    _share_contact(candidate, posting)
    return application


def invite(employer_user: User, posting: Posting, candidate: Candidate) -> Application:
    """Invite an eligible, opted-in candidate to apply to one of the employer's postings."""
    if not candidate.matching_opt_in:
        raise ApplicationError("not_eligible")
    return _create(candidate, posting, "invited", "invitation", employer_user)


def respond(candidate: Candidate, application: Application, accept: bool,
            share_contact: bool = False) -> None:
    """Accept (becoming an application) or decline an invitation."""
    if application.status != "invited":
        raise ApplicationError("not_invited")
    if accept:
        if not share_contact:
            raise ApplicationError("contact_consent_required")
        _eligible_score(application.posting, candidate)
        _share_contact(candidate, application.posting)
    _set_status(application, "applied" if accept else "declined", candidate.user)


def withdraw(candidate: Candidate, application: Application) -> None:
    """Withdraw an application that is not decided yet."""
    if application.status not in WITHDRAWABLE:
        raise ApplicationError("cannot_withdraw")
    _set_status(application, "withdrawn", candidate.user)


def move(employer_user: User, application: Application, status: str) -> None:
    """Move an application along the employer's pipeline."""
    if status not in EMPLOYER_MOVES.get(application.status, ()):
        raise ApplicationError("forbidden_move")
    _set_status(application, status, employer_user)


def hire(employer_user: User, application: Application, start_on: date) -> Hire:
    """Record a hire, taking one opening atomically; the last one fills the posting.

    A conditional UPDATE takes the opening (of two simultaneous hires for the
    last opening, exactly one updates a row), and the unique application_id
    of hires refuses hiring the same application twice.
    """
    if application.status != "offer":
        raise ApplicationError("hire_needs_offer")
    taken = db.session.execute(
        update(Posting)
        .where(Posting.id == application.posting_id, Posting.status == "open",
               Posting.filled < Posting.openings)
        .values(filled=Posting.filled + 1)
        .execution_options(synchronize_session=False))
    if taken.rowcount != 1:
        raise ApplicationError("no_opening_left")
    db.session.execute(
        update(Posting)
        .where(Posting.id == application.posting_id, Posting.filled >= Posting.openings)
        .values(status="filled")
        .execution_options(synchronize_session=False))
    db.session.expire(application.posting)
    touch(db.session, "posting", application.posting_id)
    candidate = application.candidate
    new_hire = Hire(application=application, posting_id=application.posting_id,
                    agency_id=candidate.agency_id if candidate else None, start_on=start_on,
                    recorded_by_id=employer_user.id)
    db.session.add(new_hire)
    _set_status(application, "hired", employer_user)
    db.session.flush()
    audit.record("hire.recorded", new_hire, actor=employer_user,
                 application_id=application.id, posting_id=application.posting_id)
    return new_hire


def end_hire(employer_user: User, hire_row: Hire, end_on: date) -> None:
    """Record the departure of a hired person (for retention figures)."""
    if end_on < hire_row.start_on:
        raise ApplicationError("end_before_start")
    hire_row.end_on = end_on
    audit.record("hire.ended", hire_row, actor=employer_user)
