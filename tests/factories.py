"""Small factories for test data; each adds and flushes, the test commits."""

from datetime import timedelta
from decimal import Decimal
from itertools import count

from sqlalchemy import select

from matcher import clock
from matcher.auth.passwords import hash_password
from matcher.extensions import db
from matcher.models import (
    Agency,
    Candidate,
    Employer,
    EmployerMember,
    Experience,
    Posting,
    Region,
    Site,
    User,
)

PASSWORD = "correct horse battery"  # noqa: S105
_numbers = count(1)


def make_user(role: str = "candidate", email: str | None = None, **fields) -> User:
    """Create a user with the shared test password (email verified unless told otherwise)."""
    email = email or f"{role}{next(_numbers)}@example.com"
    fields.setdefault("email_verified_at", clock.now())
    user = User(email=email, role=role, password_hash=hash_password(PASSWORD), **fields)
    db.session.add(user)
    db.session.flush()
    return user


def make_agency(name: str | None = None, region_code: str = "06") -> Agency:
    agency = Agency(name=name or f"Agence {next(_numbers)}", region_code=region_code)
    db.session.add(agency)
    db.session.flush()
    return agency


def make_staff(agency: Agency | None = None, role: str = "staff", **fields) -> User:
    """Create a staff (or admin) user of an agency."""
    return make_user(role, agency=agency or make_agency(), **fields)


def make_employer(name: str | None = None, region_code: str = "06", kind: str = "CHSLD",
                  sites: int = 1) -> Employer:
    """Create an establishment with its sites."""
    employer = Employer(name=name or f"CHSLD Test {next(_numbers)}", kind=kind,
                        region_code=region_code, is_fictitious=True)
    db.session.add(employer)
    for number in range(sites):
        db.session.add(Site(employer=employer, name=f"Site {number + 1}", city="Montréal",
                            region_code=region_code))
    db.session.flush()
    return employer


def make_employer_user(employer: Employer | None = None, status: str = "approved",
                       email: str | None = None) -> User:
    """Create an HR user of an establishment with the given approval status."""
    user = make_user("employer", email=email)
    db.session.add(EmployerMember(user=user, employer=employer or make_employer(),
                                  status=status))
    db.session.flush()
    return user


def make_posting(employer: Employer | None = None, **fields) -> Posting:
    """Create an open patient-care posting starting in a month."""
    employer = employer or make_employer()
    site = employer.sites[0] if employer.sites else None
    values = dict(
        employer=employer, site=site, noc_code="33102", title="Préposé aux bénéficiaires",
        description="Soins aux résidents, hygiène et repas.", employment_type="full_time",
        hours_per_week=Decimal("37.5"), hourly_wage=Decimal("21.50"), openings=2,
        start_date=clock.today() + timedelta(days=30), status="open", shift_day=True,
        min_french_oral=5, min_french_written=1,
    )
    values.update(fields)
    posting = Posting(**values)
    db.session.add(posting)
    db.session.flush()
    return posting


def make_candidate(user: User | None = None, *, experiences: int = 1, **fields) -> Candidate:
    """Create an eligible-looking candidate: open permit, French 6, matching on."""
    user = user or make_user("candidate")
    values = dict(
        user=user, first_name="Marie", last_name="Joseph", phone="514-555-0101",
        city="Montréal", permit_kind="open",
        permit_expires_on=clock.today() + timedelta(days=365),
        french_oral_comprehension=6, french_oral_production=6, french_reading=5,
        french_writing=5, shift_day=True, matching_opt_in=True,
        available_from=clock.today(),
    )
    values.update(fields)
    candidate = Candidate(**values)
    db.session.add(candidate)
    candidate.preferred_regions = [db.session.get(Region, "06")]
    for number in range(experiences):
        candidate.experiences.append(Experience(
            title="Aide-soignante", noc_code="33102", employer_name="Hôpital",
            country="Haïti", start_on=clock.today() - timedelta(days=730 + 400 * number),
            end_on=clock.today() - timedelta(days=400 * number + 1),
            hours_per_week=Decimal("40"), description="Soins aux personnes âgées."))
    db.session.flush()
    return candidate


def first(model, **filters):
    """Return the first row of a model matching the filters."""
    return db.session.scalar(select(model).filter_by(**filters))


def make_application(candidate=None, posting=None, status: str = "applied", **fields):
    """Create an application (default: applied) with its first history event."""
    from matcher.models import Application, ApplicationEvent

    candidate = candidate or make_candidate()
    posting = posting or make_posting()
    application = Application(candidate=candidate, posting=posting, status=status,
                              source=fields.pop("source", "candidate"),
                              score_at_creation=fields.pop("score_at_creation", Decimal("50")),
                              **fields)
    application.events.append(ApplicationEvent(to_status=status))
    db.session.add(application)
    db.session.flush()
    return application
