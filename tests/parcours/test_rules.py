"""The Parcours rules as pure functions: the 5-day deadline and the plan's workflow."""

from datetime import date

import pytest

from matcher.parcours import rules

MONDAY = date(2026, 3, 2)


def test_the_arrival_day_counts_as_the_first_of_the_five_days():
    assert rules.first_meeting_deadline(MONDAY) == date(2026, 3, 6)  # Friday
    assert rules.meeting_on_time(MONDAY, MONDAY)
    assert rules.meeting_on_time(MONDAY, date(2026, 3, 6))
    assert not rules.meeting_on_time(MONDAY, date(2026, 3, 7))


@pytest.mark.parametrize(("met_on", "today", "state"), [
    (None, date(2026, 3, 2), "due"),
    (None, date(2026, 3, 6), "due"),
    (None, date(2026, 3, 7), "overdue"),
    (date(2026, 3, 6), date(2026, 4, 1), "on_time"),
    (date(2026, 3, 7), date(2026, 4, 1), "late"),
])
def test_first_meeting_state_around_the_deadline(met_on, today, state):
    assert rules.first_meeting_state(MONDAY, met_on, today) == state


def test_the_count_starts_from_joining_when_the_arrival_date_is_unknown():
    assert rules.meeting_reference(None, date(2026, 5, 1)) == date(2026, 5, 1)
    assert rules.meeting_reference(MONDAY, date(2026, 5, 1)) == MONDAY


@pytest.mark.parametrize(("met", "statuses", "expected"), [
    (False, [], "new"),
    (True, [], "first_meeting"),
    (True, ["to_do"], "plan"),
    (True, ["cancelled"], "first_meeting"),
    (True, ["to_do", "in_progress"], "actions"),
    (True, ["done"], "actions"),
])
def test_the_plan_stage_follows_the_facts(met, statuses, expected):
    assert rules.derived_status(met, statuses) == expected


def test_a_plan_never_moves_back_by_itself_and_a_closed_one_stays_closed():
    assert rules.advanced_status("actions", True, ["to_do"]) == "actions"
    assert rules.advanced_status("plan", True, ["done"]) == "actions"
    assert rules.advanced_status("closed", True, ["to_do"]) == "closed"


def test_action_moves():
    assert "done" in rules.ACTION_MOVES["to_do"]
    assert rules.ACTION_MOVES["done"] == {"to_do"}
    assert "in_progress" not in rules.ACTION_MOVES["cancelled"]


def test_retained_a_year_needs_365_days_in_one_job():
    start = date(2025, 1, 10)
    assert rules.retained_a_year([(start, None)], date(2026, 1, 10))
    assert not rules.retained_a_year([(start, None)], date(2026, 1, 9))
    assert not rules.retained_a_year([(start, date(2025, 12, 31))], date(2026, 6, 1))
    assert rules.retained_a_year([(start, date(2026, 1, 10))], date(2026, 6, 1))


def test_overdue_actions_are_open_and_past_due():
    assert rules.action_is_overdue("to_do", date(2026, 3, 1), MONDAY)
    assert not rules.action_is_overdue("to_do", MONDAY, MONDAY)
    assert not rules.action_is_overdue("done", date(2026, 3, 1), MONDAY)
    assert not rules.action_is_overdue("to_do", None, MONDAY)
