"""`flask import candidates`: all or nothing, idempotent, every bad line reported."""

import json

import pytest
from sqlalchemy import func, select

from matcher.extensions import db
from matcher.models import AuditEvent, Candidate, Consent, Experience, User
from tests import factories as f

ROW = {
    "external_id": "CR-0001", "email": "Wilson.Pierre@Example.com", "first_name": "Wilson",
    "last_name": "Pierre", "phone": "514 555-0142", "city": "Montréal", "locale": "fr_CA",
    "arrival_date": "2024-05-02",
    "permit_kind": "open", "permit_expires_on": "2027-05-01", "sin_expires_on": "2027-05-01",
    "french_oral_comprehension": 6, "french_oral_production": 5, "french_reading": 4,
    "french_writing": 3, "french_oral_comprehension_source": "course",
    "preferred_regions": ["06"], "shifts": ["day", "evening"], "available_from": "2026-04-01",
    "desired_noc_codes": ["33102"], "certifications": ["cpr"], "skills_text": "Créole.",
    "experiences": [{"title": "Aide-soignant", "noc_code": "33102", "employer_name": "Hôpital",
                     "country": "Haïti", "start_on": "2018-01-01", "end_on": "2022-12-31",
                     "hours_per_week": 40}],
}
SECOND = {"external_id": "CR-0002", "email": "farida@example.com", "first_name": "Farida",
          "last_name": "Rahimi", "permit_kind": "pending"}


@pytest.fixture
def agency(app):
    with app.app_context():
        f.make_agency("CREMCV")
        db.session.commit()
    return "CREMCV"


def write(tmp_path, *rows, raw: str = "") -> str:
    path = tmp_path / "candidates.jsonl"
    lines = [json.dumps(row, ensure_ascii=False) for row in rows] + ([raw] if raw else [])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def run(runner, path, agency="CREMCV"):
    return runner.invoke(args=["import", "candidates", path, "--agency", agency])


def counts(app) -> dict:
    with app.app_context():
        return {model.__name__: db.session.scalar(select(func.count()).select_from(model))
                for model in (User, Candidate, Experience, Consent, AuditEvent)}


def test_a_valid_file_imports_every_candidate(runner, app, agency, tmp_path):
    result = run(runner, write(tmp_path, ROW, SECOND))
    assert result.exit_code == 0, result.output
    assert "2 candidate(s) imported, 0 already present" in result.output
    with app.app_context():
        candidate = db.session.scalar(select(Candidate).where(Candidate.external_id == "CR-0001"))
        user = candidate.user
        assert (user.email, user.role, user.locale) == ("wilson.pierre@example.com", "candidate",
                                                      "fr_CA")
        assert user.password_hash.startswith("!"), "no usable password: reset to get in"
        assert candidate.agency.name == "CREMCV"
        assert candidate.matching_opt_in is False
        assert (candidate.french_oral_comprehension, candidate.french_writing) == (6, 3)
        assert candidate.french_oral_comprehension_source == "course"
        assert candidate.shifts == {"day", "evening"}
        assert [c.code for c in candidate.certifications] == ["cpr"]
        assert [e.noc_code for e in candidate.experiences] == ["33102"]
        assert db.session.scalar(select(func.count()).select_from(Consent)) == 0
        assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "candidate.imported")) == 2


def test_imported_candidates_cannot_log_in_before_a_password_reset(runner, client, agency,
                                                                   tmp_path):
    run(runner, write(tmp_path, ROW))
    from tests.conftest import post_form
    response = post_form(client, "/login", {"email": "wilson.pierre@example.com",
                                            "password": "!"})
    assert response.status_code == 200


def test_a_second_run_changes_nothing(runner, app, agency, tmp_path):
    path = write(tmp_path, ROW, SECOND)
    run(runner, path)
    before = counts(app)
    result = run(runner, path)
    assert result.exit_code == 0, result.output
    assert "0 candidate(s) imported, 2 already present" in result.output
    assert counts(app) == before


def test_the_same_external_id_in_another_agency_is_another_candidate(runner, app, agency,
                                                                     tmp_path):
    with app.app_context():
        f.make_agency("Libre Emploi")
        db.session.commit()
    run(runner, write(tmp_path, ROW))
    result = run(runner, write(tmp_path, {**ROW, "email": "other@example.com"}), "Libre Emploi")
    assert result.exit_code == 0, result.output
    assert counts(app)["Candidate"] == 2


BAD_ROWS = [
    ({"permit_expires_on": "2020-01-01"}, "permit_expires_on: This date has passed"),
    ({"permit_expires_on": "2026-01-31", "permit_renewal_applied_on": "2026-02-15"},
     "permit_expires_on: This date has passed. If you filed a renewal on or before it, enter "
     "the date you filed it; otherwise choose “I have applied for a work permit and am "
     "waiting”.\nline 2: permit_renewal_applied_on: The renewal was filed after the permit "
     "expired"),
    ({"permit_expires_on": "2026-01-31", "permit_renewal_applied_on": "2026-01-31"}, None),
    ({"permit_kind": "employer_specific"}, "permit_employer: Choose the employer"),
    ({"permit_kind": "employer_specific", "permit_employer": "Hôpital imaginaire"},
     "permit_employer: is not a known establishment"),
    ({"permit_kind": "visitor"}, "permit_kind: must be one of: 'open', 'employer_specific'"),
    ({"french_reading": 13}, "french_reading: must be at most 12"),
    ({"french_reading": 0}, "french_reading: must be at least 1"),
    ({"french_reading": True}, "french_reading: must be a whole number"),
    ({"french_reading": "5"}, "french_reading: must be a whole number"),
    ({"french_writing_source": "staff"},
     "french_writing_source: must be one of: 'self', 'course' or 'test'"),
    ({"experiences": [{**ROW["experiences"][0], "end_on": "2017-12-31"}]},
     "experiences[0].end_on: The end date is before the start date."),
    ({"experiences": [{**ROW["experiences"][0], "noc_code": "99999"}]},
     "experiences[0].noc_code: is not a known NOC 2021 code"),
    ({"experiences": [{**ROW["experiences"][0], "start_on": "2018-02-30"}]},
     "experiences[0].start_on: must be a real date written YYYY-MM-DD"),
    ({"experiences": [{**ROW["experiences"][0], "hours_per_week": 0}]},
     "experiences[0].hours_per_week: must be at least 1"),
    ({"experiences": [{"title": "Cook"}]}, "experiences[0].start_on: is required"),
    ({"experiences": "many"}, "experiences: must be a list"),
    ({"first_name": "Wil\x00son"}, "first_name: contains a NUL character"),
    ({"last_name": "P" * 101}, "last_name: must be at most 100 characters"),
    ({"skills_text": "s" * 2001}, "skills_text: must be at most 2000 characters"),
    ({"first_name": ""}, "first_name: must not be empty"),
    ({"first_name": 7}, "first_name: must be a string"),
    ({"email": "not-an-email"}, "email: is not a valid email address"),
    ({"phone": "call me"}, "phone: is not a phone number"),
    ({"arrival_date": "02/05/2024"}, "arrival_date: must be a date written YYYY-MM-DD"),
    ({"arrival_date": "2099-01-01"}, "arrival_date: The arrival date is in the future."),
    ({"available_from": "1850-01-01"}, "available_from: must be between 1900 and 2100"),
    ({"preferred_regions": ["06", "42"]}, "preferred_regions: has unknown codes: 42"),
    ({"shifts": "day"}, "shifts: must be a list"),
    ({"willing_to_relocate": "yes"}, "willing_to_relocate: must be true or false"),
    ({"locale": "es"}, "locale: must be one of: 'fr_CA' or 'en'"),
    ({"salary": 20}, "salary: is not a known field"),
]


@pytest.mark.parametrize(("change", "reason"), BAD_ROWS)
def test_an_invalid_line_imports_nothing_and_says_why(runner, app, agency, tmp_path, change,
                                                      reason):
    before = counts(app)
    result = run(runner, write(tmp_path, SECOND, {**ROW, **change}))
    if reason is None:  # the control case: valid, so the test can tell
        assert result.exit_code == 0, result.output
        return
    assert result.exit_code != 0
    assert f"line 2: {reason}" in result.output
    assert "nothing was imported" in result.output
    assert counts(app) == before


def test_every_bad_line_is_listed_with_its_number(runner, app, agency, tmp_path):
    path = write(tmp_path, ROW, {**SECOND, "external_id": "CR-0001", "email": "x@example.com"},
                 {**SECOND, "email": "WILSON.PIERRE@example.com"},
                 raw='{"external_id": "CR-9", oops}\n[1, 2]\n\n{"hours": NaN}')
    result = run(runner, path)
    assert result.exit_code != 0
    output = result.output
    assert "line 2: external_id: is already used on line 1" in output
    assert "line 3: email: is already used on line 1" in output
    assert "line 4: line: is not valid JSON" in output
    assert "line 5: line: must be a JSON object" in output
    assert "line 7: hours: is not a known field" in output
    assert "line 1:" not in output and "line 6:" not in output
    assert counts(app)["Candidate"] == 0


def test_a_job_with_infinite_hours_is_refused(runner, agency, tmp_path):
    line = json.dumps(ROW).replace('"hours_per_week": 40', '"hours_per_week": Infinity')
    assert "Infinity" in line
    result = run(runner, write(tmp_path, raw=line))
    assert "line 1: experiences[0].hours_per_week: must be a finite number" in result.output


def test_an_email_already_used_by_another_account_is_refused(runner, app, agency, tmp_path):
    with app.app_context():
        f.make_user("employer", email="wilson.pierre@example.com")
        db.session.commit()
    result = run(runner, write(tmp_path, ROW))
    assert "line 1: email: belongs to another account" in result.output
    assert result.exit_code != 0


def test_an_unknown_agency_or_a_binary_file_is_refused(runner, app, agency, tmp_path):
    result = run(runner, write(tmp_path, ROW), agency="Nobody")
    assert result.exit_code != 0 and "Unknown agency" in result.output
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(json.dumps({**ROW, "city": "Montréal"}, ensure_ascii=False)
                     .encode("latin-1"))
    result = run(runner, str(path))
    assert result.exit_code != 0 and "not UTF-8" in result.output
    assert counts(app)["Candidate"] == 0
