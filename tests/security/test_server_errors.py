"""An unexpected error: the session is rolled back, the page is French and gives a reference."""

import logging
import re

from sqlalchemy.exc import IntegrityError

from matcher import create_app
from matcher.config import TestConfig
from matcher.extensions import db
from matcher.models import User
from tests import factories as f
from tests.conftest import Login

REFERENCE_RE = re.compile(r"Référence de l’erreur\u00a0: ([0-9a-f]{8})")


def test_an_error_after_a_failed_write_shows_a_french_page_with_a_reference_in_the_log(
        tmp_path, caplog):
    app = create_app(TestConfig, PROPAGATE_EXCEPTIONS=False,
                     SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'errors.sqlite3'}")

    @app.get("/_fail")
    def fail():
        db.session.commit()  # expires the logged-in user: the error page must reload it
        db.session.add(User(email="taken@example.com", role="candidate", password_hash="!"))
        try:
            db.session.flush()
        except IntegrityError as error:
            raise RuntimeError("secret internal detail") from error

    with app.app_context():
        db.create_all()
        f.make_user("candidate", email="taken@example.com")
        db.session.commit()
    client = app.test_client()
    Login(client).as_user("taken@example.com")
    caplog.set_level(logging.ERROR)

    response = client.get("/_fail")

    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Un problème est survenu" in html and "taken@example.com" in html  # menu still drawn
    assert "secret internal detail" not in html and "Traceback" not in html
    error_id = REFERENCE_RE.search(html).group(1)
    (record,) = [r for r in caplog.records if f"error_id={error_id}" in r.getMessage()]
    assert record.exc_info and "/_fail" in record.getMessage()
    assert "secret internal detail" in caplog.text  # the traceback is in the log, not the page
    assert client.get("/").status_code == 200
    with app.app_context():
        db.engine.dispose()


def test_each_error_gets_its_own_reference(tmp_path):
    app = create_app(TestConfig, PROPAGATE_EXCEPTIONS=False,
                     SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'errors.sqlite3'}")

    @app.get("/_boom")
    def boom():
        raise RuntimeError("boom")

    client = app.test_client()
    references = {REFERENCE_RE.search(client.get("/_boom").get_data(as_text=True)).group(1)
                  for _ in range(3)}
    assert len(references) == 3
