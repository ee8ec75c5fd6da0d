"""Search filters kept out of URLs: an opaque token in the URL, the values in the session.

A search by a person's name or email sent with GET would land in access logs, browser
history and Referer headers. The admin pages post such searches; the values are kept in
the (signed) session under a random token, and the pages' links carry only that token,
so paging and CSV downloads keep the filter without ever showing it.
"""

import secrets
from datetime import date

from flask import session

SESSION_KEY = "saved_filters"
KEEP = 10  # a few recent searches per session; older tokens simply show everything


def save(kind: str, values: dict) -> str:
    """Keep filter values (text, numbers, dates) and return the token that names them."""
    token = secrets.token_urlsafe(9)
    saved = dict(session.get(SESSION_KEY, {}))
    saved[token] = {"kind": kind, "values": {
        key: value.isoformat() if isinstance(value, date) else value
        for key, value in values.items() if value not in (None, "")}}
    session[SESSION_KEY] = dict(list(saved.items())[-KEEP:])
    return token


def load(kind: str, token: str | None) -> dict:
    """Return the values a token names (dates as ISO text), or {} if unknown or expired."""
    entry = session.get(SESSION_KEY, {}).get(token or "")
    if not entry or entry.get("kind") != kind:
        return {}
    return dict(entry["values"])
