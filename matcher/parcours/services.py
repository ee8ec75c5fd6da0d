"""Parcours services: the officer, the plan and its actions. Nothing here commits.

Every refusal is a `ParcoursError` whose `code` names the reason (translated in
parcours.messages) and whose `field` names the form field it belongs to.
"""

from datetime import date

from sqlalchemy import select

from matcher import audit, clock
from matcher.extensions import db
from matcher.models import ActionPlan, Candidate, Hire, PlanAction, User
from matcher.models.action_plan import CLOSE_REASONS, MEETING_MODES, PLAN_STEPS
from matcher.parcours import rules
from matcher.parcours.catalogue import KINDS


class ParcoursError(ValueError):
    """A change the Parcours rules refuse."""

    def __init__(self, code: str, field: str | None = None):
        super().__init__(code)
        self.code = code
        self.field = field


def joined_on(candidate: Candidate) -> date:
    """Return the day the person joined the program (their profile's creation, in Québec)."""
    created = candidate.created_at or clock.now()
    return created.astimezone(clock.QUEBEC).date()


def meeting_reference(candidate: Candidate) -> date:
    """Return the day the 5-day count of this person's first meeting starts from."""
    return rules.meeting_reference(candidate.arrival_date, joined_on(candidate))


def plan_of(candidate: Candidate) -> ActionPlan | None:
    """Return the candidate's plan, if one was started."""
    return db.session.scalar(select(ActionPlan).where(ActionPlan.candidate_id == candidate.id))


def plan_or_blank(candidate: Candidate) -> ActionPlan:
    """Return the candidate's plan, or an unsaved blank one to show."""
    return plan_of(candidate) or ActionPlan(candidate_id=candidate.id, status="new",
                                            officer_id=candidate.officer_id)


def ensure_plan(candidate: Candidate) -> ActionPlan:
    """Return the candidate's plan, starting it (status new) if there is none."""
    plan = plan_of(candidate)
    if plan is None:
        plan = ActionPlan(candidate_id=candidate.id, officer_id=candidate.officer_id,
                          status="new")
        db.session.add(plan)
        db.session.flush()
        audit.record("plan.started", plan, candidate_id=candidate.id)
    return plan


def officers_for(candidate: Candidate, user: User) -> list[User]:
    """Return the active staff who may follow this person: their agency's (else the user's)."""
    agency_id = candidate.agency_id or user.agency_id
    if agency_id is None:
        return []
    return list(db.session.scalars(
        select(User).where(User.role == "staff", User.active.is_(True),
                           User.agency_id == agency_id).order_by(User.email)))


def assign_officer(candidate: Candidate, officer_id: int, actor: User) -> None:
    """Make a staff user the person's integration officer (a transfer if there was one)."""
    officer = {o.id: o for o in officers_for(candidate, actor)}.get(officer_id)
    if officer is None:
        raise ParcoursError("officer_not_allowed", "officer")
    if candidate.officer_id == officer.id:
        return
    before = candidate.officer_id
    if candidate.agency_id is None:
        candidate.agency_id = officer.agency_id
    candidate.officer_id = officer.id
    plan = plan_of(candidate)
    if plan is not None:
        plan.officer_id = officer.id
    action = "candidate.officer_assigned" if before is None else "candidate.officer_transferred"
    audit.record(action, candidate, actor=actor, from_officer_id=before, to_officer_id=officer.id)


def _open_plan(candidate: Candidate) -> ActionPlan:
    plan = ensure_plan(candidate)
    if plan.status == "closed":
        raise ParcoursError("plan_closed")
    return plan


def _advance(plan: ActionPlan) -> None:
    db.session.flush()
    plan.status = rules.advanced_status(plan.status, plan.first_meeting_on is not None,
                                        [action.status for action in plan.actions])


def record_first_meeting(candidate: Candidate, met_on: date, mode: str, actor: User,
                         today: date) -> ActionPlan:
    """Record (or correct) the first meeting's date and mode."""
    if mode not in MEETING_MODES:
        raise ParcoursError("unknown_mode", "mode")
    if met_on > today:
        raise ParcoursError("meeting_in_future", "met_on")
    if candidate.arrival_date and met_on < candidate.arrival_date:
        raise ParcoursError("meeting_before_arrival", "met_on")
    plan = _open_plan(candidate)
    corrected = plan.first_meeting_on is not None
    plan.first_meeting_on, plan.first_meeting_mode = met_on, mode
    _advance(plan)
    audit.record("plan.first_meeting_corrected" if corrected else "plan.first_meeting_recorded",
                 plan, actor=actor, met_on=met_on.isoformat(), mode=mode,
                 on_time=rules.meeting_on_time(meeting_reference(candidate), met_on))
    return plan


def add_action(candidate: Candidate, step: str, kind: str | None, title: str,
               due_on: date | None, actor: User, today: date) -> PlanAction:
    """Add an action to one step of the plan, from the catalogue or in the officer's words."""
    if step not in PLAN_STEPS:
        raise ParcoursError("unknown_step")
    plan = _open_plan(candidate)
    if plan.first_meeting_on is None:
        raise ParcoursError("no_first_meeting")
    if kind and (kind not in KINDS or KINDS[kind].step != step):
        raise ParcoursError("unknown_kind", "kind")
    title = (title or "").strip()
    if not kind and not title:
        raise ParcoursError("kind_or_title", "kind")
    if due_on is not None and due_on < today:
        raise ParcoursError("due_in_past", "due_on")
    action = PlanAction(step=step, kind=kind or None, title=title, due_on=due_on,
                        status="to_do", created_by_id=actor.id)
    plan.actions.append(action)
    _advance(plan)
    audit.record("plan.action_added", action, actor=actor, plan_id=plan.id, step=step,
                 kind=kind or None)
    return action


def move_action(action: PlanAction, to_status: str, actor: User, today: date) -> None:
    """Move an action to another status: started, done (today, by the actor), cancelled."""
    if to_status not in rules.ACTION_MOVES.get(action.status, ()):
        raise ParcoursError("move_not_allowed")
    if action.plan.status == "closed":
        raise ParcoursError("plan_closed")
    before = action.status
    action.status = to_status
    action.done_on = today if to_status == "done" else None
    action.done_by_id = actor.id if to_status == "done" else None
    _advance(action.plan)
    audit.record("plan.action_moved", action, actor=actor, plan_id=action.plan_id,
                 from_status=before, to_status=to_status)


def hires_of(candidate: Candidate) -> list[tuple[date, date | None]]:
    """Return the (start, end) of each of the person's hires."""
    return [tuple(row) for row in db.session.execute(
        select(Hire.start_on, Hire.end_on).where(Hire.person_id == candidate.id))]


def close_plan(candidate: Candidate, reason: str, actor: User, today: date) -> ActionPlan:
    """Close the plan: the person was retained a year in a job, or left the program."""
    if reason not in CLOSE_REASONS:
        raise ParcoursError("unknown_reason", "reason")
    plan = _open_plan(candidate)
    if reason == "retained" and not rules.retained_a_year(hires_of(candidate), today):
        raise ParcoursError("not_retained_a_year", "reason")
    plan.status, plan.closed_on, plan.closed_reason = "closed", today, reason
    audit.record("plan.closed", plan, actor=actor, reason=reason)
    return plan


def reopen_plan(candidate: Candidate, actor: User) -> ActionPlan:
    """Reopen a closed plan at the stage its meeting and actions show."""
    plan = plan_of(candidate)
    if plan is None or plan.status != "closed":
        raise ParcoursError("not_closed")
    plan.closed_on = plan.closed_reason = None
    plan.status = rules.derived_status(plan.first_meeting_on is not None,
                                       [action.status for action in plan.actions])
    audit.record("plan.reopened", plan, actor=actor)
    return plan


def next_action(plan: ActionPlan) -> PlanAction | None:
    """Return the open action to do first: the soonest due, then the oldest."""
    open_actions = [a for a in plan.actions if a.status in rules.OPEN_ACTION]
    return min(open_actions, key=lambda a: (a.due_on is None, a.due_on or date.max, a.id),
               default=None)
