"""Where a benchmark keeps its data: the database of DATABASE_URL, or a temporary SQLite file.

On PostgreSQL each benchmark fills a schema of its own (dropped and made again at each run),
so several benchmarks can share one empty database without touching each other's tables.
Never point DATABASE_URL at a database that holds data you want to keep: this fills it.
"""

from __future__ import annotations

import gc
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text


@contextmanager
def bench_database(name: str, reuse: bool = False) -> Iterator[tuple[str, dict]]:
    """Yield (SQLAlchemy URL, engine options) for the benchmark `name`; clean up afterwards.

    With `reuse` on PostgreSQL, the schema of a previous run is kept as it is.
    """
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url or url.startswith("sqlite"):
        folder = tempfile.mkdtemp(prefix="passerelle-bench-")
        try:
            yield f"sqlite:///{folder}/{name}.sqlite3", {}
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return
    schema = f"bench_{name}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        if not reuse:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA IF NOT EXISTS {schema}"))
    admin.dispose()
    yield url, {"connect_args": {"options": f"-csearch_path={schema}"}}


def analyze(db) -> None:
    """Refresh the planner's statistics after bulk seeding (PostgreSQL's autovacuum lags)."""
    if db.engine.dialect.name == "postgresql":
        db.session.commit()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("ANALYZE"))


def freeze_warm_objects() -> None:
    """Leave the objects built so far out of the collector's full passes, as a gunicorn
    worker does once warm (gunicorn.conf.py). Without it, a full pass walks the catalog and
    indexes every few dozen requests: a pause of about 140 ms that makes the p95, not the
    median, of a benchmark run in one process."""
    gc.collect()
    gc.freeze()


def verdict(value: float, bar: float) -> str:
    """Say PASS or FAIL for a figure that must stay at or under its bar."""
    return "PASS" if value <= bar else "FAIL"
