"""The user's own API tokens: issue one (shown once), see when each was used, revoke."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from matcher import policy
from matcher.extensions import db
from matcher.tokens import forms, services

bp = Blueprint("tokens", __name__)
TOKEN_ROLES = ("employer", "staff", "admin")


def _page(form: forms.TokenForm, new_token: str | None = None, status: int = 200):
    page = render_template("tokens/index.html", form=form, new_token=new_token,
                           tokens=services.tokens_of(current_user), scopes=form.scope.choices,
                           labels=forms.SCOPE_LABELS)
    return page, status


@bp.route("/account/api-tokens", methods=["GET", "POST"])
@policy.roles_required(*TOKEN_ROLES)
def index():
    """List the user's tokens and issue a new one, shown once."""
    form = forms.TokenForm()
    form.limit_scopes(services.scopes_for(current_user))
    if not form.validate_on_submit():
        return _page(form, status=422 if form.is_submitted() else 200)
    _token, raw = services.create_token(current_user, form.scope.data, form.name.data,
                                        form.days.data)
    db.session.commit()
    blank = forms.TokenForm(formdata=None)
    blank.limit_scopes(services.scopes_for(current_user))
    return _page(blank, new_token=raw, status=201)


@bp.post("/account/api-tokens/<int:token_id>/revoke")
@policy.roles_required(*TOKEN_ROLES)
def revoke(token_id: int):
    """Revoke one of the user's tokens."""
    token = services.get_own_token(current_user, token_id) or abort(404)
    if forms.BaseForm().validate_on_submit():
        services.revoke(token, current_user)
        db.session.commit()
        flash(_("The token is revoked: it no longer opens the API."), "success")
    return redirect(url_for("tokens.index"))
