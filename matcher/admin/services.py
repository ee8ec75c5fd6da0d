"""Queries behind the admin pages."""

from flask_babel import gettext as _
from sqlalchemy import Select, or_, select

from matcher.admin.audit_log import people_matching
from matcher.extensions import db
from matcher.models import Agency, AuditEvent, User

PAGE_SIZE = 50
RECENT_EVENTS = 10

def users_query(q: str | None, role: str | None) -> Select:
    """Select users, newest first, filtered by email or candidate name and by role."""
    query = select(User).order_by(User.id.desc())
    if q and q.strip():
        query = query.where(User.id.in_(people_matching(q)))
    if role:
        query = query.where(User.role == role)
    return query


def agency_choices(current: int | None) -> list[tuple[int, str]]:
    """Return (id, name) of the active agencies (and the current one), after "none"."""
    rows = db.session.execute(select(Agency.id, Agency.name).where(
        or_(Agency.active, Agency.id == current)).order_by(Agency.name))
    return [(0, _("No agency"))] + [(row.id, row.name) for row in rows]


def agency_or_none(agency_id: int) -> Agency | None:
    """Return the agency with this id, or None for 0 (no agency)."""
    return db.session.get(Agency, agency_id) if agency_id else None


def recent_events(user: User) -> list[AuditEvent]:
    """Return the latest events about an account or by it."""
    return list(db.session.scalars(
        select(AuditEvent).where(or_(AuditEvent.actor_id == user.id, (
            (AuditEvent.subject_type == "User") & (AuditEvent.subject_id == user.id))))
        .order_by(AuditEvent.id.desc()).limit(RECENT_EVENTS)))
