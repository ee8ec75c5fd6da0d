"""Translated error pages that reveal nothing about the server.

An unexpected error (500) shows a short reference that is also in the log line holding
the traceback, so a person who reports it can be matched to its cause. A database that is
unreachable, locked or too slow gives a 503 that asks to retry, never a traceback.
"""

import secrets

from flask import Flask, g, render_template, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import exc as sa_exc
from werkzeug.exceptions import (
    HTTPException,
    InternalServerError,
    SecurityError,
    ServiceUnavailable,
)

from matcher.extensions import db, login_manager

MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. Please try again.")),
    403: (_l("Access denied"), _l("You do not have access to this page.")),
    404: (_l("Page not found"), _l("This page does not exist or is no longer available.")),
    405: (_l("Not allowed"), _l("This action is not allowed here.")),
    413: (_l("Too large"), _l("What you sent is too large. Please shorten it and try again.")),
    429: (_l("Too many attempts"), _l("Too many attempts. Please wait a moment and try again.")),
    500: (_l("Something went wrong"),
          _l("An unexpected error occurred. Nothing was changed. Please try again later.")),
    503: (_l("Service unavailable"),
          _l("Passerelle is briefly unavailable. Nothing was changed. Please try again in a "
             "minute.")),
}
RETRY_AFTER_SECONDS = 30
# Errors that say the database cannot answer now (down, unreachable, locked, timed out),
# as opposed to errors in what was asked of it.
UNAVAILABLE = (sa_exc.OperationalError, sa_exc.TimeoutError, sa_exc.DisconnectionError)
# URL prefix -> function rendering an HTTPException for machines (the JSON API), in place of
# the HTML error page. Filled by the packages that need it, from their init_app.
RENDERERS: dict[str, object] = {}


def register_renderer(prefix: str, render) -> None:
    """Render the HTTP errors of the URLs under `prefix` with `render(error)`."""
    RENDERERS[prefix] = render


def _renderer():
    return next((render for prefix, render in RENDERERS.items()
                 if request.path.startswith(prefix)), None)


class Passerelle(Flask):
    """Flask, logging each unhandled exception with the reference its error page shows."""

    def log_exception(self, exc_info) -> None:
        """Log the traceback once, with the request and its error reference."""
        self.logger.error("Exception on %s [%s] error_id=%s", request.path, request.method,
                          error_reference(), exc_info=exc_info)


def error_reference() -> str:
    """Return this request's error reference (8 hex digits), created on first use."""
    if "error_id" not in g:
        g.error_id = secrets.token_hex(4)
    return g.error_id


def database_unavailable(error: BaseException | None) -> bool:
    """Say whether an error means the database cannot answer now."""
    if isinstance(error, UNAVAILABLE):
        return True
    return isinstance(error, sa_exc.DBAPIError) and error.connection_invalidated


def _reset_session() -> None:
    """Roll back the failed transaction, so rendering the page can query again."""
    try:
        db.session.rollback()
    except sa_exc.SQLAlchemyError:
        # The connection is gone; the pool replaces it on the next checkout.
        db.session.close()


def init_app(app: Flask) -> None:
    """Render every HTTP error with the site's layout."""

    @app.errorhandler(HTTPException)
    def handle_http_error(error: HTTPException):
        code = error.code or 500
        render = _renderer()
        if render is not None:
            return render(error)
        title, message = MESSAGES.get(code, MESSAGES[400] if code < 500 else MESSAGES[500])
        if isinstance(error, SecurityError):
            # A Host outside TRUSTED_HOSTS: no URL can be built, so no page with links.
            return f"{title}\n\n{message}\n", code, {"Content-Type": "text/plain; charset=utf-8"}
        return render_template("errors/error.html", code=code, title=title,
                               message=message), code

    @app.errorhandler(InternalServerError)
    def handle_server_error(error: InternalServerError):
        original = error.original_exception
        if database_unavailable(original):
            return handle_database_unavailable(original)
        _reset_session()  # first: after a failed flush the page could not query at all
        if original is None:  # abort(500): log_exception() was not called
            app.logger.error("Server error on %s [%s] error_id=%s", request.path,
                             request.method, error_reference())
        render = _renderer()
        if render is not None:
            return render(error)
        title, message = MESSAGES[500]
        return render_template("errors/error.html", code=500, title=title, message=message,
                               error_id=error_reference()), 500

    @app.errorhandler(sa_exc.OperationalError)
    @app.errorhandler(sa_exc.TimeoutError)
    def handle_database_unavailable(error: Exception):
        _reset_session()
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0][:200]
        app.logger.error("Database unavailable on %s [%s] error_id=%s: %s: %s", request.path,
                         request.method, error_reference(), type(error).__name__, reason)
        # The page is drawn as for a visitor: loading the logged-in user needs the database.
        login_manager._update_request_context_with_user()
        title, message = MESSAGES[503]
        render = _renderer()
        if render is not None:
            response = render(ServiceUnavailable())
        else:
            response = app.make_response((render_template(
                "errors/error.html", code=503, title=title, message=message,
                error_id=error_reference()), 503))
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response.headers["Cache-Control"] = "no-store"
        return response
