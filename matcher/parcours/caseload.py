"""What needs an officer today: the lists of their home page, and counts per officer.

Each list is read with one query over the officer's caseload (the candidates they
follow) or over the whole agency, and the 5-day rule words each item with
parcours.rules. The counts per officer are grouped by the database
(parcours.queries), so they hold for an agency of any size.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import Select, and_, case, exists, func, or_, select
from sqlalchemy.orm import selectinload

from matcher import clock, policy
from matcher.candidates.permit_alerts import STAGES
from matcher.candidates.rules import PERMIT_HOLDING_KINDS
from matcher.extensions import db
from matcher.models import ActionPlan, Application, Candidate, Hire, PlanAction, User
from matcher.models.candidate import FRENCH_SKILLS
from matcher.parcours import queries, rules
from matcher.parcours.catalogue import RETENTION_KINDS
from matcher.parcours.services import meeting_reference

ACTION_HORIZON = 7  # days ahead an action shows as coming up
INVITATION_WAIT = 7  # days an invitation waits before it needs a nudge
CHECK_IN_WINDOW = (-7, 30)  # a retention call shows from 7 days before the mark to 30 after
SCOPES = ("mine", "agency", "unassigned")


@dataclass(frozen=True)
class Item:
    candidate: Candidate
    day: date | None  # the date that matters (deadline, due date, expiry ...)
    state: str  # a code the template words: overdue, due, expired, 30, 90 ...
    detail: object = None  # the action, the application, the hire mark ...


@dataclass
class Home:
    scope: str
    first_meetings: list[Item] = field(default_factory=list)
    actions: list[Item] = field(default_factory=list)
    permits: list[Item] = field(default_factory=list)
    to_verify: list[Item] = field(default_factory=list)
    invitations: list[Item] = field(default_factory=list)
    check_ins: list[Item] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(len(items) for items in (self.first_meetings, self.actions, self.permits,
                                            self.to_verify, self.invitations, self.check_ins))


def caseload(user: User, scope: str) -> Select:
    """Select the active candidates in a scope: the user's own, the agency's, or unassigned."""
    query = policy.candidates_for_staff(user).join(User, Candidate.user_id == User.id).where(
        User.active.is_(True))
    if scope == "mine":
        return query.where(Candidate.officer_id == user.id)
    if scope == "unassigned":
        return query.where(Candidate.officer_id.is_(None))
    return query


def _open_plan():
    """Say the candidate has no closed plan (no plan at all counts as open)."""
    return ~exists().where(ActionPlan.candidate_id == Candidate.id,
                           ActionPlan.status == "closed")


def first_meetings(query: Select, today: date) -> list[Item]:
    """List the people whose first meeting is not recorded yet, most overdue first."""
    met = exists().where(ActionPlan.candidate_id == Candidate.id,
                         ActionPlan.first_meeting_on.is_not(None))
    items = []
    for candidate in db.session.scalars(query.where(~met, _open_plan())):
        deadline = rules.first_meeting_deadline(meeting_reference(candidate))
        state = rules.first_meeting_state(meeting_reference(candidate), None, today)
        items.append(Item(candidate, deadline, state))
    return sorted(items, key=lambda item: (item.day, item.candidate.id))


def actions_due(query: Select, today: date) -> list[Item]:
    """List the open actions due within a week or overdue, oldest due date first."""
    rows = db.session.execute(
        select(PlanAction, Candidate).join(ActionPlan, PlanAction.plan_id == ActionPlan.id)
        .join(Candidate, ActionPlan.candidate_id == Candidate.id)
        .where(Candidate.id.in_(query.with_only_columns(Candidate.id)),
               ActionPlan.status != "closed", PlanAction.status.in_(rules.OPEN_ACTION),
               PlanAction.due_on <= today + timedelta(days=ACTION_HORIZON))
        .order_by(PlanAction.due_on, PlanAction.id)).all()
    return [Item(candidate, action.due_on,
                 "overdue" if action.due_on < today else
                 ("today" if action.due_on == today else "soon"), action)
            for action, candidate in rows]


def permits(query: Select, today: date) -> list[Item]:
    """List the permits that expire within 90 days or have expired, soonest first."""
    rows = db.session.scalars(query.where(
        Candidate.permit_kind.in_(PERMIT_HOLDING_KINDS),
        Candidate.permit_expires_on <= today + timedelta(days=max(STAGES)))
        .order_by(Candidate.permit_expires_on, Candidate.id))
    items = []
    for candidate in rows:
        expires_on, renewal = candidate.permit_expires_on, candidate.permit_renewal_applied_on
        if expires_on < today:
            state = "maintained" if renewal and renewal <= expires_on else "expired"
        else:
            state = "30" if (expires_on - today).days <= min(STAGES) else "90"
        items.append(Item(candidate, expires_on, state))
    return items


def to_verify(query: Select) -> list[Item]:
    """List the profiles with a permit or complete French levels not checked yet."""
    permit = and_(Candidate.permit_kind.in_(PERMIT_HOLDING_KINDS),
                  Candidate.permit_verified_at.is_(None))
    french = and_(Candidate.french_verified_at.is_(None),
                  *(getattr(Candidate, f"french_{s}").is_not(None) for s in FRENCH_SKILLS))
    items = []
    for candidate in db.session.scalars(query.where(or_(permit, french)).order_by(
            Candidate.created_at, Candidate.id)):
        what = [name for name, missing in (
            ("permit", candidate.permit_kind in PERMIT_HOLDING_KINDS
             and candidate.permit_verified_at is None),
            ("french", candidate.french_verified_at is None)) if missing]
        items.append(Item(candidate, None, "+".join(what)))
    return items


def invitations(query: Select, now: datetime) -> list[Item]:
    """List the invitations the person has left unanswered for a week or more."""
    rows = db.session.execute(
        select(Application, Candidate).join(Candidate, Application.candidate_id == Candidate.id)
        .where(Candidate.id.in_(query.with_only_columns(Candidate.id)),
               Application.status == "invited",
               Application.created_at <= now - timedelta(days=INVITATION_WAIT))
        .options(selectinload(Application.posting)).order_by(Application.created_at)).all()
    return [Item(candidate, application.created_at.astimezone(clock.QUEBEC).date(), "waiting",
                 application) for application, candidate in rows]


def check_ins(query: Select, today: date) -> list[Item]:
    """List the hired people due a retention call (90, 180, 365 days) not yet recorded."""
    earliest = today - timedelta(days=max(RETENTION_KINDS) + CHECK_IN_WINDOW[1])
    rows = db.session.execute(
        select(Hire, Candidate).join(Candidate, Hire.person_id == Candidate.id)
        .where(Candidate.id.in_(query.with_only_columns(Candidate.id)),
               Hire.start_on >= earliest, Hire.start_on <= today)
        .order_by(Hire.start_on, Hire.id)).all()
    called = _calls_recorded([candidate.id for _hire, candidate in rows])
    items = []
    for hire, candidate in rows:
        for days, kind in RETENTION_KINDS.items():
            mark = hire.start_on + timedelta(days=days)
            in_window = mark + timedelta(days=CHECK_IN_WINDOW[0]) <= today <= mark + timedelta(
                days=CHECK_IN_WINDOW[1])
            still_there = hire.end_on is None or hire.end_on >= mark
            if in_window and still_there and (candidate.id, kind) not in called:
                items.append(Item(candidate, mark, str(days), hire))
    return sorted(items, key=lambda item: (item.day, item.candidate.id))


def _calls_recorded(candidate_ids: list[int]) -> set[tuple[int, str]]:
    if not candidate_ids:
        return set()
    return set(db.session.execute(
        select(ActionPlan.candidate_id, PlanAction.kind)
        .join(PlanAction, PlanAction.plan_id == ActionPlan.id)
        .where(ActionPlan.candidate_id.in_(candidate_ids),
               PlanAction.kind.in_(RETENTION_KINDS.values()), PlanAction.status == "done")).all())


def home(user: User, scope: str) -> Home:
    """Gather what needs the officer today in a scope."""
    today, query = clock.today(), caseload(user, scope)
    return Home(scope=scope, first_meetings=first_meetings(query, today),
                actions=actions_due(query, today), permits=permits(query, today),
                to_verify=to_verify(query), invitations=invitations(query, clock.now()),
                check_ins=check_ins(query, today))


@dataclass(frozen=True)
class OfficerCounts:
    officer: User | None
    people: int
    meetings_overdue: int
    actions_overdue: int


def counts_per_officer(user: User) -> list[OfficerCounts]:
    """Count, per officer of the user's agency, their people and what is overdue (in SQL)."""
    today = clock.today()
    overdue = queries.overdue_actions(today)
    rows = db.session.execute(
        caseload(user, "agency").with_only_columns(
            Candidate.officer_id, func.count(),
            func.coalesce(func.sum(case((queries.meeting_state(today) == "overdue", 1),
                                        else_=0)), 0),
            func.coalesce(func.sum(overdue.c.overdue), 0))
        .outerjoin(ActionPlan, ActionPlan.candidate_id == Candidate.id)
        .outerjoin(overdue, overdue.c.candidate_id == Candidate.id)
        .group_by(Candidate.officer_id)).all()
    officers = {o.id: o for o in db.session.scalars(select(User).where(
        User.id.in_([row[0] for row in rows if row[0] is not None])))}
    counts = [OfficerCounts(officers.get(key), people, late, actions)
              for key, people, late, actions in rows]
    return sorted(counts, key=lambda r: (r.officer is None, r.officer.email if r.officer else ""))
