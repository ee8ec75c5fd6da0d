"""The experience step: past jobs, with occupation suggestions for each title."""

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from matcher import clock, policy
from matcher.candidates import forms, services
from matcher.candidates.views import bp
from matcher.extensions import db
from matcher.i18n import select_locale


@bp.get("/profile/experience")
@policy.roles_required("candidate")
def experience():
    """Step 4: the jobs entered so far and the months they add up to per occupation."""
    candidate = services.profile_of(current_user)
    return render_template("candidates/experience.html", candidate=candidate, step="experience",
                           steps=services.steps(candidate), overlapping=services.overlapping(
                               candidate),
                           months=services.months_by_occupation(candidate, clock.today()))


@bp.route("/profile/experience/new", methods=["GET", "POST"])
@policy.roles_required("candidate")
def add_experience():
    """Add a job."""
    return _edit(services.profile_of(current_user), None)


@bp.route("/profile/experience/<int:experience_id>", methods=["GET", "POST"])
@policy.roles_required("candidate")
def edit_experience(experience_id: int):
    """Change one of the candidate's own jobs."""
    experience = policy.get_own_experience(current_user, experience_id)
    return _edit(experience.candidate, experience)


def _edit(candidate, experience):
    """Show the job form; "suggest" only refreshes the occupation choices (works without JS)."""
    form = forms.ExperienceForm(obj=experience)
    if experience is not None and not form.is_submitted():
        form.noc_code.data = experience.noc_code or forms.NO_OCCUPATION
        form.ongoing.data = experience.end_on is None
    form.set_occupations(services.occupation_options(
        form.title.data, form.chosen_noc_code, english=select_locale() == "en"))
    suggesting = request.form.get("action") == "suggest"
    if not suggesting and form.validate_on_submit():
        services.save_experience(candidate, experience,
                                 {**form.data, "noc_code": form.chosen_noc_code})
        db.session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for("candidates.experience"))
    return render_template("candidates/experience_form.html", form=form, experience=experience,
                           suggesting=suggesting, candidate=candidate, step="experience",
                           steps=services.steps(candidate))


@bp.post("/profile/experience/<int:experience_id>/remove")
@policy.roles_required("candidate")
def remove_experience(experience_id: int):
    """Remove one of the candidate's own jobs."""
    experience = policy.get_own_experience(current_user, experience_id)
    form = forms.ConfirmForm()
    if form.validate_on_submit():
        services.delete_experience(experience)
        db.session.commit()
        flash(_("The job was removed."), "success")
    return redirect(url_for("candidates.experience"))


@bp.get("/profile/occupations")
@policy.roles_required("candidate")
def suggest_occupations():
    """Return occupation suggestions for a typed title, as JSON (for suggest.js)."""
    options = services.occupation_options(request.args.get("q", "")[:150],
                                          english=select_locale() == "en")
    return jsonify(suggestions=[{"code": code, "label": str(label)} for code, label in options])
