"""The append-only audit log."""

from datetime import datetime

from sqlalchemy import JSON, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from matcher.extensions import db, listen_once
from matcher.models._common import created_at_column


class AuditEvent(db.Model):
    """Who did what to what, when and from where. Never updated nor deleted.

    The actor is kept as a plain id (no foreign key) so that deleting an
    account never rewrites history.
    """

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_subject", "subject_type", "subject_id"),
        Index("ix_audit_events_actor_at", "actor_id", "at"),
        Index("ix_audit_events_action_at", "action", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = created_at_column()
    actor_id: Mapped[int | None]
    actor_role: Mapped[str | None] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(50))
    subject_type: Mapped[str | None] = mapped_column(String(30))
    subject_id: Mapped[int | None]
    ip_address: Mapped[str | None] = mapped_column(String(45))
    details: Mapped[dict] = mapped_column(JSON, default=dict)


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or delete an audit event."""


def _refuse_update(mapper, connection, target):
    raise AppendOnlyError("audit events are append-only")


def _refuse_delete(mapper, connection, target):
    raise AppendOnlyError("audit events are append-only")


def init_app() -> None:
    """Make audit events append-only (once per process)."""
    listen_once(AuditEvent, "before_update", _refuse_update)
    listen_once(AuditEvent, "before_delete", _refuse_delete)
