"""`flask tokens create EMAIL --scope employer|agency|staff [--days N]`."""

import click
from flask.cli import AppGroup

from matcher.auth.services import find_user_by_email
from matcher.extensions import db
from matcher.models.api_token import SCOPES
from matcher.tokens import services

tokens = AppGroup("tokens", help="Issue API tokens.")


@tokens.command("create")
@click.argument("email")
@click.option("--scope", type=click.Choice(SCOPES), required=True,
              help="employer: the user's establishment; agency: the user's agency's "
                   "candidates; staff: the program's figures.")
@click.option("--days", type=click.IntRange(1, services.MAX_DAYS),
              default=services.DEFAULT_DAYS, show_default=True, help="Days until it expires.")
@click.option("--name", default="", help="A name to recognize the token by.")
def create(email: str, scope: str, days: int, name: str) -> None:
    """Issue a token for a user; the token alone is printed, on the last line."""
    user = find_user_by_email(email)
    if user is None or not user.active:
        raise click.ClickException(f"No active account has the email {email}.")
    try:
        token, raw = services.create_token(user, scope, name or f"{scope} (CLI)", days)
    except services.TokenError as error:
        raise click.ClickException(
            f"This account cannot hold a token of scope {scope} ({error.code}).") from error
    db.session.commit()
    click.echo(f"Token {token.id} for {user.email}, scope {scope}, expires "
               f"{token.expires_at:%Y-%m-%d}. It is shown once:", err=True)
    click.echo(raw)
