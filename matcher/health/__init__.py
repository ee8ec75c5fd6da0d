"""Probes for the load balancer: /healthz (the process answers) and /readyz (it can serve)."""

from flask import Flask

from matcher.extensions import csrf, limiter
from matcher.health.views import bp


def init_app(app: Flask) -> None:
    """Register the probes, outside rate limits and CSRF checks."""
    app.register_blueprint(bp)
    limiter.exempt(bp)
    csrf.exempt(bp)
