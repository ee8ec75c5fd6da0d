"""The candidate's profile, consents and privacy rights; the Law 25 retention job."""

import click
from flask import Flask
from flask.cli import AppGroup
from huey import crontab

from matcher import jobs


@click.group("retention", cls=AppGroup)
def retention_cli() -> None:
    """Law 25 retention of inactive candidate accounts."""


@retention_cli.command("run")
@click.option("--dry-run", is_flag=True, help="Say what would be done; change nothing.")
def run_retention(dry_run: bool) -> None:
    """Warn the candidates about to reach RETENTION_MONTHS of inactivity, anonymize the others."""
    from matcher.candidates.retention import run

    result = run(dry_run=dry_run)
    prefix = "Would have " if dry_run else ""
    click.echo(f"{prefix}warned {len(result.warned)} and anonymized "
               f"{len(result.anonymized)} candidates.")


def init_app(app: Flask) -> None:
    """Add `flask retention`, the daily retention job and the weekly new matches (after
    jobs.init_app)."""
    from matcher.candidates import retention, weekly_matches

    app.cli.add_command(retention_cli)
    # 9:40 UTC: 4:40 or 5:40 in Québec, before anyone logs in.
    jobs.add_periodic_task(app, "retention", crontab(hour="9", minute="40"),
                           retention.periodic_task)
    # Mondays at 13:00 UTC: 8:00 or 9:00 in Québec, the start of the week's search.
    jobs.add_periodic_task(app, "weekly-matches",
                           crontab(day_of_week="1", hour="13", minute="0"),
                           weekly_matches.periodic_task)
