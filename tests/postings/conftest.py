"""Fixtures of the postings tests: a fixed today and an HR user logged in."""

from types import SimpleNamespace

import pytest

from matcher.extensions import db
from tests import factories as f
from tests.conftest import Login
from tests.postings.helpers import TODAY


@pytest.fixture(autouse=True)
def fixed_today(freeze_clock):
    """Make "today" a known day, for dates and the minimum wage in effect."""
    freeze_clock(TODAY)
    return TODAY


@pytest.fixture
def hr(app, client):
    """An approved HR user of an establishment with one site, logged in on `client`."""
    with app.app_context():
        employer = f.make_employer(name="CHSLD des Tests (fictif)")
        user = f.make_employer_user(employer)
        hr = SimpleNamespace(client=client, email=user.email, user_id=user.id,
                             employer_id=employer.id, site_id=employer.sites[0].id)
        db.session.commit()
    Login(client).as_user(hr.email)
    return hr
