"""Translated error pages that reveal nothing about the server."""

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. Please try again.")),
    403: (_l("Access denied"), _l("You do not have access to this page.")),
    404: (_l("Page not found"), _l("This page does not exist or is no longer available.")),
    405: (_l("Not allowed"), _l("This action is not allowed here.")),
    413: (_l("Too large"), _l("What you sent is too large. Please shorten it and try again.")),
    429: (_l("Too many attempts"), _l("Too many attempts. Please wait a moment and try again.")),
    500: (_l("Something went wrong"),
          _l("An unexpected error occurred. Nothing was changed. Please try again later.")),
}


def init_app(app: Flask) -> None:
    """Render every HTTP error with the site's layout."""

    @app.errorhandler(HTTPException)
    def handle_http_error(error: HTTPException):
        code = error.code or 500
        title, message = MESSAGES.get(code, MESSAGES[400] if code < 500 else MESSAGES[500])
        return render_template("errors/error.html", code=code, title=title,
                               message=message), code

