"""Security headers, trusted hosts and request-size rules applied to every request."""

import io
from urllib.parse import urlsplit

from flask import Flask, Response, request
from flask_login import current_user

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
READ_SIZE = 64 * 1024  # bytes read at a time from a chunked body


def init_app(app: Flask) -> None:
    """Trust only known hosts in production, bound chunked bodies, set the headers."""
    if app.config["ENV_NAME"] == "production" and not app.config.get("TRUSTED_HOSTS"):
        # A request naming another host is refused (400) before any view runs.
        app.config["TRUSTED_HOSTS"] = [urlsplit(app.config["PUBLIC_URL"]).hostname]
    app.wsgi_app = ChunkedBodyLimit(app.wsgi_app, app)

    @app.after_request
    def set_security_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CSP)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if app.config["ENV_NAME"] == "production":
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        if request.endpoint != "static" and current_user and current_user.is_authenticated:
            # Pages of a logged-in person must not linger in shared or back-button caches.
            headers["Cache-Control"] = "no-store"
        return response


class ChunkedBodyLimit:
    """WSGI middleware: give a chunked body a Content-Length so MAX_CONTENT_LENGTH applies.

    Without a Content-Length, Werkzeug silently stops reading at the limit, and the form is
    parsed from a truncated body. Reading it here, at most one byte past the limit, turns
    "too large" into the usual 413 and gives a body within the limit its exact length.
    """

    def __init__(self, wsgi_app, app: Flask):
        self.wsgi_app = wsgi_app
        self.app = app

    def __call__(self, environ, start_response):
        limit = self.app.config["MAX_CONTENT_LENGTH"]
        chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
        # Only a server that de-chunks the input says so (gunicorn, Werkzeug, waitress);
        # from any other, the raw stream is unsafe to read and Werkzeug reads nothing.
        if chunked and limit is not None and environ.get("wsgi.input_terminated"):
            # Chunked framing overrides any Content-Length sent beside it (RFC 9112 6.3).
            body = _read_at_most(environ["wsgi.input"], limit + 1)
            # A body over the limit keeps its (too large) length: Werkzeug answers 413
            # as soon as anything reads the form, without reading a byte of it.
            environ["wsgi.input"] = io.BytesIO(b"" if len(body) > limit else body)
            environ["CONTENT_LENGTH"] = str(len(body))
            del environ["HTTP_TRANSFER_ENCODING"]
            environ.pop("wsgi.input_terminated", None)
        return self.wsgi_app(environ, start_response)


def _read_at_most(stream, size: int) -> bytes:
    """Read until the end of the stream or `size` bytes, whichever comes first."""
    parts, total = [], 0
    while total < size:
        part = stream.read(min(READ_SIZE, size - total))
        if not part:
            break
        parts.append(part)
        total += len(part)
    return b"".join(parts)
