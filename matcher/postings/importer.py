"""`flask import postings FILE.jsonl --establishment NAME`: an HR system's postings.

One JSON object a line, validated by postings.schemas.PostingLine (guide:
docs/import-postings.md; fields: docs/import-formats.md). The whole file is checked
before anything is written; any error leaves the database untouched and is reported
with its line number. Rows are keyed on (establishment, external_id): importing the
same file twice changes nothing the second time.
"""

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import force_locale
from pydantic import ValidationError
from sqlalchemy import select

from matcher import audit, clock, schemas
from matcher.extensions import db
from matcher.models import Employer, Posting, Region, Site
from matcher.postings import rules, services
from matcher.postings.schemas import PostingLine
from matcher.postings.search import fold_words
from matcher.text import nfc_json

MAX_ROWS = 20_000
MAX_LINE = 64 * 1024
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
    data: dict | None
    posting: Posting | None
    errors: dict = field(default_factory=dict)


def parse(line: str) -> tuple[dict | None, dict[str, str]]:
    """Return a line's values validated by PostingLine, or None and {key: problem}.

    A field set to null counts as absent, as the format says.
    """
    if len(line) > MAX_LINE:
        return None, {"line": f"is longer than {MAX_LINE} characters"}
    try:
        data = nfc_json(json.loads(line))
    except (ValueError, RecursionError):
        return None, {"line": str(schemas.NOT_JSON)}
    if isinstance(data, dict):
        data = {key: value for key, value in data.items() if value is not None}
    try:
        return PostingLine.model_validate(data).model_dump(), {}
    except ValidationError as error:
        return None, {("line" if name == "body" else name[:40]): message
                      for name, message, _ in schemas.problems(error)}


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
    """Check a valid row against the business rules; note the new site it names in `sites`."""
    posting, data = row.posting, row.data
    values = _values(data, posting)
    errors = rules.check(values, now=now,
                         previous=services.values_of(posting) if posting else None)
    status = _target_status(row)
    if status == "open" and (posting is None or posting.status != "open"):
        errors.update(rules.publishable(values, now=now))
    if posting is not None and posting.status != "draft" and status == "draft":
        errors["status"] = "a published posting cannot go back to draft"
    key = fold_words(data["site_name"])
    if key not in sites:
        region = data["site_region"]
        if not data["site_city"]:
            errors["site_city"] = "is required to create the new site " + data["site_name"]
        elif region is not None and db.session.get(Region, region) is None:
            errors["site_region"] = "is not a region code (01 to 17)"
        else:
            sites[key] = (data["site_name"], data["site_city"], region)
    for key, message in errors.items():
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
        row = Row(number, data, existing.get(data["external_id"]) if data else None, errors)
        if data is not None:
            external_id = data["external_id"]
            if external_id in seen:
                row.errors["external_id"] = str(schemas.ALREADY_USED) % {
                    "line": seen[external_id]}
            else:
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
