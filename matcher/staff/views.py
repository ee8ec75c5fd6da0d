"""Program staff: the candidates they follow, and verification of permits and French."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from matcher import audit, clock, navigation, policy, saved_search
from matcher.applications import hires
from matcher.applications.forms import EndHireForm
from matcher.applications.views import ERRORS
from matcher.candidates import privacy, rules
from matcher.candidates import services as profiles
from matcher.extensions import db
from matcher.staff import corrections, duplicates, forms, services

bp = Blueprint("staff", __name__, url_prefix="/staff")


def add_navigation(app) -> None:
    """Add this feature's menu entries (create_app calls it)."""
    navigation.add(app, "staff.candidates", _l("Candidates"), "staff", "admin")
    navigation.add(app, "staff.duplicate_pairs", _l("Duplicates"), "staff", "admin")


@bp.record_once
def _template_helpers(state) -> None:
    # A global so the corrections partial words evidence on staff and candidate pages alike.
    state.app.jinja_env.globals["evidence_label"] = corrections.evidence_label


@bp.get("/candidates")
@policy.roles_required("staff", "admin")
def candidates():
    """List the candidates this staff user follows, narrowed by the saved search."""
    filters = saved_search.saved("staff.candidates")
    form = forms.CandidateFilterForm(data=filters)
    query = services.search(policy.candidates_for_staff(current_user), filters.get("q"),
                            filters.get("to_verify"))
    page = db.paginate(query, per_page=services.PAGE_SIZE, error_out=False)
    return render_template("staff/candidates.html", form=form, page=page,
                           steps_of=profiles.steps)


@bp.post("/candidates/search")
@policy.roles_required("staff", "admin")
def search_candidates():
    """Save a search by name or email, then show the list at its plain URL."""
    return saved_search.save_and_redirect("staff.candidates", forms.CandidateFilterForm(),
                                          "staff.candidates")


@bp.get("/candidates/<int:candidate_id>")
@policy.roles_required("staff", "admin")
def candidate(candidate_id: int):
    """Open a candidate's profile; the view is written to the audit log they can read."""
    candidate = policy.get_candidate_for_staff(current_user, candidate_id)
    audit.record(privacy.VIEWED, candidate)
    db.session.commit()
    day = clock.today()
    return render_template(
        "staff/candidate.html", candidate=candidate, form=forms.VerifyForm(), today=day,
        steps=profiles.steps(candidate), months=profiles.months_by_occupation(candidate, day),
        can_verify=services.can_verify, verifiers=services.verifiers(candidate),
        hires=services.hires_of(candidate), corrections=corrections.corrections_of(candidate),
        duplicate_pairs=duplicates.pairs_with(candidate, policy.candidates_for_staff(
            current_user)),
        permit_status=rules.permit_status(
            candidate.permit_kind, candidate.permit_expires_on,
            candidate.permit_renewal_applied_on, day))


@bp.post("/candidates/<int:candidate_id>/verify")
@policy.roles_required("staff", "admin")
def verify(candidate_id: int):
    """Mark the permit or the French level as checked against documents (or undo it)."""
    candidate = policy.get_candidate_for_staff(current_user, candidate_id)
    form = forms.VerifyForm()
    if not form.validate_on_submit():
        flash(_("Nothing was changed. Please try again."), "error")
        return redirect(url_for("staff.candidate", candidate_id=candidate.id))
    try:
        services.set_verified(candidate, form.what.data, form.verified.data == "1", current_user)
        db.session.commit()
        flash(_("Verification recorded."), "success")
    except services.VerificationError:
        flash(_("Nothing was changed: there is nothing to verify yet."), "error")
    return redirect(url_for("staff.candidate", candidate_id=candidate.id))


@bp.post("/hires/<int:hire_id>/end")
@policy.roles_required("staff", "admin")
def end_hire(hire_id: int):
    """Record the last day of work of a person the staff user follows."""
    hire_row = policy.get_hire_for_staff(current_user, hire_id)
    form = EndHireForm()
    if not form.validate_on_submit():
        flash(_("Enter a valid last day of work."), "error")
    else:
        try:
            hires.end_hire(current_user, hire_row, form.end_on.data)
            db.session.commit()
            flash(_("The departure is recorded."), "success")
        except hires.HireError as error:
            db.session.rollback()
            flash(str(ERRORS[error.code]), "error")
    return redirect(url_for("staff.candidate", candidate_id=hire_row.person_id))
