"""Locale selection and the language switch (French first, English one click away)."""

import re
from datetime import date, datetime

import flask_babel
from flask import Flask, request
from flask_login import current_user

LOCALE_COOKIE = "lang"
SUPPORTED = ("fr_CA", "en")


def normalize_locale(value: str | None) -> str | None:
    """Map a requested language to a supported locale, or None."""
    if not value:
        return None
    value = value.strip().replace("-", "_").lower()
    if value.startswith("fr"):
        return "fr_CA"
    if value.startswith("en"):
        return "en"
    return None


# Machines say which language they read in Accept-Language; pages use the person's choice.
HEADER_LOCALE_PREFIXES = ("/api/",)


def select_locale() -> str:
    """Choose the user's saved language, then the cookie, then French (API: Accept-Language)."""
    if request.path.startswith(HEADER_LOCALE_PREFIXES):
        return normalize_locale(request.accept_languages.best_match(
            ("fr-CA", "fr", "en"))) or "fr_CA"
    if current_user and current_user.is_authenticated:
        return current_user.locale
    return normalize_locale(request.cookies.get(LOCALE_COOKIE)) or "fr_CA"


def html_lang() -> str:
    """Return the BCP 47 tag for the <html lang> attribute."""
    return "en" if select_locale() == "en" else "fr-CA"


# The day of the month as a number standing alone ("1 février", "lundi 1 février"), never a
# digit of the year or the hour.
_FIRST_DAY = re.compile(r"(?<![\d:])1(?=[\s\u00a0\u202f])")


def _first_of_month(day: date, text: str) -> str:
    """Write the first of the month « 1er » in French, as French typography has it."""
    if day.day != 1 or not str(flask_babel.get_locale() or "").startswith("fr"):
        return text
    return _FIRST_DAY.sub("1er", text, count=1)


def format_date(day: date | None, format: str = "medium") -> str:  # noqa: A002 (Babel's name)
    """Format a date in the current language, « 1er » for the first of the month in French."""
    if day is None:
        return ""
    text = flask_babel.format_date(day, format)
    if isinstance(day, datetime):  # Babel writes an instant's day in the user's zone
        day = flask_babel.to_user_timezone(day).date()
    return _first_of_month(day, text)


def format_datetime(moment: datetime | None, format: str = "medium") -> str:  # noqa: A002
    """Format an instant in the current language and zone, « 1er » as `format_date` does."""
    if moment is None:
        return ""
    text = flask_babel.format_datetime(moment, format)
    return _first_of_month(flask_babel.to_user_timezone(moment).date(), text)


def init_app(app: Flask) -> None:
    """Expose locale helpers to templates; dates go through `format_date` (« 1er »)."""
    app.jinja_env.filters["dateformat"] = format_date
    app.jinja_env.filters["datetimeformat"] = format_datetime

    @app.context_processor
    def inject_locale():
        current = select_locale()
        return {
            "html_lang": html_lang(),
            "current_locale": current,
            "other_locale": "en" if current == "fr_CA" else "fr_CA",
        }
