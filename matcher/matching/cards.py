"""The words of HR's ranked cards (matching/_ranked_card.html), made once per request.

A ranked page shows 50 cards or more, and each Babel call looks up the request's locale
and catalog again: the texts that repeat from card to card (months, stars, dates, the
posting's requirement) are made once per request for each value, the card's number from
its translated pattern.
"""

from datetime import date

from flask_babel import gettext as _
from flask_babel import ngettext

from matcher.i18n import format_date
from matcher.matching.explain import _per_request


def rank_text(rank: int) -> str:
    """Say « No 3 » (the pattern translated once per request)."""
    # gettext without variables returns the pattern as translated, not yet formatted.
    return _per_request("card_texts", "rank", lambda: _("No. %(rank)s")) % {"rank": rank}


def months_text(months: int) -> str:
    """Say « 24 months »."""
    return _per_request("card_months", months, lambda: ngettext(
        "%(num)s month", "%(num)s months", months))


def asked_text(months: int) -> str:
    """Say « 12 asked » (the posting's minimum experience)."""
    return _per_request("card_asked", months, lambda: _("%(months)s asked", months=months))


def stars_text(stars: int) -> str:
    """Say « 4 stars of 5 » (read by screen readers beside the stars)."""
    return _per_request("card_stars", stars, lambda: ngettext(
        "%(num)s star of 5", "%(num)s stars of 5", stars))


def available_text(day: date) -> str:
    """Say « from 12 January 2027 »."""
    return _per_request("card_available", day, lambda: _(
        "from %(date)s", date=format_date(day, "long")))
