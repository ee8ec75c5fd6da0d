"""Time the public job board with 10,000 open postings, through the Flask test client.

Seeds the database of DATABASE_URL (a schema of its own on PostgreSQL; by default a temporary
SQLite file, deleted afterwards) with establishments,
sites and 10,000 open postings (plus closed and filled ones), then requests board pages —
words in French and English, filters, sorting, deep pages — and a posting's page, and
prints the median and 95th-percentile time of each. The bar is a median of at most 50 ms
on either engine. As a baseline, the same requests are timed again without the job-board indexes.

    .venv/bin/python benchmarks/job_board.py [--postings 10000] [--runs 100]
"""

import argparse
import random
import statistics
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select, text  # noqa: E402

from benchmarks.bench_database import (  # noqa: E402
    analyze,
    bench_database,
    freeze_warm_objects,
    verdict,
)
from matcher import (
    clock,
    create_app,  # noqa: E402
)
from matcher.config import TestConfig  # noqa: E402
from matcher.demo import JOBS  # noqa: E402
from matcher.extensions import db  # noqa: E402
from matcher.models import Certification, Employer, Posting, Site  # noqa: E402
from matcher.reference_data import load_reference_data  # noqa: E402

BAR_MS = 50.0
INDEXES = ("ix_postings_status_published", "ix_postings_status_start",
           "ix_postings_status_closes")
REGIONS = ["06"] * 5 + ["03"] * 3 + ["12"] * 2 + ["05", "16", "13", "07"]
CITIES = {"06": "Montréal", "03": "Québec", "12": "Lévis", "05": "Sherbrooke",
          "16": "Longueuil", "13": "Laval", "07": "Gatineau"}
EXTRA = ["Équipe stable et accueillante.", "Horaire de jour en semaine.",
         "Formation payée à l'embauche.", "Stationnement gratuit.",
         "Possibilité de temps plein après la probation.", "Milieu de vie de 120 résidents.",
         "Unité de soins de longue durée.", "Transport en commun à proximité."]


def scenarios(posting_id: int) -> list[tuple[str, str]]:
    """Return (name, URL) of the pages to time."""
    return [
        ("board, page 1", "/jobs"),
        ("words FR 'préposé bénéficiaires'", "/jobs?q=pr%C3%A9pos%C3%A9+b%C3%A9n%C3%A9ficiaires"),
        ("words FR no accents 'prepose'", "/jobs?q=prepose"),
        ("words EN 'nurse aide'", "/jobs?q=nurse+aide"),
        ("words, no match 'astronaute'", "/jobs?q=astronaute"),
        ("occupation 'PAB'", "/jobs?q=PAB"),
        ("place 'Lévis'", "/jobs?q=L%C3%A9vis"),
        ("occupation + place 'cook montreal'", "/jobs?q=cook+montreal"),
        ("no match, hints 'pab gatineau nuit'", "/jobs?q=pab+gatineau+nuit"),
        ("region + family + shift", "/jobs?region=06&family=patient_care&shift=evening"),
        ("words + type, by start date", "/jobs?q=cuisine&employment_type=part_time&sort=start"),
        ("board, page 200", "/jobs?page=200"),
        ("posting page", f"/jobs/{posting_id}"),
    ]


def seed(count: int, rng: random.Random) -> int:
    """Add establishments, sites and postings; return the id of one open posting."""
    load_reference_data()
    certifications = list(db.session.scalars(select(Certification)))
    sites = []
    for number in range(60):
        region = rng.choice(REGIONS)
        employer = Employer(name=f"Établissement {number} (fictif)", kind="CHSLD",
                            region_code=region, is_fictitious=True)
        db.session.add(employer)
        for site_number in range(rng.randint(1, 4)):
            sites.append(Site(employer=employer, name=f"Installation {site_number + 1}",
                              city=CITIES[region], region_code=region))
    db.session.add_all(sites)
    db.session.flush()
    today = clock.today()
    codes = list(JOBS)
    total = count + count // 5
    for number in range(total):
        site = rng.choice(sites)
        noc = rng.choice(codes)
        title_fr, _title_en, description = JOBS[noc]
        status = "open" if number < count else rng.choice(["closed", "filled", "draft"])
        start = today + timedelta(days=rng.randint(7, 200))
        openings = rng.choice([1, 1, 2, 3, 5])
        posting = Posting(
            employer_id=site.employer_id, site=site, noc_code=noc,
            title=f"{title_fr} – {rng.choice(['jour', 'soir', 'nuit', 'fin de semaine'])}",
            description=" ".join([description, *rng.sample(EXTRA, 3)]),
            employment_type=rng.choice(["full_time", "part_time", "casual", "temporary"]),
            hours_per_week=Decimal(rng.choice(["37.5", "35.0", "28.0", "22.5"])),
            hourly_wage=Decimal(str(round(rng.uniform(17, 28), 2))), openings=openings,
            filled=openings if status == "filled" else 0, start_date=start,
            closes_on=start - timedelta(days=rng.randint(0, 6)), status=status,
            min_french_oral=rng.choice([5, 6, 7]), min_french_written=rng.choice([1, 3, 5]),
            shift_day=True, shift_evening=rng.random() < 0.4, shift_night=rng.random() < 0.2,
            shift_weekend=rng.random() < 0.3,
            published_at=clock.now() - timedelta(minutes=rng.randint(0, 200_000)),
        )
        if rng.random() < 0.3:
            posting.required_certifications = rng.sample(certifications, 1)
        db.session.add(posting)
        if number % 2000 == 1999:
            db.session.flush()
    db.session.commit()
    return db.session.scalar(select(Posting.id).where(Posting.status == "open").limit(1))


def vacuum(db) -> None:
    """Set PostgreSQL's visibility map of the freshly seeded tables, as autovacuum soon does
    in production: the word index is then read alone (index-only scans)."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE postings, posting_words"))


def time_pages(client, pages, runs: int) -> list[tuple[str, float, float, int]]:
    """Return (name, median ms, p95 ms, results on the page) for each page."""
    figures = []
    for name, url in pages:
        for _ in range(5):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
        freeze_warm_objects()
        samples, cpu = [], []
        for _ in range(runs):
            started, cpu_started = time.perf_counter(), time.process_time()
            response = client.get(url)
            samples.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
        cards = response.get_data(as_text=True).count('<li class="posting-card">')
        figures.append((name, statistics.median(samples),
                        statistics.quantiles(samples, n=20)[18], cards, statistics.median(cpu)))
    return figures


def print_table(title: str, figures, baseline=None) -> None:
    print(f"\n{title}")
    header = f"{'page':<38} {'median ms':>9} {'p95 ms':>8} {'CPU ms':>6} {'cards':>5}"
    print(header + ("  baseline median / p95 (no indexes)" if baseline else ""))
    for index, (name, median, p95, cards, cpu) in enumerate(figures):
        line = f"{name:<38} {median:9.1f} {p95:8.1f} {cpu:6.1f} {cards:5d}"
        if baseline:
            line += f"  {baseline[index][1]:9.1f} / {baseline[index][2]:.1f}"
        print(line)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postings", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=100)
    args = parser.parse_args()
    with bench_database("job_board") as (url, options):
        return run(url, options, args)


def run(url: str, options: dict, args) -> int:
    """Seed, time the pages with and without the indexes, print; 0 when within the bar."""
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url, RATELIMIT_ENABLED=False,
                     SQLALCHEMY_ENGINE_OPTIONS={**TestConfig.SQLALCHEMY_ENGINE_OPTIONS, **options})
    with app.app_context():
        db.drop_all()
        db.create_all()
        started = time.perf_counter()
        posting_id = seed(args.postings, random.Random(20231204))
        analyze(db)
        vacuum(db)
        open_count = db.session.scalar(select(func.count()).where(Posting.status == "open"))
        all_count = db.session.scalar(select(func.count()).select_from(Posting))
        engine_name = db.engine.dialect.name
        print(f"Seeded {open_count:,} open postings (of {all_count:,}) into "
              f"{engine_name} in {time.perf_counter() - started:.1f} s.")
    client = app.test_client()
    pages = scenarios(posting_id)
    figures = time_pages(client, pages, args.runs)
    with app.app_context():
        for name in INDEXES:
            db.session.execute(text(f"DROP INDEX {name}"))
        db.session.commit()
    baseline = time_pages(client, pages, max(10, args.runs // 5))
    print_table(f"Job board on {engine_name}, {args.runs} requests per page "
                "(test client, one process)", figures, baseline)
    worst = max(median for _name, median, _p95, _cards, _cpu in figures)
    print(f"\nSlowest median {worst:.1f} ms on {engine_name} (bar: <= {BAR_MS:.0f} ms): "
          f"{verdict(worst, BAR_MS)}")
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    return 0 if worst <= BAR_MS else 1

if __name__ == "__main__":
    sys.exit(main())
