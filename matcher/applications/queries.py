"""Read-side queries of applications, always scoped by the policy."""

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from matcher import policy
from matcher.models import Application, Posting, User


def candidate_applications(user: User) -> Select:
    """Select a candidate's own applications, newest first, with their postings."""
    return (policy.own_applications(user)
            .options(selectinload(Application.posting).selectinload(Posting.employer),
                     selectinload(Application.events), selectinload(Application.interviews))
            .order_by(Application.created_at.desc()))


def posting_applications(posting: Posting) -> Select:
    """Select the applications of one posting (already checked as the employer's)."""
    return (select(Application).where(Application.posting_id == posting.id)
            .options(selectinload(Application.candidate), selectinload(Application.hire),
                     selectinload(Application.events), selectinload(Application.notes),
                     selectinload(Application.interviews))
            .order_by(Application.created_at))
