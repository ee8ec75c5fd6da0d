"""The job queue: periodic and slow work runs here, not in requests (DESIGN.md §7.3).

init_app() builds the queue JOBS_QUEUE_URL names (Huey) and schedules the tasks of
matcher.jobs.tasks on it; `flask jobs worker` consumes it. Nothing is registered by
importing this package: a queue belongs to one app.

Later work (retention anonymization, new-match alerts, allocation rounds) plugs in
the same way, from its own package's init_app, called after this one:

    jobs.add_periodic_task(app, "retention", crontab(hour="8", minute="0"), run_retention)
    jobs.add_task(app, "run-round", run_round_job)   # then jobs.enqueue("run-round", id)
"""

from collections.abc import Callable
from functools import wraps
from pathlib import Path

from flask import Flask, current_app
from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey

from matcher.jobs import cli, tasks

QUEUE_NAME = "passerelle"


def init_app(app: Flask) -> None:
    """Build the app's queue, schedule the periodic tasks and add `flask jobs`."""
    app.extensions["jobs"] = make_queue(app.config["JOBS_QUEUE_URL"], app.instance_path)
    app.extensions["jobs.periodic"] = {}
    app.extensions["jobs.tasks"] = {}
    for name, (when, function) in tasks.PERIODIC.items():
        add_periodic_task(app, name, when, function)
    app.cli.add_command(cli.jobs)


def make_queue(url: str, instance_path: str) -> Huey:
    """Return the Huey queue a JOBS_QUEUE_URL names (empty: a SQLite file in instance/)."""
    if url.startswith("memory:"):
        return MemoryHuey(QUEUE_NAME, immediate=True)
    if url.startswith(("redis://", "rediss://", "unix://")):
        try:
            import redis  # noqa: F401
        except ImportError as error:
            raise RuntimeError("JOBS_QUEUE_URL names Redis: pip install 'passerelle[redis]'"
                               ) from error
        return RedisHuey(QUEUE_NAME, url=url)
    if url and not url.startswith("sqlite:///"):
        raise RuntimeError(f"JOBS_QUEUE_URL: use sqlite:///PATH, redis://HOST or memory://, "
                           f"not {url!r}")
    path = Path(url.removeprefix("sqlite:///") or Path(instance_path) / "jobs.sqlite3")
    path.parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey(QUEUE_NAME, filename=str(path))


def add_periodic_task(app: Flask, name: str, when: Callable, function: Callable) -> None:
    """Run `function` in an app context whenever `when` (a huey.crontab) says so."""
    if name in app.extensions["jobs.periodic"]:
        raise ValueError(f"a periodic task named {name!r} exists already")
    task = app.extensions["jobs"].periodic_task(when, name=name)(in_app_context(app, function))
    app.extensions["jobs.periodic"][name] = task


def add_task(app: Flask, name: str, function: Callable) -> None:
    """Make `function` a task that `enqueue(name, ...)` hands to the worker."""
    if name in app.extensions["jobs.tasks"]:
        raise ValueError(f"a task named {name!r} exists already")
    task = app.extensions["jobs"].task(name=name)(in_app_context(app, function))
    app.extensions["jobs.tasks"][name] = task


def enqueue(name: str, *args) -> None:
    """Queue a task added with `add_task` (call it after the request's commit)."""
    current_app.extensions["jobs.tasks"][name](*args)


def in_app_context(app: Flask, function: Callable) -> Callable:
    """Wrap a task so it runs in its own app context (one database session per run)."""

    @wraps(function)
    def run(*args, **kwargs):
        with app.app_context():
            return function(*args, **kwargs)

    return run


def run_task(app: Flask, name: str):
    """Run a periodic task now, in this process, as the worker would; return its result."""
    return app.extensions["jobs.periodic"][name].call_local()
