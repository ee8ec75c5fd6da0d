"""The Parcours rules, as pure functions of dates and states (no database).

- The first meeting is due within 5 days of arrival in Québec (of joining the
  program when the arrival date is unknown), the day of arrival counting as the
  first: arriving on a Monday, the meeting is on time up to Friday.
- A plan moves new → first_meeting → plan → actions on its own as the officer
  records the meeting, adds actions and starts them; it never moves back by
  itself. It closes when the person is hired and retained 365 days, or left the
  program; a closed plan changes no more until it is reopened.
"""

from datetime import date, timedelta

from matcher.models.action_plan import ACTION_STATUSES, PLAN_STATUSES

FIRST_MEETING_DAYS = 5
RETENTION_DAYS = 365
OPEN_ACTION = ("to_do", "in_progress")

# Which status an action may move to from each status.
ACTION_MOVES = {
    "to_do": {"in_progress", "done", "cancelled"},
    "in_progress": {"done", "cancelled", "to_do"},
    "done": {"to_do"},
    "cancelled": {"to_do"},
}
assert set(ACTION_MOVES) == set(ACTION_STATUSES)


def meeting_reference(arrival_date: date | None, joined_on: date) -> date:
    """Return the day the 5-day count starts from: arrival in Québec, else joining."""
    return arrival_date or joined_on


def first_meeting_deadline(reference: date) -> date:
    """Return the last day a first meeting is on time (the reference day is day 1)."""
    return reference + timedelta(days=FIRST_MEETING_DAYS - 1)


def meeting_on_time(reference: date, met_on: date) -> bool:
    """Say whether a first meeting held on `met_on` met the 5-day deadline."""
    return met_on <= first_meeting_deadline(reference)


def first_meeting_state(reference: date, met_on: date | None, today: date) -> str:
    """Return "on_time" or "late" once held; before that "due" or "overdue"."""
    if met_on is not None:
        return "on_time" if meeting_on_time(reference, met_on) else "late"
    return "due" if today <= first_meeting_deadline(reference) else "overdue"


def action_is_overdue(status: str, due_on: date | None, today: date) -> bool:
    """Say whether an action still open is past its due date."""
    return status in OPEN_ACTION and due_on is not None and due_on < today


def derived_status(met: bool, action_statuses: list[str]) -> str:
    """Return the stage the facts show: meeting held, actions planned, actions started."""
    live = [status for status in action_statuses if status != "cancelled"]
    if any(status in ("in_progress", "done") for status in live):
        return "actions"
    if live:
        return "plan"
    return "first_meeting" if met else "new"


def advanced_status(current: str, met: bool, action_statuses: list[str]) -> str:
    """Move an open plan forward to what the facts show, never back."""
    if current == "closed":
        return current
    derived = derived_status(met, action_statuses)
    return max(current, derived, key=PLAN_STATUSES.index)


def retained_a_year(hires: list[tuple[date, date | None]], today: date) -> bool:
    """Say whether one hire (start, end) has lasted 365 days by today."""
    for start_on, end_on in hires:
        mark = start_on + timedelta(days=RETENTION_DAYS)
        if mark <= today and (end_on is None or end_on >= mark):
            return True
    return False
