"""Locale selection and the language switch (French first, English one click away)."""

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


def init_app(app: Flask) -> None:
    """Expose locale helpers to templates."""

    @app.context_processor
    def inject_locale():
        current = select_locale()
        return {
            "html_lang": html_lang(),
            "current_locale": current,
            "other_locale": "en" if current == "fr_CA" else "fr_CA",
        }
