"""Fixtures for the candidate's pages: a logged-in candidate, a fixed "today"."""

from datetime import date

import pytest

from matcher.extensions import db
from matcher.models import Candidate
from tests import factories as f
from tests.conftest import Login

TODAY = date(2026, 3, 10)


@pytest.fixture(autouse=True)
def fixed_today(freeze_clock):
    """Make the profile's "today" a fixed day, so date rules are tested exactly."""
    freeze_clock(TODAY)
    return TODAY


@pytest.fixture
def candidate_user(app):
    """A candidate account as registration leaves it: a user and an empty profile."""
    with app.app_context():
        user = f.make_user("candidate")
        db.session.add(Candidate(user=user))
        db.session.commit()
        return user.email


@pytest.fixture
def candidate_client(client, candidate_user):
    Login(client).as_user(candidate_user)
    return client
