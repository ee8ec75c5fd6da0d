"""`flask import postings`: idempotent on (establishment, external id), all or nothing."""

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from matcher.extensions import db
from matcher.models import Employer, Posting, Site
from tests import factories as f
from tests.postings.helpers import TODAY, audit_actions, count_postings

ESTABLISHMENT = "CIUSSS du Centre-Sud-de-l'Île-de-Montréal"


def row(external_id="RH-1", **fields) -> dict:
    data = {
        "external_id": external_id, "title": "Préposé·e aux bénéficiaires – nuit",
        "description": "Soins de nuit en CHSLD.", "noc_code": "33102",
        "site_name": "CHSLD Saint-Henri", "site_city": "Montréal", "shifts": ["night"],
        "employment_type": "full_time", "hours_per_week": 37.5, "hourly_wage": 22.10,
        "openings": 4, "start_date": (TODAY + timedelta(days=40)).isoformat(),
        "closes_on": (TODAY + timedelta(days=20)).isoformat(),
        "required_certifications": ["pdsb"], "training_provided": True,
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not ...}


@pytest.fixture
def run(runner, tmp_path):
    """Write rows (dicts, or raw lines) to a file and import it."""

    def run(rows, establishment=ESTABLISHMENT):
        path = tmp_path / "postings.jsonl"
        lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return runner.invoke(args=["import", "postings", str(path),
                                   "--establishment", establishment])

    return run


def postings() -> list[Posting]:
    return list(db.session.scalars(select(Posting).order_by(Posting.external_id)))


def test_import_creates_postings_and_a_new_site_then_changes_nothing(app, run):
    rows = [row("RH-1"), row("RH-2", title="Aide de cuisine", noc_code="65201",
                             site_name="chsld saint-henri", site_city=None, status="draft",
                             required_certifications=[], training_provided=False)]
    first = run(rows)
    assert first.exit_code == 0, first.output
    assert "2 created, 0 updated, 0 unchanged" in first.output
    with app.app_context():
        employer = db.session.scalar(select(Employer).filter_by(name=ESTABLISHMENT))
        imported = postings()
        assert [(p.external_id, p.status, p.employer_id) for p in imported] == [
            ("RH-1", "open", employer.id), ("RH-2", "draft", employer.id)]
        assert imported[0].site is imported[1].site, "one site, matched by name"
        assert imported[0].site.region_code == "06", "the establishment's region by default"
        assert imported[0].published_at is not None and imported[1].published_at is None
        events = audit_actions()
    second = run(rows)
    assert second.exit_code == 0, second.output
    assert "0 created, 0 updated, 2 unchanged" in second.output
    with app.app_context():
        assert count_postings() == 2
        assert db.session.query(Site).filter_by(name="CHSLD Saint-Henri").count() == 1
        assert audit_actions() == events, "an unchanged import records nothing"


def test_a_changed_row_updates_its_posting(app, run):
    assert run([row(hourly_wage=22.10)]).exit_code == 0
    result = run([row(hourly_wage=23.40, status="closed")])
    assert result.exit_code == 0, result.output
    assert "0 created, 1 updated, 0 unchanged" in result.output
    with app.app_context():
        (posting,) = postings()
        assert (str(posting.hourly_wage), posting.status) == ("23.40", "closed")
        assert audit_actions(posting.id)[-2:] == ["posting.updated", "posting.closed"]


def test_the_same_external_id_in_two_establishments_is_two_postings(app, run):
    assert run([row()]).exit_code == 0
    assert run([row()], establishment="CIUSSS de la Capitale-Nationale").exit_code == 0
    with app.app_context():
        assert count_postings() == 2


def test_one_bad_row_refuses_the_whole_file_with_line_numbers(app, run):
    rows = [row("RH-1"), "", row("RH-2", hourly_wage=12.00), "{not json",
            row("RH-4", openings=0, min_french_oral=4, start_date="2026-02-30"),
            row("RH-1"), ["a list"], row("RH-6", shifts=[], bogus=1, title="x\u0000"), {}]
    result = run(rows)
    assert result.exit_code == 1
    output = result.output
    for expected in ("line 3: hourly_wage: The wage is below Québec's minimum wage",
                     "line 4: line: is not valid JSON", "line 5: openings:",
                     "line 5: start_date: must be a real date", "line 6: external_id: is "
                     "already used on line 1", "line 7: line: must be a JSON object",
                     "line 8: bogus: is not a known field", "line 8: title: contains a NUL",
                     "line 8: shifts:", "line 9: external_id: is required",
                     "line 9: title: is required", "nothing was imported"):
        assert expected in output, output
    assert "line 1:" not in output
    with app.app_context():
        assert count_postings() == 0
        assert db.session.query(Site).filter_by(name="CHSLD Saint-Henri").count() == 0
        assert audit_actions() == []


def test_the_last_row_alone_can_refuse_the_file(app, run):
    result = run([row(f"RH-{n}") for n in range(1, 50)] + [row("RH-50", noc_code="21231")])
    assert result.exit_code == 1
    assert "line 50: noc_code:" in result.output
    with app.app_context():
        assert count_postings() == 0


@pytest.mark.parametrize(("fields", "problem"), [
    ({"hourly_wage": "NaN"}, "hourly_wage"), ({"hourly_wage": 1e308}, "hourly_wage"),
    ({"hourly_wage": 21.555}, "hourly_wage"), ({"hourly_wage": True}, "hourly_wage"),
    ({"openings": 10**30}, "openings"), ({"openings": -1}, "openings"),
    ({"openings": 2.5}, "openings"), ({"hours_per_week": 0}, "hours_per_week"),
    ({"min_french_oral": 4}, "min_french_oral"), ({"min_french_written": 13},
                                                  "min_french_written"),
    ({"min_experience_months": 999}, "min_experience_months"),
    ({"closes_on": "2026-06-30", "start_date": "2026-06-15"}, "closes_on"),
    ({"start_date": (TODAY - timedelta(days=1)).isoformat(), "closes_on": None},
     "start_date"),
    ({"start_date": "15/07/2026"}, "start_date"), ({"start_date": 20260715}, "start_date"),
    ({"employment_type": "forever"}, "employment_type"), ({"shifts": "night"}, "shifts"),
    ({"shifts": ["dawn"]}, "shifts"), ({"required_certifications": ["x"]},
                                       "required_certifications"),
    ({"site_name": "Nouveau site", "site_city": None}, "site_city"),
    ({"site_name": "Nouveau site", "site_region": "99"}, "site_region"),
    ({"status": "filled"}, "status"), ({"title": ""}, "title"),
    ({"title": "x" * 151}, "title"), ({"external_id": None}, "external_id"),
    ({"training_provided": "yes"}, "training_provided"),
    ({"site_name": "  "}, "site_name"), ({"external_id": ""}, "external_id"),
    ({"hours_per_week": 37.55}, "hours_per_week"),
])
def test_each_rule_is_a_reported_problem(app, run, fields, problem):
    result = run([row(**fields)])
    assert result.exit_code == 1
    assert f"line 1: {problem}:" in result.output, result.output
    with app.app_context():
        assert count_postings() == 0


def test_a_published_posting_cannot_go_back_to_draft(app, run):
    assert run([row()]).exit_code == 0
    result = run([row(status="draft")])
    assert result.exit_code == 1 and "line 1: status:" in result.output


def test_a_posting_with_every_opening_filled_stays_filled(app, run):
    assert run([row(openings=2)]).exit_code == 0
    with app.app_context():
        postings()[0].filled = 2
        db.session.commit()
    assert run([row(openings=2)]).exit_code == 0
    with app.app_context():
        assert postings()[0].status == "filled"


def test_an_unknown_establishment_or_file_is_refused(app, run, runner, tmp_path):
    result = run([row()], establishment="CHSLD Imaginaire")
    assert result.exit_code == 1 and "no establishment is named" in result.output
    missing = runner.invoke(args=["import", "postings", str(tmp_path / "none.jsonl"),
                                  "--establishment", ESTABLISHMENT])
    assert missing.exit_code != 0
    binary = tmp_path / "binary.jsonl"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    result = runner.invoke(args=["import", "postings", str(binary),
                                 "--establishment", ESTABLISHMENT])
    assert result.exit_code == 1 and "not UTF-8" in result.output


def test_the_establishment_name_ignores_case_and_accents(app, run):
    assert run([row()], establishment="ciusss du centre-sud-de-l'ile-de-montreal").exit_code == 0


def test_imported_postings_are_searchable_and_owned_by_their_establishment(app, run, client):
    assert run([row()]).exit_code == 0
    html = client.get("/jobs", query_string={"q": "nurse aide"}).get_data(as_text=True)
    assert "Préposé·e aux bénéficiaires – nuit" in html
    with app.app_context():
        other = f.make_employer()
        db.session.commit()
        assert db.session.scalar(select(Posting.employer_id)) != other.id
