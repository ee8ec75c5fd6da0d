"""The JSON API (/api/v1): one module per resource, mapping HTTP to the features' services.

Bearer tokens only (matcher.tokens issues them), errors as application/problem+json,
pydantic models shared with the importers, an OpenAPI 3.1 document written from the code.
"""

from flask import Flask, current_app

from matcher import errors
from matcher.api import auth, problems
from matcher.api.spec import bp
from matcher.extensions import csrf, limiter


def _limit() -> str:
    return current_app.config["API_RATE_LIMIT"]


def init_app(app: Flask) -> None:
    """Attach the API: its routes, its errors, its rate limit; no CSRF (no cookies)."""
    from matcher.api import (  # noqa: F401  (their operations join the blueprint)
        agency,
        applications,
        docs,
        figures,
        postings,
    )

    app.config.setdefault("API_RATE_LIMIT", "300 per minute")
    limiter.limit(_limit, key_func=auth.rate_limit_key)(bp)
    csrf.exempt(bp)
    app.register_blueprint(bp)
    errors.register_renderer(bp.url_prefix + "/", problems.from_http_error)
    app.register_error_handler(problems.Problem, problems.response)
