"""Interviews: HR proposes, the candidate confirms or asks another time, both get an .ics."""

from urllib.parse import urlsplit

from flask import Response, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from matcher import policy
from matcher.applications import forms, interviews
from matcher.applications.ics import interview_ics
from matcher.applications.notify_interviews import mode_label, when_text
from matcher.applications.views import ERRORS, _fail, bp
from matcher.extensions import db


@bp.route("/employer/applications/<int:application_id>/interview", methods=["GET", "POST"])
@policy.approved_employer_required
def propose_interview(application_id: int):
    """Propose an interview; a past time or a double booking is explained at the field."""
    application = policy.get_own_application(current_user, application_id)
    if application.status not in interviews.CAN_INTERVIEW:
        flash(str(ERRORS["interview_not_possible"]), "error")
        return redirect(url_for("applications.pipeline", posting_id=application.posting_id))
    form = forms.InterviewForm()
    if form.validate_on_submit():
        try:
            interviews.propose(current_user, application, form.day.data, form.at.data,
                               form.duration.data, form.mode.data, form.place.data)
            db.session.commit()
            flash(_("The interview is proposed; the candidate is told."), "success")
            return redirect(url_for("applications.pipeline", posting_id=application.posting_id,
                                    _anchor=f"application-{application.id}"))
        except interviews.InterviewError as error:
            db.session.rollback()
            field = getattr(form, error.field) if error.field else None
            if field is None:
                form.form_errors.append(str(ERRORS[error.code]))
            else:
                field.errors = [*field.errors, str(ERRORS[error.code])]
    return render_template("applications/interview_form.html", form=form,
                           application=application, current=interviews.current(application))


@bp.get("/applications/<int:application_id>/interview")
@policy.roles_required("candidate")
def interview(application_id: int):
    """Show the candidate the proposed interview, to confirm or ask another time."""
    application = policy.get_own_application(current_user, application_id)
    return render_template("applications/interview.html", application=application,
                           interview=interviews.current(application),
                           form=forms.InterviewAnswerForm())


@bp.post("/applications/<int:application_id>/interview")
@policy.roles_required("candidate")
def answer_interview(application_id: int):
    """Confirm the interview, or ask for another time with a short note."""
    application = policy.get_own_application(current_user, application_id)
    current = interviews.current(application)
    form = forms.InterviewAnswerForm()
    if current is None:
        flash(str(ERRORS["interview_not_answerable"]), "error")
    elif form.validate_on_submit():
        try:
            interviews.answer(application.candidate, current, form.answer.data == "confirm",
                              form.note.data or "")
            db.session.commit()
            flash(_("Your answer is sent to the employer."), "success")
            return redirect(url_for("applications.interview", application_id=application.id))
        except interviews.InterviewError as error:
            _fail(error)
    return render_template("applications/interview.html", application=application,
                           interview=current, form=form)


@bp.get("/applications/<int:application_id>/interview.ics")
@policy.roles_required("candidate", "employer")
def interview_ics_file(application_id: int):
    """Download the interview as a calendar file (the candidate's or the employer's)."""
    application = policy.get_own_application(current_user, application_id)
    current = interviews.current(application)
    if current is None:
        return redirect(url_for("applications.mine" if current_user.role == "candidate" else
                                "applications.pipeline", posting_id=application.posting_id))
    posting = application.posting
    summary = _("Interview: %(title)s · %(employer)s", title=posting.title,
                employer=posting.employer.name)
    description = "\n".join([when_text(current), mode_label(current.mode), current.place])
    host = urlsplit(current_app.config["PUBLIC_URL"]).hostname or "passerelle"
    body = interview_ics(current, summary, description, host)
    return Response(body, mimetype="text/calendar", headers={
        "Content-Disposition": f"attachment; filename=interview-{application.id}.ics"})
