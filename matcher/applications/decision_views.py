"""The employer declines applications with a reason, and moves several at once."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from matcher import policy
from matcher.applications import forms, services
from matcher.applications.views import ERRORS, _fail, bp
from matcher.extensions import db
from matcher.matching.pseudonyms import pseudonym
from matcher.models import Application


@bp.route("/employer/applications/<int:application_id>/reject", methods=["GET", "POST"])
@policy.approved_employer_required
def reject(application_id: int):
    """Decline an application with a reason the candidate is told in plain words."""
    application = policy.get_own_application(current_user, application_id)
    if "rejected" not in services.EMPLOYER_MOVES.get(application.status, ()):
        _fail(services.ApplicationError("forbidden_move"))  # hired, declined or withdrawn
        return redirect(url_for("applications.pipeline", posting_id=application.posting_id))
    form = forms.RejectForm()
    if form.validate_on_submit():
        try:
            services.reject(current_user, application, form.reason.data, form.detail.data or "",
                            form.message.data or "")
            db.session.commit()
            flash(_("The application is declined; the candidate is told the reason."), "success")
            return redirect(url_for("applications.pipeline", posting_id=application.posting_id))
        except services.ApplicationError as error:
            _fail(error)
            return redirect(url_for("applications.pipeline",
                                    posting_id=application.posting_id))
    return render_template("applications/reject.html", form=form, application=application)


def _selected(posting_id: int) -> list[Application]:
    """Return the posting's applications whose ids were ticked (others' ids are ignored)."""
    ids = {int(v) for v in request.form.getlist("application_ids") if v.isdigit()}
    if not ids:
        return []
    return list(db.session.scalars(select(Application).where(
        Application.posting_id == posting_id, Application.id.in_(ids))
        .order_by(Application.created_at, Application.id)))


@bp.post("/employer/postings/<int:posting_id>/pipeline/bulk")
@policy.approved_employer_required
def bulk_move(posting_id: int):
    """Move the selected applications to one status; each one the rules refuse is named."""
    posting = policy.get_own_posting(current_user, posting_id)
    form = forms.BulkMoveForm()
    back = redirect(url_for("applications.pipeline", posting_id=posting.id))
    selected = _selected(posting.id)
    if not form.validate_on_submit() or not selected:
        errors = [e for field in (form.status, form.reason) for e in field.errors]
        flash(str(errors[0]) if errors else _("Select at least one application."), "error")
        return back
    outcome = services.bulk_move(current_user, selected, form.status.data, form.reason.data)
    db.session.commit()
    if outcome.moved:
        flash(ngettext("%(num)s application moved.", "%(num)s applications moved.",
                       len(outcome.moved)), "success")
    for application, code in outcome.refused:
        name = pseudonym(application.candidate_id) if application.candidate_id else _(
            "Deleted account")
        flash(_("Not moved: %(name)s — %(reason)s", name=name, reason=ERRORS[code]), "error")
    return back
