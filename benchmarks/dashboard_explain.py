"""Print the plan and timing of every SQL statement of one dashboard render, on PostgreSQL.

Seeds (or, with --reuse, keeps) the schema of `benchmarks/dashboard.py`, renders the
dashboard once to warm it, records an application event (as the benchmark's second measure
does), then renders again while recording each statement with its parameters, and runs
`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)` on each of them afterwards, in one transaction that
first replays the render's `SET LOCAL` settings. This is the evidence of which statements a
render still sends and why they are fast.

    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench \\
        .venv/bin/python benchmarks/dashboard_explain.py [--reuse] [--url /staff/dashboard]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select  # noqa: E402

from benchmarks.bench_database import analyze, bench_database  # noqa: E402
from benchmarks.dashboard import login, record_write, recorded_statements, seed  # noqa: E402
from matcher import clock, create_app  # noqa: E402
from matcher.config import Config  # noqa: E402
from matcher.extensions import db  # noqa: E402
from matcher.models import Candidate  # noqa: E402


def explain(app, statements: list[tuple[float, str, object]]) -> None:
    """Print each read's plan, replaying the settings the render made on the way."""
    with app.app_context():
        connection = db.engine.raw_connection()
        try:
            cursor = connection.cursor()
            for number, (_, statement, parameters) in enumerate(statements, 1):
                words = statement.lstrip().split(None, 1)
                verb = words[0].upper() if words else ""
                print(f"\n-- statement {number}: {' '.join(statement.split())[:400]}")
                if verb == "SET":
                    cursor.execute(statement, parameters)
                    print("   (setting replayed)")
                    continue
                if verb not in ("SELECT", "WITH"):
                    print("   (not a read: not explained)")
                    continue
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + statement,
                               parameters)
                for (line,) in cursor.fetchall():
                    print("   " + line)
            connection.rollback()
        finally:
            connection.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=100_000)
    parser.add_argument("--hires", type=int, default=5_000)
    parser.add_argument("--open-postings", type=int, default=1_000)
    parser.add_argument("--url", default="/staff/dashboard")
    parser.add_argument("--reuse", action="store_true",
                        help="keep the data a previous run of this or dashboard.py seeded")
    args = parser.parse_args()
    with bench_database("dashboard", reuse=args.reuse) as (url, options):
        if not url.startswith("postgresql"):
            print("dashboard_explain.py needs DATABASE_URL to name a PostgreSQL database")
            return 2
        app = create_app(Config, SQLALCHEMY_DATABASE_URI=url, SECRET_KEY="benchmark-only",  # noqa: S106
                         SQLALCHEMY_ENGINE_OPTIONS={**Config.SQLALCHEMY_ENGINE_OPTIONS, **options},
                         RATELIMIT_ENABLED=False, MFA_REQUIRED_ROLES=())
        with app.app_context():
            db.create_all()
            if not db.session.scalar(select(func.count()).select_from(Candidate)):
                seed(args.candidates, args.hires, args.open_postings, clock.today())
            analyze(db)
        client = app.test_client()
        login(client)
        assert client.get(args.url).status_code == 200  # builds the indexes, keeps the blocks
        kept = recorded_statements(app, client, args.url)
        print(f"== GET {args.url}, blocks kept: {len(kept)} statements")
        explain(app, kept)
        record_write(app)
        after = recorded_statements(app, client, args.url)
        print(f"\n== GET {args.url} right after a write (an application event): "
              f"{len(after)} statements")
        explain(app, after)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
