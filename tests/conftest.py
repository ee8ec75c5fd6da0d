"""Shared fixtures: one database per test session.

Each test runs inside one outer transaction that is rolled back at its end: the session
joins it with `join_transaction_mode="create_savepoint"`, so a commit in view code only
releases a savepoint. Tests that need real commits (a live server, threads writing at the
same time, several connections, an outage) carry `@pytest.mark.commits`; their database is
emptied table by table afterwards instead.
"""

import fcntl
import hashlib
import os
import pickle
import re
import tempfile
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from flask_sqlalchemy.session import Session as FlaskSession
from hypothesis import settings
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import create_engine, delete, event, insert, select, text
from sqlalchemy.engine import make_url

from matcher import clock, create_app
from matcher.config import TestConfig
from matcher.extensions import db, limiter
from matcher.matching import engine as matching_engine
from matcher.models import RankingChange
from matcher.ranking import occupations
from matcher.reference_data import load_reference_data

# Property tests: `make test` (and CI) replays the same examples on every run, so a run
# never fails at random; `make fuzz` explores new ones with a printed seed and ten times
# as many examples. A failure found there is pinned with @example in its test.
settings.register_profile("ci", derandomize=True, database=None, deadline=None,
                          print_blob=True)
settings.register_profile("fuzz", derandomize=False, database=None, deadline=None,
                          print_blob=True)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
settings.load_profile(PROFILE)


def examples(count: int) -> int:
    """Return how many examples a property test tries: `count`, ten times as many in fuzz."""
    return count * 10 if PROFILE == "fuzz" else count


# Tables filled by `flask seed` that tests read but never change.
REFERENCE_TABLES = {"regions", "occupations", "french_levels", "minimum_wages", "certifications"}


def test_database_url(tmp_path_factory) -> str:
    """Return DATABASE_URL if set (PostgreSQL in CI), else a fresh SQLite file.

    Under pytest-xdist each worker has a database of its own: a SQLite file in the worker's
    temporary folder, or on PostgreSQL a sibling database named after the worker
    (`test_gw0`, `test_gw1`…), created on first use.
    """
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker is None:
        return url
    shared = make_url(url)
    own = shared.set(database=f"{shared.database}_{worker}")
    engine = create_engine(shared, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            exists = connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                       {"name": own.database})
            if not exists:
                connection.execute(text(f'CREATE DATABASE "{own.database}"'))
    finally:
        engine.dispose()
    return own.render_as_string(hide_password=False)


def reset_schema() -> None:
    """Start from an empty database."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    else:
        db.drop_all()
    db.create_all()


def _catalog_digest() -> str:
    """Hash the catalog's seed files and the ranking code that builds and pickles it."""
    digest = hashlib.sha256()
    sources = [occupations.SEED_DIR / name for name in
               (occupations.NOC_FILE, occupations.ALIASES_FILE, occupations.GLOSSARY_FILE)]
    sources += sorted(Path(occupations.__file__).parent.glob("*.py"))
    for path in sources:
        digest.update(path.name.encode())
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()[:16]


@pytest.fixture(scope="session", autouse=True)
def _occupation_catalog():
    """Build the NOC catalog once for every worker of the run, not once per worker.

    Building it takes seconds (the fuzzy title search); each pytest-xdist worker would pay
    that. The first worker pickles it in the temporary folder, named after the hash of its
    seed files and of the code that builds it, and the others read it back in a fraction
    of a second. It primes `default_catalog()`, which the app uses, as a first call would.
    """
    path = Path(tempfile.gettempdir()) / f"passerelle-test-catalog-{_catalog_digest()}.pickle"
    with open(f"{path}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if path.exists():
            catalog = pickle.loads(path.read_bytes())  # noqa: S301  (written by this fixture)
        else:
            catalog = occupations.OccupationCatalog.load()
            partial = path.with_suffix(f".{os.getpid()}.tmp")
            partial.write_bytes(pickle.dumps(catalog, protocol=pickle.HIGHEST_PROTOCOL))
            partial.replace(path)
    occupations.default_catalog.cache_clear()
    with mock.patch.object(occupations.OccupationCatalog, "load", lambda *_args: catalog):
        assert occupations.default_catalog() is catalog
    yield catalog


@pytest.fixture(scope="session")
def _app(tmp_path_factory):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=test_database_url(tmp_path_factory))
    with app.app_context():
        reset_schema()
        load_reference_data()
        db.session.commit()
        forget_reference_changes()
        remember_seeded_rows()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


# Rows `load_reference_data` put in the other tables (establishments, program settings),
# as they were after the session's setup: a test that commits gets them back as they were.
SEEDED_ROWS: dict[str, list[dict]] = {}


def remember_seeded_rows() -> None:
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            if table.name not in REFERENCE_TABLES:
                rows = [dict(row._mapping) for row in connection.execute(select(table))]
                if rows:
                    SEEDED_ROWS[table.name] = rows


def empty_tables() -> None:
    """Delete every row the test added, then put the seeded rows back, ids included."""
    db.session.remove()
    tables = [t for t in db.metadata.sorted_tables if t.name not in REFERENCE_TABLES]
    with db.engine.begin() as connection:
        for table in reversed(tables):
            connection.execute(delete(table))
        for table in tables:
            if table.name in SEEDED_ROWS:
                connection.execute(insert(table), SEEDED_ROWS[table.name])


def forget_reference_changes() -> None:
    """Empty the change log the seeded establishments wrote ("figures" changes).

    Each test's engine then starts from an empty log, as the change-feed tests expect
    (committed rows from the setup would put the ids of earlier, rolled-back tests among
    the recent ids a fresh engine watches as gaps).
    """
    db.session.execute(delete(RankingChange))
    db.session.commit()


def pytest_collection_modifyitems(items) -> None:
    """A live server answers from its own threads: its tests need real commits."""
    for item in items:
        if "live_server" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.commits)


class _JoinedSession(FlaskSession):
    """A session on the test's one connection, for every app on the test database (another
    app of the test, on another database, keeps its own engine)."""

    def get_bind(self, *args, **kwargs):
        engine = super().get_bind(*args, **kwargs)
        return self.bind if engine.url == self.bind.engine.url else engine


def _sqlite_driver(connection):
    driver = connection.connection.driver_connection
    return driver if db.engine.dialect.name == "sqlite" else None


@pytest.fixture
def app(_app, request):
    """The application, with a database holding only reference data."""
    if request.node.get_closest_marker("commits"):
        yield _app
        with _app.app_context():
            empty_tables()
    else:
        with _app.app_context():
            connection = db.engine.connect()
            # pysqlite would let the first SAVEPOINT open (and its RELEASE commit) the
            # transaction: take over BEGIN so the outer transaction is a real one.
            sqlite = _sqlite_driver(connection)
            if sqlite is not None:
                isolation_level, sqlite.isolation_level = sqlite.isolation_level, None
            transaction = connection.begin()
            if sqlite is not None:
                connection.exec_driver_sql("BEGIN")
            scoped = db.session
            db.session.remove()
            db.session = db._make_scoped_session({
                "bind": connection, "join_transaction_mode": "create_savepoint",
                "class_": _JoinedSession})
        try:
            yield _app
        finally:
            with _app.app_context():
                db.session.remove()
                db.session = scoped
                transaction.rollback()
                if sqlite is not None:
                    sqlite.isolation_level = isolation_level
                connection.close()
    limiter.reset()
    matching_engine.reset()


@pytest.fixture(scope="session", autouse=True)
def _days_ahead():
    """With TEST_DAYS_AHEAD=N (`make test-ahead`), run every test N days from now.

    A test that writes a fixed date where it means "today" passes until that day, then
    fails for everyone (two did on 2026-12-02); moving the unfrozen clock ahead finds them
    before the calendar does. A frozen clock stays where the test put it.
    """
    days = int(os.environ.get("TEST_DAYS_AHEAD", "0"))
    if not days:
        yield
        return
    real_now, ahead = clock.now, timedelta(days=days)

    def now():
        return real_now() if clock._frozen else real_now() + ahead

    with mock.patch.object(clock, "now", now):
        yield


@pytest.fixture
def freeze_clock():
    """Stop matcher.clock at a date (noon in Québec) or an instant; it restarts after the test."""
    yield clock.freeze
    clock.freeze(None)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


CSRF_RE = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def csrf_token(client, url: str = "/") -> str:
    """Return a CSRF token for the client's session, read from a real page."""
    html = client.get(url).get_data(as_text=True)
    match = CSRF_RE.search(html)
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def session_csrf_token(client) -> str:
    """Return the CSRF token any page would carry for the client's session, unrendered.

    It is signed as Flask-WTF's `generate_csrf` signs it, from the raw token the session
    holds (one is put there if the session has none yet, as the first form page would).
    """
    app = client.application
    field = app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    with client.session_transaction() as session:
        if field not in session:
            session[field] = hashlib.sha1(os.urandom(64)).hexdigest()  # noqa: S324  (as Flask-WTF)
        raw = session[field]
    secret = app.config.get("WTF_CSRF_SECRET_KEY") or app.secret_key
    return URLSafeTimedSerializer(secret, salt="wtf-csrf-token").dumps(raw)


def post_form(client, url: str, data: dict, *, token_from: str | None = None, **kwargs):
    """Post a form the way a browser does, with the session's CSRF token.

    `token_from` reads the token from that page instead, rendering it first (for a test
    that wants the page holding the form shown before it is sent).
    """
    token = csrf_token(client, token_from) if token_from else session_csrf_token(client)
    return client.post(url, data={"csrf_token": token, **data}, **kwargs)


class Login:
    """Log a test client in through the real login form."""

    def __init__(self, client):
        self.client = client

    def as_user(self, email: str, password: str = "correct horse battery"):
        response = post_form(self.client, "/login", {"email": email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
        return response


@pytest.fixture
def login(client):
    return Login(client)


def statements_of_one_get(app, client, url: str) -> list[str]:
    """GET a page once (it must answer 200) and return the SQL it ran, without the test
    database's own savepoints."""
    statements: list[str] = []
    with app.app_context():
        engine = db.engine

    def seen(conn, cursor, statement, *args):
        if not statement.startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO")):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", seen)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    return statements
