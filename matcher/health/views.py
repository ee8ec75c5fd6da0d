"""/healthz and /readyz answer in JSON for machines; they reveal no detail of the server."""

from flask import Blueprint, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from matcher.extensions import db
from matcher.matching import engine

bp = Blueprint("health", __name__)
RETRY_AFTER_SECONDS = 5


@bp.get("/healthz")
def healthz():
    """Say that the process is up (it checks nothing else)."""
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz():
    """Say whether this worker can serve: the database answers and its indexes are built."""
    checks = {"database": _database_answers(), "indexes": engine.built()}
    if all(checks.values()):
        return jsonify(status="ok", checks=checks)
    response = jsonify(status="unavailable", checks=checks)
    response.status_code = 503
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _database_answers() -> bool:
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return False
    return True
