"""Helpers of the postings tests: a valid form, errors shown on a page, counts."""

import re
from datetime import date, timedelta

from sqlalchemy import func, select

from matcher.extensions import db
from matcher.models import AuditEvent, Posting
from tests.conftest import post_form

# Québec's minimum wage is $16.60 from 2026-05-01 ($16.10 before).
TODAY = date(2026, 6, 1)
ERROR_RE = re.compile(r'<p class="field-error" id="([\w-]+)-error">(.*?)</p>', re.S)


def valid_form(site_id, /, **overrides) -> dict:
    """Return the fields of a posting form that passes every rule."""
    data = {
        "noc_code": "33102", "site_id": str(site_id), "title": "Préposé aux bénéficiaires",
        "description": "Soins d'hygiène et aide aux repas des résidents.",
        "shifts": ["day", "evening"], "employment_type": "full_time",
        "hours_per_week": "37,5", "hourly_wage": "21,50", "openings": "3",
        "start_date": (TODAY + timedelta(days=30)).isoformat(),
        "closes_on": (TODAY + timedelta(days=14)).isoformat(),
        "min_french_oral": "5", "min_french_written": "3", "min_experience_months": "0",
        "certifications": ["pdsb"], "training_provided": "y", "publish": "Publier",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def create(hr, /, **overrides):
    """Post the new-posting form as HR and return the response."""
    return post_form(hr.client, "/employer/postings/new", valid_form(hr.site_id, **overrides))


def field_errors(response) -> dict[str, str]:
    """Return {field id: error text} shown on a page."""
    return dict(ERROR_RE.findall(response.get_data(as_text=True)))


def count_postings() -> int:
    """Return how many postings exist."""
    return db.session.scalar(select(func.count(Posting.id)))


def audit_actions(subject_id=None) -> list[str]:
    """Return the postings' audit events in order (of one posting if given)."""
    query = select(AuditEvent.action).order_by(AuditEvent.id).where(
        AuditEvent.action.like("posting.%") | AuditEvent.action.like("site.%"))
    if subject_id is not None:
        query = query.where(AuditEvent.subject_type == "Posting",
                            AuditEvent.subject_id == subject_id)
    return list(db.session.scalars(query))


def posting_id_from(response) -> int:
    """Return the id of the posting a successful form redirected to."""
    assert response.status_code == 302, field_errors(response)
    return int(response.headers["Location"].rstrip("/").split("/")[-1])
