"""Registering, logging in and out, and managing one's password."""

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, logout_user
from wtforms.fields.choices import SelectChoice

from matcher import navigation
from matcher.auth import (
    forms,
    messages,
    services,
    verification,
)
from matcher.auth.limits import throttle
from matcher.auth.throttle import Throttled
from matcher.extensions import db, limiter
from matcher.i18n import select_locale
from matcher.models import Employer, Region
from matcher.urls import safe_next

bp = Blueprint("auth", __name__)


def add_navigation(app) -> None:
    """Add this feature's menu entries (create_app calls it)."""
    navigation.add(app, "auth.register", _l("Create an account"), "anonymous")
    navigation.add(app, "auth.change_password", _l("Password"), "candidate", "employer",
                   "staff", "admin")


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Log a user in with email and password (throttled: matcher/auth/throttle.py)."""
    form = forms.LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data, form.password.data,
                                         request.remote_addr)
        except Throttled as wait:
            form.password.errors.append(messages.wait_message(wait.until))
            return render_template("auth/login.html", form=form), 429
        if user is not None:
            from matcher.auth.mfa_views import start_or_ask_code

            return start_or_ask_code(user, form.remember.data, form.next.data)
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
    session.clear()  # saved searches and anything else kept for this person end here
    flash(_("You are logged out."), "success")
    return redirect(url_for("main.home"))


@bp.get("/register")
def register():
    """Ask which kind of account to create."""
    return render_template("auth/register.html")


@bp.route("/register/candidate", methods=["GET", "POST"])
@throttle("20 per hour", "5 per hour")
def register_candidate():
    """Create a candidate account and send the link that confirms the address."""
    form = forms.CandidateRegistrationForm()
    if form.validate_on_submit():
        services.register_candidate(form.email.data, form.password.data, select_locale())
        return _registered(_("You can already log in and start your profile."))
    return render_template("auth/register_candidate.html", form=form)


@bp.route("/register/employer", methods=["GET", "POST"])
@throttle("20 per hour", "5 per hour")
def register_employer():
    """Create an employer HR account, pending approval by program staff."""
    form = forms.EmployerRegistrationForm()
    form.establishment.choices = establishment_choices()
    kinds, regions = new_establishment_choices(form)
    if form.validate_on_submit() & forms.validate_new_establishment(form, kinds, regions):
        try:
            services.register_employer_user(
                form.email.data, form.password.data, select_locale(),
                db.session.get(Employer, form.establishment.data), _contact(form),
                _new_establishment(form))
            return _registered(_("You can already log in and prepare your postings as drafts."))
        except services.EstablishmentExists:
            db.session.rollback()
            form.new_name.errors = [*form.new_name.errors, _(
                "An establishment of this name is already registered or awaiting approval: "
                "choose it in the list, or contact the program’s team.")]
    return render_template("auth/register_employer.html", form=form,
                           not_listed=forms.NOT_LISTED)


def _contact(form) -> dict:
    return {"contact_name": form.contact_name.data.strip(),
            "job_title": form.job_title.data.strip(), "phone": form.phone.data.strip()}


def _new_establishment(form) -> dict | None:
    if form.establishment.data != forms.NOT_LISTED:
        return None
    return {"name": form.new_name.data, "kind": form.new_kind.data,
            "region_code": form.new_region.data, "address": form.new_address.data}


def _registered(next_step: str):
    """Answer a registration the same way whether the address was new or already used."""
    db.session.commit()
    flash(_("Thank you! We sent a message to the address you gave. Open the link in it to "
            "confirm your address.") + " " + next_step, "info")
    return redirect(url_for("auth.login"))


@bp.get("/account/verify/<token>")
def verify_email(token: str):
    """Confirm an address with the link sent at registration."""
    user = verification.confirm(token)
    db.session.commit()
    if user is None:
        flash(_("This link is expired or not valid. Log in and ask for a new one."), "error")
    else:
        flash(_("Thank you: your email address is confirmed."), "success")
    return redirect(url_for(navigation.home_endpoint(current_user)))


@bp.post("/account/verify/resend")
@login_required
@limiter.limit("3 per hour", key_func=lambda: f"verify:{current_user.id}")
def resend_verification():
    """Send the confirmation link again to the logged-in user's address."""
    if not current_user.email_verified:
        verification.send_link(current_user)
        db.session.commit()
    flash(_("We sent the link again. Look in your inbox (and in the junk folder)."), "info")
    return redirect(safe_next(request.form.get("next")) or url_for("main.home"))


def establishment_choices() -> list[SelectChoice]:
    """Return the establishments an HR user can pick, by name, and "not in the list"."""
    rows = db.session.execute(db.select(Employer.id, Employer.name).where(Employer.active)
                              .order_by(Employer.name))
    return ([SelectChoice(0, _("Choose…"))] + [SelectChoice(row.id, row.name) for row in rows]
            + [SelectChoice(forms.NOT_LISTED, _("My establishment is not in the list"))])


def new_establishment_choices(form) -> tuple[set[str], set[str]]:
    """Fill the kind and region lists of a new establishment; return the valid codes."""
    kinds = {"CISSS": "CISSS", "CIUSSS": "CIUSSS", "non-merged": _("Non-merged establishment"),
             "CRSSS": "CRSSS", "CHSLD": "CHSLD", "RPA": _("Private seniors’ residence (RPA)"),
             "clinic": _("Clinic")}
    form.new_kind.choices = [SelectChoice("", _("Choose…"))] + [
        SelectChoice(code, label) for code, label in kinds.items()]
    regions = db.session.scalars(db.select(Region).order_by(Region.code)).all()
    form.new_region.choices = [SelectChoice("", _("Choose…"))] + [
        SelectChoice(r.code, f"{r.code} – {r.name}") for r in regions]
    return set(kinds), {r.code for r in regions}


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
    if form.validate_on_submit() and services.reset_password(token, form.password.data,
                                                             request.remote_addr):
        db.session.commit()
        flash(_("Your password is changed. You can log in."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form)
