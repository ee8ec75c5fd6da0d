"""Command-line tasks: flask seed, flask users, flask demo-logins, flask warm."""

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from matcher.candidates.importer import import_candidates
from matcher.extensions import db
from matcher.import_formats import docs_group
from matcher.postings.importer import import_postings


def init_app(app: Flask) -> None:
    """Register the commands."""
    app.cli.add_command(seed)
    app.cli.add_command(users)
    app.cli.add_command(demo_logins)
    app.cli.add_command(import_group)
    import_group.add_command(import_postings)
    app.cli.add_command(outbox)
    app.cli.add_command(prune_ranking_changes)
    app.cli.add_command(warm)
    app.cli.add_command(docs_group)


@click.command()
@with_appcontext
@click.option("--demo", is_flag=True, help="Also add the demo program (development only).")
def seed(demo: bool) -> None:
    """Load reference data (and demo data); running it twice changes nothing."""
    from matcher.demo import load_demo_data
    from matcher.reference_data import load_reference_data

    changes = load_reference_data()
    db.session.commit()
    click.echo(f"Reference data: {changes} rows added or updated.")
    if demo:
        if not current_app.config["DEMO_ENABLED"]:
            raise click.ClickException("Demo data is disabled when PASSERELLE_ENV=production.")
        added = load_demo_data()
        db.session.commit()
        click.echo("Demo data: added." if added else "Demo data: already present.")


@click.command("demo-logins")
@with_appcontext
def demo_logins() -> None:
    """Print the demo accounts and their shared password."""
    from matcher.demo import DEMO_DOMAIN, DEMO_PASSWORD, demo_loaded

    if not current_app.config["DEMO_ENABLED"] or not demo_loaded():
        click.echo("No demo accounts.")
        return
    click.echo(f"Demo accounts (password for all: {DEMO_PASSWORD})")
    for role, email in [
        ("admin", f"admin@{DEMO_DOMAIN}"),
        ("staff (CREMCV)", f"agent1@{DEMO_DOMAIN}"),
        ("employer HR (approved)", f"rh1@{DEMO_DOMAIN}"),
        ("employer HR (pending)", f"rh-en-attente@{DEMO_DOMAIN}"),
        ("candidate", f"candidat001@{DEMO_DOMAIN}"),
    ]:
        click.echo(f"  {role:<24} {email}")


@click.group(cls=AppGroup)
def users() -> None:
    """Manage user accounts."""


@users.command("create")
@click.option("--email", required=True)
@click.option("--role", type=click.Choice(["staff", "admin"]), required=True)
@click.option("--agency", "agency_name", default=None, help="Partner agency of a staff user.")
@click.password_option()
def create_user(email: str, role: str, agency_name: str | None, password: str) -> None:
    """Create a staff or admin account."""
    from matcher.auth.services import UserError, create_staff_user

    try:
        user = create_staff_user(email, role, password, agency_name)
    except UserError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Created {role} user {user.email}.")


@click.group("import", cls=AppGroup)
def import_group() -> None:
    """Import JSON Lines files (all-or-nothing, idempotent on external ids)."""


import_group.add_command(import_candidates)


@click.group(cls=AppGroup)
def outbox() -> None:
    """Outgoing messages."""


@outbox.command("send")
def send_outbox() -> None:
    """Send the due messages over SMTP now (the job worker does it every minute)."""
    from matcher.mail import MailNotConfigured, send_pending

    try:
        delivery = send_pending()
    except MailNotConfigured as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Sent {delivery.sent} messages.")
    if delivery.failed:
        raise click.ClickException(
            f"{delivery.failed} messages failed; they will be retried later.")


@click.command("prune-ranking-changes")
@with_appcontext
@click.option("--days", default=2, show_default=True, help="Keep this many days of changes.")
def prune_ranking_changes(days: int) -> None:
    """Delete old rows of the ranking change log (run it daily)."""
    from matcher.matching.engine import prune

    deleted = prune(days)
    db.session.commit()
    click.echo(f"Deleted {deleted} change rows.")


@click.command("warm")
@with_appcontext
def warm() -> None:
    """Build the ranking indexes, as each gunicorn worker does before serving; time it."""
    from matcher import clock
    from matcher.matching import engine

    today = clock.today()
    seconds = engine.warm(today)
    indexes = engine.engine(today)
    click.echo(f"Indexes built in {seconds:.1f} s: {len(indexes.candidates):,} candidates, "
               f"{len(indexes.postings):,} open postings.")
