"""The account messages we send."""

from flask_babel import force_locale
from flask_babel import gettext as _

from matcher.mail import queue_message
from matcher.models import User
from matcher.urls import absolute_url


def send_reset_link(user: User, token: str) -> None:
    """Queue the password-reset message, in the user's language."""
    with force_locale(user.locale):
        link = absolute_url("auth.reset_password", token=token)
        queue_message(user, _("Choose a new Passerelle password"), _(
            "Hello,\n\nTo choose a new password, open this link within one hour:\n%(link)s\n\n"
            "If you did not ask for it, ignore this message: your password stays the same.",
            link=link), secret=True)
