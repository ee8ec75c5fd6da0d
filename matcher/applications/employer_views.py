"""The employer's side of applications: pipeline, invitations, hires."""

from flask import Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from matcher import audit, clock, policy
from matcher.applications import (
    forms,
    hires,
    notes,
    pipeline_export,
    queries,
    services,
    thread,
)
from matcher.applications.views import ERRORS, _fail, bp
from matcher.extensions import db
from matcher.i18n import format_date


@bp.get("/employer/postings/<int:posting_id>/pipeline")
@policy.approved_employer_required
def pipeline(posting_id: int):
    """Show a posting's applications by status, with the moves possible from each."""
    posting = policy.get_own_posting(current_user, posting_id)
    applications = db.session.scalars(queries.posting_applications(posting)).all()
    return render_template("applications/pipeline.html", posting=posting,
                           applications=applications, moves=services.EMPLOYER_MOVES,
                           move_form=forms.MoveForm(), hire_form=forms.HireForm(),
                           note_form=forms.NoteForm(), bulk_form=forms.BulkMoveForm(),
                           end_form=forms.EndHireForm(), can_cancel=hires.can_cancel,
                           unread=thread.unread_by_application(current_user))


@bp.get("/employer/postings/<int:posting_id>/pipeline.csv")
@policy.approved_employer_required
def pipeline_csv(posting_id: int):
    """Download the posting's pipeline as CSV (formula-safe), audited."""
    posting = policy.get_own_posting(current_user, posting_id)
    applications = db.session.scalars(queries.posting_applications(posting)).all()
    audit.record("pipeline.exported", posting)
    db.session.commit()
    body = pipeline_export.pipeline_csv(applications)
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": f"attachment; filename=pipeline-{posting.id}.csv"})


@bp.post("/employer/applications/<int:application_id>/notes")
@policy.approved_employer_required
def add_note(application_id: int):
    """Add a note for the employer's team to an application (audited)."""
    application = policy.get_own_application(current_user, application_id)
    form = forms.NoteForm()
    if form.validate_on_submit():
        notes.add_note(current_user, application, form.body.data)
        db.session.commit()
        flash(_("The note is saved."), "success")
    else:
        flash(_("The note was not saved: write it in at most 2,000 characters."), "error")
    return redirect(url_for("applications.pipeline", posting_id=application.posting_id,
                            _anchor=f"application-{application.id}"))


@bp.post("/employer/applications/<int:application_id>/move")
@policy.approved_employer_required
def move(application_id: int):
    """Move an application to the next status."""
    application = policy.get_own_application(current_user, application_id)
    form = forms.MoveForm()
    if form.validate_on_submit():
        try:
            services.move(current_user, application, form.status.data)
            db.session.commit()
            flash(_("Status changed."), "success")
        except services.ApplicationError as error:
            _fail(error)
    return redirect(url_for("applications.pipeline", posting_id=application.posting_id))


def _field_error(form, error: hires.HireError) -> None:
    """Show a refused hire at its field, or above the form when no field is at fault."""
    db.session.rollback()
    message = str(ERRORS[error.code])
    if error.day is not None:
        message = message % {"date": format_date(error.day, "long")}
    if error.field and hasattr(form, error.field):
        getattr(form, error.field).errors = [*getattr(form, error.field).errors, message]
    else:
        form.form_errors.append(message)


@bp.route("/employer/applications/<int:application_id>/hire", methods=["GET", "POST"])
@policy.approved_employer_required
def hire(application_id: int):
    """Record a hire with its first day of work; a refused date is explained at the field."""
    application = policy.get_own_application(current_user, application_id)
    form = forms.HireForm()
    if application.status == "hired":
        flash(str(ERRORS["already_hired"]), "info")
        return redirect(url_for("applications.pipeline", posting_id=application.posting_id))
    if form.validate_on_submit():
        try:
            hires.hire(current_user, application, form.start_on.data)
            db.session.commit()
            flash(_("The hire is recorded."), "success")
            return redirect(url_for("applications.pipeline", posting_id=application.posting_id))
        except hires.HireError as error:
            _field_error(form, error)
        except services.ApplicationError as error:
            _fail(error)
    return render_template("applications/hire.html", form=form, application=application,
                           facts=hires.hire_facts(application, clock.today()))


@bp.post("/employer/hires/<int:hire_id>/end")
@policy.approved_employer_required
def end_hire(hire_id: int):
    """Record the last day of work of a hired person."""
    hire_row = policy.get_own_hire(current_user, hire_id)
    form = forms.EndHireForm()
    if form.validate_on_submit():
        try:
            hires.end_hire(current_user, hire_row, form.end_on.data)
            db.session.commit()
            flash(_("The departure is recorded."), "success")
        except services.ApplicationError as error:
            _fail(error)
    else:
        flash(_("Enter a valid last day of work."), "error")
    return redirect(url_for("applications.pipeline", posting_id=hire_row.posting_id))


@bp.route("/employer/hires/<int:hire_id>/cancel", methods=["GET", "POST"])
@policy.approved_employer_required
def cancel_hire(hire_id: int):
    """Cancel a hire recorded by mistake, with a reason, within 30 days."""
    hire_row = policy.get_own_hire(current_user, hire_id)
    posting_id = hire_row.posting_id
    form = forms.CancelHireForm()
    if form.validate_on_submit():
        try:
            hires.cancel_hire(current_user, hire_row, form.reason.data.strip())
            db.session.commit()
            flash(_("The hire is cancelled: the opening is available again."), "success")
            return redirect(url_for("applications.pipeline", posting_id=posting_id))
        except hires.HireError as error:
            _field_error(form, error)
    return render_template("applications/cancel_hire.html", form=form, hire=hire_row,
                           can_cancel=hires.can_cancel(hire_row))
