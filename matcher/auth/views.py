"""Registering, logging in and out, and managing one's password."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, logout_user
from wtforms.fields.choices import SelectChoice

from matcher import navigation
from matcher.auth import (
    forms,
    messages,
    services,
)
from matcher.auth.limits import throttle
from matcher.extensions import db
from matcher.i18n import select_locale
from matcher.models import Employer
from matcher.urls import safe_next

bp = Blueprint("auth", __name__)
navigation.add("auth.register", _l("Create an account"), "anonymous")
navigation.add("auth.change_password", _l("Password"), "candidate", "employer", "staff", "admin")


@bp.route("/login", methods=["GET", "POST"])
@throttle("30 per minute;300 per day", "5 per minute;20 per hour", failures_only=True)
def login():
    """Log a user in with email and password."""
    form = forms.LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            services.start_session(user, remember=form.remember.data)
            db.session.commit()
            return redirect(safe_next(form.next.data)
                            or url_for(navigation.home_endpoint(user)))
        db.session.commit()  # keep the audit record of the failure
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


@bp.get("/register")
def register():
    """Ask which kind of account to create."""
    return render_template("auth/register.html")


@bp.route("/register/candidate", methods=["GET", "POST"])
@throttle("20 per hour", "5 per hour")
def register_candidate():
    """Create a candidate account and log it in."""
    form = forms.CandidateRegistrationForm()
    if form.validate_on_submit():
        if services.email_taken(form.email.data):
            form.email.errors.append(_("An account already uses this address. Log in, or "
                                       "reset your password if you forgot it."))
        else:
            user = services.register_candidate(form.email.data, form.password.data,
                                               select_locale())
            services.start_session(user, remember=False)
            db.session.commit()
            flash(_("Welcome! Your account is created. Start with your profile."), "success")
            return redirect(url_for(navigation.home_endpoint(user)))
    return render_template("auth/register_candidate.html", form=form)


@bp.route("/register/employer", methods=["GET", "POST"])
@throttle("20 per hour", "5 per hour")
def register_employer():
    """Create an employer HR account, pending approval by program staff."""
    form = forms.EmployerRegistrationForm()
    form.establishment.choices = establishment_choices()
    if form.validate_on_submit():
        employer = db.session.get(Employer, form.establishment.data)
        if services.email_taken(form.email.data):
            form.email.errors.append(_("An account already uses this address. Log in, or "
                                       "reset your password if you forgot it."))
        else:
            user = services.register_employer_user(form.email.data, form.password.data,
                                                   select_locale(), employer)
            services.start_session(user, remember=False)
            db.session.commit()
            flash(_("Your account is created. Program staff will approve it shortly; until "
                    "then you cannot post jobs or see candidates."), "info")
            return redirect(url_for(navigation.home_endpoint(user)))
    return render_template("auth/register_employer.html", form=form)


def establishment_choices() -> list[SelectChoice]:
    """Return the establishments an HR user can pick, by name."""
    rows = db.session.execute(db.select(Employer.id, Employer.name).order_by(Employer.name))
    return [SelectChoice(0, _("Choose…"))] + [SelectChoice(row.id, row.name) for row in rows]


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    """Change one's password (the current one is needed); other sessions end."""
    form = forms.ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()  # login_user() needs the real object
        if services.change_password(user, form.current.data, form.password.data):
            db.session.commit()
            flash(_("Your password is changed. Your other sessions are closed."), "success")
            return redirect(url_for(navigation.home_endpoint(current_user)))
        db.session.commit()
        form.current.errors.append(_("This is not your current password."))
    return render_template("auth/change_password.html", form=form)


@bp.route("/password/forgot", methods=["GET", "POST"])
@throttle("10 per hour", "3 per hour")
def forgot_password():
    """Send a reset link if the account exists; say the same thing either way."""
    form = forms.ForgotPasswordForm()
    if form.validate_on_submit():
        user = services.find_user_by_email(form.email.data)
        if user is not None and user.active:
            messages.send_reset_link(user, services.create_reset_token(user))
        db.session.commit()
        flash(_("If an account uses this address, we sent it a link to choose a new password. "
                "The link works once, for one hour."), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@throttle("20 per hour", "5 per hour")
def reset_password(token: str):
    """Choose a new password with a reset link."""
    if services.user_for_reset_token(token) is None:
        flash(_("This link is expired or was already used. Ask for a new one."), "error")
        return redirect(url_for("auth.forgot_password"))
    form = forms.ResetPasswordForm()
    if form.validate_on_submit() and services.reset_password(token, form.password.data):
        db.session.commit()
        flash(_("Your password is changed. You can log in."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form)
