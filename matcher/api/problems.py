"""Errors of the API as `application/problem+json` (RFC 9457), titles in the asked language.

A problem has a `type` (a stable URI naming the kind of problem), a translated `title`,
the HTTP `status`, a `detail` for this occurrence, and for invalid input an `errors` list
naming each field with what is wrong with it.
"""

from flask import Response, json, request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

from matcher.errors import error_reference

MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "https://passerelle.quebec/problems/"
TITLES = {
    400: _l("Bad request"),
    401: _l("Authentication required"),
    403: _l("Not allowed for this token"),
    404: _l("Not found"),
    405: _l("Method not allowed"),
    406: _l("Not acceptable"),
    409: _l("Conflict with the current state"),
    413: _l("Request too large"),
    415: _l("Unsupported media type"),
    422: _l("Invalid data"),
    429: _l("Too many requests"),
    500: _l("Server error"),
    503: _l("Service unavailable"),
}
DETAILS = {
    401: _l("Send a valid API token: Authorization: Bearer <token>."),
    403: _l("This token’s scope does not give access to this resource."),
    404: _l("Nothing here is visible to this token."),
    405: _l("This resource does not accept this method."),
    413: _l("The request body is larger than 1 MiB."),
    429: _l("This token sent too many requests. Wait a moment and try again."),
    500: _l("An unexpected error occurred. Nothing was changed."),
    503: _l("The service is briefly unavailable. Nothing was changed. Try again in a minute."),
}


class Problem(Exception):
    """An API error: raise it from a view; the API answers it as problem+json."""

    def __init__(self, status: int, code: str, detail=None,
                 errors: list[dict] | None = None, headers: dict | None = None):
        super().__init__(code)
        self.status, self.code, self.detail = status, code, detail
        self.errors, self.headers = errors or [], headers or {}


def field_error(field: str, message, code: str) -> dict:
    """Return one entry of a problem's `errors` list."""
    return {"field": field, "message": str(message), "code": code}


def response(problem: Problem) -> Response:
    """Render a problem as an HTTP response."""
    status = problem.status
    body = {
        "type": TYPE_BASE + problem.code.replace("_", "-"),
        "title": str(TITLES.get(status, TITLES[400 if status < 500 else 500])),
        "status": status,
        "detail": str(problem.detail or DETAILS.get(status, TITLES.get(status, ""))),
        "instance": request.path,
        "code": problem.code,
    }
    if problem.errors:
        body["errors"] = problem.errors
    if status >= 500:
        body["error_id"] = error_reference()
    result = Response(json.dumps(body), status=status, mimetype=MEDIA_TYPE)
    result.headers["Cache-Control"] = "no-store"
    result.headers["Content-Language"] = "en" if _is_english() else "fr-CA"
    for name, value in problem.headers.items():
        result.headers[name] = value
    return result


def _is_english() -> bool:
    from flask_babel import get_locale

    return str(get_locale()) == "en"


CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
         405: "method_not_allowed", 406: "not_acceptable", 409: "conflict",
         413: "too_large", 415: "unsupported_media_type", 422: "invalid", 429: "rate_limited",
         500: "server_error", 503: "unavailable"}


def from_http_error(error: HTTPException) -> Response:
    """Render a Werkzeug HTTP error (routing, size, rate limit ...) as a problem."""
    status = error.code or 500
    headers = {name: value for name, value in error.get_headers()
               if name.lower() not in ("content-type", "content-length")}
    if status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="passerelle"'
    return response(Problem(status, CODES.get(status, "error"), headers=headers))
