"""Staff review likely duplicate files: merge a pair into one, or dismiss it."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, select

from matcher import policy
from matcher.extensions import db
from matcher.models import Application, Candidate, Hire
from matcher.staff import duplicates, forms, merge
from matcher.staff.views import bp

SHOWN = 50
ERRORS = {
    "same_file": _l("Choose two different files."),
    "inactive": _l("One of the two accounts is no longer active: nothing was merged."),
    "both_employed": _l("Both files hold a job that has not ended. Record the end of one hire "
                        "first: a person holds one job at a time here."),
    "both_hired": _l("Both files were hired for the same posting: ask the program team."),
}


def _facts(ids: set[int]) -> dict:
    """Return each file with its count of applications and hires."""
    files = {c.id: c for c in db.session.scalars(select(Candidate).where(Candidate.id.in_(ids)))}
    applications = dict(db.session.execute(select(Application.candidate_id, func.count())
                        .where(Application.candidate_id.in_(ids))
                        .group_by(Application.candidate_id)).all())
    hired = dict(db.session.execute(select(Hire.person_id, func.count())
                 .where(Hire.person_id.in_(ids)).group_by(Hire.person_id)).all())
    return {key: (files[key], applications.get(key, 0), hired.get(key, 0)) for key in files}


@bp.get("/duplicates")
@policy.roles_required("staff", "admin")
def duplicate_pairs():
    """List the likely duplicate files among the candidates this staff user follows."""
    pairs = duplicates.find_pairs(policy.candidates_for_staff(current_user))
    shown = pairs[:SHOWN]
    return render_template("staff/duplicates.html", pairs=shown, total=len(pairs),
                           facts=_facts({i for p in shown for i in (p.first, p.second)}),
                           form=forms.PairForm(formdata=None))


def _pair(form):
    return (policy.get_candidate_for_staff(current_user, form.first.data),
            policy.get_candidate_for_staff(current_user, form.second.data))


@bp.post("/duplicates/dismiss")
@policy.roles_required("staff", "admin")
def dismiss_duplicate():
    """Remember that two files are two different people."""
    form = forms.PairForm()
    if not form.validate_on_submit():
        flash(_("Nothing was changed. Please try again."), "error")
        return redirect(url_for("staff.duplicate_pairs"))
    try:
        duplicates.dismiss(*_pair(form), current_user)
        db.session.commit()
        flash(_("The two files stay apart; this pair will not be flagged again."), "success")
    except duplicates.DuplicateError as error:
        db.session.rollback()
        flash(str(ERRORS[error.code]), "error")
    return redirect(url_for("staff.duplicate_pairs"))


@bp.post("/duplicates/merge")
@policy.roles_required("staff", "admin")
def merge_duplicate():
    """Merge the pair into the file the officer chose to keep."""
    form = forms.PairForm()
    if not form.validate_on_submit() or form.keep.data not in (form.first.data,
                                                               form.second.data):
        flash(_("Choose the file to keep, then merge."), "error")
        return redirect(url_for("staff.duplicate_pairs"))
    first, second = _pair(form)
    keep, away = (first, second) if form.keep.data == first.id else (second, first)
    try:
        merge.merge(keep, away, current_user)
        db.session.commit()
        flash(_("The files are merged into the file of %(name)s; the other account is "
                "deactivated.", name=keep.display_name or keep.user.email), "success")
        return redirect(url_for("staff.candidate", candidate_id=keep.id))
    except duplicates.DuplicateError as error:
        db.session.rollback()
        flash(str(ERRORS[error.code]), "error")
        return redirect(url_for("staff.duplicate_pairs"))
