"""Two-step login pages: the code after the password, enrolment, an admin's reset."""

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from matcher import navigation, policy
from matcher.auth import forms, mfa, services, throttle
from matcher.auth.messages import wait_message
from matcher.auth.views import bp
from matcher.extensions import db
from matcher.models import User
from matcher.urls import safe_next

PENDING, SETUP = "mfa_pending", "mfa_setup_secret"


def add_navigation(app) -> None:
    """Add this feature's menu entries (create_app calls it)."""
    navigation.add(app, "auth.mfa_setup", _l("Two-step login"), "employer", "staff", "admin")


# Pages a user who must enrol may still open.
OPEN_BEFORE_ENROLMENT = {"auth.mfa_setup", "auth.logout", "auth.verify_email",
                         "auth.resend_verification", "main.set_language", "main.privacy",
                         "static", "health.healthz", "health.readyz"}


def start_or_ask_code(user: User, remember: bool, next_url: str | None):
    """After a right password: log in, or ask for the code first when MFA is on."""
    if not user.mfa_enabled:
        services.start_session(user, remember=remember)
        db.session.commit()
        return redirect(safe_next(next_url) or url_for(navigation.home_endpoint(user)))
    db.session.commit()
    session[PENDING] = {"id": user.id, "v": user.session_version, "remember": bool(remember),
                        "next": safe_next(next_url) or "", "at": mfa.timestamp()}
    return redirect(url_for("auth.login_code"))


def _pending_user() -> User | None:
    pending = session.get(PENDING)
    if not isinstance(pending, dict) or not mfa.pending_is_fresh(pending.get("at", -1)):
        return None
    user = db.session.get(User, pending.get("id"))
    if user is None or not user.active or user.session_version != pending.get("v"):
        return None
    return user


@bp.route("/login/code", methods=["GET", "POST"])
def login_code():
    """Second step of the login: a code from the app, or a recovery code."""
    user = _pending_user()
    if user is None:
        session.pop(PENDING, None)
        return redirect(url_for("auth.login"))
    form = forms.CodeForm()
    if form.validate_on_submit():
        try:
            throttle.check(user.email, request.remote_addr)
        except throttle.Throttled as wait:
            form.code.errors.append(wait_message(wait.until))
            return render_template("auth/login_code.html", form=form), 429
        if mfa.verify(user, form.code.data):
            pending = session[PENDING]
            services.start_session(user, remember=pending["remember"])
            db.session.commit()
            return redirect(pending["next"] or url_for(navigation.home_endpoint(user)))
        throttle.record_failure(user.email, request.remote_addr)
        db.session.commit()
        form.code.errors.append(_("This code is not right. Codes change every 30 seconds."))
    return render_template("auth/login_code.html", form=form)


@bp.route("/account/two-step", methods=["GET", "POST"])
@login_required
def mfa_setup():
    """Turn two-step login on: scan or type the secret, then confirm with a code."""
    if not mfa.offered(current_user):
        abort(403)
    if current_user.mfa_enabled:
        return _status_page()
    form = forms.CodeForm()
    secret = mfa.decrypt(session.get(SETUP, "")) or mfa.new_secret()
    session[SETUP] = mfa.encrypt(secret)
    if form.validate_on_submit():
        codes = mfa.enable(current_user, secret, form.code.data)
        if codes is not None:
            db.session.commit()
            session.pop(SETUP, None)
            return render_template("auth/mfa_codes.html", codes=codes)
        form.code.errors.append(_("This code is not right. Codes change every 30 seconds."))
    uri = mfa.provisioning_uri(current_user, secret)
    return render_template("auth/mfa_setup.html", form=form, secret=secret, uri=uri,
                           qr=mfa.qr_svg(uri, _("QR code to scan with your app")))


def _status_page(codes_form=None, off_form=None, status: int = 200):
    """Draw the page of a user whose two-step login is on, with its two forms."""
    return render_template(
        "auth/mfa_status.html", left=mfa.codes_left(current_user),
        codes_form=codes_form or forms.ReauthForm(prefix="codes"),
        off_form=(off_form or forms.ReauthForm(prefix="off"))
        if mfa.may_turn_off(current_user) else None), status


def _throttled(form) -> bool:
    """Refuse a check while the account waits after wrong passwords or codes."""
    try:
        throttle.check(current_user.email, request.remote_addr)
    except throttle.Throttled as wait:
        form.code.errors.append(wait_message(wait.until))
        return True
    return False


def _refused(form) -> None:
    """Count a wrong password or code like a failed login, keeping its audit record."""
    throttle.record_failure(current_user.email, request.remote_addr)
    db.session.commit()
    form.code.errors.append(_("The password or the code is not right. Codes change every "
                              "30 seconds and each one works once."))


@bp.post("/account/two-step/recovery-codes")
@login_required
def mfa_new_codes():
    """Replace one's recovery codes, after the password and a current code."""
    if not mfa.offered(current_user):
        abort(403)
    if not current_user.mfa_enabled:
        return redirect(url_for("auth.mfa_setup"))
    form = forms.ReauthForm(prefix="codes")
    if form.validate_on_submit():
        if _throttled(form):
            return _status_page(codes_form=form, status=429)
        codes = mfa.replace_recovery_codes(current_user, form.password.data, form.code.data)
        if codes is not None:
            db.session.commit()
            return render_template("auth/mfa_codes.html", codes=codes, replaced=True)
        _refused(form)
    return _status_page(codes_form=form)


@bp.post("/account/two-step/off")
@login_required
def mfa_turn_off():
    """Switch one's two-step login off (HR only), after the password and a current code."""
    if not mfa.offered(current_user):
        abort(403)
    if not current_user.mfa_enabled:
        return redirect(url_for("auth.mfa_setup"))
    if not mfa.may_turn_off(current_user):
        abort(403)
    form = forms.ReauthForm(prefix="off")
    if form.validate_on_submit():
        if _throttled(form):
            return _status_page(off_form=form, status=429)
        if mfa.turn_off(current_user, form.password.data, form.code.data):
            db.session.commit()
            flash(_("Two-step login is off. We sent you a message about this change."),
                  "success")
            return redirect(url_for("auth.mfa_setup"))
        _refused(form)
    return _status_page(off_form=form)


@bp.post("/admin/users/<int:user_id>/two-step/reset")
@policy.roles_required("admin")
def reset_mfa(user_id: int):
    """Turn off a user's two-step login (lost phone and codes); the user enrols again."""
    user = db.get_or_404(User, user_id)
    mfa.reset(user, current_user)
    db.session.commit()
    flash(_("Two-step login is reset for this account."), "success")
    return redirect(url_for("admin.users"))


def enrolment_guard():
    """Send a user who must use two-step login to enrolment before any other page."""
    if (current_user.is_authenticated and not current_user.mfa_enabled
            and request.endpoint not in OPEN_BEFORE_ENROLMENT and mfa.required(current_user)):
        flash(_("Your role needs two-step login. Set it up to continue."), "info")
        return redirect(url_for("auth.mfa_setup"))
    return None
