"""Logging in and out."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from matcher.auth import (
    loader,  # noqa: F401  (registers the user loader)
    services,
)
from matcher.auth.forms import LoginForm
from matcher.extensions import db
from matcher.urls import safe_next

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Log a user in with email and password."""
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            services.start_session(user, remember=form.remember.data)
            db.session.commit()
            return redirect(safe_next(form.next.data) or url_for("main.home"))
        db.session.commit()
        form.password.errors.append(_("Incorrect email or password."))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    """Log out and revoke every copy of this session."""
    services.revoke_sessions(current_user)
    db.session.commit()
    logout_user()
    flash(_("You are logged out."), "success")
    return redirect(url_for("main.home"))
