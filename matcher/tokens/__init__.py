"""API tokens: the page where a user issues and revokes their own, and `flask tokens`."""

from flask import Flask
from flask_babel import lazy_gettext as _l

from matcher import navigation


def init_app(app: Flask) -> None:
    """Attach the tokens page, its menu entry and the command."""
    from matcher.tokens.cli import tokens
    from matcher.tokens.views import bp

    app.register_blueprint(bp)
    app.cli.add_command(tokens)
    navigation.add(app, "tokens.index", _l("API tokens"), "employer", "staff", "admin")
