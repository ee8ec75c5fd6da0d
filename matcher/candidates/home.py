"""What the candidate's home page gathers: the next step and what waits for them."""

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select

from matcher import clock
from matcher.candidates import services
from matcher.extensions import db
from matcher.matching.queries import PostingMatch, matches_for
from matcher.models import Application, Candidate, Notification
from matcher.parcours import services as parcours

WAITING = "invited"
CLOSED = ("declined", "rejected", "withdrawn")


@dataclass(frozen=True)
class Home:
    steps: list
    next_step: services.Step | None
    invitations: list[Application] = field(default_factory=list)
    applications: list[Application] = field(default_factory=list)
    matches: list[PostingMatch] = field(default_factory=list)
    new_matches: list[PostingMatch] = field(default_factory=list)
    plan_action: object = None
    notices: list[Notification] = field(default_factory=list)


def first_incomplete(steps: list) -> services.Step | None:
    """Return the first step still to complete (a step that is a choice never blocks)."""
    return next((step for step in steps if step.done is False), None)


def new_since(matches: list[PostingMatch], since: datetime | None) -> list[PostingMatch]:
    """Keep the matches published after the previous visit (none on a first visit)."""
    if since is None:
        return []
    return [m for m in matches if m.posting.published_at and m.posting.published_at > since]


def home_of(candidate: Candidate, on: date, since: datetime | None) -> Home:
    """Gather the candidate's next step, invitations, applications, matches and plan."""
    steps = services.steps(candidate)
    if candidate.id is None:
        return Home(steps, first_incomplete(steps))
    applications = list(db.session.scalars(
        select(Application).where(Application.candidate_id == candidate.id)
        .order_by(Application.created_at.desc())))
    matches = matches_for(candidate, on)
    plan = parcours.plan_of(candidate)
    return Home(
        steps, first_incomplete(steps),
        invitations=[a for a in applications if a.status == WAITING],
        applications=[a for a in applications if a.status not in (WAITING, *CLOSED)],
        matches=matches, new_matches=new_since(matches, since),
        plan_action=parcours.next_action(plan) if plan is not None else None,
        notices=unread_notices(candidate.user_id))


NOTICES_SHOWN = 5
# The kinds candidates/home.html words; others (HR's, for instance) must not be marked read unseen.
HOME_NOTICE_KINDS = ("matches.weekly", "application.status", "application.rejected",
                     "interview.proposed", "profile.corrected")


def unread_notices(user_id: int) -> list[Notification]:
    """Return the latest notices the person has not seen yet (status changes, new matches)."""
    return list(db.session.scalars(
        select(Notification).where(Notification.user_id == user_id,
                                   Notification.read_at.is_(None),
                                   Notification.kind.in_(HOME_NOTICE_KINDS))
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(NOTICES_SHOWN)))


def mark_read(notices: list[Notification]) -> None:
    """Record that the notices were shown (they leave the home on the next visit)."""
    now = clock.now()
    for notice in notices:
        notice.read_at = now
