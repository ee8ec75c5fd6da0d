"""Redirect targets that stay on this site."""

from urllib.parse import urlsplit

from werkzeug.routing import IntegerConverter


def safe_next(target: str | None) -> str | None:
    """Return target if it is a path on this site, else None.

    Refuses absolute URLs, scheme-relative ones (//evil), backslash tricks
    (/\\evil, which browsers read as //evil) and control characters.
    """
    if not target or len(target) > 2000:
        return None
    if any(ord(ch) < 32 or ch == "\\" for ch in target):
        return None
    if not target.startswith("/") or target.startswith("//"):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def absolute_url(endpoint: str, **values) -> str:
    """Return a full URL for links in messages, always under PUBLIC_URL.

    Never built from the request: its Host header is chosen by the client, and a reset
    link sent to "evil.example" would hand the token to whoever owns that host.
    """
    from flask import current_app

    base = urlsplit(current_app.config["PUBLIC_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/",
                                       url_scheme=base.scheme)
    return adapter.build(endpoint, values, force_external=True)


class BoundedIntConverter(IntegerConverter):
    """Match only ids the database can hold; a larger number is a 404, not an overflow."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)
