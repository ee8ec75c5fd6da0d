"""The shape of a candidate an agency sends: a JSONL line of `flask import candidates`, or
the body of PUT /api/v1/candidates/{external_id}.

Business rules that need the date or the database (a permit not expired, known regions and
occupations, an email not taken) stay in candidates/rules.py and the importer's Checker.
"""

import re
from datetime import datetime
from typing import Annotated, Literal

from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, Field

from matcher.candidates.rules import PHONE_PATTERN
from matcher.schemas import Codes, Day, Out, Shape, Text

PHONE_RE = re.compile(PHONE_PATTERN)


def _email(value: str) -> str:
    try:
        return validate_email(value, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        raise ValueError("email_invalid") from None


def _phone(value: str | None) -> str | None:
    if value and not PHONE_RE.match(value):
        raise ValueError("phone_invalid")
    return value or None


Level = int
Email = Annotated[Text(254, 1, description=(
    "a valid email address not used by another account; stored in lower case")),
    AfterValidator(_email)]
Phone = Annotated[Text(30, description="digits, spaces, + ( ) . -; at least 7"),
                  AfterValidator(_phone)]
Source = Literal["self", "course", "test"]
Shift = Literal["day", "evening", "night", "weekend"]


def level():
    return Field(None, ge=1, le=12, description="level on the Échelle québécoise")


def source():
    return Field("self", description="self (declared), course (francization) or test (TCF, TEF)")


class ExperienceLine(Shape):
    """A past or current job."""

    title: Text(150, 1, description="in any language")
    noc_code: Text(5) | None = Field(None, description="a NOC 2021 code, e.g. 33102")
    employer_name: Text(150) | None = Field(None, description="in any language")
    country: Text(80) | None = Field(None, description="where the job was")
    start_on: Day = Field(description="not in the future")
    end_on: Day | None = Field(None, description=(
        "on or after start_on, not in the future; leave out for a current job"))
    hours_per_week: float = Field(37.5, ge=1, le=80, allow_inf_nan=False, description=(
        "usual hours a week; kept to one decimal"))
    description: Text(2000) | None = Field(None, description="tasks, in any language")


class CandidateFields(Shape):
    """A candidate's account and profile, as a partner agency knows them."""

    email: Email
    first_name: Text(100, 1)
    last_name: Text(100, 1)
    phone: Phone | None = None
    city: Text(100) | None = Field(None, description="where the person lives")
    locale: Literal["fr_CA", "en"] = Field("fr_CA", description="language of the pages")
    arrival_date: Day | None = Field(None, description="arrival in Québec; not in the future")
    permit_kind: Literal["open", "employer_specific", "pending", "none"] = Field(
        "none", description=("open work permit, employer_specific (one employer named on it), "
                             "pending (applied for, waiting) or none"))
    permit_expires_on: Day | None = Field(None, description=(
        "required for open and employer_specific permits; not in the past unless a renewal "
        "was filed on or before it (maintained status)"))
    permit_employer: Text(200) | None = Field(None, description=(
        "for employer_specific: the establishment's exact name"))
    permit_renewal_applied_on: Day | None = Field(None, description=(
        "not in the future; on or before permit_expires_on"))
    permit_health_restricted: bool = Field(False, description=(
        "the permit bars health-service occupations"))
    sin_expires_on: Day | None = Field(None, description=(
        "expiry of a temporary SIN; never send the SIN itself"))
    french_oral_comprehension: Level | None = level()
    french_oral_production: Level | None = level()
    french_reading: Level | None = level()
    french_writing: Level | None = level()
    french_oral_comprehension_source: Source = source()
    french_oral_production_source: Source = source()
    french_reading_source: Source = source()
    french_writing_source: Source = source()
    preferred_regions: list[Text(2)] = Field(default_factory=list, max_length=17, description=(
        "region codes 01 to 17 (Montréal 06, Capitale-Nationale 03, Chaudière-Appalaches 12)"))
    willing_to_relocate: bool = Field(False, description=(
        "would move to another region for a job"))
    shifts: Codes(Shift) = Field(default_factory=list, max_length=4, description=(
        "shifts the person can work"))
    available_from: Day | None = Field(None, description="first day the person can start")
    desired_noc_codes: list[Text(5)] = Field(default_factory=list, max_length=20, description=(
        "NOC 2021 codes of the program's occupations the person wants, e.g. 33102"))
    certifications: Codes(Literal["cpr", "first_aid", "pdsb", "dep_pab", "mapaq", "whmis"]) = \
        Field(default_factory=list, max_length=6, description="certifications the person holds")
    skills_text: Text(2000) | None = Field(None, description=(
        "skills and languages, in the person's words"))
    experiences: list[ExperienceLine] = Field(default_factory=list, max_length=50, description=(
        "past and current jobs; overlapping jobs count their shared months once"))


class CandidateLine(CandidateFields):
    """One line of `flask import candidates` (docs/import-candidates.md)."""

    external_id: Text(100, 1, description="unique in the file and within the agency")


class CandidateOut(Out):
    """A candidate of the agency, as the API returns them."""

    id: int
    external_id: str | None
    first_name: str
    last_name: str
    permit_kind: str
    matching_opt_in: bool = Field(description="the person switched matching on themself")
    claimed: bool = Field(description=(
        "the person logged in: the profile is theirs, and the agency no longer changes it"))
    created_at: datetime
