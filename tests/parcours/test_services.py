"""Parcours services: the workflow of a plan, its actions, the officer, its audit trail."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from matcher.extensions import db
from matcher.models import ActionPlan, AuditEvent, Candidate, Hire, User
from matcher.parcours import services
from matcher.parcours.services import ParcoursError
from tests import factories as f
from tests.parcours.conftest import ARRIVAL, TODAY


def load(ids):
    return db.session.get(Candidate, ids["candidate"]), db.session.get(User, ids["officer"])


def actions_of(candidate):
    return [a.action for a in db.session.scalars(
        select(AuditEvent).order_by(AuditEvent.id))]


def test_the_workflow_goes_from_new_to_actions(app, people):
    with app.app_context():
        candidate, officer = load(people)
        assert services.plan_of(candidate) is None
        plan = services.record_first_meeting(candidate, ARRIVAL + timedelta(days=4), "phone",
                                             officer, TODAY)
        assert plan.status == "first_meeting"
        action = services.add_action(candidate, "francization", "francisation_registration",
                                     "", TODAY + timedelta(days=7), officer, TODAY)
        assert plan.status == "plan"
        services.move_action(action, "in_progress", officer, TODAY)
        assert plan.status == "actions"
        services.move_action(action, "done", officer, TODAY)
        assert (action.done_on, action.done_by_id) == (TODAY, officer.id)
        services.move_action(action, "to_do", officer, TODAY)
        assert plan.status == "actions", "a plan does not move back by itself"
        assert action.done_on is None and action.done_by_id is None
        assert actions_of(candidate) == [
            "plan.started", "plan.first_meeting_recorded", "plan.action_added",
            "plan.action_moved", "plan.action_moved", "plan.action_moved"]


def test_actions_wait_for_the_first_meeting(app, people):
    with app.app_context():
        candidate, officer = load(people)
        with pytest.raises(ParcoursError) as error:
            services.add_action(candidate, "arrival", "housing", "", None, officer, TODAY)
        assert error.value.code == "no_first_meeting"


@pytest.mark.parametrize(("met_on", "code"), [
    (TODAY + timedelta(days=1), "meeting_in_future"),
    (ARRIVAL - timedelta(days=1), "meeting_before_arrival"),
])
def test_a_first_meeting_cannot_be_in_the_future_or_before_arrival(app, people, met_on, code):
    with app.app_context():
        candidate, officer = load(people)
        with pytest.raises(ParcoursError) as error:
            services.record_first_meeting(candidate, met_on, "in_person", officer, TODAY)
        assert error.value.code == code


@pytest.mark.parametrize(("step", "kind", "title", "due_on", "code"), [
    ("arrival", "pdsb", "", None, "unknown_kind"),  # PDSB belongs to job-market integration
    ("arrival", "nothing", "", None, "unknown_kind"),
    ("arrival", "", "   ", None, "kind_or_title"),
    ("arrival", "housing", "", TODAY - timedelta(days=1), "due_in_past"),
    ("elsewhere", "", "Visite", None, "unknown_step"),
])
def test_bad_actions_are_refused(app, people, step, kind, title, due_on, code):
    with app.app_context():
        candidate, officer = load(people)
        services.record_first_meeting(candidate, TODAY, "video", officer, TODAY)
        with pytest.raises(ParcoursError) as error:
            services.add_action(candidate, step, kind, title, due_on, officer, TODAY)
        assert error.value.code == code


def test_a_free_text_action_keeps_the_officers_words(app, people):
    with app.app_context():
        candidate, officer = load(people)
        services.record_first_meeting(candidate, TODAY, "video", officer, TODAY)
        action = services.add_action(candidate, "community", "", "Club de soccer", None,
                                     officer, TODAY)
        assert (action.kind, action.title) == (None, "Club de soccer")


def test_moves_outside_the_workflow_are_refused(app, people):
    with app.app_context():
        candidate, officer = load(people)
        services.record_first_meeting(candidate, TODAY, "video", officer, TODAY)
        action = services.add_action(candidate, "arrival", "sin", "", None, officer, TODAY)
        services.move_action(action, "cancelled", officer, TODAY)
        with pytest.raises(ParcoursError):
            services.move_action(action, "done", officer, TODAY)


def test_closing_as_retained_needs_a_year_in_a_job(app, people):
    with app.app_context():
        candidate, officer = load(people)
        services.record_first_meeting(candidate, TODAY, "in_person", officer, TODAY)
        with pytest.raises(ParcoursError) as error:
            services.close_plan(candidate, "retained", officer, TODAY)
        assert error.value.code == "not_retained_a_year"
        application = f.make_application(candidate, status="hired")
        db.session.add(Hire(application=application, posting_id=application.posting_id,
                            person_id=candidate.id, start_on=TODAY - timedelta(days=365)))
        db.session.flush()
        plan = services.close_plan(candidate, "retained", officer, TODAY)
        assert (plan.status, plan.closed_on, plan.closed_reason) == ("closed", TODAY, "retained")


def test_a_closed_plan_changes_no_more_until_reopened(app, people):
    with app.app_context():
        candidate, officer = load(people)
        services.record_first_meeting(candidate, TODAY, "in_person", officer, TODAY)
        action = services.add_action(candidate, "arrival", "sin", "", None, officer, TODAY)
        services.close_plan(candidate, "left", officer, TODAY)
        for change in (
                lambda: services.add_action(candidate, "arrival", "housing", "", None,
                                            officer, TODAY),
                lambda: services.move_action(action, "done", officer, TODAY),
                lambda: services.record_first_meeting(candidate, TODAY, "phone", officer,
                                                      TODAY)):
            with pytest.raises(ParcoursError) as error:
                change()
            assert error.value.code == "plan_closed"
        plan = services.reopen_plan(candidate, officer)
        assert (plan.status, plan.closed_on, plan.closed_reason) == ("plan", None, None)
        with pytest.raises(ParcoursError):
            services.reopen_plan(candidate, officer)


def test_assigning_and_transferring_the_officer_is_audited(app, people):
    with app.app_context():
        candidate, officer = load(people)
        services.record_first_meeting(candidate, TODAY, "in_person", officer, TODAY)
        services.assign_officer(candidate, people["colleague"], officer)
        assert candidate.officer_id == people["colleague"]
        assert db.session.scalar(select(ActionPlan.officer_id)) == people["colleague"]
        event = db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "candidate.officer_transferred"))
        assert event.details == {"from_officer_id": people["officer"],
                                 "to_officer_id": people["colleague"]}
        with pytest.raises(ParcoursError) as error:
            services.assign_officer(candidate, people["outsider"], officer)
        assert error.value.code == "officer_not_allowed"


def test_a_person_without_agency_joins_the_officers_agency(app, people):
    with app.app_context():
        officer = db.session.get(User, people["officer"])
        candidate = f.make_candidate(agency=None, officer=None)
        services.assign_officer(candidate, officer.id, officer)
        assert (candidate.agency_id, candidate.officer_id) == (people["agency"], officer.id)
        assert db.session.scalar(select(AuditEvent.action)) == "candidate.officer_assigned"


def test_the_next_action_is_the_soonest_due(app, people):
    with app.app_context():
        candidate, officer = load(people)
        services.record_first_meeting(candidate, TODAY, "in_person", officer, TODAY)
        services.add_action(candidate, "arrival", "housing", "", None, officer, TODAY)
        soon = services.add_action(candidate, "arrival", "sin", "", date(2026, 3, 20),
                                   officer, TODAY)
        services.add_action(candidate, "arrival", "bank_account", "", date(2026, 4, 1),
                            officer, TODAY)
        assert services.next_action(services.plan_of(candidate)) is soon
