"""Applying, inviting, moving applications along, hiring."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from matcher import navigation, policy
from matcher.applications import forms, interviews, queries, services, thread
from matcher.applications.notify import rejection_reason_label, rejection_words, status_label
from matcher.applications.notify_interviews import interview_status_label, mode_label, when_text
from matcher.extensions import db
from matcher.matching.pseudonyms import contact_state, contact_visible, pseudonym

bp = Blueprint("applications", __name__)


def add_navigation(app) -> None:
    """Add this feature's menu entries (create_app calls it)."""
    navigation.add(app, "applications.mine", _l("My applications"), "candidate")
    navigation.add(app, "applications.inbox", _l("Messages"), "candidate", "employer",
                   badge=thread.unread_count)


ERRORS = {
    "posting_not_open": _l("This job is no longer open."),
    "not_eligible": _l("This job asks for something your profile does not show yet. See "
                       "“My matches” to learn what is missing."),
    "already_applied": _l("There is already an application for this job."),
    "contact_consent_required": _l("To apply, you need to share your contact details with "
                                   "the employer."),
    "email_not_verified": _l("Confirm your email address first: open the link we sent you "
                             "when you registered (or ask for a new one above)."),
    "not_invited": _l("This invitation was already answered."),
    "cannot_withdraw": _l("This application can no longer be withdrawn."),
    "forbidden_move": _l("This change of status is not possible."),
    "reason_required": _l("Choose why the application is not retained."),
    "interview_not_possible": _l("An interview can be proposed only for an application that "
                                 "is received, shortlisted or at the interview stage."),
    "interview_in_past": _l("This time has already passed: choose a day and time to come."),
    "interview_candidate_busy": _l("The candidate already has an interview at that time: "
                                   "choose another time."),
    "interview_candidate_unavailable": _l("This time is not available for the candidate: "
                                          "propose another."),
    "interview_you_busy": _l("You already have an interview at that time: choose another "
                             "time."),
    "interview_not_answerable": _l("This interview can no longer be answered."),
    "interview_passed": _l("This interview has already taken place."),
    "other_reason_needs_words": _l("Say in a few words what the other reason is."),
    "hire_needs_offer": _l("Make an offer before recording the hire."),
    "no_opening_left": _l("Every opening of this posting is already filled: the hire was not "
                          "recorded."),
    "end_before_start": _l("The last day cannot be before the first day."),
    "already_hired": _l("This hire is already recorded."),
    "start_before_application": _l("The first day cannot be before the application was made "
                                   "(%(date)s)."),
    "start_too_far": _l("The first day cannot be more than 12 months ahead (%(date)s at the "
                        "latest)."),
    "start_before_program": _l("The first day cannot be before the program started "
                               "(%(date)s)."),
    "start_after_permit": _l("The first day is after the work permit expires (%(date)s) and no "
                             "renewal was filed in time. Ask for the renewed permit first."),
    "already_employed": _l("This person is already employed through a hire that has not ended. "
                           "That hire must end before this one starts."),
    "end_too_far": _l("The last day cannot be more than 12 months ahead."),
    "end_after_next_hire": _l("The last day cannot be after the start of this person’s next "
                              "job."),
    "cancel_too_late": _l("A hire can be cancelled only within 30 days of recording it. Record "
                          "the departure instead."),
}


@bp.app_context_processor
def _helpers() -> dict:
    return {"status_label": status_label, "pseudonym": pseudonym,
            "contact_visible": contact_visible, "contact_state": contact_state,
            "thread_open": thread.is_open,
            "rejection_reason_label": rejection_reason_label, "rejection_words": rejection_words,
            "current_interview": interviews.current, "interview_when": when_text,
            "interview_status_label": interview_status_label, "mode_label": mode_label}


def _fail(error: services.ApplicationError) -> None:
    db.session.rollback()
    flash(str(ERRORS[error.code]), "error")


@bp.route("/jobs/<int:posting_id>/apply", methods=["GET", "POST"])
@policy.roles_required("candidate")
def apply(posting_id: int):
    """Confirm and send an application to an open posting."""
    posting = policy.get_open_posting(posting_id)
    candidate = policy.own_candidate(current_user)
    form = forms.ApplyForm()
    if form.validate_on_submit():
        try:
            services.apply(candidate, posting, form.share_contact.data)
            db.session.commit()
            flash(_("Your application is sent."), "success")
            return redirect(url_for("applications.mine"))
        except services.ApplicationError as error:
            _fail(error)
    return render_template("applications/apply.html", posting=posting, form=form)


@bp.get("/applications")
@policy.roles_required("candidate")
def mine():
    """List the candidate's applications and invitations with their status."""
    applications = db.session.scalars(queries.candidate_applications(current_user)).all()
    return render_template("applications/mine.html", applications=applications,
                           withdrawable=services.WITHDRAWABLE,
                           unread=thread.unread_by_application(current_user))


@bp.post("/applications/<int:application_id>/respond")
@policy.roles_required("candidate")
def respond(application_id: int):
    """Accept or decline an invitation."""
    application = policy.get_own_application(current_user, application_id)
    form = forms.RespondForm()
    if form.validate_on_submit():
        try:
            services.respond(application.candidate, application, form.answer.data == "accept",
                             form.share_contact.data)
            db.session.commit()
            flash(_("Your answer is sent."), "success")
        except services.ApplicationError as error:
            _fail(error)
    return redirect(url_for("applications.mine"))


@bp.post("/applications/<int:application_id>/withdraw")
@policy.roles_required("candidate")
def withdraw(application_id: int):
    """Withdraw an application."""
    application = policy.get_own_application(current_user, application_id)
    try:
        services.withdraw(application.candidate, application)
        db.session.commit()
        flash(_("Your application is withdrawn."), "success")
    except services.ApplicationError as error:
        _fail(error)
    return redirect(url_for("applications.mine"))
