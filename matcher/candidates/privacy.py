"""The candidate's privacy rights (Québec Law 25): export, deletion, who viewed the profile."""

import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import String, cast, delete, or_, select, update
from sqlalchemy.orm import selectinload

from matcher import audit, clock
from matcher.auth.services import revoke_sessions
from matcher.extensions import db
from matcher.models import (
    ActionPlan,
    ApiToken,
    Application,
    ApplicationEvent,
    AuditEvent,
    Candidate,
    CaseNote,
    Consent,
    EmployerMember,
    MfaRecoveryCode,
    Notification,
    OutboxMessage,
    PasswordResetToken,
    PlacementProposal,
    PlanAction,
    PostingStar,
    ProfileCorrection,
    ThreadMessage,
    User,
)

EXPORT_FORMAT = "passerelle-export-1"
VIEWED = "candidate.viewed"
REDACTED = "[…]"


@dataclass(frozen=True)
class ProfileView:
    at: datetime
    role: str | None
    organization: str | None
    part: str | None = None  # what was read besides the profile ("case_notes")


def profile_views(candidate_id: int, limit: int | None = None) -> list[ProfileView]:
    """Return who opened the profile and when, newest first, read from the audit log."""
    query = (select(AuditEvent)
             .where(AuditEvent.subject_type == "Candidate", AuditEvent.subject_id == candidate_id,
                    AuditEvent.action == VIEWED)
             .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit))
    events = db.session.scalars(query).all()
    actor_ids = {event.actor_id for event in events if event.actor_id}
    viewers = {user.id: user for user in db.session.scalars(
        select(User).where(User.id.in_(actor_ids)).options(
            selectinload(User.agency),
            selectinload(User.membership).selectinload(EmployerMember.employer)))}
    return [ProfileView(event.at, event.actor_role, _organization(viewers.get(event.actor_id)),
                        (event.details or {}).get("part"))
            for event in events]


def _organization(user: User | None) -> str | None:
    """Name the establishment or agency a viewer acted for (never the person)."""
    if user is None:
        return None
    if user.membership is not None:
        return user.membership.employer.name
    return user.agency.name if user.agency is not None else None


def _value(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def _columns(row, exclude=()) -> dict:
    """Return every column of a row as JSON-ready values."""
    return {column.key: _value(getattr(row, column.key))
            for column in row.__table__.columns if column.key not in exclude}


def export_data(user: User) -> dict:
    """Return everything the service holds about a candidate user, as JSON-ready data."""
    candidate = db.session.scalar(select(Candidate).where(Candidate.user_id == user.id))
    consents = db.session.scalars(select(Consent).where(Consent.user_id == user.id)
                                  .order_by(Consent.granted_at)).all()
    notifications = db.session.scalars(select(Notification).where(
        Notification.user_id == user.id).order_by(Notification.created_at)).all()
    data = {
        "format": EXPORT_FORMAT,
        "exported_at": clock.now().isoformat(),
        "account": _columns(user, exclude=("password_hash", "session_version", "is_demo")),
        "profile": None, "experiences": [], "applications": [], "action_plan": None,
        "consents": [_columns(c, exclude=("user_id",)) for c in consents],
        "notifications": [_columns(n, exclude=("user_id",)) for n in notifications],
        "profile_views": [], "profile_corrections": [],
    }
    if candidate is not None:
        data.update(_candidate_data(candidate))
    return data


def _candidate_data(candidate: Candidate) -> dict:
    profile = _columns(candidate)
    profile.update(
        agency=candidate.agency.name if candidate.agency else None,
        permit_employer=candidate.permit_employer.name if candidate.permit_employer else None,
        preferred_regions=[r.code for r in candidate.preferred_regions],
        certifications=[c.code for c in candidate.certifications],
        desired_occupations=[o.noc_code for o in candidate.desired_occupations])
    applications = db.session.scalars(
        select(Application).where(Application.candidate_id == candidate.id)
        .options(selectinload(Application.events), selectinload(Application.posting))
        .order_by(Application.created_at)).all()
    plan = db.session.scalar(select(ActionPlan).where(ActionPlan.candidate_id == candidate.id))
    return {
        "profile": profile,
        "experiences": [_columns(e, exclude=("candidate_id",)) for e in candidate.experiences],
        "applications": [{
            **_columns(a, exclude=("candidate_id",)),
            "posting_title": a.posting.title, "employer": a.posting.employer.name,
            "history": [_columns(e, exclude=("application_id", "actor_id")) for e in a.events],
            "messages": [_columns(m, exclude=("application_id", "author_id"))
                         for m in a.messages],
        } for a in applications],
        "action_plan": None if plan is None else {
            **_columns(plan, exclude=("candidate_id",)),
            "actions": [_columns(a, exclude=("plan_id",)) for a in plan.actions]},
        "profile_views": [{"at": _value(v.at), "viewer_role": v.role,
                           "organization": v.organization, "part": v.part}
                          for v in profile_views(candidate.id)],
        # What staff corrected on the profile, with the evidence and the note (never notes
        # of the case file: DESIGN §7.2 keeps those to the agency).
        "profile_corrections": [_columns(c, exclude=("candidate_id", "corrected_by_id"))
                                for c in db.session.scalars(select(ProfileCorrection).where(
                                    ProfileCorrection.candidate_id == candidate.id)
                                    .order_by(ProfileCorrection.id))],
        **_placement_data(candidate),
    }


def _placement_data(candidate: Candidate) -> dict:
    """Return the candidate's wish list and the placement rounds that proposed them."""
    stars = db.session.scalars(select(PostingStar).where(PostingStar.candidate_id == candidate.id)
                               .order_by(PostingStar.created_at, PostingStar.id)).all()
    proposals = db.session.scalars(select(PlacementProposal).where(
        PlacementProposal.candidate_id == candidate.id).order_by(PlacementProposal.id)).all()
    return {
        "wish_list": [{"posting_id": s.posting_id, "posting_title": s.posting.title,
                       "starred_at": _value(s.created_at)} for s in stars],
        "placement_proposals": [{
            **_columns(p, exclude=("candidate_id",)), "posting_title": p.posting.title,
            "round_at": _value(p.round.created_at)} for p in proposals],
    }


def record_export(user: User) -> None:
    """Note in the audit log that the user downloaded their data."""
    audit.record("account.exported", user)


def delete_account(user: User, *, retention: bool = False) -> None:
    """Delete the account and every piece of personal data, in the caller's transaction.

    Applications stay, detached from the person (anonymous statistics), and so do
    hires, which keep the agency; audit events keep only ids. The messages exchanged
    with employers about the applications are deleted. Messages written to other people
    that name the candidate are redacted. `retention`: the retention job
    (not the person) removes an inactive account, and the audit log says so.
    """
    candidate = db.session.scalar(select(Candidate).where(Candidate.user_id == user.id))
    exact, within = _personal_strings(user, candidate)
    candidate_id = candidate.id if candidate is not None else None
    if retention:
        audit.record("account.anonymized", user, actor=None, reason="retention",
                     candidate_id=candidate_id)
    else:
        audit.record("account.deleted", user, actor=user, candidate_id=candidate_id)
    if candidate is not None:
        plans = select(ActionPlan.id).where(ActionPlan.candidate_id == candidate.id)
        db.session.execute(delete(PlanAction).where(PlanAction.plan_id.in_(plans)))
        db.session.execute(delete(CaseNote).where(CaseNote.candidate_id == candidate.id))
        db.session.execute(delete(ActionPlan).where(ActionPlan.candidate_id == candidate.id))
        # The conversations about the person's applications go with the person.
        db.session.execute(delete(ThreadMessage).where(ThreadMessage.application_id.in_(
            select(Application.id).where(Application.candidate_id == candidate.id))))
        db.session.execute(update(Application).where(Application.candidate_id == candidate.id)
                           .values(candidate_id=None))
        db.session.delete(candidate)  # its experiences and link rows go with it
        db.session.flush()
    for model in (Consent, Notification, OutboxMessage, PasswordResetToken, ApiToken,
                  MfaRecoveryCode):
        db.session.execute(delete(model).where(model.user_id == user.id))
    db.session.execute(delete(OutboxMessage).where(OutboxMessage.to_address == user.email))
    db.session.execute(update(ApplicationEvent).where(ApplicationEvent.actor_id == user.id)
                       .values(actor_id=None))
    _redact_messages(exact, within)
    revoke_sessions(user)
    db.session.delete(user)
    db.session.flush()


def _personal_strings(user: User, candidate: Candidate | None) -> tuple[set, set]:
    """Return strings that identify the person: whole values, and text to find anywhere."""
    within = {user.email}
    exact = set()
    if candidate is not None:
        exact |= {name for name in (candidate.first_name, candidate.last_name) if name}
        within |= {text for text in (candidate.display_name, candidate.phone,
                                     f"{candidate.last_name}, {candidate.first_name}")
                   if len(text.strip(", ")) >= 3}
    return exact, within


def _redact(value, exact: set, within: set):
    if isinstance(value, str):
        if value in exact:
            return REDACTED
        for text in within:
            value = value.replace(text, REDACTED)
        return value
    if isinstance(value, dict):
        return {key: _redact(item, exact, within) for key, item in value.items()}
    if isinstance(value, list):
        return [_redact(item, exact, within) for item in value]
    return value


def _redact_messages(exact: set, within: set) -> None:
    """Redact the person from messages addressed to other users (outbox, notifications)."""
    texts = exact | within
    if not texts:
        return
    # JSON columns hold "é" as "\u00e9": look for both spellings.
    needles = texts | {json.dumps(text)[1:-1] for text in texts}
    payload = cast(Notification.payload, String)
    for note in db.session.scalars(select(Notification).where(
            or_(*(payload.contains(n, autoescape=True) for n in needles)))):
        note.payload = _redact(note.payload, exact, within)
    for message in db.session.scalars(select(OutboxMessage).where(or_(*(
            column.contains(n, autoescape=True)
            for n in within for column in (OutboxMessage.subject, OutboxMessage.body))))):
        message.subject = _redact(message.subject, set(), within)
        message.body = _redact(message.body, set(), within)
