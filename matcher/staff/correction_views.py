"""Staff correct a candidate's French levels or permit against the documents they saw."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from matcher import clock, policy
from matcher.extensions import db
from matcher.models.candidate import FRENCH_SKILLS
from matcher.staff import corrections, forms
from matcher.staff.views import bp

FORMS = {"french": forms.french_correction_form, "permit": forms.permit_correction_form}


def _current(candidate, section: str) -> dict:
    """Return the profile's values to fill the form with."""
    if section == "french":
        return {}
    return {name: getattr(candidate, name) for name in corrections.PERMIT_FIELDS}


def _apply(candidate, section: str, form) -> None:
    evidence = corrections.Evidence(form.evidence.data, form.evidence_name.data or "",
                                    form.evidence_on.data, form.note.data or "")
    if section == "french":
        corrections.correct_french(candidate, {s: form[s].data for s in FRENCH_SKILLS},
                                   evidence, current_user, clock.today())
    else:
        corrections.correct_permit(candidate, {n: form[n].data for n in corrections.PERMIT_FIELDS},
                                   evidence, current_user, clock.today())


@bp.route("/candidates/<int:candidate_id>/correct/<section>", methods=["GET", "POST"])
@policy.roles_required("staff", "admin")
def correct(candidate_id: int, section: str):
    """Correct the French levels or the permit with a note; the candidate is told."""
    if section not in FORMS:
        abort(404)
    candidate = policy.get_candidate_for_staff(current_user, candidate_id)
    form = FORMS[section](data=_current(candidate, section) if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            _apply(candidate, section, form)
            db.session.commit()
            flash(_("The correction is saved and the candidate is told."), "success")
            return redirect(url_for("staff.candidate", candidate_id=candidate.id,
                                    _anchor=f"{section}-heading"))
        except corrections.CorrectionError as error:
            db.session.rollback()
            for name, message in error.errors.items():
                field = form._fields.get(name)
                (field.errors if field is not None else form.form_errors).append(message)
    return render_template("staff/correct.html", candidate=candidate, form=form,
                           section=section)
