"""Public pages: home, privacy notice, language switch."""

from flask import Blueprint, current_app, make_response, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from matcher.extensions import db
from matcher.i18n import LOCALE_COOKIE, normalize_locale
from matcher.models import Hire, Posting, ProgramSettings
from matcher.urls import safe_next

bp = Blueprint("main", __name__)


@bp.get("/")
def home():
    """Explain the service to each audience, with the program's progress."""
    settings = db.session.get(ProgramSettings, 1)
    open_postings = db.session.scalar(
        select(func.count()).select_from(Posting).where(Posting.status == "open")
    )
    hires = db.session.scalar(select(func.count()).select_from(Hire))
    return render_template("main/home.html", settings=settings,
                           open_postings=open_postings, hires=hires)


@bp.get("/privacy")
def privacy():
    """Show the privacy notice."""
    return render_template("main/privacy.html",
                           version=current_app.config["PRIVACY_POLICY_VERSION"])


@bp.post("/language")
def set_language():
    """Switch the interface language and remember the choice."""
    locale = normalize_locale(request.form.get("locale")) or "fr_CA"
    if current_user.is_authenticated and current_user.locale != locale:
        current_user.locale = locale
        db.session.commit()
    response = make_response(redirect(safe_next(request.form.get("next")) or url_for("main.home")))
    response.set_cookie(LOCALE_COOKIE, locale, max_age=365 * 24 * 3600, samesite="Lax",
                        secure=current_app.config["SESSION_COOKIE_SECURE"], httponly=True)
    return response
