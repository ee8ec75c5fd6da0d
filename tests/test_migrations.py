"""The migrations build the whole model from an empty database."""

import uuid

import pytest
from sqlalchemy import create_engine, inspect, text
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


def test_migration_0003_gives_hires_a_person_and_ends_overlapping_jobs(empty_database_url):
    from sqlalchemy import text

    from matcher.extensions import db

    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=empty_database_url)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade", "0002"]).exit_code == 0
    now = "CURRENT_TIMESTAMP"
    statements = [
        "INSERT INTO regions (code, name) VALUES ('06', 'Montréal')",
        "INSERT INTO occupations (noc_code, title_en, title_fr, examples_en, examples_fr) "
        "VALUES ('33102', 'Nurse aides', 'Préposés', '[]', '[]')",
        "INSERT INTO employers (id, name, kind, region_code, is_fictitious) "
        "VALUES (1, 'CHSLD Test', 'CHSLD', '06', false)",
        "INSERT INTO sites (id, employer_id, name, city, region_code) "
        "VALUES (1, 1, 'Site', 'Montréal', '06')",
        *(f"INSERT INTO postings (id, employer_id, site_id, noc_code, title, description, "
          f"shift_day, shift_evening, shift_night, shift_weekend, employment_type, "
          f"hours_per_week, hourly_wage, openings, filled, status, min_french_oral, "
          f"min_french_written, min_experience_months, training_provided, created_at, "
          f"updated_at) VALUES ({n}, 1, 1, '33102', 'PAB', 'Soins', true, false, false, "
          f"false, 'full_time', 37.5, 21.5, 1, 1, 'filled', 5, 1, 0, false, {now}, {now})"
          for n in (1, 2, 3)),
        "INSERT INTO users (id, email, password_hash, role, locale, active, session_version, "
        f"is_demo, created_at) VALUES (1, 'a@example.com', 'x', 'candidate', 'fr_CA', true, 1, "
        f"false, {now})",
        "INSERT INTO candidates (id, user_id, first_name, last_name, phone, city, permit_kind, "
        "permit_health_restricted, french_oral_comprehension_source, "
        "french_oral_production_source, french_reading_source, french_writing_source, "
        "willing_to_relocate, shift_day, shift_evening, shift_night, shift_weekend, "
        "skills_text, matching_opt_in, created_at, updated_at) VALUES (7, 1, 'A', 'B', '', "
        "'', 'open', false, 'self', 'self', 'self', 'self', false, true, false, false, false, "
        f"'', false, {now}, {now})",
        # Two jobs not ended for candidate 7, and one hire whose candidate deleted the account.
        *(f"INSERT INTO applications (id, candidate_id, posting_id, status, source, "
          f"score_at_creation, created_at, updated_at) VALUES ({n}, {cand}, {n}, 'hired', "
          f"'candidate', 50, {now}, {now})" for n, cand in ((1, 7), (2, 7), (3, "NULL"))),
        *(f"INSERT INTO hires (id, application_id, posting_id, start_on, created_at, "
          f"updated_at) VALUES ({n}, {n}, {n}, '{start}', {now}, {now})"
          for n, start in ((1, "2025-01-06"), (2, "2025-06-02"), (3, "2025-03-03"))),
    ]
    with app.app_context():
        with db.engine.begin() as connection:
            for statement in statements:
                connection.execute(text(statement))
        db.engine.dispose()
    upgrade = runner.invoke(args=["db", "upgrade"])
    assert upgrade.exit_code == 0, upgrade.output
    with app.app_context():
        with db.engine.connect() as connection:
            rows = connection.execute(text(
                "SELECT id, person_id, end_on FROM hires ORDER BY id")).all()
        db.engine.dispose()
    ended = [(row[0], row[1], str(row[2]) if row[2] else None) for row in rows]
    # The first job ends the day before the second starts; the orphan is a person of its own.
    assert ended == [(1, 7, "2025-06-01"), (2, 7, None), (3, -3, None)]


def test_migration_0007_carries_old_plan_steps_over_as_actions_and_notes(empty_database_url):
    from sqlalchemy import text

    from matcher.extensions import db

    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=empty_database_url)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade", "0006"]).exit_code == 0
    with app.app_context():
        with db.engine.begin() as connection:
            for statement in (
                "INSERT INTO regions (code, name) VALUES ('06', 'Montréal')",
                "INSERT INTO agencies (id, name, region_code) VALUES (1, 'CREMCV', '06')",
                "INSERT INTO users (id, email, password_hash, role, locale, active, "
                "session_version, is_demo, created_at) VALUES "
                "(1, 'c@example.com', 'x', 'candidate', 'fr_CA', true, 1, false, "
                "CURRENT_TIMESTAMP), (2, 's@example.com', 'x', 'staff', 'fr_CA', true, 1, "
                "false, CURRENT_TIMESTAMP)",
                "INSERT INTO candidates (id, user_id, agency_id, officer_id, first_name, "
                "last_name, phone, city, permit_kind, permit_health_restricted, "
                "french_oral_comprehension_source, french_oral_production_source, "
                "french_reading_source, french_writing_source, willing_to_relocate, shift_day, "
                "shift_evening, shift_night, shift_weekend, skills_text, matching_opt_in, "
                "created_at, updated_at) VALUES (1, 1, 1, 2, 'A', 'B', '', '', 'open', false, "
                "'self', 'self', 'self', 'self', false, true, false, false, false, '', false, "
                "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
                "INSERT INTO action_plans (id, candidate_id, officer_id, first_meeting_on, "
                "created_at, updated_at) VALUES (1, 1, 2, '2025-01-03', CURRENT_TIMESTAMP, "
                "CURRENT_TIMESTAMP)",
                "INSERT INTO action_steps (plan_id, step, position, status, due_on, done_on, "
                "notes) VALUES (1, 'arrival', 1, 'done', NULL, '2025-01-10', 'Logement trouvé'), "
                "(1, 'francization', 2, 'in_progress', '2025-03-01', NULL, ''), "
                "(1, 'job_market', 3, 'not_started', NULL, NULL, '')"):
                connection.execute(text(statement))
        db.engine.dispose()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    with app.app_context():
        with db.engine.connect() as connection:
            actions = connection.execute(text(
                "SELECT step, status, done_on, due_on FROM plan_actions ORDER BY id")).all()
            notes = connection.execute(text(
                "SELECT text, agency_id, author_id FROM case_notes")).all()
            status = connection.execute(text("SELECT status FROM action_plans")).scalar()
        db.engine.dispose()
    assert [(a[0], a[1]) for a in actions] == [("arrival", "done"), ("francization",
                                                                       "in_progress")]
    assert str(actions[0][2]) == "2025-01-10" and str(actions[1][3]) == "2025-03-01"
    assert [tuple(n) for n in notes] == [("Logement trouvé", 1, 2)]
    assert status == "actions"


def _insert_cook_posting(connection) -> None:
    """Insert a cook's posting as the tables stood at 0006, with its region and site."""
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


def test_migration_0008_recomputes_search_text_and_keeps_organizations_active(
        empty_database_url):
    from matcher.extensions import db

    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=empty_database_url)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade", "0006"]).exit_code == 0
    with app.app_context():
        with db.engine.begin() as connection:
            _insert_cook_posting(connection)
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


def test_migration_0018_lets_the_change_log_say_figures_and_takes_it_back(empty_database_url):
    from sqlalchemy.exc import IntegrityError

    from matcher.extensions import db

    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=empty_database_url)
    runner = app.test_cli_runner()
    insert = text("INSERT INTO ranking_changes (kind, object_id, at) "
                  "VALUES ('figures', 0, CURRENT_TIMESTAMP)")
    with app.app_context():
        assert runner.invoke(args=["db", "upgrade", "0017"]).exit_code == 0
        with pytest.raises(IntegrityError), db.engine.begin() as connection:
            connection.execute(insert)
        upgrade = runner.invoke(args=["db", "upgrade", "0018"])
        assert upgrade.exit_code == 0, upgrade.output
        with db.engine.begin() as connection:
            connection.execute(insert)
        downgrade = runner.invoke(args=["db", "downgrade", "0017"])
        assert downgrade.exit_code == 0, downgrade.output
        with db.engine.begin() as connection:
            assert connection.execute(text("SELECT count(*) FROM ranking_changes")).scalar() == 0
        with pytest.raises(IntegrityError), db.engine.begin() as connection:
            connection.execute(insert)
        db.engine.dispose()


def test_migration_0019_fills_the_word_index_from_the_search_text(empty_database_url):
    from matcher.extensions import db

    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=empty_database_url)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade", "0006"]).exit_code == 0
    with app.app_context():
        with db.engine.begin() as connection:
            _insert_cook_posting(connection)
        db.engine.dispose()
    assert runner.invoke(args=["db", "upgrade", "0018"]).exit_code == 0
    with app.app_context():
        with db.engine.connect() as connection:
            search_text = connection.execute(text("SELECT search_text FROM postings")).scalar()
        db.engine.dispose()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    with app.app_context():
        with db.engine.connect() as connection:
            words = dict(connection.execute(text("SELECT word, in_title FROM posting_words")).all())
        db.engine.dispose()
    head, rest = search_text.split(" | ")
    assert {word: bool(title) for word, title in words.items()} == {
        **dict.fromkeys(rest.split(), False), **dict.fromkeys(head.split(), True)}
    assert words["cuisinier"] and not words["cook"]
    assert runner.invoke(args=["db", "downgrade", "0018"]).exit_code == 0
    with app.app_context():
        with db.engine.connect() as connection:
            assert "posting_words" not in inspect(connection).get_table_names()
        db.engine.dispose()
