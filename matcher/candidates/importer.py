"""`flask import candidates FILE.jsonl --agency NAME`: partner agencies' bulk import.

All or nothing: every line is checked first, and one bad line imports nothing. Idempotent:
a line whose external_id the agency already imported is left as it is (the profile then
belongs to the candidate). Each line is validated by candidates.schemas.CandidateLine, the
model of the API's upsert too, so both refuse the same data with the same messages; the
guide is docs/import-candidates.md and the field table docs/import-formats.md (generated).
"""

import json
import secrets
from datetime import date
from decimal import Decimal

import click
from flask.cli import with_appcontext
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from pydantic import ValidationError
from sqlalchemy import or_, select

from matcher import audit, clock, schemas
from matcher.candidates import rules, services
from matcher.candidates.schemas import CandidateFields, CandidateLine
from matcher.extensions import db
from matcher.models import Agency, Candidate, Certification, Employer, Occupation, Region, User
from matcher.staff import duplicates
from matcher.text import nfc_json

MAX_LINE_LENGTH = 100_000
# Text fields stored as "" when absent (the profile's columns are not nullable).
EMPTY_TEXT = ("phone", "city", "permit_employer", "skills_text")
UNKNOWN_CODES = schemas.PHRASES["unknown_codes"]
UNUSABLE_PASSWORD_PREFIX = "!"  # noqa: S105  (not an argon2 hash: no password matches it)


class RowError(ValueError):
    """A record breaks the format or a rule; `problems` lists (field, message, code)."""

    def __init__(self, problems: list[tuple[str, str, str]]):
        super().__init__("; ".join(f"{name}: {message}" for name, message, _ in problems))
        self.problems = problems


def without_nulls(data):
    """Return a record with its null fields left out (null means absent, as documented)."""
    if not isinstance(data, dict):
        return data
    data = {key: value for key, value in data.items() if value is not None}
    if isinstance(data.get("experiences"), list):
        data["experiences"] = [without_nulls(job) for job in data["experiences"]]
    return data


def _rules(found: list, errors: dict, where: str = "") -> None:
    found.extend((f"{where}{name}", str(message), "rule") for name, message in errors.items())


class Checker:
    """Checks records against the model, the reference data and the profile's rules."""

    def __init__(self, day: date):
        self.day = day
        self.regions = set(db.session.scalars(select(Region.code)))
        self.nocs = set(db.session.scalars(select(Occupation.noc_code)))
        self.certifications = set(db.session.scalars(select(Certification.code)))
        self.employers = dict(db.session.execute(select(Employer.name, Employer.id)).all())

    def row(self, data) -> dict:
        """Return a JSONL record's values, checked and converted; raise RowError otherwise."""
        try:
            line = CandidateLine.model_validate(without_nulls(data))
        except ValidationError as error:
            raise RowError(schemas.problems(error)) from None
        return self.check(line, line.external_id)

    def check(self, fields: CandidateFields, external_id: str) -> dict:
        """Return the values of a validated record once the rules that need the database and
        the date hold; raise RowError listing every broken one otherwise."""
        row = {**fields.model_dump(exclude={"experiences"}), "external_id": external_id}
        # "none" is the default: only a record that says so has answered the permit question.
        row["permit_answered"] = "permit_kind" in fields.model_fields_set
        found = []
        for name in EMPTY_TEXT:
            row[name] = row[name] or ""
        for name, known in (("preferred_regions", self.regions), ("desired_noc_codes", self.nocs),
                            ("certifications", self.certifications)):
            unknown = sorted(set(row[name]) - known)
            if unknown:
                found.append((name, str(UNKNOWN_CODES) % {"codes": ", ".join(unknown)},
                              "unknown"))
            row[name] = list(dict.fromkeys(row[name]))
        row["shifts"] = list(dict.fromkeys(row["shifts"]))
        employer_id = None
        if row["permit_employer"]:
            employer_id = self.employers.get(row["permit_employer"])
            if employer_id is None:
                found.append(("permit_employer", str(_l("is not a known establishment")),
                              "unknown"))
        row["permit_employer_id"] = employer_id
        _rules(found, rules.arrival_errors(row["arrival_date"], self.day))
        permit = rules.permit_errors(row["permit_kind"], row["permit_expires_on"], employer_id,
                                     row["permit_renewal_applied_on"], self.day)
        if "permit_employer_id" in permit:
            message = permit.pop("permit_employer_id")
            if employer_id is None and not row["permit_employer"]:
                permit["permit_employer"] = message
        _rules(found, permit)
        row["experiences"] = [self._job(job.model_dump(), f"experiences[{index}].", found)
                              for index, job in enumerate(fields.experiences)]
        if found:
            raise RowError(found)
        return row

    def _job(self, job: dict, where: str, found: list) -> dict:
        if job["noc_code"] is not None and job["noc_code"] not in self.nocs:
            found.append((f"{where}noc_code", str(_l("is not a known NOC 2021 code")), "unknown"))
        job["ongoing"] = job["end_on"] is None
        job["hours_per_week"] = Decimal(str(round(job["hours_per_week"], 1)))
        _rules(found, rules.experience_errors(job["start_on"], job["end_on"], job["ongoing"],
                                              self.day), where)
        return job


def read_rows(lines, agency: Agency, day: date) -> tuple[list[dict], list[str]]:
    """Check every line; return the rows to import and the errors ("line N: field: reason")."""
    records, errors = [], []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        if len(line) > MAX_LINE_LENGTH:
            errors.append((number, f"line: is longer than {MAX_LINE_LENGTH} characters"))
            continue
        try:
            records.append((number, nfc_json(json.loads(line))))
        except (ValueError, RecursionError):
            errors.append((number, f"line: {schemas.NOT_JSON}"))
    rows, problems = check_rows(records, agency, day)
    errors += [(number, f"{'line' if name == 'body' else name}: {message}")
               for number, name, message, _ in problems]
    return rows, [f"line {number}: {text}" for number, text in sorted(errors,
                                                                       key=lambda e: e[0])]


def check_rows(records, agency: Agency, day: date) -> tuple[list[dict], list[tuple]]:
    """Check parsed records (line number, data); return the rows and the problems
    (line number, field, message, code)."""
    checker = Checker(day)
    rows, problems, seen_ids, seen_emails = [], [], {}, {}
    for number, data in records:
        try:
            row = checker.row(data)
            check_unique(row, agency, number, seen_ids, seen_emails)
        except RowError as error:
            problems.extend((number, *problem) for problem in error.problems)
            continue
        row["line"] = number
        rows.append(row)
    return rows, problems


def check_unique(row: dict, agency: Agency, number: int, seen_ids: dict,
                 seen_emails: dict) -> None:
    """Refuse an external id or email met on an earlier line, or an email of another
    account; note whether the agency already has this external id."""
    found = []
    for seen, key, name in ((seen_ids, row["external_id"], "external_id"),
                            (seen_emails, row["email"], "email")):
        if key in seen:
            found.append((name, str(schemas.ALREADY_USED) % {"line": seen[key]}, "duplicate"))
        else:
            seen[key] = number
    existing = db.session.scalar(select(Candidate).where(
        Candidate.agency_id == agency.id, Candidate.external_id == row["external_id"]))
    row["existing"] = existing is not None
    user = db.session.scalar(select(User).where(User.email == row["email"]))
    if user is not None and (existing is None or existing.user_id != user.id):
        found.append(("email", str(_l("belongs to another account")), "taken"))
    if found:
        raise RowError(found)


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
        with open(path, encoding="utf-8-sig") as handle, force_locale("en"):
            rows, errors = read_rows(handle, agency, clock.today())
    except UnicodeDecodeError:
        raise click.ClickException("The file is not UTF-8 text; nothing was imported.") from None
    if errors:
        for error in errors:
            click.echo(error, err=True)
        lines = len({error.partition(":")[0] for error in errors})
        raise click.ClickException(f"{lines} invalid line(s); nothing was imported.")
    new = [row for row in rows if not row["existing"]]
    created = [create_candidate(row, agency) for row in new]
    scope = select(Candidate).where(or_(Candidate.agency_id == agency.id,
                                        Candidate.agency_id.is_(None)))
    flagged = sum(bool(duplicates.flag(candidate, scope)) for candidate in created)
    db.session.commit()
    click.echo(f"{len(new)} candidate(s) imported, {len(rows) - len(new)} already present "
               "(left unchanged).")
    if flagged:
        click.echo(f"{flagged} of them look like files already here: review them on the "
                   "staff Duplicates page.")
