"""Fixtures of the security tests: a production app on the test database."""

import pytest

from matcher import create_app
from matcher.config import ProductionConfig
from matcher.extensions import db

PUBLIC_URL = "https://passerelle.example"


@pytest.fixture
def production_app(app):
    """A production app on the test database (emptied by `app`), its client on PUBLIC_URL."""
    # SERVER_NAME and the scheme only make the test client ask for https://passerelle.example.
    production = create_app(ProductionConfig, SECRET_KEY="x" * 32, PUBLIC_URL=PUBLIC_URL,
                            SERVER_NAME="passerelle.example", PREFERRED_URL_SCHEME="https",
                            SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"])
    yield production
    with production.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def production_client(production_app):
    return production_app.test_client()
