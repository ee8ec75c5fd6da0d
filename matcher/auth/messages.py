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


def send_membership_decision(user: User, employer_name: str, approved: bool) -> None:
    """Tell an HR user, in their language, whether the program approved their account."""
    with force_locale(user.locale):
        if approved:
            queue_message(user, _("Passerelle: your employer account is approved"), _(
                "Hello,\n\nThe program’s team approved your account for %(name)s. You can now "
                "publish your postings (drafts included) and see the candidates who fit them:"
                "\n%(link)s", name=employer_name, link=absolute_url("employers.home")))
        else:
            queue_message(user, _("Passerelle: your employer account"), _(
                "Hello,\n\nThe program’s team did not approve your account for %(name)s. If you "
                "think this is a mistake, reply to the program’s team.", name=employer_name))
