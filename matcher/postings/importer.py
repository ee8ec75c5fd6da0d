"""`flask import postings FILE.jsonl --establishment NAME`: an HR system's postings.

One JSON object a line (schema: docs/import-postings.md). The whole file is checked
before anything is written; any error leaves the database untouched and is reported
with its line number. Rows are keyed on (establishment, external_id): importing the
same file twice changes nothing the second time.
"""

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import force_locale
from sqlalchemy import select

from matcher import audit, clock
from matcher.extensions import db
from matcher.models import Employer, Posting, Region, Site
from matcher.postings import rules, services
from matcher.postings.search import fold_words
from matcher.text import nfc_json

MAX_ROWS = 20_000
MAX_LINE = 64 * 1024
REQUIRED = object()
# JSON key -> (kind, default; REQUIRED when it must be given)
SCHEMA = {
    "external_id": ("text", REQUIRED), "title": ("text", REQUIRED),
    "description": ("text", ""), "noc_code": ("text", REQUIRED),
    "site_name": ("text", REQUIRED), "site_city": ("text", None),
    "site_region": ("text", None), "shifts": ("list", REQUIRED),
    "employment_type": ("text", REQUIRED), "hours_per_week": ("decimal", REQUIRED),
    "hourly_wage": ("decimal", REQUIRED), "openings": ("integer", REQUIRED),
    "start_date": ("date", None), "closes_on": ("date", None),
    "min_french_oral": ("integer", 5), "min_french_written": ("integer", 1),
    "min_experience_months": ("integer", 0), "required_certifications": ("list", []),
    "training_provided": ("boolean", False), "status": ("text", "open"),
}
TEXT_LIMITS = {"external_id": rules.EXTERNAL_ID_MAX, "title": rules.TITLE_MAX,
               "description": rules.DESCRIPTION_MAX, "noc_code": 5, "site_name": 200,
               "site_city": 100, "site_region": 2, "employment_type": 20, "status": 10}
DECIMAL_PLACES = {"hours_per_week": 1, "hourly_wage": 2}
STATUSES = ("draft", "open", "closed")
STATUS_ACTIONS = {"open": "posting.published", "closed": "posting.closed",
                  "filled": "posting.filled"}
MAX_REPORTED = 500
# Names of the services' values that differ from the JSON keys.
JSON_NAMES = {"certifications": "required_certifications"}


class ImportRefused(Exception):
    """The file was refused as a whole; `errors` lists each problem with its line."""

    def __init__(self, errors: list[str]):
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


@dataclass
class Report:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class Row:
    line: int
    data: dict
    posting: Posting | None
    errors: dict = field(default_factory=dict)


def _convert(key: str, kind: str, value):
    """Return a JSON value in its Python type, or raise ValueError saying what is wrong."""
    if kind == "text":
        if not isinstance(value, str):
            raise ValueError("must be a string")
        if "\x00" in value:
            raise ValueError("contains a NUL character")
        if len(value) > TEXT_LIMITS[key]:
            raise ValueError(f"must be at most {TEXT_LIMITS[key]} characters")
        return value.strip()
    if kind == "list":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError("must be a list of strings")
        return value
    if kind == "boolean":
        if not isinstance(value, bool):
            raise ValueError("must be true or false")
        return value
    if kind == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError("must be a whole number")
        return value
    if kind == "decimal":
        try:
            number = Decimal(str(value)) if isinstance(value, int | float | str) \
                and not isinstance(value, bool) else None
        except InvalidOperation:
            number = None
        places = DECIMAL_PLACES[key]
        if number is None or not number.is_finite() or number.as_tuple().exponent < -places:
            raise ValueError(f"must be a number with at most {places} decimals")
        return number
    if not isinstance(value, str) or len(value) != 10:
        raise ValueError("must be a date written YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise ValueError("must be a real date written YYYY-MM-DD") from error


def parse(line: str) -> tuple[dict, dict[str, str]]:
    """Return a line's values by JSON key, and {key: problem} for what is wrong."""
    if len(line) > MAX_LINE:
        return {}, {"line": f"is longer than {MAX_LINE} characters"}
    try:
        data = nfc_json(json.loads(line))
    except ValueError:
        return {}, {"line": "is not valid JSON"}
    if not isinstance(data, dict):
        return {}, {"line": "must be a JSON object"}
    errors = {key[:40]: "is not a known field" for key in data if key not in SCHEMA}
    row = {}
    for key, (kind, default) in SCHEMA.items():
        if data.get(key) is None:
            if default is REQUIRED:
                errors[key] = "is required"
            row[key] = None if default is REQUIRED else default
            continue
        try:
            row[key] = _convert(key, kind, data[key])
        except ValueError as error:
            errors[key], row[key] = str(error), None
        if default is REQUIRED and row[key] in ("", []) and key not in errors:
            errors[key] = "must not be empty"
    if "status" not in errors and row["status"] not in STATUSES:
        errors["status"] = "must be draft, open or closed"
    return row, errors


def _values(data: dict, posting: Posting | None) -> dict:
    values = {name: data.get(name) for name in services.FIELDS}
    values.update(shifts=data["shifts"], certifications=data["required_certifications"],
                  filled=posting.filled if posting else 0)
    return values


def _target_status(row: Row) -> str:
    """Return the status the row asks for, within the lifecycle."""
    filled = row.posting.filled if row.posting else 0
    if filled and row.data["openings"] is not None and filled >= row.data["openings"]:
        return "filled"
    return row.data["status"]


def _check(row: Row, now: date, sites: dict) -> None:
    """Check a parsed row against the rules; note the new site it names in `sites`.

    Fields that could not be read count as absent, so every other problem of the
    line is reported too.
    """
    posting, data = row.posting, row.data
    values = _values(data, posting)
    errors = rules.check(values, now=now,
                         previous=services.values_of(posting) if posting else None)
    status = _target_status(row)
    if status == "open" and (posting is None or posting.status != "open"):
        errors.update(rules.publishable(values, now=now))
    if posting is not None and posting.status != "draft" and status == "draft":
        errors["status"] = "a published posting cannot go back to draft"
    key = fold_words(data["site_name"] or "")
    if key and key not in sites:
        region = data["site_region"]
        if not data["site_city"]:
            errors["site_city"] = "is required to create the new site " + data["site_name"]
        elif region is not None and db.session.get(Region, region) is None:
            errors["site_region"] = "is not a region code (01 to 17)"
        else:
            sites[key] = (data["site_name"], data["site_city"], region)
    for key, message in errors.items():
        # A field that could not be read is reported once, as unreadable.
        row.errors.setdefault(JSON_NAMES.get(key, key), str(message))


def read_rows(path: Path, employer: Employer, now: date) -> tuple[list[Row], dict]:
    """Parse and check every line; raise ImportRefused listing all problems.

    Returns the rows and the sites by folded name: existing Site rows, or
    (name, city, region) of the new sites to create.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as error:
        raise ImportRefused(["the file is not UTF-8 text"]) from error
    if len(lines) > MAX_ROWS:
        raise ImportRefused([f"the file has more than {MAX_ROWS} lines"])
    existing = {p.external_id: p for p in db.session.scalars(
        select(Posting).where(Posting.employer_id == employer.id,
                              Posting.external_id.is_not(None)))}
    sites: dict = {fold_words(s.name): s for s in employer.sites}
    rows, seen = [], {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        data, errors = parse(line)
        row = Row(number, data, existing.get(data.get("external_id")), errors)
        if "line" not in errors:
            external_id = data["external_id"]
            if external_id in seen:
                row.errors["external_id"] = f"is already used on line {seen[external_id]}"
            elif external_id is not None:
                seen[external_id] = number
            _check(row, now, sites)
        rows.append(row)
    problems = [f"line {row.line}: {key}: {message}"
                for row in rows for key, message in row.errors.items()]
    if problems:
        raise ImportRefused(problems)
    return rows, sites


def _site(employer: Employer, data: dict, sites: dict) -> Site:
    key = fold_words(data["site_name"])
    if not isinstance(sites[key], Site):
        name, city, region = sites[key]
        sites[key] = services.add_site(employer, name, city, region or employer.region_code)
    return sites[key]


def _save(row: Row, employer: Employer, sites: dict, report: Report) -> None:
    posting, data = row.posting, row.data
    site = _site(employer, data, sites)
    status = _target_status(row)
    if posting is None:
        posting = Posting(employer=employer, site=site, external_id=data["external_id"],
                          status="draft", filled=0)
        services.apply_values(posting, _values(data, None))
        db.session.add(posting)
        db.session.flush()
        audit.record("posting.created", posting, employer_id=employer.id, source="import",
                     external_id=posting.external_id)
        report.created += 1
    else:
        changed = services.apply_values(posting, _values(data, posting))
        if site is not posting.site:
            posting.site = site
            changed.append("site")
        if changed:
            audit.record("posting.updated", posting, fields=changed, source="import")
        report.updated += bool(changed or status != posting.status)
        report.unchanged += not (changed or status != posting.status)
    if status != posting.status:
        if status == "open" and posting.published_at is None:
            posting.published_at = clock.now()
        posting.status = status
        audit.record(STATUS_ACTIONS[status], posting, source="import")


def find_establishment(name: str) -> Employer:
    """Return the establishment with this name (case and accents ignored), or refuse."""
    employer = db.session.scalar(select(Employer).where(Employer.name == name.strip()))
    if employer is None:
        wanted = fold_words(name)
        matches = [e for e in db.session.scalars(select(Employer)) if fold_words(e.name) == wanted]
        employer = matches[0] if len(matches) == 1 else None
    if employer is None:
        raise ImportRefused([f"no establishment is named {name!r}"])
    return employer


def import_file(path: Path, establishment: str) -> Report:
    """Import a JSON Lines file of postings for one establishment (all or nothing)."""
    employer = find_establishment(establishment)
    rows, sites = read_rows(path, employer, clock.today())
    report = Report()
    for row in rows:
        _save(row, employer, sites, report)
    db.session.flush()
    return report


@click.command("postings")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--establishment", required=True,
              help="Exact name of the establishment the postings belong to.")
@with_appcontext
def import_postings(path: Path, establishment: str) -> None:
    """Import an establishment's postings from a JSON Lines file (docs/import-postings.md)."""
    with force_locale("en"):
        try:
            report = import_file(path, establishment)
        except ImportRefused as refused:
            db.session.rollback()
            for problem in refused.errors[:MAX_REPORTED]:
                click.echo(problem, err=True)
            if len(refused.errors) > MAX_REPORTED:
                click.echo(f"... and {len(refused.errors) - MAX_REPORTED} more.", err=True)
            raise click.ClickException(
                f"{len(refused.errors)} problem(s) found: nothing was imported.") from refused
    db.session.commit()
    click.echo(f"{path.name}: {report.created} created, {report.updated} updated, "
               f"{report.unchanged} unchanged.")
