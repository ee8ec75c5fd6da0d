"""A person's whole story for the officer: plan, deadline, applications, hires, matches."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from matcher import clock
from matcher.applications.notify import status_label
from matcher.candidates import rules as profile_rules
from matcher.extensions import db
from matcher.matching.queries import matches_for
from matcher.models import Application, Candidate, Hire
from matcher.parcours import rules, services

MATCHES_COUNTED = 500


def of(candidate: Candidate) -> dict:
    """Return what the plan page shows besides the forms."""
    today = clock.today()
    plan = services.plan_or_blank(candidate)
    reference = services.meeting_reference(candidate)
    return {
        "plan": plan,
        "actions_by_step": {step: [a for a in plan.actions if a.step == step]
                            for step in ("arrival", "francization", "job_market", "community")},
        "next_action": services.next_action(plan),
        "meeting_reference": reference,
        "meeting_deadline": rules.first_meeting_deadline(reference),
        "meeting_state": rules.first_meeting_state(reference, plan.first_meeting_on, today),
        "moves": rules.ACTION_MOVES,
        "overdue": lambda action: rules.action_is_overdue(action.status, action.due_on, today),
        "applications": db.session.scalars(
            select(Application).where(Application.candidate_id == candidate.id)
            .options(selectinload(Application.posting))
            .order_by(Application.created_at.desc())).all(),
        "hires": db.session.scalars(select(Hire).where(Hire.person_id == candidate.id)
                                    .order_by(Hire.start_on.desc())).all(),
        "status_label": status_label,
        "matches": len(matches_for(candidate, today, limit=MATCHES_COUNTED)),
        "permit_status": profile_rules.permit_status(
            candidate.permit_kind, candidate.permit_expires_on,
            candidate.permit_renewal_applied_on, today),
    }
