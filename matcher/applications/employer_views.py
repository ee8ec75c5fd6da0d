"""The employer's side of applications: pipeline, invitations, hires."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from matcher import policy
from matcher.applications import forms, queries, services
from matcher.applications.views import _fail, bp
from matcher.extensions import db
from matcher.models import Hire


@bp.get("/employer/postings/<int:posting_id>/pipeline")
@policy.approved_employer_required
def pipeline(posting_id: int):
    """Show a posting's applications by status, with the moves possible from each."""
    posting = policy.get_own_posting(current_user, posting_id)
    applications = db.session.scalars(queries.posting_applications(posting)).all()
    return render_template("applications/pipeline.html", posting=posting,
                           applications=applications, moves=services.EMPLOYER_MOVES,
                           move_form=forms.MoveForm(), hire_form=forms.HireForm(),
                           end_form=forms.EndHireForm())


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


@bp.post("/employer/applications/<int:application_id>/hire")
@policy.approved_employer_required
def hire(application_id: int):
    """Record a hire with its first day of work."""
    application = policy.get_own_application(current_user, application_id)
    form = forms.HireForm()
    if form.validate_on_submit():
        try:
            services.hire(current_user, application, form.start_on.data)
            db.session.commit()
            flash(_("The hire is recorded."), "success")
        except services.ApplicationError as error:
            _fail(error)
    else:
        flash(_("Enter a valid first day of work."), "error")
    return redirect(url_for("applications.pipeline", posting_id=application.posting_id))


@bp.post("/employer/hires/<int:hire_id>/end")
@policy.approved_employer_required
def end_hire(hire_id: int):
    """Record the last day of work of a hired person."""
    hire_row = db.first_or_404(queries.own_hires(current_user).where(Hire.id == hire_id))
    form = forms.EndHireForm()
    if form.validate_on_submit():
        try:
            services.end_hire(current_user, hire_row, form.end_on.data)
            db.session.commit()
            flash(_("The departure is recorded."), "success")
        except services.ApplicationError as error:
            _fail(error)
    else:
        flash(_("Enter a valid last day of work."), "error")
    return redirect(url_for("applications.pipeline", posting_id=hire_row.posting_id))
