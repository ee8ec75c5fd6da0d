"""Writing to the append-only audit log."""

from datetime import timedelta

from flask import g, has_request_context, request
from flask_login import current_user
from sqlalchemy import func, select

from matcher import clock
from matcher.extensions import db
from matcher.models import AuditEvent

DENIED = "access.denied"

# Keys that must never reach the log, whatever a caller passes.
FORBIDDEN_KEYS = {"password", "token", "permit", "sin", "email_body", "secret"}


def record(action: str, subject=None, *, actor=None, **details) -> AuditEvent:
    """Append an event: who (default: the current user) did what to what, and from where
    (through which API token, if any).

    `details` holds identifiers and codes only: never a password, token or
    permit detail.
    """
    for key in details:
        if any(word in key.lower() for word in FORBIDDEN_KEYS):
            raise ValueError(f"audit details may not hold {key!r}")
    if has_request_context() and g.get("api_token_id") is not None:
        # A change made through the API names the token that made it.
        details = {**details, "api_token_id": g.api_token_id}
    if subject is not None and getattr(subject, "id", None) is None:
        db.session.flush()
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user
    event = AuditEvent(
        action=action,
        actor_id=actor.id if actor is not None else None,
        actor_role=actor.role if actor is not None else None,
        subject_type=type(subject).__name__ if subject is not None else None,
        subject_id=getattr(subject, "id", None),
        ip_address=request.remote_addr if has_request_context() else None,
        details=details,
    )
    db.session.add(event)
    return event


def record_denial(user, subject_type: str, subject_id: int | None, limit: int) -> bool:
    """Append an "access.denied" event unless the user already has `limit` in the last minute.

    Only ids and codes are written: the user, the kind and id of the object, the endpoint.
    The last event a minute allows says so (`limit_reached`), so a reader of the log knows
    that later denials of that minute were not written. Say whether the event was added.
    """
    since = clock.now() - timedelta(minutes=1)
    recent = db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.actor_id == user.id, AuditEvent.action == DENIED, AuditEvent.at > since))
    if recent >= limit:
        return False
    details = {"endpoint": request.endpoint, "method": request.method}
    if recent + 1 == limit:
        details["limit_reached"] = True
    db.session.add(AuditEvent(
        action=DENIED, actor_id=user.id, actor_role=user.role, subject_type=subject_type,
        subject_id=subject_id, ip_address=request.remote_addr, details=details))
    return True
