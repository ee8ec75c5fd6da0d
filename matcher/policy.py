"""Who may see and do what: the one authorization policy, used by every view.

Two kinds of checks live here:
- role checks (decorators): anonymous users go to the login page, a wrong
  role gets 403;
- object lookups: the query itself filters on ownership, and anything the
  user may not see is a 404 (never a 403 that would confirm it exists).
  deny() turns a failed lookup into that 404 and writes it to the audit log.
"""

from functools import wraps
from typing import NoReturn

from flask import abort
from flask_login import current_user
from sqlalchemy import Select, literal, or_, select

from matcher import audit
from matcher.extensions import db, login_manager
from matcher.models import (
    ActionPlan,
    Application,
    Candidate,
    Employer,
    EmployerMember,
    Experience,
    Hire,
    PlacementRound,
    PlanAction,
    Posting,
    User,
)

STAFF_ROLES = ("staff", "admin")
# Denials written to the audit log per user and per minute: enough to see someone probe
# a few ids, too few for a crawler to flood the log (each one costs a count and a write).
DENIALS_PER_MINUTE = 10


def deny(subject_type: str, subject_id: int | None) -> NoReturn:
    """Answer 404 for an object the user may not see, and record the denial (rate-limited).

    The request's own changes are rolled back first, so a refused request changes
    nothing; the denial is then committed on its own.
    """
    if current_user.is_authenticated:
        user = current_user._get_current_object()
        db.session.rollback()
        if audit.record_denial(user, subject_type, subject_id, DENIALS_PER_MINUTE):
            db.session.commit()
    abort(404)


def roles_required(*roles: str):
    """Allow only logged-in users with one of these roles."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def approved_employer_required(view):
    """Allow only employer users whose membership staff approved."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not current_user.is_approved_employer:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def get_for_admin(user: User, model, object_id: int):
    """Return any agency, establishment, site or account for an admin; 404 for anyone else."""
    row = db.session.scalar(select(model).where(model.id == object_id,
                                                 literal(user.role == "admin")))
    if row is None:
        abort(404)
    return row


def employer_id_of(user: User) -> int | None:
    """Return the establishment an approved employer user acts for, else None."""
    if not user.is_authenticated or not user.is_approved_employer:
        return None
    return user.membership.employer_id


def employer_of(user: User) -> Employer | None:
    """Return the establishment an approved employer user acts for, else None."""
    employer_id = employer_id_of(user)
    return db.session.get(Employer, employer_id) if employer_id else None


def own_postings(user: User) -> Select:
    """Select the postings of the user's establishment (none if not an approved employer)."""
    return select(Posting).where(Posting.employer_id == employer_id_of(user))


def get_own_posting(user: User, posting_id: int) -> Posting:
    """Return a posting of the user's establishment, or 404."""
    posting = db.session.scalar(own_postings(user).where(Posting.id == posting_id))
    if posting is None:
        deny("Posting", posting_id)
    return posting


def drafting_employer_id_of(user: User) -> int | None:
    """Return the establishment an HR user may draft postings for: approved or pending.

    A pending HR user prepares drafts; only an approved one publishes (and sees candidates).
    """
    employer_id = employer_id_of(user)
    if employer_id is not None:
        return employer_id
    if (user.is_authenticated and user.role == "employer" and user.membership is not None
            and user.membership.status == "pending"):
        return user.membership.employer_id
    return None


def drafting_employer_required(view):
    """Allow employer users who may at least draft postings (approved or pending)."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if drafting_employer_id_of(current_user) is None:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def get_draftable_posting(user: User, posting_id: int) -> Posting:
    """Return a posting of the user's establishment, or 404.

    While pending, only the drafts the user wrote: colleagues' drafts stay unseen until
    staff confirm the person works there.
    """
    if user.is_approved_employer:
        return get_own_posting(user, posting_id)
    posting = db.session.scalar(select(Posting).where(
        Posting.id == posting_id, Posting.status == "draft", Posting.created_by_id == user.id,
        Posting.employer_id == drafting_employer_id_of(user)))
    if posting is None:
        deny("Posting", posting_id)
    return posting


def get_open_posting(posting_id: int) -> Posting:
    """Return a posting that is open to the public, or 404."""
    posting = db.session.scalar(
        select(Posting).where(Posting.id == posting_id, Posting.status == "open"))
    if posting is None:
        abort(404)
    return posting


def own_candidate(user: User) -> Candidate | None:
    """Return the candidate profile of a candidate user."""
    if not user.is_authenticated or user.role != "candidate":
        return None
    return db.session.scalar(select(Candidate).where(Candidate.user_id == user.id))


def candidates_for_staff(user: User) -> Select:
    """Select the candidates a staff user follows: their agency's, and those with none."""
    query = select(Candidate)
    if user.role == "admin":
        return query
    if user.role != "staff":
        return query.where(False)
    return query.where(or_(Candidate.agency_id == user.agency_id, Candidate.agency_id.is_(None)))


def get_candidate_for_staff(user: User, candidate_id: int) -> Candidate:
    """Return a candidate a staff user may open, or 404."""
    candidate = db.session.scalar(
        candidates_for_staff(user).where(Candidate.id == candidate_id))
    if candidate is None:
        deny("Candidate", candidate_id)
    return candidate


def get_plan_action_for_staff(user: User, action_id: int) -> PlanAction:
    """Return an action of the plan of a person the staff user follows, or 404."""
    followed = candidates_for_staff(user).with_only_columns(Candidate.id)
    action = db.session.scalar(
        select(PlanAction).join(ActionPlan, PlanAction.plan_id == ActionPlan.id)
        .where(PlanAction.id == action_id, ActionPlan.candidate_id.in_(followed)))
    if action is None:
        abort(404)
    return action


def matchable_candidates() -> Select:
    """Select the candidates employers may see: those who switched matching on."""
    return select(Candidate).join(User, Candidate.user_id == User.id).where(
        Candidate.matching_opt_in.is_(True), User.active.is_(True),
        User.email_verified_at.is_not(None))


def own_applications(user: User) -> Select:
    """Select the applications a user may see: their own, or their establishment's."""
    if user.role == "candidate":
        return select(Application).join(Candidate).where(Candidate.user_id == user.id)
    employer_id = employer_id_of(user)
    if employer_id is not None:
        return select(Application).join(Posting).where(Posting.employer_id == employer_id)
    return select(Application).where(False)


def get_own_application(user: User, application_id: int) -> Application:
    """Return an application the user may see, or 404."""
    application = db.session.scalar(
        own_applications(user).where(Application.id == application_id))
    if application is None:
        deny("Application", application_id)
    return application


def pending_members() -> Select:
    """Select employer memberships waiting for a staff decision."""
    return select(EmployerMember).where(EmployerMember.status == "pending")


def get_own_experience(user: User, experience_id: int) -> Experience:
    """Return a job of the candidate user's own profile, or 404."""
    experience = db.session.scalar(
        select(Experience).join(Candidate).where(
            Experience.id == experience_id, Candidate.user_id == user.id))
    if experience is None:
        deny("Experience", experience_id)
    return experience


def own_hires(user: User) -> Select:
    """Select the hires of the user's establishment (none if not an approved employer)."""
    return (select(Hire).join(Posting, Hire.posting_id == Posting.id)
            .where(Posting.employer_id == employer_id_of(user)))


def get_own_hire(user: User, hire_id: int) -> Hire:
    """Return a hire of the user's establishment, or 404."""
    hire = db.session.scalar(own_hires(user).where(Hire.id == hire_id))
    if hire is None:
        deny("Hire", hire_id)
    return hire


def get_hire_for_staff(user: User, hire_id: int) -> Hire:
    """Return a hire of a person the staff user follows, or 404."""
    followed = candidates_for_staff(user).with_only_columns(Candidate.id)
    hire = db.session.scalar(
        select(Hire).where(Hire.id == hire_id, Hire.person_id.in_(followed)))
    if hire is None:
        deny("Hire", hire_id)
    return hire


def round_runner_required(view):
    """Allow staff, admins and approved employer users: those who may run placement rounds."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if current_user.role not in STAFF_ROLES and not current_user.is_approved_employer:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def round_postings(user: User) -> Select:
    """Select the postings a user may put in a placement round: any for staff, else their own."""
    if user.role in STAFF_ROLES:
        return select(Posting)
    return own_postings(user)


def placement_rounds_for(user: User) -> Select:
    """Select the rounds a user may open: staff see every round, HR their establishment's."""
    if user.role in STAFF_ROLES:
        return select(PlacementRound)
    employer_id = employer_id_of(user)
    if employer_id is None:
        return select(PlacementRound).where(False)
    return select(PlacementRound).where(PlacementRound.employer_id == employer_id)


def get_placement_round(user: User, round_id: int) -> PlacementRound:
    """Return a placement round the user may open, or 404."""
    placement_round = db.session.scalar(
        placement_rounds_for(user).where(PlacementRound.id == round_id))
    if placement_round is None:
        deny("PlacementRound", round_id)
    return placement_round
