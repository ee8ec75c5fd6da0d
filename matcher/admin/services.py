"""Queries behind the admin pages."""

from datetime import UTC, datetime, time, timedelta

from sqlalchemy import Select, select

from matcher.models import AuditEvent, User

PAGE_SIZE = 50


def users_query(q: str | None, role: str | None) -> Select:
    """Select users, newest first, filtered by email and role."""
    query = select(User).order_by(User.id.desc())
    if q:
        query = query.where(User.email.contains(q.strip().lower(), autoescape=True))
    if role:
        query = query.where(User.role == role)
    return query


def audit_query(filters: dict) -> Select:
    """Select audit events, newest first, filtered by the given criteria."""
    query = select(AuditEvent).order_by(AuditEvent.id.desc())
    if filters.get("action"):
        query = query.where(AuditEvent.action.startswith(filters["action"], autoescape=True))
    if filters.get("actor_id"):
        query = query.where(AuditEvent.actor_id == filters["actor_id"])
    if filters.get("subject_type"):
        query = query.where(AuditEvent.subject_type == filters["subject_type"])
    if filters.get("since"):
        query = query.where(AuditEvent.at >= datetime.combine(filters["since"], time(), UTC))
    if filters.get("until"):
        end = datetime.combine(filters["until"] + timedelta(days=1), time(), UTC)
        query = query.where(AuditEvent.at < end)
    return query
