"""Load the reference data in seed/ into the database, idempotently."""

import csv
import json
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from matcher.extensions import db
from matcher.models import (
    Certification,
    Employer,
    FrenchLevel,
    MinimumWage,
    Occupation,
    ProgramSettings,
    Region,
)
from matcher.paths import data_dir

SEED_DIR = data_dir("seed")


def read_csv(name: str) -> list[dict[str, str]]:
    """Return the rows of a CSV file in seed/."""
    with open(SEED_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_noc_groups() -> list[dict]:
    """Return the 516 NOC 2021 unit groups bundled in seed/."""
    return json.loads((SEED_DIR / "noc2021_unit_groups.json").read_text(encoding="utf-8"))


def _upsert(model, key: dict, values: dict) -> bool:
    """Insert a row, or update it where it differs; say whether anything changed."""
    row = db.session.get(model, tuple(key.values()) if len(key) > 1 else next(iter(key.values())))
    if row is None:
        db.session.add(model(**key, **values))
        return True
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed


def load_reference_data() -> int:
    """Load regions, occupations, levels, wages, certifications and establishments.

    Returns the number of rows inserted or updated (0 on a second run).
    """
    changes = 0
    for row in read_csv("regions.csv"):
        changes += _upsert(Region, {"code": row["code"]}, {"name": row["name"]})
    families = {r["noc_code"]: r["family"] for r in read_csv("role_families.csv")}
    for group in read_noc_groups():
        changes += _upsert(Occupation, {"noc_code": group["code"]}, {
            "title_en": group["title_en"], "title_fr": group["title_fr"],
            "examples_en": group["examples_en"], "examples_fr": group["examples_fr"],
            "role_family": families.get(group["code"]),
        })
    for row in read_csv("french_levels.csv"):
        changes += _upsert(FrenchLevel, {"level": int(row["level"])}, {
            "stage": row["stage"], "nclc": int(row["nclc"]), "cefr": row["cefr"]})
    for row in read_csv("minimum_wages.csv"):
        changes += _upsert(MinimumWage, {"effective_on": date.fromisoformat(row["effective_on"])},
                           {"hourly_wage": Decimal(row["hourly_wage"])})
    for row in read_csv("certifications.csv"):
        changes += _upsert(Certification, {"code": row["code"]},
                           {"name_fr": row["name_fr"], "name_en": row["name_en"]})
    changes += _load_establishments()
    if db.session.get(ProgramSettings, 1) is None:
        db.session.add(ProgramSettings(id=1))
        changes += 1
    db.session.flush()
    return changes


def _load_establishments() -> int:
    existing = {e.name: e for e in db.session.scalars(select(Employer))}
    changes = 0
    for row in read_csv("establishments.csv"):
        employer = existing.get(row["name"])
        if employer is None:
            db.session.add(Employer(name=row["name"], kind=row["kind"],
                                    region_code=row["region_code"]))
            changes += 1
        elif (employer.kind, employer.region_code) != (row["kind"], row["region_code"]):
            employer.kind, employer.region_code = row["kind"], row["region_code"]
            changes += 1
    return changes
