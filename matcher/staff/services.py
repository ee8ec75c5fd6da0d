"""Staff work on candidates: finding them and verifying their documents."""

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import selectinload

from matcher import audit, clock
from matcher.candidates.rules import PERMIT_HOLDING_KINDS
from matcher.extensions import db
from matcher.models import Candidate, Hire, User
from matcher.models.candidate import FRENCH_SKILLS

PAGE_SIZE = 25


class VerificationError(ValueError):
    """There is nothing to verify yet (no permit in hand, levels missing)."""


def search(query: Select, text: str | None, to_verify: str | None) -> Select:
    """Narrow a staff user's candidates by name or email and by what awaits verification."""
    query = query.join(User, Candidate.user_id == User.id).options(
        selectinload(Candidate.user), selectinload(Candidate.experiences),
        selectinload(Candidate.preferred_regions))
    if text:
        text = text.strip()
        query = query.where(or_(*(column.icontains(text, autoescape=True) for column in (
            Candidate.first_name, Candidate.last_name, User.email))))
    if to_verify == "permit":
        query = query.where(Candidate.permit_kind.in_(PERMIT_HOLDING_KINDS),
                            Candidate.permit_verified_at.is_(None))
    elif to_verify == "french":
        query = query.where(Candidate.french_verified_at.is_(None), *(
            getattr(Candidate, f"french_{skill}").is_not(None) for skill in FRENCH_SKILLS))
    return query.order_by(Candidate.last_name, Candidate.first_name, Candidate.id)


def verifiers(candidate: Candidate) -> dict[int, str]:
    """Return the email of each staff user who verified something on this profile."""
    ids = {candidate.permit_verified_by_id, candidate.french_verified_by_id} - {None}
    if not ids:
        return {}
    return dict(db.session.execute(select(User.id, User.email).where(User.id.in_(ids))).all())


def can_verify(candidate: Candidate, what: str) -> bool:
    """Say whether there is something to check against documents."""
    if what == "permit":
        return candidate.permit_kind in PERMIT_HOLDING_KINDS
    return all(getattr(candidate, f"french_{skill}") for skill in FRENCH_SKILLS)


def set_verified(candidate: Candidate, what: str, verified: bool, staff: User) -> None:
    """Mark the permit or the French levels verified by this staff user now, or undo it."""
    if verified and not can_verify(candidate, what):
        raise VerificationError(what)
    setattr(candidate, f"{what}_verified_by_id", staff.id if verified else None)
    setattr(candidate, f"{what}_verified_at", clock.now() if verified else None)
    audit.record(f"candidate.{what}_{'verified' if verified else 'unverified'}", candidate)


def hires_of(candidate: Candidate) -> list[Hire]:
    """Return the person's hires, most recent first."""
    return list(db.session.scalars(
        select(Hire).where(Hire.person_id == candidate.id).order_by(Hire.start_on.desc())))
