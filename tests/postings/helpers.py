"""Helpers of the postings tests: a valid form, errors shown on a page, counts."""

import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, select

from matcher.extensions import db
from matcher.models import AuditEvent, Employer, Posting, Site
from tests import factories as f
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


# The job board's search world: key -> (site, NOC, title, description, employment type).
POSTINGS = {
    "pab_mtl": ("mtl", "33102", "Préposé·e aux bénéficiaires", "Soins aux résidents.",
                "full_time"),
    "pab_levis": ("levis", "33102", "Préposée aux bénéficiaires de nuit",
                  "Unité de soins de longue durée.", "part_time"),
    "plongeur": ("quebec", "65201", "Plongeur·euse", "Lavage de la vaisselle.", "part_time"),
    "aide_cuisine": ("mtl", "65201", "Aide de cuisine", "Préparation des plateaux.",
                     "casual"),
    "cook": ("levis", "63200", "Cuisinier·ère", "Repas des résidents, menus adaptés.",
             "full_time"),
    "menage": ("beauce", "65310", "Préposé·e à l’entretien ménager", "Chambres et aires "
               "communes.", "full_time"),
    "admin": ("quebec", "14100", "Agente administrative", "Classement et saisie de données.",
              "temporary"),
    "asss": ("mtl", "44101", "Auxiliaire aux services de santé et sociaux",
             "Visites à domicile.", "full_time"),
}
SITES = {"mtl": ("06", "Montréal"), "levis": ("12", "Lévis"), "beauce": ("12", "Saint-Georges"),
         "quebec": ("03", "Québec")}



def make_board_world() -> dict[str, int]:
    """Add the postings of POSTINGS at their sites, one day apart; return their ids."""
    sites = {}
    for key, (region, city) in SITES.items():
        employer = Employer(name=f"Établissement {key} (fictif)", kind="CHSLD",
                            region_code=region, is_fictitious=True)
        sites[key] = Site(employer=employer, name=f"Installation {city}", city=city,
                          region_code=region)
        db.session.add(sites[key])
    ids = {}
    for number, (key, (site, noc, title, text, kind)) in enumerate(POSTINGS.items()):
        ids[key] = f.make_posting(
            sites[site].employer, site=sites[site], noc_code=noc, title=title,
            description=text, employment_type=kind, hourly_wage=Decimal("22.00"),
            hours_per_week=Decimal("35"),
            published_at=datetime(2026, 5, 1, tzinfo=UTC) + timedelta(days=number)).id
    return ids
