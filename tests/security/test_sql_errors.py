"""Database errors never carry the values bound to the statement (personal data)."""

import pytest
from sqlalchemy.exc import IntegrityError

from matcher.extensions import db
from matcher.models import User
from tests import factories as f

EMAIL = "josette.secret@example.com"


def test_an_integrity_error_does_not_show_the_row_values(app):
    with app.app_context():
        f.make_user("candidate", email=EMAIL)
        db.session.add(User(email=EMAIL, role="candidate", password_hash="argon2-hash-value"))
        with pytest.raises(IntegrityError) as caught:
            db.session.flush()
        db.session.rollback()
    text = str(caught.value)
    assert "SQL parameters hidden" in text
    # Neither SQLAlchemy's parameters nor PostgreSQL's DETAIL ("Key (email)=(...)").
    assert "josette" not in text and "argon2-hash-value" not in text
    assert "josette" not in str(caught.value.orig)


def test_the_production_engine_hides_parameters_and_pings_the_pool(production_app):
    with production_app.app_context():
        assert db.engine.hide_parameters
        assert db.engine.pool._pre_ping
