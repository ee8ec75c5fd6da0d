"""/healthz says the process is up; /readyz says whether this worker can serve."""

from matcher import clock, create_app
from matcher.config import TestConfig
from matcher.matching import engine


def test_healthz_answers_while_the_process_is_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_readyz_is_503_until_the_indexes_are_built_then_200(app, client):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert response.get_json() == {"status": "unavailable",
                                   "checks": {"database": True, "indexes": False}}
    with app.app_context():
        engine.engine(clock.today())
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json()["checks"] == {"database": True, "indexes": True}


def test_readyz_is_503_when_the_database_is_unreachable(app):
    # Nothing listens on port 1: the connection is refused at once.
    down = create_app(TestConfig,
                      SQLALCHEMY_DATABASE_URI="postgresql+psycopg://nobody@127.0.0.1:1/none")
    with app.app_context():
        engine.engine(clock.today())  # indexes built: only the database is missing
    client = down.test_client()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert response.get_json()["checks"] == {"database": False, "indexes": True}
    assert client.get("/healthz").status_code == 200
