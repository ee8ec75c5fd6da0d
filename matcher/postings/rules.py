"""Business rules of a posting, shared by the web form and the bulk import.

`check(values, ...)` returns {field: message} for every rule a posting breaks; an
empty dict means it may be saved. Forms check shape first (types, lengths); these
rules hold for every way a posting enters the database.
"""

from datetime import date, timedelta
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from matcher.extensions import db
from matcher.i18n import format_date
from matcher.models import Certification, MinimumWage, Occupation
from matcher.models._common import SHIFTS
from matcher.models.posting import EMPLOYMENT_TYPES
from matcher.postings.labels import money

# Bounds shared with the forms and the import; the database CHECKs say the same.
TITLE_MAX = 150
DESCRIPTION_MAX = 5000
EXTERNAL_ID_MAX = 100
OPENINGS_MAX = 500
HOURS_MAX = Decimal("60")
WAGE_MAX = Decimal("999.99")
FRENCH_ORAL_MIN = 5  # the program's floor: intermediate French
EXPERIENCE_MAX = 240
# Dates further away than this are typing mistakes, not plans.
HORIZON_DAYS = 2 * 366
# Full time means at least this many hours a week; part time, fewer.
FULL_TIME_HOURS = Decimal("30")
# On-call work has no steady hours: its pages show the hourly wage, never a yearly salary.
NO_YEARLY_SALARY = frozenset({"casual"})


def minimum_wage_on(day: date) -> Decimal | None:
    """Return Québec's general minimum wage in effect on a day (None before the first rate)."""
    return db.session.scalar(
        select(MinimumWage.hourly_wage).where(MinimumWage.effective_on <= day)
        .order_by(MinimumWage.effective_on.desc()).limit(1))


def program_noc_codes() -> set[str]:
    """Return the NOC codes of the program's occupations (those with a role family)."""
    return set(db.session.scalars(
        select(Occupation.noc_code).where(Occupation.role_family.is_not(None))))


def certification_codes() -> set[str]:
    """Return the codes of the certifications a posting may require."""
    return set(db.session.scalars(select(Certification.code)))


def check(values: dict, *, now: date, previous: dict | None = None) -> dict[str, str]:
    """Return {field: message} for each business rule the values break.

    `previous` holds the saved values when editing: a start date that was already
    in the past is kept, but a past date cannot be newly entered.
    """
    errors: dict[str, object] = {}
    errors.update(_check_numbers(values))
    errors.update(_check_dates(values, now, previous or {}))
    errors.update(_check_codes(values))
    if not {"hours_per_week", "employment_type"} & errors.keys():
        errors.update(_check_hours_for_type(values))
    if "hourly_wage" not in errors:
        errors.update(_check_minimum_wage(values, now))
    return {field: str(message) for field, message in errors.items()}


def _check_numbers(values: dict) -> dict:
    errors = {}
    title = (values.get("title") or "").strip()
    if not title:
        errors["title"] = _l("Enter a title.")
    elif len(title) > TITLE_MAX:
        errors["title"] = _l("At most %(max)s characters.", max=TITLE_MAX)
    if len(values.get("description") or "") > DESCRIPTION_MAX:
        errors["description"] = _l("At most %(max)s characters.", max=DESCRIPTION_MAX)
    openings = values.get("openings")
    if openings is None or not 1 <= openings <= OPENINGS_MAX:
        errors["openings"] = _l("Enter a number of openings from 1 to %(max)s.", max=OPENINGS_MAX)
    elif openings < values.get("filled", 0):
        errors["openings"] = _l("%(filled)s openings are already filled: enter at least that.",
                                filled=values["filled"])
    hours = values.get("hours_per_week")
    if hours is None or not 0 < hours <= HOURS_MAX:
        errors["hours_per_week"] = _l("Enter hours per week above 0 and at most 60.")
    wage = values.get("hourly_wage")
    if wage is None or not 0 < wage <= WAGE_MAX:
        errors["hourly_wage"] = _l("Enter an hourly wage in dollars, for example 21.50.")
    oral = values.get("min_french_oral")
    if oral is None or not FRENCH_ORAL_MIN <= oral <= 12:
        errors["min_french_oral"] = _l(
            "The program requires at least level 5 (intermediate) in oral French: "
            "choose a level from 5 to 12.")
    written = values.get("min_french_written")
    if written is None or not 1 <= written <= 12:
        errors["min_french_written"] = _l("Choose a level from 1 to 12.")
    months = values.get("min_experience_months")
    if months is None or not 0 <= months <= EXPERIENCE_MAX:
        errors["min_experience_months"] = _l("Enter a number of months from 0 to %(max)s.",
                                             max=EXPERIENCE_MAX)
    return errors


def _check_dates(values: dict, now: date, previous: dict) -> dict:
    errors = {}
    start, closes = values.get("start_date"), values.get("closes_on")
    horizon = now + timedelta(days=HORIZON_DAYS)
    if start is not None:
        if start > horizon:
            errors["start_date"] = _l("The start date must be within two years.")
        elif start < now and start != previous.get("start_date"):
            errors["start_date"] = _l("The start date cannot be in the past.")
    if closes is not None:
        if closes > horizon:
            errors["closes_on"] = _l("The closing date must be within two years.")
        elif closes < now and closes != previous.get("closes_on"):
            errors["closes_on"] = _l("The closing date cannot be in the past.")
        elif start is not None and closes > start and "start_date" not in errors:
            errors["closes_on"] = _l("The closing date must be on or before the start date.")
    return errors


def _check_codes(values: dict) -> dict:
    errors = {}
    if not values.get("shifts") or not set(values["shifts"]) <= set(SHIFTS):
        errors["shifts"] = _l("Choose at least one shift.")
    if values.get("employment_type") not in EMPLOYMENT_TYPES:
        errors["employment_type"] = _l("Choose a type of employment.")
    if values.get("noc_code") not in program_noc_codes():
        errors["noc_code"] = _l("Choose one of the program's occupations.")
    unknown = set(values.get("certifications") or ()) - certification_codes()
    if unknown:
        errors["certifications"] = _l("Unknown certification: %(codes)s.",
                                      codes=", ".join(sorted(unknown)))
    return errors


def _check_hours_for_type(values: dict) -> dict:
    """Refuse a type of employment that its weekly hours contradict."""
    kind, hours = values["employment_type"], values["hours_per_week"]
    if kind == "full_time" and hours < FULL_TIME_HOURS:
        return {"hours_per_week": _l(
            "Full time means at least %(hours)s hours a week: enter more hours or choose "
            "part time.", hours=int(FULL_TIME_HOURS))}
    if kind == "part_time" and hours >= FULL_TIME_HOURS:
        return {"hours_per_week": _l(
            "Part time means fewer than %(hours)s hours a week: enter fewer hours or choose "
            "full time.", hours=int(FULL_TIME_HOURS))}
    return {}


def shows_yearly_salary(employment_type: str) -> bool:
    """Say whether a posting's pages may show a yearly salary (never for on-call work)."""
    return employment_type not in NO_YEARLY_SALARY


def _check_minimum_wage(values: dict, now: date) -> dict:
    start = values.get("start_date")
    day = start if start is not None and start > now else now
    minimum = minimum_wage_on(day)
    if minimum is not None and values["hourly_wage"] < minimum:
        return {"hourly_wage": _l(
            "The wage is below Québec's minimum wage, %(minimum)s an hour on %(day)s.",
            minimum=money(minimum), day=format_date(day, "long"))}
    return {}


def publishable(values: dict, *, now: date) -> dict[str, str]:
    """Return {field: message} for what stops a posting from opening now."""
    errors = {}
    start, closes = values.get("start_date"), values.get("closes_on")
    if start is not None and start < now:
        errors["start_date"] = str(_l("The start date has passed: change it before opening "
                                      "the posting."))
    if closes is not None and closes < now:
        errors["closes_on"] = str(_l("The closing date has passed: change it before opening "
                                     "the posting."))
    return errors
