"""`flask import candidates FILE.jsonl --agency NAME`: partner agencies' bulk import.

All or nothing: every line is checked first, and one bad line imports nothing. Idempotent:
a line whose external_id the agency already imported is left as it is (the profile then
belongs to the candidate). The format is documented in docs/import-candidates.md.
"""

import json
import math
import re
import secrets
from datetime import date
from decimal import Decimal

import click
from email_validator import EmailNotValidError, validate_email
from flask.cli import with_appcontext
from flask_babel import force_locale
from sqlalchemy import select

from matcher import audit, clock
from matcher.candidates import rules, services
from matcher.extensions import db
from matcher.models import Agency, Candidate, Certification, Employer, Occupation, Region, User
from matcher.models._common import SHIFTS
from matcher.models.candidate import FRENCH_SKILLS, PERMIT_KINDS
from matcher.text import nfc_json

MAX_LINE_LENGTH = 100_000
MAX_EXPERIENCES = 50
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PHONE_RE = re.compile(r"^\+?[0-9 ().\-]{7,30}$")
TEXT_FIELDS = {  # name: (max length, required)
    "external_id": (100, True), "email": (254, True), "first_name": (100, True),
    "last_name": (100, True), "phone": (30, False), "city": (100, False),
    "permit_employer": (200, False), "skills_text": (2000, False),
}
DATE_FIELDS = ("arrival_date", "permit_expires_on", "permit_renewal_applied_on",
               "sin_expires_on", "available_from")
BOOL_FIELDS = ("permit_health_restricted", "willing_to_relocate")
LEVEL_FIELDS = tuple(f"french_{skill}" for skill in FRENCH_SKILLS)
SOURCE_FIELDS = tuple(f"french_{skill}_source" for skill in FRENCH_SKILLS)
LIST_FIELDS = ("preferred_regions", "shifts", "desired_noc_codes", "certifications")
ROW_FIELDS = {*TEXT_FIELDS, *DATE_FIELDS, *BOOL_FIELDS, *LEVEL_FIELDS, *SOURCE_FIELDS,
              *LIST_FIELDS, "locale", "permit_kind", "experiences"}
JOB_TEXT = {"title": (150, True), "noc_code": (5, False), "employer_name": (150, False),
            "country": (80, False), "description": (2000, False)}
JOB_FIELDS = {*JOB_TEXT, "start_on", "end_on", "hours_per_week"}
UNUSABLE_PASSWORD_PREFIX = "!"  # noqa: S105  (not an argon2 hash: no password matches it)


class RowError(ValueError):
    """A line of the file breaks the format; the message says how."""


def _text(data: dict, name: str, limit: int, required: bool, where: str = "") -> str:
    value = data.get(name)
    if value is None or value == "":
        if required:
            raise RowError(f"{where}{name} is required")
        return ""
    if not isinstance(value, str):
        raise RowError(f"{where}{name} must be a string")
    if "\x00" in value:
        raise RowError(f"{where}{name} contains a NUL character")
    value = value.strip()
    if len(value) > limit:
        raise RowError(f"{where}{name} is longer than {limit} characters")
    if required and not value:
        raise RowError(f"{where}{name} is required")
    return value


def _date(data: dict, name: str, where: str = "") -> date | None:
    value = data.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or not DATE_RE.match(value):
        raise RowError(f"{where}{name} must be a date written YYYY-MM-DD")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise RowError(f"{where}{name} is not a valid date") from None
    if not rules.date_in_range(day):
        raise RowError(f"{where}{name} must be between 1900 and 2100")
    return day


def _codes(data: dict, name: str, known: set[str]) -> list[str]:
    value = data.get(name) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RowError(f"{name} must be a list of codes")
    unknown = sorted(set(value) - known)
    if unknown:
        raise RowError(f"{name} has unknown codes: {', '.join(unknown)}")
    return list(dict.fromkeys(value))


def _rule_errors(errors: dict, where: str = "") -> None:
    if errors:
        with force_locale("en"):
            raise RowError("; ".join(f"{where}{name}: {message}"
                                     for name, message in errors.items()))


class Checker:
    """Checks lines against the format and the profile's rules, with reference data at hand."""

    def __init__(self, day: date):
        self.day = day
        self.regions = set(db.session.scalars(select(Region.code)))
        self.nocs = set(db.session.scalars(select(Occupation.noc_code)))
        self.certifications = set(db.session.scalars(select(Certification.code)))
        self.employers = dict(db.session.execute(select(Employer.name, Employer.id)).all())

    def row(self, data) -> dict:
        """Return a line's values, checked and converted; raise RowError otherwise."""
        if not isinstance(data, dict):
            raise RowError("each line must be a JSON object")
        unknown = sorted(set(data) - ROW_FIELDS)
        if unknown:
            raise RowError(f"unknown fields: {', '.join(unknown)}")
        row = {name: _text(data, name, *spec) for name, spec in TEXT_FIELDS.items()}
        row.update({name: _date(data, name) for name in DATE_FIELDS})
        for name in BOOL_FIELDS:
            if not isinstance(data.get(name, False), bool):
                raise RowError(f"{name} must be true or false")
            row[name] = data.get(name, False)
        try:
            row["email"] = validate_email(row["email"], check_deliverability=False).normalized
        except EmailNotValidError:
            raise RowError("email is not a valid email address") from None
        row["email"] = row["email"].lower()
        if row["phone"] and not PHONE_RE.match(row["phone"]):
            raise RowError("phone is not a phone number")
        row["locale"] = data.get("locale", "fr_CA")
        if row["locale"] not in ("fr_CA", "en"):
            raise RowError("locale must be fr_CA or en")
        self._permit(data, row)
        self._french(data, row)
        row["preferred_regions"] = _codes(data, "preferred_regions", self.regions)
        row["shifts"] = _codes(data, "shifts", set(SHIFTS))
        row["desired_noc_codes"] = _codes(data, "desired_noc_codes", self.nocs)
        row["certifications"] = _codes(data, "certifications", self.certifications)
        _rule_errors(rules.arrival_errors(row["arrival_date"], self.day))
        row["experiences"] = self._jobs(data.get("experiences") or [])
        return row

    def _permit(self, data: dict, row: dict) -> None:
        row["permit_answered"] = "permit_kind" in data
        row["permit_kind"] = data.get("permit_kind", "none")
        if row["permit_kind"] not in PERMIT_KINDS:
            raise RowError(f"permit_kind must be one of {', '.join(PERMIT_KINDS)}")
        employer_id = None
        if row["permit_employer"]:
            employer_id = self.employers.get(row["permit_employer"])
            if employer_id is None:
                raise RowError("permit_employer is not a known establishment")
        row["permit_employer_id"] = employer_id
        errors = rules.permit_errors(row["permit_kind"], row["permit_expires_on"], employer_id,
                                     row["permit_renewal_applied_on"], self.day)
        if "permit_employer_id" in errors:
            errors["permit_employer"] = errors.pop("permit_employer_id")
        _rule_errors(errors)

    def _french(self, data: dict, row: dict) -> None:
        for name in LEVEL_FIELDS:
            level = data.get(name)
            if level is not None and (isinstance(level, bool) or not isinstance(level, int)
                                      or not 1 <= level <= 12):
                raise RowError(f"{name} must be a whole number from 1 to 12")
            row[name] = level
        for name in SOURCE_FIELDS:
            row[name] = data.get(name, "self")
            if row[name] not in ("self", "course", "test"):
                raise RowError(f"{name} must be self, course or test")

    def _jobs(self, jobs) -> list[dict]:
        if not isinstance(jobs, list) or len(jobs) > MAX_EXPERIENCES:
            raise RowError(f"experiences must be a list of at most {MAX_EXPERIENCES} jobs")
        return [self._job(job, f"experiences[{index}].") for index, job in enumerate(jobs)]

    def _job(self, data, where: str) -> dict:
        if not isinstance(data, dict):
            raise RowError(f"{where[:-1]} must be a JSON object")
        unknown = sorted(set(data) - JOB_FIELDS)
        if unknown:
            raise RowError(f"{where}unknown fields: {', '.join(unknown)}")
        job = {name: _text(data, name, *spec, where=where) for name, spec in JOB_TEXT.items()}
        job["noc_code"] = job["noc_code"] or None
        if job["noc_code"] is not None and job["noc_code"] not in self.nocs:
            raise RowError(f"{where}noc_code is not a known NOC 2021 code")
        job["start_on"] = _date(data, "start_on", where)
        if job["start_on"] is None:
            raise RowError(f"{where}start_on is required")
        job["end_on"] = _date(data, "end_on", where)
        job["ongoing"] = job["end_on"] is None
        hours = data.get("hours_per_week", 37.5)
        if (isinstance(hours, bool) or not isinstance(hours, int | float)
                or not math.isfinite(hours) or not 1 <= hours <= 80):
            raise RowError(f"{where}hours_per_week must be a number from 1 to 80")
        job["hours_per_week"] = Decimal(str(round(hours, 1)))
        _rule_errors(rules.experience_errors(job["start_on"], job["end_on"], job["ongoing"],
                                             self.day), where)
        return job


def read_rows(lines, agency: Agency, day: date) -> tuple[list[dict], list[str]]:
    """Check every line; return the rows to import and the errors ("line N: reason")."""
    records, errors = [], []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        if len(line) > MAX_LINE_LENGTH:
            errors.append(f"line {number}: the line is longer than {MAX_LINE_LENGTH} characters")
            continue
        try:
            records.append((number, nfc_json(json.loads(line))))
        except ValueError:
            errors.append(f"line {number}: not valid JSON")
    rows, rule_errors = check_rows(records, agency, day)
    return rows, sorted(errors + rule_errors, key=lambda e: int(e.split(":")[0].split()[1]))


def check_rows(records, agency: Agency, day: date) -> tuple[list[dict], list[str]]:
    """Check parsed records, (line number, data) or data alone; return rows and errors."""
    checker = Checker(day)
    rows, errors, seen_ids, seen_emails = [], [], {}, {}
    for index, record in enumerate(records, start=1):
        number, data = record if isinstance(record, tuple) else (index, record)
        try:
            row = checker.row(data)
            _check_unique(row, agency, number, seen_ids, seen_emails)
        except RowError as error:
            errors.append(f"line {number}: {error}")
            continue
        row["line"] = number
        rows.append(row)
    return rows, errors


def _check_unique(row: dict, agency: Agency, number: int, seen_ids: dict,
                  seen_emails: dict) -> None:
    for seen, key, name in ((seen_ids, row["external_id"], "external_id"),
                            (seen_emails, row["email"], "email")):
        if key in seen:
            raise RowError(f"{name} repeats line {seen[key]}")
        seen[key] = number
    existing = db.session.scalar(select(Candidate).where(
        Candidate.agency_id == agency.id, Candidate.external_id == row["external_id"]))
    row["existing"] = existing is not None
    user = db.session.scalar(select(User).where(User.email == row["email"]))
    if user is not None and (existing is None or existing.user_id != user.id):
        raise RowError("email belongs to another account")


def claimed(user: User) -> bool:
    """Say whether the person chose a password: the profile is then theirs, not the agency's."""
    return not user.password_hash.startswith(UNUSABLE_PASSWORD_PREFIX)


def _save_profile(candidate: Candidate, row: dict) -> None:
    services.save_about(candidate, row)
    services.save_permit(candidate, row, answered=row["permit_answered"])
    services.save_french(candidate, row)
    services.save_preferences(candidate, {**row, "desired_occupations": row["desired_noc_codes"]})
    for job in row["experiences"]:
        services.save_experience(candidate, None, job)


def update_candidate(candidate: Candidate, row: dict) -> None:
    """Replace the profile of a candidate the person has not claimed yet with a checked row."""
    candidate.user.email, candidate.user.locale = row["email"], row["locale"]
    for experience in list(candidate.experiences):
        services.delete_experience(experience)
    candidate.experiences.clear()
    db.session.flush()
    _save_profile(candidate, row)
    audit.record("candidate.updated_by_agency", candidate, agency_id=candidate.agency_id)


def create_candidate(row: dict, agency: Agency, source: str = "import") -> Candidate:
    """Create the account and profile of one checked row (matching consent off)."""
    user = User(email=row["email"], role="candidate", locale=row["locale"],
                password_hash=UNUSABLE_PASSWORD_PREFIX + secrets.token_hex(32))
    db.session.add(user)
    db.session.flush()
    candidate = services.profile_of(user)
    candidate.agency_id, candidate.external_id = agency.id, row["external_id"]
    _save_profile(candidate, row)
    audit.record("candidate.imported", candidate, agency_id=agency.id, line=row["line"],
                 source=source)
    return candidate


@click.command("candidates")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--agency", "agency_name", required=True, help="The partner agency's name.")
@with_appcontext
def import_candidates(path: str, agency_name: str) -> None:
    """Import a partner agency's candidates from a JSON Lines file, all or nothing."""
    agency = db.session.scalar(select(Agency).where(Agency.name == agency_name))
    if agency is None:
        raise click.ClickException(f"Unknown agency: {agency_name}")
    try:
        with open(path, encoding="utf-8-sig") as handle:
            rows, errors = read_rows(handle, agency, clock.today())
    except UnicodeDecodeError:
        raise click.ClickException("The file is not UTF-8 text; nothing was imported.") from None
    if errors:
        for error in errors:
            click.echo(error, err=True)
        raise click.ClickException(
            f"{len(errors)} invalid line(s); nothing was imported.")
    new = [row for row in rows if not row["existing"]]
    for row in new:
        create_candidate(row, agency)
    db.session.commit()
    click.echo(f"{len(new)} candidate(s) imported, {len(rows) - len(new)} already present "
               "(left unchanged).")
