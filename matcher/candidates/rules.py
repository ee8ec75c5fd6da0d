"""Business rules of a candidate profile, shared by the web forms and the bulk import.

Each check returns {field name: message}; an empty dict means the values are acceptable.
Messages are lazy so the same rule reads in French on the site and in English in the CLI.
"""

from datetime import date

from flask_babel import lazy_gettext as _l

# Dates outside this window are typing mistakes (a year of 20255, 1024 ...).
MIN_DATE = date(1900, 1, 1)
MAX_DATE = date(2100, 12, 31)
EXPIRY_WARNING_DAYS = 90
PHONE_PATTERN = r"^\+?[0-9 ().\-]{7,30}$"
PERMIT_HOLDING_KINDS = ("open", "employer_specific")

DATE_RANGE_MESSAGE = _l("Enter a date between 1900 and 2100.")



def permit_errors(kind: str, expires_on: date | None, employer_id: int | None,
                  renewal_on: date | None, day: date) -> dict:
    """Check a permit: expiry required and not past (unless renewed in time), employer named."""
    errors = {}
    if kind not in PERMIT_HOLDING_KINDS:
        return errors
    if expires_on is None:
        errors["permit_expires_on"] = _l("Enter the expiry date printed on your permit.")
    elif expires_on < day and (renewal_on is None or renewal_on > expires_on):
        errors["permit_expires_on"] = _l(
            "This date has passed. If you filed a renewal on or before it, enter the date you "
            "filed it; otherwise choose “I have applied for a work permit and am waiting”.")
    if kind == "employer_specific" and employer_id is None:
        errors["permit_employer_id"] = _l("Choose the employer named on your permit.")
    if renewal_on is not None:
        if renewal_on > day:
            errors["permit_renewal_applied_on"] = _l(
                "This date is in the future: enter the day the renewal was filed.")
        elif expires_on is not None and renewal_on > expires_on:
            errors["permit_renewal_applied_on"] = _l(
                "The renewal was filed after the permit expired, so it does not keep your right "
                "to work. Check both dates, or choose “I have applied for a work permit and am "
                "waiting”.")
    return errors


def experience_errors(start_on: date | None, end_on: date | None, ongoing: bool,
                      day: date) -> dict:
    """Check a job's dates: start not in the future, an end (or ongoing) after the start."""
    errors = {}
    if start_on is not None and start_on > day:
        errors["start_on"] = _l("The start date is in the future.")
    if ongoing:
        if end_on is not None:  # both answers: ask, rather than guess which one is wrong
            errors["end_on"] = _l("You gave an end date and ticked “I still work here”: "
                                  "remove the date if you still work here, or untick the box.")
        return errors
    if end_on is None:
        errors["end_on"] = _l("Enter the end date, or tick “I still work here”.")
    elif start_on is not None and end_on < start_on:
        errors["end_on"] = _l("The end date is before the start date.")
    elif end_on > day:
        errors["end_on"] = _l(
            "The end date is in the future. If you still work there, tick “I still work here”.")
    return errors


def arrival_errors(arrival_date: date | None, day: date) -> dict:
    """Check the arrival date in Québec: it cannot be in the future."""
    if arrival_date is not None and arrival_date > day:
        return {"arrival_date": _l("The arrival date is in the future.")}
    return {}


def date_in_range(value: date | None) -> bool:
    """Say whether a date is empty or within the accepted window."""
    return value is None or MIN_DATE <= value <= MAX_DATE


def permit_status(kind: str, expires_on: date | None, renewal_on: date | None,
                  day: date) -> str | None:
    """Name the permit's situation worth a notice: maintained, expired, expiring, or None."""
    if kind not in PERMIT_HOLDING_KINDS or expires_on is None:
        return None
    if expires_on < day:
        if renewal_on is not None and renewal_on <= expires_on:
            return "maintained"
        return "expired"
    if (expires_on - day).days <= EXPIRY_WARNING_DAYS:
        return "renewal_filed" if renewal_on is not None else "expiring"
    return None
