"""Time an employer's ranked page (the candidates for one posting), through the Flask test client.

Seeds the database of DATABASE_URL (a schema of its own on PostgreSQL; by default a temporary
SQLite file) with benchmarks/dashboard.py's program (100,000 candidates by default), adds an
approved HR user of the establishment of an open posting, logs in through the real form, then
times GET /employer/postings/<id>/candidates, plain and filtered, and lists the SQL of one
render. The first request builds the indexes and is timed apart; the timed requests are warm.
The bar: median <= 50 ms for each.

    .venv/bin/python benchmarks/ranked_page.py [--candidates 100000] [--runs 50] [--reuse]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select  # noqa: E402

from benchmarks.bench_database import (  # noqa: E402
    analyze,
    bench_database,
    freeze_warm_objects,
    verdict,
)
from benchmarks.dashboard import PASSWORD, login, seed, slowest_queries  # noqa: E402
from matcher import clock, create_app  # noqa: E402
from matcher.auth.passwords import hash_password  # noqa: E402
from matcher.config import Config  # noqa: E402
from matcher.extensions import db  # noqa: E402
from matcher.models import Candidate, EmployerMember, Posting, Site, User  # noqa: E402

BAR_MS = 50.0
HR_EMAIL = "rh@bench.example"


def add_hr_user() -> int:
    """Make an approved HR user of the establishment of an open posting in Montréal (once);
    return the posting's id."""
    posting = db.session.scalar(
        select(Posting).join(Site, Posting.site_id == Site.id)
        .where(Posting.status == "open", Site.region_code == "06", Posting.min_french_oral == 5,
               Posting.min_french_written == 1, Posting.start_date >= clock.today())
        .order_by(Posting.id).limit(1))
    if db.session.scalar(select(User.id).filter_by(email=HR_EMAIL)):
        return posting.id
    user = User(email=HR_EMAIL, role="employer", password_hash=hash_password(PASSWORD),
                locale="fr_CA", email_verified_at=clock.now() - timedelta(days=1))
    db.session.add(EmployerMember(user=user, employer_id=posting.employer_id,
                                  status="approved"))
    db.session.commit()
    return posting.id


def time_page(client, url: str, runs: int) -> tuple[float, float, float, int]:
    """Request the page `runs` times after two warm-ups: median, p95, CPU median (ms), rows."""
    for _ in range(2):
        assert client.get(url).status_code == 200, url
    freeze_warm_objects()
    samples, cpu = [], []
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
        assert response.status_code == 200, url
    rows = response.get_data(as_text=True).count('class="ranked-card')
    return (statistics.median(samples), statistics.quantiles(samples, n=20)[18],
            statistics.median(cpu), rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=100_000)
    parser.add_argument("--hires", type=int, default=5_000)
    parser.add_argument("--open-postings", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--reuse", action="store_true",
                        help="PostgreSQL: keep the data a previous run seeded")
    args = parser.parse_args()
    worst = 0.0
    with bench_database("ranked_page", reuse=args.reuse) as (url, options):
        app = create_app(Config, SQLALCHEMY_DATABASE_URI=url, SECRET_KEY="benchmark-only",  # noqa: S106
                         SQLALCHEMY_ENGINE_OPTIONS={**Config.SQLALCHEMY_ENGINE_OPTIONS, **options},
                         RATELIMIT_ENABLED=False, MFA_REQUIRED_ROLES=())
        started = time.perf_counter()
        with app.app_context():
            db.create_all()
            if not db.session.scalar(select(func.count()).select_from(Candidate)):
                seed(args.candidates, args.hires, args.open_postings, clock.today())
            posting_id = add_hr_user()
            analyze(db)
            engine_name = db.engine.dialect.name
            people = db.session.scalar(select(func.count()).select_from(Candidate))
        print(f"Seeded {people:,} candidates, {args.hires:,} hires, {args.open_postings:,} open "
              f"postings into {engine_name} in {time.perf_counter() - started:.1f} s.")
        client = app.test_client()
        login(client, HR_EMAIL)
        base = f"/employer/postings/{posting_id}/candidates"
        started = time.perf_counter()
        assert client.get(base).status_code == 200
        print(f"GET {base}, first request (builds the indexes): "
              f"{time.perf_counter() - started:.1f} s")
        for url in (base, f"{base}?verified=y&region=06&min_months=12"):
            median, p95, cpu, rows = time_page(client, url, args.runs)
            worst = max(worst, median)
            print(f"GET {url} ({rows} rows) on {engine_name}: median {median:.1f} ms, "
                  f"p95 {p95:.1f} ms, CPU median {cpu:.1f} ms over {args.runs} runs "
                  f"(bar: median <= {BAR_MS:.0f} ms): {verdict(median, BAR_MS)}")
            slow, total, count = slowest_queries(app, client, url)
            print(f"  one render: {count} SQL statements, {total:.1f} ms in SQL; slowest:")
            for elapsed, sql in slow[:3]:
                print(f"    {elapsed:6.1f} ms  {sql}")
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    return 0 if worst <= BAR_MS else 1


if __name__ == "__main__":
    sys.exit(main())
