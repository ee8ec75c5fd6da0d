"""The migrations build the whole model from an empty database."""

import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from matcher import create_app
from matcher.config import TestConfig


@pytest.fixture
def empty_database_url(_app, tmp_path):
    """Yield the URL of an empty database of the engine under test."""
    url = make_url(_app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "postgresql":
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    schema = f"migration_check_{uuid.uuid4().hex[:8]}"
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False)
    finally:
        with engine.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


def test_migrations_upgrade_empty_database_and_match_models(empty_database_url):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=empty_database_url)
    runner = app.test_cli_runner()

    upgrade = runner.invoke(args=["db", "upgrade"])
    assert upgrade.exit_code == 0, upgrade.output

    check = runner.invoke(args=["db", "check"])
    assert check.exit_code == 0, check.output

    seed = runner.invoke(args=["seed"])
    assert seed.exit_code == 0, seed.output
    assert "586 rows" in seed.output
    again = runner.invoke(args=["seed"])
    assert "0 rows" in again.output
    with app.app_context():
        from matcher.extensions import db

        db.engine.dispose()


def test_migration_0002_fills_the_search_text_of_existing_postings(empty_database_url):
    from sqlalchemy import text

    from matcher.extensions import db

    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=empty_database_url)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade", "0001"]).exit_code == 0
    with app.app_context():
        with db.engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO regions (code, name) VALUES ('06', 'Montréal')"))
            connection.execute(text(
                "INSERT INTO occupations (noc_code, title_en, title_fr, examples_en, "
                "examples_fr) VALUES ('33102', 'Nurse aides', 'Préposés aux bénéficiaires', "
                "'[]', '[]')"))
            connection.execute(text(
                "INSERT INTO employers (id, name, kind, region_code, is_fictitious) "
                "VALUES (1, 'CHSLD Test', 'CHSLD', '06', false)"))
            connection.execute(text(
                "INSERT INTO sites (id, employer_id, name, city, region_code) "
                "VALUES (1, 1, 'Site', 'Montréal', '06')"))
            connection.execute(text(
                "INSERT INTO postings (employer_id, site_id, noc_code, title, description, "
                "shift_day, shift_evening, shift_night, shift_weekend, employment_type, "
                "hours_per_week, hourly_wage, openings, filled, status, min_french_oral, "
                "min_french_written, min_experience_months, training_provided, created_at, "
                "updated_at) VALUES (1, 1, '33102', 'Préposée de soir', 'Soins', true, false, "
                "false, false, 'full_time', 37.5, 21.5, 1, 0, 'open', 5, 1, 0, false, "
                "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
        db.engine.dispose()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    with app.app_context():
        with db.engine.connect() as connection:
            search_text = connection.execute(text("SELECT search_text FROM postings")).scalar()
        db.engine.dispose()
    assert " preposee " in search_text + " " and "beneficiaire" in search_text


def test_migration_0008_recomputes_search_text_and_keeps_organizations_active(
        empty_database_url):
    from matcher.extensions import db

    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=empty_database_url)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade", "0006"]).exit_code == 0
    with app.app_context():
        with db.engine.begin() as connection:
            connection.execute(text("INSERT INTO regions (code, name) VALUES ('12', 'Lévis')"))
            connection.execute(text(
                "INSERT INTO occupations (noc_code, title_en, title_fr, examples_en, "
                "examples_fr) VALUES ('63200', 'Cooks', 'Cuisiniers/cuisinières', '[]', '[]')"))
            connection.execute(text(
                "INSERT INTO agencies (id, name, region_code) VALUES (1, 'Agence', '12')"))
            connection.execute(text(
                "INSERT INTO employers (id, name, kind, region_code, is_fictitious) "
                "VALUES (1, 'CHSLD Test', 'CHSLD', '12', false)"))
            connection.execute(text(
                "INSERT INTO sites (id, employer_id, name, city, region_code) "
                "VALUES (1, 1, 'Site', 'Lévis', '12')"))
            connection.execute(text(
                "INSERT INTO postings (employer_id, site_id, noc_code, title, description, "
                "shift_day, shift_evening, shift_night, shift_weekend, employment_type, "
                "hours_per_week, hourly_wage, openings, filled, status, min_french_oral, "
                "min_french_written, min_experience_months, training_provided, created_at, "
                "updated_at, search_text) VALUES (1, 1, '63200', 'Cuisinier·ère', 'Repas', "
                "true, false, false, false, 'full_time', 37.5, 21.5, 1, 0, 'open', 5, 1, 0, "
                "false, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, ' cuisinier ere repa')"))
        db.engine.dispose()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    with app.app_context():
        with db.engine.connect() as connection:
            search_text = connection.execute(text("SELECT search_text FROM postings")).scalar()
            active = [connection.execute(text(f"SELECT active FROM {table}")).scalar()
                      for table in ("agencies", "employers", "sites")]
        db.engine.dispose()
    assert search_text.startswith(" cuisinier | ") and " cook" in search_text
    assert active == [True, True, True]
