"""The candidate's profile, in short steps each saved on its own, and the consents."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from matcher import clock, navigation
from matcher.candidates import forms, rules, services
from matcher.extensions import db
from matcher.policy import roles_required
from matcher.staff import corrections

bp = Blueprint("candidates", __name__)


def add_navigation(app) -> None:
    """Add this feature's menu entries (create_app calls it)."""
    navigation.add(app, "candidates.profile", _l("My profile"), "candidate")
    navigation.add(app, "candidates.my_data", _l("My data"), "candidate")


@bp.app_template_filter("decimal_number")
def decimal_number(value) -> str:
    """Format a number the reader's way (37,5 in French), without a trailing zero."""
    return format_decimal(value, format="#,##0.#")


def _render(step: str, candidate, **context):
    return render_template(f"candidates/{step}.html", candidate=candidate, step=step,
                           steps=services.steps(candidate), **context)


def _saved(step: str):
    """Commit a saved step and go on to the next one."""
    db.session.commit()
    flash(_("Saved."), "success")
    return redirect(url_for(services.next_step(step)))


@bp.get("/profile")
@roles_required("candidate")
def profile():
    """Show the profile's steps, how complete it is, and what needs attention."""
    candidate = services.profile_of(current_user)
    day = clock.today()
    return _render("profile", candidate, today=day,
                   months=services.months_by_occupation(candidate, day),
                   corrections=corrections.corrections_of(candidate),
                   permit_status=rules.permit_status(
                       candidate.permit_kind, candidate.permit_expires_on,
                       candidate.permit_renewal_applied_on, day))


@bp.route("/profile/about", methods=["GET", "POST"])
@roles_required("candidate")
def about():
    """Step 1: name, phone and city."""
    candidate = services.profile_of(current_user)
    form = forms.AboutForm(obj=candidate)
    if form.validate_on_submit():
        services.save_about(candidate, form.data)
        return _saved("about")
    return _render("about", candidate, form=form)


@bp.route("/profile/permit", methods=["GET", "POST"])
@roles_required("candidate")
def permit():
    """Step 2: the work permit (never the SIN itself)."""
    candidate = services.profile_of(current_user)
    form = forms.PermitForm(obj=candidate)
    if form.validate_on_submit():
        services.save_permit(candidate, form.data)
        return _saved("permit")
    if not form.is_submitted() and not candidate.permit_answered:
        form.permit_kind.data = None  # no answer chosen for them: "none" is only the default
    day = clock.today()
    return _render("permit", candidate, form=form, today=day, permit_status=rules.permit_status(
        candidate.permit_kind, candidate.permit_expires_on, candidate.permit_renewal_applied_on,
        day))


@bp.route("/profile/french", methods=["GET", "POST"])
@roles_required("candidate")
def french():
    """Step 3: the four French skills on the Québec scale, and how each is known."""
    candidate = services.profile_of(current_user)
    form = forms.FrenchForm(obj=candidate)
    if form.validate_on_submit():
        services.save_french(candidate, form.data)
        return _saved("french")
    return _render("french", candidate, form=form, levels=forms.french_levels(),
                   can_do=forms.can_do)


@bp.route("/profile/preferences", methods=["GET", "POST"])
@roles_required("candidate")
def preferences():
    """Step 5: regions, shifts, availability, desired jobs, certifications, skills."""
    candidate = services.profile_of(current_user)
    values = services.preference_values(candidate)
    form = forms.PreferencesForm(data=values, extra_occupations=values["desired_occupations"])
    if form.validate_on_submit():
        services.save_preferences(candidate, form.data)
        return _saved("preferences")
    return _render("preferences", candidate, form=form)


@bp.get("/profile/consents")
@roles_required("candidate")
def consents():
    """Step 6: the two consents, each a separate switch, off until switched on."""
    candidate = services.profile_of(current_user)
    return _render("consents", candidate, form=forms.ConsentForm(), consents={
        purpose: services.active_consent(current_user.id, purpose)
        for purpose in forms.CONSENT_PURPOSES})


@bp.post("/profile/consents")
@roles_required("candidate")
def set_consent():
    """Switch one consent on or off; it applies from the next request."""
    form = forms.ConsentForm()
    if form.validate_on_submit():
        granted = form.grant.data == "1"
        services.set_consent(services.profile_of(current_user), form.purpose.data, granted)
        db.session.commit()
        flash(forms.CONSENT_MESSAGES[form.purpose.data, granted], "success")
    else:
        flash(_("Nothing was changed. Please try again."), "error")
    return redirect(url_for("candidates.consents"))


from matcher.candidates import data_views, experience_views, home_views  # noqa: E402, F401  (routes)
