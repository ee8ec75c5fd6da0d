"""Flask extensions, created unbound and initialised in create_app()."""

import sqlite3

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

# Named constraints let Alembic's batch mode rebuild SQLite tables reliably.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def _sqlite_pragmas(dbapi_connection, connection_record):
    """Enforce foreign keys and wait on locks when the engine is SQLite."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()
        # SQLite has no time zones: the Parcours figures ask Python for a Québec day.
        from matcher.parcours.queries import quebec_date_of

        dbapi_connection.create_function("quebec_date", 1, quebec_date_of, deterministic=True)


def _drop_row_values_from_errors(context) -> None:
    """Keep PostgreSQL's primary message only: its DETAIL line repeats the row's values.

    hide_parameters (config.py) keeps bound values out of an error's text, but PostgreSQL
    itself writes "Key (email)=(…) already exists" or "Failing row contains (…)" in the
    DETAIL it sends; psycopg puts that in str(error), hence in logs and tracebacks. The
    detail stays readable in code, on error.diag.
    """
    error, wrapped = context.original_exception, context.sqlalchemy_exception
    diag = getattr(error, "diag", None)
    if diag is None or not diag.message_detail or not diag.message_primary:
        return
    full = str(error)
    error.args = (diag.message_primary,)
    # SQLAlchemy wrote the driver's message into its own when it wrapped the error.
    if wrapped is not None and len(wrapped.args) == 1 and isinstance(wrapped.args[0], str):
        wrapped.args = (wrapped.args[0].replace(full, diag.message_primary),)


def listen_once(target, identifier: str, fn) -> None:
    """Add an SQLAlchemy listener unless it is there: listeners are process-wide, and a
    process may create several applications (the tests, the worker, gunicorn)."""
    if not event.contains(target, identifier, fn):
        event.listen(target, identifier, fn)


def init_app() -> None:
    """Install the engine listeners (before the engines are created)."""
    listen_once(Engine, "connect", _sqlite_pragmas)
    listen_once(Engine, "handle_error", _drop_row_values_from_errors)
