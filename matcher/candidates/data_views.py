"""My data: download everything, see who viewed the profile, delete the account."""

import json

from flask import Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from matcher import clock
from matcher.auth.passwords import verify_password
from matcher.candidates import forms, privacy, services
from matcher.candidates.views import bp
from matcher.extensions import db, limiter
from matcher.policy import roles_required

VIEWS_SHOWN = 100


def _user_key() -> str:
    return f"user:{current_user.get_id()}"


@bp.get("/my-data")
@roles_required("candidate")
def my_data():
    """Offer the export and the deletion, and list who viewed the profile."""
    candidate = services.profile_of(current_user)
    views = privacy.profile_views(candidate.id, limit=VIEWS_SHOWN) if candidate.id else []
    return render_template("candidates/my_data.html", candidate=candidate, views=views,
                           views_shown=VIEWS_SHOWN)


@bp.get("/my-data/export")
@roles_required("candidate")
def export():
    """Download everything the service holds about me, as JSON."""
    data = privacy.export_data(current_user)
    privacy.record_export(current_user)
    db.session.commit()
    filename = f"passerelle-data-{clock.today().isoformat()}.json"
    return Response(json.dumps(data, ensure_ascii=False, indent=2), mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/my-data/delete", methods=["GET", "POST"])
@roles_required("candidate")
@limiter.limit("10 per hour", key_func=_user_key, methods=["POST"],
               deduct_when=lambda response: response.status_code != 302)
def delete_account():
    """Delete my account and personal data for good, after my password."""
    form = forms.DeleteAccountForm()
    if form.validate_on_submit():
        if verify_password(current_user.password_hash, form.password.data):
            privacy.delete_account(current_user._get_current_object())
            db.session.commit()
            logout_user()
            flash(_("Your account and your personal data were deleted."), "success")
            return redirect(url_for("main.home"))
        form.password.errors.append(_("Incorrect password."))
    return render_template("candidates/delete.html", form=form)
