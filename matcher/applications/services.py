"""Applications, invitations, the hiring pipeline and hires.

Statuses: invited → applied (accepted) or declined; applied → shortlisted →
interview → offer → hired, with rejected (by the employer) or withdrawn (by
the candidate) possible until the hire.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from matcher import audit, clock
from matcher.applications.notify import notify_rejection, notify_status
from matcher.applications.notify_interviews import notify_cancelled
from matcher.extensions import db
from matcher.matching.services import evaluate_pair
from matcher.models import (
    Application,
    ApplicationEvent,
    Candidate,
    Consent,
    Hire,
    Posting,
    User,
)
from matcher.models.application import REJECTION_REASONS

# Moves an employer may make, from each status.
EMPLOYER_MOVES = {
    "applied": ("shortlisted", "interview", "rejected"),
    "shortlisted": ("interview", "offer", "rejected"),
    "interview": ("offer", "rejected"),
    "offer": ("rejected",),  # "hired" goes through hire()
}
WITHDRAWABLE = ("applied", "shortlisted", "interview", "offer")


class ApplicationError(Exception):
    """A move that the rules refuse; `code` names the reason for the message.

    `field` names the input at fault, when one is (the API answers a 422 on that field).
    """

    def __init__(self, code: str, field: str | None = None):
        super().__init__(code)
        self.code = code
        self.field = field


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


def _require_verified(candidate: Candidate) -> None:
    """Refuse to send a profile to an employer before the email address is confirmed."""
    if candidate.user.email_verified_at is None:
        raise ApplicationError("email_not_verified")


def _set_status(application: Application, status: str, actor: User, *,
                notify: bool = True, **details) -> None:
    previous = application.status
    application.status = status
    application.events.append(ApplicationEvent(from_status=previous, to_status=status,
                                                actor_id=actor.id, at=clock.now()))
    audit.record("application.status_changed", application, actor=actor,
                 old=previous, new=status, **details)
    if notify:
        notify_status(application, actor)


def _create(candidate: Candidate, posting: Posting, status: str, source: str,
            actor: User) -> Application:
    """Create the one application of a candidate to an open posting they are eligible for."""
    if _existing(candidate, posting) is not None:
        raise ApplicationError("already_applied")
    # Ids, not relationships: a relationship would put the row in the session (and a
    # flush would insert it) before the savepoint below exists.
    application = Application(candidate_id=candidate.id, posting_id=posting.id, status=status,
                              source=source, score_at_creation=_eligible_score(posting, candidate))
    application.events.append(ApplicationEvent(from_status=None, to_status=status,
                                               actor_id=actor.id, at=clock.now()))
    try:
        # Two submissions at once (a double click reaching two workers) both pass the
        # check above; the unique constraint lets one land and the other say so.
        with db.session.begin_nested():
            db.session.add(application)
            db.session.flush()
    except IntegrityError:
        raise ApplicationError("already_applied") from None
    audit.record(f"application.{status}", application, actor=actor)
    notify_status(application, actor)
    return application


def apply(candidate: Candidate, posting: Posting, share_contact: bool) -> Application:
    """Apply to an open posting the candidate is eligible for, sharing contact details."""
    _require_verified(candidate)
    if not share_contact:
        raise ApplicationError("contact_consent_required")
    application = _create(candidate, posting, "applied", "candidate", candidate.user)
    _share_contact(candidate, posting)
    return application


def invite(employer_user: User, posting: Posting, candidate: Candidate) -> Application:
    """Invite an eligible, opted-in candidate to apply to one of the employer's postings."""
    if not candidate.matching_opt_in:
        raise ApplicationError("not_eligible")
    if db.session.scalar(select(Hire.id).where(Hire.person_id == candidate.id,
                                               Hire.end_on.is_(None)).limit(1)):
        raise ApplicationError("already_employed")  # not offered in the ranked list either
    return _create(candidate, posting, "invited", "invitation", employer_user)


def respond(candidate: Candidate, application: Application, accept: bool,
            share_contact: bool = False) -> None:
    """Accept (becoming an application) or decline an invitation."""
    if application.status != "invited":
        raise ApplicationError("not_invited")
    if accept:
        _require_verified(candidate)
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
    cancel_interviews(application, "withdrawn")


def move(employer_user: User, application: Application, status: str) -> None:
    """Move an application along the employer's pipeline (declining goes through reject())."""
    check_move(application, status)
    if status == "rejected":
        raise ApplicationError("reason_required", field="reason")
    _set_status(application, status, employer_user)


def check_move(application: Application, status: str) -> None:
    """Refuse a move the employer's pipeline does not allow from the current status."""
    if status not in EMPLOYER_MOVES.get(application.status, ()):
        raise ApplicationError("forbidden_move")


def reject(employer_user: User, application: Application, reason: str,
           detail: str = "", message: str = "") -> None:
    """Decline an application with a reason; the candidate is told it in their language.

    `detail` stays with the employer's team; `message` is sent to the candidate as written.
    """
    check_move(application, "rejected")
    if reason not in REJECTION_REASONS:
        raise ApplicationError("reason_required", field="reason")
    if reason == "other" and not detail.strip():
        raise ApplicationError("other_reason_needs_words", field="detail")
    application.rejection_reason = reason
    application.rejection_detail = detail.strip() or None
    application.rejection_message = message.strip() or None
    _set_status(application, "rejected", employer_user, notify=False, reason=reason,
                message_sent=bool(application.rejection_message))
    notify_rejection(application)
    cancel_interviews(application, "rejected")


def cancel_interviews(application: Application, why: str) -> None:
    """Cancel the application's standing interviews; tell people of those still to come.

    `why` is "replaced" (HR proposes another time), "rejected" or "withdrawn".
    """
    for interview in application.interviews:
        if interview.status == "cancelled":
            continue
        interview.status = "cancelled"
        if interview.starts_at > clock.now():
            notify_cancelled(interview, why)


@dataclass
class BulkOutcome:
    """What a bulk move did: the applications moved and those refused, with the reason."""

    moved: list[Application] = field(default_factory=list)
    refused: list[tuple[Application, str]] = field(default_factory=list)


def bulk_move(employer_user: User, applications: list[Application], status: str,
              reason: str | None = None) -> BulkOutcome:
    """Move each application by the same rule as a single move; refused ones are reported.

    Each check runs before anything changes, so a refused application is left untouched.
    """
    outcome = BulkOutcome()
    for application in applications:
        try:
            if status == "rejected":
                reject(employer_user, application, reason or "")
            else:
                move(employer_user, application, status)
        except ApplicationError as error:
            outcome.refused.append((application, error.code))
        else:
            outcome.moved.append(application)
    return outcome
