"""The shapes of a posting: what an HR system sends (API body, JSONL line) and reads back.

The same fields, types and bounds serve the API, `flask import postings` and the
generated documentation of both (docs/import-formats.md, /api/v1/openapi.json). Business
rules that need the database or the date (minimum wage, dates, known codes) stay in
postings/rules.py, shared with the form.
"""

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from matcher.postings import rules
from matcher.schemas import Codes, Day, Out, Shape, Text, decimal_places

Shift = Literal["day", "evening", "night", "weekend"]
EmploymentType = Literal["full_time", "part_time", "casual", "temporary"]
Certification = Literal["cpr", "first_aid", "pdsb", "dep_pab", "mapaq", "whmis"]
Status = Literal["draft", "open", "closed", "filled"]
NocCode = Literal["33102", "33109", "44101", "65201", "63200", "65310", "65312", "73201",
                  "13112", "14100", "14101"]
Hours = decimal_places(1, "0", "60")
Wage = decimal_places(2, "0", "999.99")


class PostingFields(Shape):
    """What a posting says, whichever way it comes in."""

    title: Text(rules.TITLE_MAX, 1, description="the title candidates read")
    description: Text(rules.DESCRIPTION_MAX,
                      description="tasks, team, schedule; plain language helps") = ""
    noc_code: NocCode = Field(description="one of the program's occupations (NOC 2021)")
    shifts: Codes(Shift) = Field(min_length=1, max_length=4, description="at least one shift")
    employment_type: EmploymentType = Field(description=(
        "full_time, part_time, casual (on call) or temporary"))
    hours_per_week: Hours = Field(description="at most one decimal (37.5)")
    hourly_wage: Wage = Field(description=(
        "dollars, at most 2 decimals; not below Québec's general minimum wage in effect on "
        "the start date (or today, if the start date is past or absent)"))
    openings: int = Field(ge=1, le=rules.OPENINGS_MAX,
                          description="not below the openings already filled")
    start_date: Day | None = Field(None, description=(
        "absent: as soon as possible; a new date cannot be in the past, nor more than two "
        "years away"))
    closes_on: Day | None = Field(None, description=(
        "on or before start_date; a new date cannot be in the past; the posting closes "
        "itself after this day"))
    min_french_oral: int = Field(5, ge=rules.FRENCH_ORAL_MIN, le=12, description=(
        "Échelle québécoise level; the program's floor is 5 (intermediate)"))
    min_french_written: int = Field(1, ge=1, le=12, description=(
        "Échelle québécoise level for writing"))
    min_experience_months: int = Field(0, ge=0, le=rules.EXPERIENCE_MAX,
                                       description="months of experience in the occupation")
    required_certifications: Codes(Certification) = Field(
        default_factory=list, max_length=6, description="certifications hires must hold")
    training_provided: bool = Field(False, description=(
        "the employer trains hires for the certifications"))

    def values(self, filled: int = 0) -> dict:
        """Return the values the posting services and rules take."""
        data = self.model_dump(exclude={"required_certifications"})
        return {**data, "certifications": list(self.required_certifications),
                "filled": filled}


class PostingLine(PostingFields):
    """One line of `flask import postings` (docs/import-postings.md)."""

    external_id: Text(rules.EXTERNAL_ID_MAX, 1, description=(
        "the HR system's reference; unique within the file"))
    site_name: Text(200, 1, description=(
        "the workplace; matched to the establishment's sites by name (case and accents "
        "ignored)"))
    site_city: Text(100) | None = Field(None, description=(
        "city of a site Passerelle does not know yet; required to create it"))
    site_region: Text(2) | None = Field(None, description=(
        "region code 01 to 17 of a new site; defaults to the establishment's region"))
    status: Literal["draft", "open", "closed"] = Field("open", description=(
        "a published posting cannot go back to draft; a posting whose openings are all "
        "filled stays filled"))


class PostingIn(PostingFields):
    """A posting created or replaced through the API."""

    site_id: int = Field(ge=1, le=2**31 - 1, description="one of the establishment's sites")
    external_id: Text(rules.EXTERNAL_ID_MAX) | None = Field(None, description=(
        "the HR system's own reference, unique within the establishment"))


class PostingCreate(PostingIn):
    """A posting created through the API, as a draft or published at once."""

    publish: bool = Field(False, description="open the posting at once")


class StatusChange(Shape):
    """Open a draft, close an open posting, or reopen a closed one."""

    action: Literal["publish", "close", "reopen"]


class SiteOut(Out):
    id: int
    name: str
    city: str
    region_code: str


class PostingOut(Out):
    """A posting as the API returns it."""

    id: int
    external_id: str | None
    status: Status
    title: str
    description: str
    noc_code: str
    site: SiteOut
    shifts: list[Shift]
    employment_type: EmploymentType = Field(description=(
        "full_time, part_time, casual (on call) or temporary"))
    hours_per_week: float
    hourly_wage: float
    openings: int
    filled: int
    start_date: date | None
    closes_on: date | None
    min_french_oral: int
    min_french_written: int
    min_experience_months: int
    required_certifications: list[str]
    training_provided: bool
    created_at: datetime
    published_at: datetime | None

    @classmethod
    def of(cls, posting) -> "PostingOut":
        """Return the API view of a posting row."""
        return cls.model_validate({
            **{name: getattr(posting, name) for name in cls.model_fields
               if name not in ("site", "shifts", "required_certifications", "hours_per_week",
                               "hourly_wage")},
            "site": posting.site, "shifts": sorted(posting.shifts, key=SHIFT_ORDER.index),
            "required_certifications": [c.code for c in posting.required_certifications],
            "hours_per_week": float(posting.hours_per_week),
            "hourly_wage": float(posting.hourly_wage)})


SHIFT_ORDER = ["day", "evening", "night", "weekend"]

