"""The integration officer's case file: caseload, plan, first meeting, actions, notes.

Every page looks the person up through the policy (404 for anyone else's), and
every opening of a file is written to the audit log the candidate reads.
"""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from matcher import audit, clock, policy
from matcher.candidates.privacy import VIEWED
from matcher.extensions import db
from matcher.models.action_plan import PLAN_STEPS
from matcher.parcours import caseload, forms, notes, services, story
from matcher.parcours.messages import ERRORS

bp = Blueprint("parcours", __name__)
STAFF = ("staff", "admin")


@bp.get("/parcours")
@policy.roles_required(*STAFF)
def caseload_home():
    """List what needs the officer today, in their caseload or their agency's."""
    form = forms.ScopeForm(request.args)
    scope = form.scope.data if form.validate() and form.scope.data else "mine"
    form.scope.data = scope
    return render_template("parcours/caseload.html", form=form,
                           home=caseload.home(current_user, scope),
                           officers=caseload.counts_per_officer(current_user),
                           today=clock.today())


def _forms(candidate, **bound) -> dict:
    """Return a blank form for each part of the plan page, or the one given bound."""
    assign = bound.pop("assign", None) or forms.AssignForm(formdata=None)
    assign.officer.choices = [SelectChoice(o.id, o.email) for o in services.officers_for(
        candidate, current_user)]
    if candidate.officer_id and request.method == "GET":
        assign.officer.data = candidate.officer_id
    blank = {"meeting": forms.MeetingForm(formdata=None), "close": forms.CloseForm(formdata=None),
             "reopen": forms.ReopenForm(), "note": forms.NoteForm(formdata=None),
             "move": forms.MoveForm(formdata=None),
             "actions": {step: forms.action_form(step) for step in PLAN_STEPS}}
    return {**blank, "assign": assign, **bound}


def _page(candidate, **bound):
    """Render the plan page; reading the notes on it is audited."""
    shown = notes.read_notes(candidate, current_user)
    if shown is None:
        audit.record(VIEWED, candidate, part="plan")
    db.session.commit()
    return render_template("parcours/plan.html", candidate=candidate, notes=shown,
                           forms=_forms(candidate, **bound), today=clock.today(),
                           **story.of(candidate))


@bp.get("/parcours/candidates/<int:candidate_id>")
@policy.roles_required(*STAFF)
def plan(candidate_id: int):
    """Open a person's plan: first meeting, four steps, notes, and their whole story."""
    return _page(policy.get_candidate_for_staff(current_user, candidate_id))


def _apply(candidate, form_name: str, form, change, done: str, anchor: str, bound_value=None):
    """Validate a plan form, run its service and commit, or show the errors at the fields."""
    if form.validate_on_submit():
        try:
            change(form)
            db.session.commit()
            flash(done, "success")
            return redirect(url_for("parcours.plan", candidate_id=candidate.id,
                                    _anchor=anchor))
        except services.ParcoursError as error:
            db.session.rollback()
            target = getattr(form, error.field, None) if error.field else None
            (target.errors.append if target is not None else form.form_errors.append)(
                str(ERRORS[error.code]))
    return _page(candidate, **{form_name: bound_value or form})


@bp.post("/parcours/candidates/<int:candidate_id>/officer")
@policy.roles_required(*STAFF)
def assign(candidate_id: int):
    """Give the person an integration officer, or transfer them to another."""
    candidate = policy.get_candidate_for_staff(current_user, candidate_id)
    form = forms.AssignForm()
    form.officer.choices = [SelectChoice(o.id, o.email) for o in services.officers_for(
        candidate, current_user)]
    return _apply(candidate, "assign", form, lambda f: services.assign_officer(
        candidate, f.officer.data, current_user),
        _("The integration officer is recorded."), "officer-heading")


@bp.post("/parcours/candidates/<int:candidate_id>/meeting")
@policy.roles_required(*STAFF)
def first_meeting(candidate_id: int):
    """Record (or correct) the first meeting."""
    candidate = policy.get_candidate_for_staff(current_user, candidate_id)
    return _apply(candidate, "meeting", forms.MeetingForm(), lambda f: (
        services.record_first_meeting(candidate, f.met_on.data, f.mode.data, current_user,
                                      clock.today())),
        _("The first meeting is recorded."), "meeting-heading")


@bp.post("/parcours/candidates/<int:candidate_id>/actions")
@policy.roles_required(*STAFF)
def add_action(candidate_id: int):
    """Add an action to one of the four steps."""
    candidate = policy.get_candidate_for_staff(current_user, candidate_id)
    step = request.form.get("step", "")
    if step not in PLAN_STEPS:
        flash(str(ERRORS["unknown_step"]), "error")
        return redirect(url_for("parcours.plan", candidate_id=candidate.id))
    form = forms.action_form(step)
    actions = {s: form if s == step else forms.action_form(s) for s in PLAN_STEPS}
    return _apply(candidate, "actions", form, lambda f: services.add_action(
        candidate, step, f.kind.data, f.title.data, f.due_on.data, current_user,
        clock.today()), _("The action is added."), f"step-{step}", bound_value=actions)


@bp.post("/parcours/actions/<int:action_id>/move")
@policy.roles_required(*STAFF)
def move_action(action_id: int):
    """Start, complete, cancel or reopen an action."""
    action = policy.get_plan_action_for_staff(current_user, action_id)
    candidate = action.plan.candidate
    return _apply(candidate, "move", forms.MoveForm(), lambda f: services.move_action(
        action, f.to.data, current_user, clock.today()),
        _("The action is updated."), f"step-{action.step}")


@bp.post("/parcours/candidates/<int:candidate_id>/close")
@policy.roles_required(*STAFF)
def close(candidate_id: int):
    """Close the plan: retained a year in a job, or left the program."""
    candidate = policy.get_candidate_for_staff(current_user, candidate_id)
    return _apply(candidate, "close", forms.CloseForm(), lambda f: services.close_plan(
        candidate, f.reason.data, current_user, clock.today()),
        _("The plan is closed."), "status-heading")


@bp.post("/parcours/candidates/<int:candidate_id>/reopen")
@policy.roles_required(*STAFF)
def reopen(candidate_id: int):
    """Reopen a closed plan."""
    candidate = policy.get_candidate_for_staff(current_user, candidate_id)
    return _apply(candidate, "reopen", forms.ReopenForm(), lambda f: services.reopen_plan(
        candidate, current_user), _("The plan is reopened."), "status-heading")


@bp.post("/parcours/candidates/<int:candidate_id>/notes")
@policy.roles_required(*STAFF)
def add_note(candidate_id: int):
    """Write a case note (staff of the person's agency only)."""
    candidate = policy.get_candidate_for_staff(current_user, candidate_id)
    return _apply(candidate, "note", forms.NoteForm(), lambda f: notes.add_note(
        candidate, f.text.data, current_user), _("The note is saved."), "notes-heading")


@bp.get("/my-plan")
@policy.roles_required("candidate")
def my_plan():
    """Show the candidate their own plan and what comes next (never the notes)."""
    candidate = policy.own_candidate(current_user)
    plan = services.plan_of(candidate) if candidate is not None else None
    return render_template("parcours/my_plan.html", candidate=candidate, plan=plan,
                           next_action=services.next_action(plan) if plan else None,
                           officer=candidate.officer if candidate is not None else None,
                           today=clock.today())
