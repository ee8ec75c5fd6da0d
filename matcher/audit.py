"""Writing to the append-only audit log."""

from flask import g, has_request_context, request
from flask_login import current_user

from matcher.extensions import db
from matcher.models import AuditEvent

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
