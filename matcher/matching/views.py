"""My matches (candidates) and ranked candidates per posting (employers)."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from matcher import audit, navigation, policy
from matcher.applications import services as applications
from matcher.applications.views import ERRORS
from matcher.candidates import home
from matcher.candidates.services import steps
from matcher.clock import today
from matcher.extensions import db
from matcher.matching import cards, chart, explain, gaps, queries, ranked_list, stars
from matcher.matching.forms import CompareForm, RankingFilterForm, StarForm
from matcher.matching.my_matches import my_matches as my_matches_page
from matcher.matching.pseudonyms import contact_state, contact_visible, pseudonym
from matcher.matching.services import evaluate_pair
from matcher.postings.picker import region_choices
from matcher.ranking.fit import fit_band

bp = Blueprint("matching", __name__)


def add_navigation(app) -> None:
    """Add this feature's menu entries (create_app calls it)."""
    navigation.add(app, "matching.my_matches", _l("My matches"), "candidate")


@bp.record_once
def _template_helpers(state) -> None:
    # A global (not a context variable) so that imported macros see it too.
    state.app.jinja_env.globals["explain"] = explain
    state.app.jinja_env.globals["chart"] = chart
    state.app.jinja_env.globals["gaps"] = gaps
    state.app.jinja_env.globals["cards"] = cards


# Matches shown at first, and added by each « Show more »: a phone screen or two of cards,
# each with its score explained (rendering them is most of the page's cost).
MATCHES_PAGE = 10
MATCHES_MAX = 100


@bp.get("/matches")
@policy.roles_required("candidate")
def my_matches():
    """Show the jobs the candidate is eligible for, and the near misses."""
    candidate = policy.own_candidate(current_user)
    on = today()
    shown = min(max(request.args.get("shown", MATCHES_PAGE, type=int), MATCHES_PAGE),
                MATCHES_MAX)
    page = my_matches_page(candidate, on, shown)
    more = min(MATCHES_PAGE, page.total - len(page.matches), MATCHES_MAX - len(page.matches))
    return render_template("matching/my_matches.html", candidate=candidate,
                           matches=page.matches, total=page.total,
                           more=more if len(page.matches) == shown else 0, plan=page.plan,
                           next_step=home.first_incomplete(steps(candidate)),
                           wish_list=page.wish_list, starred=page.starred,
                           star_form=StarForm())


STAR_ERRORS = {"posting_not_open": _l("This job is no longer open: it cannot go on your list."),
               "not_eligible": _l("Only jobs you qualify for can go on your list.")}


@bp.post("/jobs/<int:posting_id>/star")
@policy.roles_required("candidate")
def star(posting_id: int):
    """Put a job the candidate qualifies for on their wish list."""
    candidate = policy.own_candidate(current_user) or abort(404)
    posting = policy.get_open_posting(posting_id)
    form = StarForm()
    if not form.validate_on_submit():
        flash(_("Nothing was changed. Please try again."), "error")
    else:
        try:
            stars.star(candidate, posting)
            db.session.commit()
            flash(_("The job is on your list."), "success")
        except stars.StarError as error:
            db.session.rollback()
            flash(str(STAR_ERRORS[error.code]), "error")
    return _back_from_star(form, posting)


@bp.post("/jobs/<int:posting_id>/unstar")
@policy.roles_required("candidate")
def unstar(posting_id: int):
    """Take a job off the candidate's wish list."""
    candidate = policy.own_candidate(current_user) or abort(404)
    posting = policy.get_open_posting(posting_id)
    form = StarForm()
    if form.validate_on_submit() and stars.unstar(candidate, posting):
        db.session.commit()
        flash(_("The job is off your list."), "success")
    return _back_from_star(form, posting)


def _back_from_star(form: StarForm, posting):
    if form.back.data == "posting":
        return redirect(url_for("postings.detail", posting_id=posting.id))
    return redirect(url_for("matching.my_matches"))


# Cards shown at first on HR's ranked page, and added by each « Show more » (the list
# holds up to 200 people; rendering every card is most of the page's cost).
RANKED_PAGE = 50


@bp.get("/employer/postings/<int:posting_id>/candidates")
@policy.approved_employer_required
def candidates(posting_id: int):
    """Rank the eligible candidates who switched matching on, with their facts and stars."""
    posting = policy.get_own_posting(current_user, posting_id)
    form = RankingFilterForm(request.args)
    form.region.choices = region_choices()
    form.validate()
    on = today()
    offered, in_touch, reach = ranked_list.ranked_list(posting, on, filters_from(form))
    listed = min(max(request.args.get("shown", RANKED_PAGE, type=int), RANKED_PAGE),
                 len(offered))
    more = min(RANKED_PAGE, len(offered) - listed)
    query = {name: request.args[name] for name in form.data if name in request.args}
    return render_template("matching/candidates.html", posting=posting, form=form, today=on,
                           offered=offered, listed=listed, more=more, query=query,
                           in_touch=in_touch, reach=reach,
                           pseudonym=pseudonym, contact_visible=contact_visible,
                           contact_state=contact_state)


@bp.get("/employer/postings/<int:posting_id>/compare")
@policy.approved_employer_required
def compare(posting_id: int):
    """Show two to four ranked candidates side by side."""
    posting = policy.get_own_posting(current_user, posting_id)
    form = CompareForm(request.args)
    rows = ranked_list.compared(posting, today(), form.ids.data) if form.validate() else []
    if len(rows) < 2:
        flash(_("Choose two to four candidates to compare."), "error")
        return redirect(url_for("matching.candidates", posting_id=posting.id))
    return render_template("matching/compare.html", posting=posting, rows=rows, today=today(),
                           pseudonym=pseudonym, contact_visible=contact_visible,
                           contact_state=contact_state)


def filters_from(form: RankingFilterForm) -> ranked_list.Filters:
    """Return the filters of a validated form, ignoring any field that is not valid."""
    def valid(field):
        return None if field.errors else field.data
    region = valid(form.region)
    return ranked_list.Filters(
        verified=bool(form.verified.data), min_months=valid(form.min_months),
        available_by=valid(form.available_by),
        region=region if region in {choice.value for choice in form.region.choices} else None)


@bp.get("/employer/postings/<int:posting_id>/candidates/<int:candidate_id>")
@policy.approved_employer_required
def candidate(posting_id: int, candidate_id: int):
    """Compare one candidate with the posting, requirement by requirement (audited)."""
    posting = policy.get_own_posting(current_user, posting_id)
    person = (queries.candidate_for_employer(candidate_id, posting.employer_id)
              or policy.deny("Candidate", candidate_id))
    evaluation = evaluate_pair(posting, person, today())
    application = queries.application_for(person, posting)
    audit.record("candidate.viewed", person, posting_id=posting.id)
    db.session.commit()
    return render_template("matching/candidate.html", posting=posting, candidate=person,
                           evaluation=evaluation, application=application,
                           band=fit_band(evaluation.score, ranked_list.reach(posting, today())),
                           rows=chart.chart(posting, person, today()),
                           pseudonym=pseudonym, contact_visible=contact_visible,
                           contact_state=contact_state)


@bp.post("/employer/postings/<int:posting_id>/candidates/<int:candidate_id>/invite")
@policy.approved_employer_required
def invite(posting_id: int, candidate_id: int):
    """Invite a ranked candidate to apply."""
    posting = policy.get_own_posting(current_user, posting_id)
    person = (queries.candidate_for_employer(candidate_id, posting.employer_id)
              or policy.deny("Candidate", candidate_id))
    try:
        applications.invite(current_user, posting, person)
        db.session.commit()
        flash(_("The invitation is sent."), "success")
    except applications.ApplicationError as error:
        db.session.rollback()
        flash(str(ERRORS[error.code]), "error")
    if request.form.get("back") == "chart":
        return redirect(url_for("matching.candidate", posting_id=posting.id,
                                candidate_id=person.id))
    return redirect(url_for("matching.candidates", posting_id=posting.id))
