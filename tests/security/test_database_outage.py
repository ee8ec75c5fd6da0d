"""A database that cannot answer gives a French 503 that asks to retry, then service resumes."""

import logging

from matcher import create_app
from matcher.config import TestConfig
from matcher.extensions import db
from tests import factories as f
from tests.conftest import Login


def assert_unavailable_page(response) -> None:
    html = response.get_data(as_text=True)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert "Service indisponible" in html and "Référence de l’erreur" in html
    for leak in ("Traceback", "OperationalError", "sqlite", "psycopg", "SELECT"):
        assert leak not in html


def test_a_lost_database_gives_a_503_to_a_logged_in_person_and_recovers(tmp_path, caplog):
    folder = tmp_path / "data"
    folder.mkdir()
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'db.sqlite3'}")
    with app.app_context():
        db.create_all()
        email = f.make_user("candidate").email
        db.session.commit()
    client = app.test_client()
    Login(client).as_user(email)
    assert client.get("/").status_code == 200

    with app.app_context():
        db.engine.dispose()  # the pooled connection would still hold the open file
    folder.rename(tmp_path / "gone")
    caplog.set_level(logging.ERROR)
    response = client.get("/")
    assert_unavailable_page(response)
    assert "Database unavailable on / [GET] error_id=" in caplog.text
    assert "Traceback" not in caplog.text

    (tmp_path / "gone").rename(folder)
    html = client.get("/").get_data(as_text=True)
    assert email in html  # same process, same session: back as if nothing happened
    with app.app_context():
        db.engine.dispose()


def test_a_postgresql_server_that_does_not_answer_gives_a_503():
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=(
        "postgresql+psycopg://postgres@127.0.0.1:1/none?connect_timeout=1"))
    assert_unavailable_page(app.test_client().get("/"))
    with app.app_context():
        db.engine.dispose()
