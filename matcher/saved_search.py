"""Searches by name or email, kept out of URLs (and so out of access logs and history).

The search form is posted (with its CSRF token); its values are kept in the session
under a key per page, and the browser is redirected to the page's plain URL, which
carries at most a page number. The session ends, with the search, at logout.
"""

from flask import flash, redirect, session, url_for
from flask_babel import gettext as _


def saved(key: str) -> dict:
    """Return the filters saved for a page (empty when none)."""
    value = session.get(f"search:{key}")
    return value if isinstance(value, dict) else {}


def save_and_redirect(key: str, form, endpoint: str):
    """Keep a valid posted search for the page and go back to its plain URL."""
    if form.validate_on_submit():
        session[f"search:{key}"] = {name: form[name].data or "" for name in form.data
                                    if name != "csrf_token"}
    else:
        flash(_("The search was not changed: check what you typed."), "error")
    return redirect(url_for(endpoint))
