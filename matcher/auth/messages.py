"""The account messages we send."""

import math
from datetime import datetime

from flask_babel import force_locale, format_time, ngettext
from flask_babel import gettext as _

from matcher import clock
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


def wait_message(until: datetime) -> str:
    """Say when the next login attempt is possible, and how to unlock the account now."""
    seconds = max(1, math.ceil((until - clock.now()).total_seconds()))
    if seconds < 60:
        wait = ngettext("Please wait %(num)s second before trying again.",
                        "Please wait %(num)s seconds before trying again.", seconds)
    else:
        wait = _("Please try again at %(time)s (in about %(minutes)s min).",
                 time=format_time(until, "short"), minutes=math.ceil(seconds / 60))
    return " ".join([_("Too many failed attempts for this account."), wait,
                     _("To unlock it at once, choose a new password with “Forgot your "
                       "password?”: we send you a link by email.")])
