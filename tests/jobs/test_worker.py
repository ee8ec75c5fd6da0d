"""`flask jobs worker` starts, runs what is queued, and stops cleanly on SIGTERM."""

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta

import pytest

from matcher import ROOT, clock, create_app
from matcher.config import TestConfig
from matcher.extensions import db
from matcher.models import Posting
from tests import factories as f


def wait_for(condition, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.fixture
def worker(app, tmp_path):
    """Start `flask jobs worker` on a SQLite queue file; yield (process, log lines, queue URL)."""
    queue_url = f"sqlite:///{tmp_path / 'queue.sqlite3'}"
    env = {**os.environ, "FLASK_APP": "matcher", "JOBS_QUEUE_URL": queue_url,
           "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "MAIL_SERVER": ""}
    env.pop("PASSERELLE_ENV", None)
    process = subprocess.Popen([sys.executable, "-m", "flask", "jobs", "worker"], cwd=ROOT,
                               env=env, stderr=subprocess.STDOUT, stdout=subprocess.PIPE,
                               text=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(process.stdout), daemon=True)
    reader.start()
    try:
        assert wait_for(lambda: any("Huey consumer started" in line for line in lines)), lines
        yield process, lines, queue_url
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
        reader.join(timeout=10)
        process.stdout.close()


@pytest.mark.commits  # a worker process opens the database
def test_the_worker_starts_with_the_periodic_tasks_and_stops_on_sigterm(worker):
    process, lines, _ = worker
    assert all(any(name in line for line in lines)
               for name in ("send-outbox", "close-postings", "permit-alerts",
                            "prune-ranking-changes"))
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) == 0
    assert wait_for(lambda: any("Consumer exiting" in line for line in lines), 10), lines


@pytest.mark.commits  # a worker process opens the database
@pytest.mark.skipif(bool(os.environ.get("TEST_DAYS_AHEAD")),
                    reason="the worker process reads the real clock, not the one moved ahead")
def test_the_worker_runs_a_queued_task_against_the_database(app, worker):
    process, lines, queue_url = worker
    with app.app_context():
        posting_id = f.make_posting(closes_on=clock.today() - timedelta(days=2)).id
        db.session.commit()
    producer = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
                          JOBS_QUEUE_URL=queue_url)
    producer.extensions["jobs.periodic"]["close-postings"]()  # enqueue, as the scheduler does

    def closed() -> bool:
        with app.app_context():
            return db.session.get(Posting, posting_id).status == "closed"

    assert wait_for(closed), lines
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) == 0


def test_the_worker_refuses_a_queue_that_runs_tasks_in_place(runner):
    result = runner.invoke(args=["jobs", "worker"])
    assert result.exit_code == 1
    assert "memory://" in result.output
