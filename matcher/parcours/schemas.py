"""The shape of an action plan as the API returns it to the candidate's agency.

Read-only, and never the case notes: those stay with the agency's staff on the pages.
"""

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from matcher import clock
from matcher.models.action_plan import PLAN_STEPS
from matcher.parcours import catalogue, rules, services
from matcher.schemas import Out

Step = Literal["arrival", "francization", "job_market", "community"]
ActionStatus = Literal["to_do", "in_progress", "done", "cancelled"]
PlanStatus = Literal["new", "first_meeting", "plan", "actions", "closed"]


class ActionOut(Out):
    """One thing to do in one step of the plan."""

    id: int
    kind: str | None = Field(description=(
        "a code of the program's catalogue (francisation_registration, cpr, housing ...), "
        "or null for an action the officer typed"))
    label: str = Field(description="the catalogue's label in the asked language, with the "
                                   "officer's words after it")
    status: ActionStatus
    due_on: date | None
    done_on: date | None
    overdue: bool = Field(description="still to do or in progress, and past its due date")


class StepOut(Out):
    """One of the four steps of the Parcours, with its actions (due first)."""

    step: Step
    actions: list[ActionOut]


class FirstMeetingOut(Out):
    """The first meeting, due within 5 days of arrival in Québec (else of joining)."""

    due_by: date = Field(description="the last day the meeting is on time")
    held_on: date | None
    mode: Literal["in_person", "phone", "video"] | None
    state: Literal["due", "overdue", "on_time", "late"]


class PlanOut(Out):
    """A candidate's individual action plan (Parcours d'accompagnement personnalisé)."""

    external_id: str
    status: PlanStatus = Field(description="new, first_meeting, plan, actions or closed")
    started: bool = Field(description="false while the officer has not opened a plan yet")
    first_meeting: FirstMeetingOut
    steps: list[StepOut]
    closed_on: date | None
    closed_reason: Literal["retained", "left"] | None
    updated_at: datetime | None

    @classmethod
    def of(cls, candidate) -> "PlanOut":
        """Return the plan of a candidate (a blank one when none was started)."""
        today = clock.today()
        plan = services.plan_or_blank(candidate)
        reference = services.meeting_reference(candidate)
        return cls(
            external_id=candidate.external_id, status=plan.status, started=plan.id is not None,
            first_meeting=FirstMeetingOut(
                due_by=rules.first_meeting_deadline(reference), held_on=plan.first_meeting_on,
                mode=plan.first_meeting_mode,
                state=rules.first_meeting_state(reference, plan.first_meeting_on, today)),
            steps=[StepOut(step=step, actions=[
                ActionOut(id=action.id, kind=action.kind,
                          label=catalogue.action_label(action.kind, action.title),
                          status=action.status, due_on=action.due_on, done_on=action.done_on,
                          overdue=rules.action_is_overdue(action.status, action.due_on, today))
                for action in plan.actions if action.step == step]) for step in PLAN_STEPS],
            closed_on=plan.closed_on, closed_reason=plan.closed_reason,
            updated_at=plan.updated_at)
