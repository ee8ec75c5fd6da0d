"""Agencies, establishments and their sites, as admins keep them: every change audited.

Services add and flush; the request commits once. A merge moves everything that points to
the duplicate establishment (sites, postings, HR members, employer-specific permits,
placement rounds) in the request's one transaction, then deletes the duplicate: all of it
happens, or none.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from matcher import audit
from matcher.extensions import db
from matcher.matching import changes
from matcher.models import (
    Agency,
    Candidate,
    Employer,
    EmployerMember,
    PlacementRound,
    Posting,
    Region,
    Site,
    User,
)
from matcher.models.employer import EMPLOYER_KINDS


class OrganizationError(Exception):
    """A change the rules refuse; `errors` maps form fields to translated messages."""

    def __init__(self, errors: dict):
        super().__init__(errors)
        self.errors = errors


def _check_region(code: str, field: str = "region_code") -> None:
    if db.session.get(Region, code) is None:
        raise OrganizationError({field: _l("Choose a region.")})


def _check_unique(model, name: str, current=None) -> None:
    query = select(model.id).where(func.lower(model.name) == name.lower())
    if current is not None:
        query = query.where(model.id != current.id)
    if db.session.scalar(query) is not None:
        raise OrganizationError({"name": _l("Another one already has this name.")})


def save_agency(agency: Agency | None, name: str, region_code: str) -> Agency:
    """Create an agency (agency None) or rename it and change its region."""
    _check_region(region_code)
    _check_unique(Agency, name, agency)
    if agency is None:
        agency = Agency(name=name, region_code=region_code)
        db.session.add(agency)
        db.session.flush()
        audit.record("agency.created", agency, name=name, region=region_code)
    elif (agency.name, agency.region_code) != (name, region_code):
        audit.record("agency.updated", agency, old_name=agency.name, name=name,
                     old_region=agency.region_code, region=region_code)
        agency.name, agency.region_code = name, region_code
    return agency


def save_establishment(employer: Employer | None, name: str, kind: str,
                       region_code: str) -> Employer:
    """Create an establishment (employer None) or rename it, change its kind or region."""
    _check_region(region_code)
    if kind not in EMPLOYER_KINDS:
        raise OrganizationError({"kind": _l("Choose a kind of establishment.")})
    _check_unique(Employer, name, employer)
    if employer is None:
        employer = Employer(name=name, kind=kind, region_code=region_code)
        db.session.add(employer)
        db.session.flush()
        audit.record("employer.created", employer, name=name, kind=kind, region=region_code)
    elif (employer.name, employer.kind, employer.region_code) != (name, kind, region_code):
        audit.record("employer.updated", employer, old_name=employer.name, name=name,
                     kind=kind, region=region_code)
        employer.name, employer.kind, employer.region_code = name, kind, region_code
    return employer


def save_site(site: Site | None, employer: Employer, name: str, city: str,
              region_code: str) -> Site:
    """Add a site to an establishment (site None), or rename or move it."""
    _check_region(region_code)
    if site is None:
        site = Site(employer=employer, name=name, city=city, region_code=region_code)
        db.session.add(site)
        db.session.flush()
        audit.record("site.created", site, employer_id=employer.id)
    elif (site.name, site.city, site.region_code) != (name, city, region_code):
        audit.record("site.updated", site, old_name=site.name, name=name, city=city,
                     region=region_code)
        site.name, site.city, site.region_code = name, city, region_code
        _touch_postings(Posting.site_id == site.id)
    return site


def _touch_postings(condition) -> None:
    """Tell the ranking indexes that these postings changed place or establishment."""
    for posting_id in db.session.scalars(select(Posting.id).where(condition)).all():
        changes.touch(db.session, "posting", posting_id)


def open_postings(condition) -> int:
    """Return how many open postings match a condition."""
    return db.session.scalar(select(func.count(Posting.id)).where(
        condition, Posting.status == "open"))


def set_active(thing, active: bool) -> None:
    """Deactivate or reactivate an agency, an establishment or a site.

    A site or an establishment with open postings stays active: close or move them first.
    """
    if active == thing.active:
        return
    kind = {Agency: "agency", Employer: "employer", Site: "site"}[type(thing)]
    if not active and kind != "agency":
        column = Posting.site_id if kind == "site" else Posting.employer_id
        if open_postings(column == thing.id):
            raise OrganizationError({"active": _l(
                "It still has open postings: close them, or move them to another site, "
                "before deactivating it.")})
    thing.active = active
    audit.record(f"{kind}.{'reactivated' if active else 'deactivated'}", thing)


def merge_counts(duplicate: Employer) -> dict[str, int]:
    """Return what a merge would move: sites, postings and HR members of the duplicate."""
    def count(model, column):
        return db.session.scalar(select(func.count(model.id)).where(column == duplicate.id))
    return {"sites": count(Site, Site.employer_id),
            "postings": count(Posting, Posting.employer_id),
            "members": count(EmployerMember, EmployerMember.employer_id)}


def merge_establishments(duplicate: Employer, target: Employer) -> dict[str, int]:
    """Move everything of a duplicate establishment to `target`, then delete the duplicate."""
    if duplicate.id == target.id:
        raise OrganizationError({"target": _l("Choose another establishment to merge into.")})
    counts = merge_counts(duplicate)
    moved_postings = select(Posting.id).where(Posting.employer_id == duplicate.id)
    posting_ids = list(db.session.scalars(moved_postings))
    for model, column in ((Site, Site.employer_id), (Posting, Posting.employer_id),
                          (EmployerMember, EmployerMember.employer_id),
                          (Candidate, Candidate.permit_employer_id),
                          (PlacementRound, PlacementRound.employer_id)):
        db.session.execute(update(model).where(column == duplicate.id)
                           .values({column.key: target.id}),
                           execution_options={"synchronize_session": False})
    db.session.expire_all()
    _touch_postings(Posting.id.in_(posting_ids))
    audit.record("employer.merged", target, merged_id=duplicate.id,
                 merged_name=duplicate.name, **counts)
    db.session.delete(db.session.get(Employer, duplicate.id))
    db.session.flush()
    return counts


def set_agency(user: User, agency: Agency | None) -> None:
    """Attach a staff or admin user to an agency (or to none)."""
    if user.role not in ("staff", "admin"):
        raise OrganizationError({"agency": _l("Only staff and admins belong to an agency.")})
    if agency is not None and not agency.active:
        raise OrganizationError({"agency": _l("This agency is deactivated.")})
    new_id = agency.id if agency is not None else None
    if user.agency_id != new_id:
        audit.record("user.agency_changed", user, old=user.agency_id, new=new_id)
        user.agency_id = new_id


def staff_counts() -> dict[int, int]:
    """Return how many staff users each agency has."""
    rows = db.session.execute(select(User.agency_id, func.count(User.id))
                              .where(User.agency_id.is_not(None)).group_by(User.agency_id))
    return {row[0]: row[1] for row in rows}


def establishments_query(q: str):
    """Select establishments by name (containing q), active ones first."""
    query = select(Employer).order_by(Employer.active.desc(), Employer.name)
    if q:
        query = query.where(Employer.name.ilike(f"%{_escape(q)}%", escape="\\"))
    return query


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def establishment_counts(employers) -> dict[int, dict[str, int]]:
    """Return sites and open postings per establishment of a page."""
    ids = [employer.id for employer in employers]
    counts = {employer_id: {"sites": 0, "open": 0} for employer_id in ids}
    for row in db.session.execute(select(Site.employer_id, func.count(Site.id))
                                  .where(Site.employer_id.in_(ids)).group_by(Site.employer_id)):
        counts[row[0]]["sites"] = row[1]
    for row in db.session.execute(
            select(Posting.employer_id, func.count(Posting.id)).where(
                Posting.employer_id.in_(ids), Posting.status == "open")
            .group_by(Posting.employer_id)):
        counts[row[0]]["open"] = row[1]
    return counts
