"""A small program whose dashboard figures are computed by hand in the tests.

Today is 2024-09-30; the program aims for 366 hires from 2024-01-01 to 2025-01-01 (366
days, so the straight pace is exactly one hire a day).

Hires (posting: establishment/region, NOC; agency; start → last day of work):
  h1 P1 Alpha/06 33102  A-Nord  2024-01-10 → —
  h2 P1 Alpha/06 33102  A-Nord  2024-01-20 → 2024-03-01 (41 days)
  h3 P2 Alpha/06 65201  A-Sud   2024-02-05 → 2024-05-05 (90 days exactly)
  h4 P3 Beta/03  33102  A-Nord  2024-03-15 → —
  h5 P4 Beta/03  14101  (none)  2024-04-02 → 2024-09-29 (180 days exactly)
  h6 P3 Beta/03  33102  A-Sud   2024-05-20 → —            (candidate c6)
  h7 P1 Alpha/06 33102  A-Nord  2024-06-10 → —
  h9 P4 Beta/03  14101  A-Nord  2024-09-02 → —
  h8 P2 Alpha/06 65201  A-Sud   2024-10-15 → —            (starts after today)

Candidates, registered on 2024-03-01 unless said otherwise (all have a past job, French
6/6/5/5, an open permit to mid-2025 and region 06 unless said otherwise):
  c1  permit "none"                                  -> registered
  c12 no past job and no desired occupation          -> registered
  c2  complete (desired occupation only), matching off; applied
  c3  complete, matching on, oral French 4; rejected after an interview
  c4  complete, matching on, region 06, oral 5 (open 06 posting asks 6); offer
  c5  complete, matching on, 06, oral 6, permit ends the day before the 06 posting starts
  c6  like c5 but maintained status (renewal filed before expiry) -> eligible; hired (h6)
  c7  region 12 only but willing to relocate -> eligible through the 03 posting; invited
  c8  employer-specific permit for Beta, region 03 -> eligible; withdrew after an offer
  c9  employer-specific permit for Alpha, region 03 only -> not eligible
  c10 region 03, permit barred from health occupations -> not eligible
  c11 registered in 2023 (outside the periods), got an offer
Open postings: O1 Alpha/06 oral 6 written 3 starting 2024-10-20; O2 Beta/03 oral 5, no start.
"""

import itertools
from datetime import UTC, date, datetime

import pytest

from matcher.extensions import db
from matcher.models import (
    Application,
    ApplicationEvent,
    Hire,
    Occupation,
    ProgramSettings,
    Region,
)
from tests import factories as f

TODAY = date(2024, 9, 30)


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


_ANONYMOUS_PEOPLE = itertools.count(-1, -1)  # hires whose person is not in the test's world


def _hire(posting, agency, start, end=None, candidate=None):
    application = Application(candidate=candidate, posting=posting, status="hired",
                              source="candidate", score_at_creation=70)
    application.events.append(ApplicationEvent(to_status="applied", at=at(start)))
    application.events.append(ApplicationEvent(from_status="applied", to_status="hired",
                                               at=at(start)))
    db.session.add(application)
    if candidate is not None:
        db.session.flush()
    person_id = candidate.id if candidate is not None else next(_ANONYMOUS_PEOPLE)
    db.session.add(Hire(application=application, posting=posting, agency=agency,
                        person_id=person_id, start_on=start, end_on=end))


def _apply(candidate, posting, status, path=()):
    application = Application(candidate=candidate, posting=posting, status=status,
                              source="candidate", score_at_creation=60)
    previous = None
    for step in path:
        application.events.append(ApplicationEvent(from_status=previous, to_status=step,
                                                    at=at(TODAY)))
        previous = step
    db.session.add(application)


def _candidate(number: int, regions=("06",), registered=date(2024, 3, 1), **fields):
    values = dict(permit_expires_on=date(2025, 6, 30), available_from=TODAY,
                  created_at=at(registered))
    values.update(fields)
    candidate = f.make_candidate(f.make_user("candidate", email=f"c{number}@example.com"),
                                 **values)
    candidate.preferred_regions = [db.session.get(Region, code) for code in regions]
    return candidate


def build_program() -> dict:
    """Create the program described above; return the objects tests refer to."""
    settings = db.session.get(ProgramSettings, 1)
    settings.target_hires, settings.starts_on, settings.ends_on = (
        366, date(2024, 1, 1), date(2025, 1, 1))
    alpha = f.make_employer("CHSLD Alpha", region_code="06")
    beta = f.make_employer("Résidence Beta", region_code="03")
    nord, sud = f.make_agency("Agence Nord"), f.make_agency("Agence Sud", region_code="03")
    p1 = f.make_posting(alpha, status="filled", noc_code="33102")
    p2 = f.make_posting(alpha, status="filled", noc_code="65201")
    p3 = f.make_posting(beta, status="filled", noc_code="33102")
    p4 = f.make_posting(beta, status="filled", noc_code="14101")
    o1 = f.make_posting(alpha, min_french_oral=6, min_french_written=3,
                        start_date=date(2024, 10, 20))
    f.make_posting(beta, min_french_oral=5, min_french_written=1, start_date=None)

    french = dict(french_oral_comprehension=6, french_oral_production=6, french_reading=5,
                  french_writing=5)
    c = {
        1: _candidate(1, permit_kind="none", permit_expires_on=None, agency=nord),
        12: _candidate(12, experiences=0, agency=nord),
        2: _candidate(2, experiences=0, matching_opt_in=False, agency=nord),
        3: _candidate(3, french_oral_comprehension=4, agency=nord),
        4: _candidate(4, french_oral_comprehension=5, french_oral_production=5, agency=nord),
        5: _candidate(5, permit_expires_on=date(2024, 10, 19), agency=sud, **french),
        6: _candidate(6, permit_expires_on=date(2024, 9, 1),
                      permit_renewal_applied_on=date(2024, 8, 20), agency=sud, **french),
        7: _candidate(7, regions=("12",), willing_to_relocate=True, agency=sud),
        8: _candidate(8, regions=("03",), permit_kind="employer_specific",
                      permit_employer=beta, agency=sud),
        9: _candidate(9, regions=("03",), permit_kind="employer_specific",
                      permit_employer=alpha, agency=sud),
        10: _candidate(10, regions=("03",), permit_health_restricted=True, agency=sud),
        11: _candidate(11, registered=date(2023, 6, 1), agency=sud),
    }
    c[2].desired_occupations = [db.session.get(Occupation, "33102")]

    _hire(p1, nord, date(2024, 1, 10))
    _hire(p1, nord, date(2024, 1, 20), date(2024, 3, 1))
    _hire(p2, sud, date(2024, 2, 5), date(2024, 5, 5))
    _hire(p3, nord, date(2024, 3, 15))
    _hire(p4, None, date(2024, 4, 2), date(2024, 9, 29))
    _hire(p3, sud, date(2024, 5, 20), candidate=c[6])
    _hire(p1, nord, date(2024, 6, 10))
    _hire(p4, nord, date(2024, 9, 2))
    _hire(p2, sud, date(2024, 10, 15))

    _apply(c[2], o1, "applied", ["applied"])
    _apply(c[3], o1, "rejected", ["applied", "interview", "rejected"])
    _apply(c[4], o1, "offer", ["applied", "interview", "offer"])
    _apply(c[7], o1, "invited", ["invited"])
    _apply(c[8], o1, "withdrawn", ["applied", "shortlisted", "offer", "withdrawn"])
    _apply(c[11], o1, "offer", ["applied", "interview", "offer"])
    db.session.flush()
    return {"alpha": alpha, "beta": beta, "nord": nord, "sud": sud, "candidates": c}


@pytest.fixture
def today(freeze_clock):
    """Freeze the dashboard's clock on 2024-09-30."""
    freeze_clock(TODAY)
    return TODAY


@pytest.fixture
def program(app, today):
    """The program above, committed; returns ids and names for the tests."""
    with app.app_context():
        objects = build_program()
        ids = {"alpha": objects["alpha"].id, "beta": objects["beta"].id,
               "nord": objects["nord"].id, "sud": objects["sud"].id}
        staff = f.make_staff(objects["nord"], email="agent@example.com")
        f.make_staff(objects["nord"], role="admin", email="admin@example.com")
        f.make_staff(objects["nord"], email="staff-en@example.com", locale="en")
        ids["staff"] = staff.id
        db.session.commit()
    return ids
