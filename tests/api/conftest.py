"""An API world: two establishments, an agency, and a token for each scope."""

from dataclasses import dataclass
from datetime import timedelta

import pytest

from matcher import clock
from matcher.extensions import db
from matcher.tokens import services as tokens
from tests import factories as f


@dataclass
class World:
    employer_token: str
    other_employer_token: str
    agency_token: str
    staff_token: str
    posting_id: int
    other_posting_id: int
    site_id: int
    application_id: int
    offer_id: int
    candidate_id: int
    employer_email: str
    staff_email: str


def bearer(token: str, **headers) -> dict:
    return {"Authorization": f"Bearer {token}", **headers}


@pytest.fixture
def world(app) -> World:
    with app.app_context():
        employer, other = f.make_employer(), f.make_employer()
        hr, other_hr = f.make_employer_user(employer), f.make_employer_user(other)
        agency = f.make_agency("CREMCV")
        staff = f.make_staff(agency)
        posting = f.make_posting(employer, openings=3)
        other_posting = f.make_posting(other)
        candidate = f.make_candidate(agency_id=agency.id, external_id="CR-1")
        application = f.make_application(candidate, posting)
        offered = f.make_application(f.make_candidate(), posting, status="offer")
        offered.created_at = clock.now() - timedelta(days=3)
        values = {
            "employer_token": tokens.create_token(hr, "employer", "HR")[1],
            "other_employer_token": tokens.create_token(other_hr, "employer", "HR")[1],
            "agency_token": tokens.create_token(staff, "agency", "liste")[1],
            "staff_token": tokens.create_token(staff, "staff", "chiffres")[1],
        }
        world = World(**values, posting_id=posting.id, other_posting_id=other_posting.id,
                      site_id=employer.sites[0].id, application_id=application.id,
                      offer_id=offered.id, candidate_id=candidate.id,
                      employer_email=hr.email, staff_email=staff.email)
        db.session.commit()
    return world


def posting_body(site_id: int, **changes) -> dict:
    """Return a valid posting body starting in a month."""
    body = {
        "title": "Préposé·e aux bénéficiaires", "noc_code": "33102", "site_id": site_id,
        "shifts": ["day"], "employment_type": "full_time", "hours_per_week": 37.5,
        "hourly_wage": 22.5, "openings": 2,
        "start_date": (clock.today() + timedelta(days=40)).isoformat(),
    }
    body.update(changes)
    return body
