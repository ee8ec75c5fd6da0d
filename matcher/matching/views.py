"""My matches (candidates) and ranked candidates per posting (employers)."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from matcher import audit, navigation, policy
from matcher.applications import services as applications
from matcher.applications.views import ERRORS
from matcher.clock import today
from matcher.extensions import db
from matcher.matching import explain, queries
from matcher.matching.pseudonyms import contact_visible, pseudonym
from matcher.matching.services import evaluate_pair

bp = Blueprint("matching", __name__)
navigation.add("matching.my_matches", _l("My matches"), "candidate")


@bp.record_once
def _template_helpers(state) -> None:
    # A global (not a context variable) so that imported macros see it too.
    state.app.jinja_env.globals["explain"] = explain


@bp.get("/matches")
@policy.roles_required("candidate")
def my_matches():
    """Show the jobs the candidate is eligible for, and the near misses."""
    candidate = policy.own_candidate(current_user)
    on = today()
    return render_template("matching/my_matches.html", candidate=candidate,
                           matches=queries.matches_for(candidate, on),
                           near_misses=queries.near_misses_for(candidate, on))


@bp.get("/employer/postings/<int:posting_id>/candidates")
@policy.approved_employer_required
def candidates(posting_id: int):
    """Rank the eligible candidates who switched matching on, with their scores."""
    posting = policy.get_own_posting(current_user, posting_id)
    ranked = queries.ranked_candidates(posting, today())
    return render_template("matching/candidates.html", posting=posting, ranked=ranked,
                           pseudonym=pseudonym, contact_visible=contact_visible)


@bp.get("/employer/postings/<int:posting_id>/candidates/<int:candidate_id>")
@policy.approved_employer_required
def candidate(posting_id: int, candidate_id: int):
    """Compare one candidate with the posting, requirement by requirement (audited)."""
    posting = policy.get_own_posting(current_user, posting_id)
    person = queries.candidate_for_employer(candidate_id, posting.employer_id) or abort(404)
    evaluation = evaluate_pair(posting, person, today())
    application = queries.application_for(person, posting)
    audit.record("candidate.viewed", person, posting_id=posting.id)
    db.session.commit()
    return render_template("matching/candidate.html", posting=posting, candidate=person,
                           evaluation=evaluation, application=application,
                           rows=explain.comparison(posting, person, today()),
                           pseudonym=pseudonym, contact_visible=contact_visible)


@bp.post("/employer/postings/<int:posting_id>/candidates/<int:candidate_id>/invite")
@policy.approved_employer_required
def invite(posting_id: int, candidate_id: int):
    """Invite a ranked candidate to apply."""
    posting = policy.get_own_posting(current_user, posting_id)
    person = queries.candidate_for_employer(candidate_id, posting.employer_id) or abort(404)
    try:
        applications.invite(current_user, posting, person)
        db.session.commit()
        flash(_("The invitation is sent."), "success")
    except applications.ApplicationError as error:
        db.session.rollback()
        flash(str(ERRORS[error.code]), "error")
    return redirect(url_for("matching.candidates", posting_id=posting.id))
