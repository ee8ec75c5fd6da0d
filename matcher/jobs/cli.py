"""`flask jobs`: run the queue's worker, list the periodic tasks, run one now."""

import logging
import signal

import click
from flask import current_app
from flask.cli import AppGroup
from huey.consumer import Consumer


@click.group(cls=AppGroup)
def jobs() -> None:
    """The job queue and its periodic tasks."""


@jobs.command("worker")
@click.option("--workers", default=1, show_default=True, help="Worker threads.")
@click.option("--quiet", is_flag=True, help="Log only warnings and errors.")
def worker(workers: int, quiet: bool) -> None:
    """Run the queue's worker and the periodic tasks until stopped (SIGTERM or Ctrl-C)."""
    queue = current_app.extensions["jobs"]
    if queue.immediate:
        raise click.ClickException("JOBS_QUEUE_URL=memory:// runs tasks where they are "
                                   "called: there is no queue to work on.")
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.WARNING if quiet else logging.INFO,
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # SIGTERM (systemd, docker, `make run`) lets a running task finish (60 s at most);
    # Ctrl-C stops at once.
    # A SIGTERM before the consumer has set its handlers would kill it half-started: it
    # waits, blocked, until they are set (the threads started meanwhile keep it blocked).
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    consumer = _Consumer(queue, workers=workers, periodic=True, worker_type="thread",
                         graceful_signal="TERM", shutdown_timeout=60)
    consumer.run()


class _Consumer(Consumer):
    """Huey's consumer, taking SIGTERM once its handlers are set."""

    def _set_signal_handlers(self) -> None:
        super()._set_signal_handlers()
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})


@jobs.command("list")
def list_tasks() -> None:
    """List the periodic tasks."""
    for name in sorted(current_app.extensions["jobs.periodic"]):
        click.echo(name)


@jobs.command("run")
@click.argument("name")
def run(name: str) -> None:
    """Run one periodic task now, in this process."""
    from matcher.jobs import run_task

    if name not in current_app.extensions["jobs.periodic"]:
        raise click.BadParameter(f"no periodic task named {name!r}", param_hint="NAME")
    click.echo(f"{name}: {run_task(current_app, name)}")
