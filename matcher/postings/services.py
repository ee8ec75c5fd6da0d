"""Creating, editing and moving postings through their lifecycle.

draft -> open -> closed (by HR, or by itself once past its closing date), and
-> filled when every opening is filled: by the last hire (matcher.applications), or
when HR lowers the openings to the number already filled. Functions add and flush,
record every change in the audit log, and never commit.
"""

from datetime import date
from types import SimpleNamespace

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from matcher import audit, clock
from matcher.extensions import db
from matcher.matching import stars
from matcher.models import Certification, Posting, Region, Site
from matcher.models._common import SHIFTS
from matcher.postings import rules

# The actor of changes nobody made by hand (auto-closing).
SYSTEM = SimpleNamespace(id=None, role="system")
FIELDS = ("noc_code", "title", "description", "employment_type", "hours_per_week",
          "hourly_wage", "openings", "start_date", "closes_on", "min_french_oral",
          "min_french_written", "min_experience_months", "training_provided")


class PostingError(Exception):
    """A posting breaks business rules; `errors` maps each field to its message."""

    def __init__(self, errors: dict[str, str]):
        self.errors = {field: str(message) for field, message in errors.items()}
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))


def values_of(posting: Posting) -> dict:
    """Return a posting's editable values (the shape forms and the import produce)."""
    values = {name: getattr(posting, name) for name in FIELDS}
    values["shifts"] = [s for s in SHIFTS if getattr(posting, f"shift_{s}")]
    values["certifications"] = [c.code for c in posting.required_certifications]
    values["filled"] = posting.filled
    return values


def copy_values(posting: Posting) -> dict:
    """Return form data to start a new posting from an existing one."""
    return {**values_of(posting), "site_id": str(posting.site_id)}


def apply_values(posting: Posting, values: dict) -> list[str]:
    """Write checked values onto a posting; return the names of the fields that changed."""
    before = values_of(posting) if posting.id is not None else {}
    for name in FIELDS:
        setattr(posting, name, values[name])
    for shift in SHIFTS:
        setattr(posting, f"shift_{shift}", shift in values["shifts"])
    codes = sorted(set(values["certifications"]))
    if [c.code for c in posting.required_certifications] != codes:
        posting.required_certifications = list(db.session.scalars(
            select(Certification).where(Certification.code.in_(codes))))
    after = values_of(posting)
    return sorted(k for k in after if k != "filled" and before.get(k) != after[k])


def add_site(employer, name: str, city: str, region_code: str) -> Site:
    """Add a site to an establishment."""
    if db.session.get(Region, region_code) is None:
        raise PostingError({"new_site_region": _l("Choose a region.")})
    site = Site(employer=employer, name=name, city=city, region_code=region_code)
    db.session.add(site)
    db.session.flush()
    audit.record("site.created", site, employer_id=employer.id)
    return site


def own_site(employer, site_id) -> Site:
    """Return a site of this establishment, or raise PostingError."""
    site = db.session.scalar(select(Site).where(
        Site.employer_id == employer.id, Site.id == _int_or_none(site_id), Site.active))
    if site is None:
        raise PostingError({"site_id": _l("Choose a site.")})
    return site


def _int_or_none(value) -> int | None:
    """Return an id within the database's integer range, or None."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**31 else None


def _resolve_site(employer, site_id, new_site: dict | None) -> Site:
    if new_site is not None:
        return add_site(employer, **new_site)
    return own_site(employer, site_id)


def create_posting(employer, values: dict, *, site_id=None, new_site=None, author=None,
                   publish: bool = False) -> Posting:
    """Create a posting of an establishment, as a draft or published at once."""
    now = clock.today()
    errors = rules.check(values, now=now)
    if publish:
        errors.update(rules.publishable(values, now=now))
    if new_site is None:
        try:
            own_site(employer, site_id)
        except PostingError as error:
            errors.update(error.errors)
    if errors:
        raise PostingError(errors)
    posting = Posting(employer=employer, site=_resolve_site(employer, site_id, new_site),
                      created_by_id=getattr(author, "id", None), status="draft", filled=0)
    apply_values(posting, values)
    db.session.add(posting)
    db.session.flush()
    audit.record("posting.created", posting, employer_id=employer.id)
    if publish:
        _open(posting, "posting.published")
    return posting


def update_posting(posting: Posting, values: dict, *, site_id=None, new_site=None) -> list[str]:
    """Save edits to a posting that is not filled; return the fields that changed."""
    if posting.status == "filled":
        raise PostingError({"title": _l("A filled posting cannot be changed: "
                                        "duplicate it instead.")})
    now = clock.today()
    previous = values_of(posting)
    values = {**values, "filled": posting.filled}
    errors = rules.check(values, now=now, previous=previous)
    if new_site is None:
        try:
            own_site(posting.employer, site_id)
        except PostingError as error:
            errors.update(error.errors)
    if errors:
        raise PostingError(errors)
    site = _resolve_site(posting.employer, site_id, new_site)
    changed = apply_values(posting, values)
    if site.id != posting.site_id:
        posting.site = site
        changed.append("site")
    if changed:
        audit.record("posting.updated", posting, fields=changed)
    _fill_if_complete(posting)
    db.session.flush()
    return changed


def change_status(posting: Posting, action: str) -> None:
    """Publish a draft, close an open posting, or reopen a closed one."""
    now = clock.today()
    allowed = {"publish": "draft", "close": "open", "reopen": "closed"}
    if allowed.get(action) != posting.status:
        raise PostingError({"status": _l("This change is not possible now.")})
    if action == "close":
        posting.status = "closed"
        stars.forget_postings([posting.id])
        audit.record("posting.closed", posting)
        return
    values = values_of(posting)
    errors = rules.check(values, now=now, previous=values)
    errors.update(rules.publishable(values, now=now))
    if errors:
        raise PostingError(errors)
    _open(posting, "posting.published" if action == "publish" else "posting.reopened")


def _open(posting: Posting, action: str) -> None:
    posting.status = "open"
    if posting.published_at is None:
        posting.published_at = clock.now()
    db.session.flush()
    audit.record(action, posting)


def _fill_if_complete(posting: Posting) -> None:
    if posting.status in ("open", "closed") and posting.filled >= posting.openings:
        posting.status = "filled"
        stars.forget_postings([posting.id])
        audit.record("posting.filled", posting, openings=posting.openings)


def close_expired_postings(now: date | None = None) -> int:
    """Close the open postings whose closing date has passed; return how many."""
    now = now or clock.today()
    expired = Posting.status == "open", Posting.closes_on < now
    # Read first (an index answers it): most calls find nothing and write nothing.
    if db.session.scalar(select(Posting.id).where(*expired).limit(1)) is None:
        return 0
    # RETURNING tells which rows this UPDATE changed, so that of two requests sweeping
    # at once, each posting is recorded as closed only once.
    closed_ids = db.session.scalars(
        update(Posting).where(*expired).values(status="closed").returning(Posting.id)
        .execution_options(synchronize_session="fetch")).all()
    stars.forget_postings(closed_ids)
    for posting in db.session.scalars(select(Posting).where(Posting.id.in_(closed_ids))):
        audit.record("posting.auto_closed", posting, actor=SYSTEM,
                     closes_on=posting.closes_on.isoformat())
    return len(closed_ids)
