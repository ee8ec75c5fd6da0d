"""The one clock of Passerelle: what time it is, and what day it is in Québec.

Every rule, query and page asks this module, never `date.today()` or
`datetime.now()`: on a server running in UTC the Québec day ends at 19:00 or
20:00 UTC, and the job board, the matches and the dashboard must agree on it.
Tests freeze the clock with `freeze()` (one fixture in tests/conftest.py).
"""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

QUEBEC = ZoneInfo("America/Montreal")

_frozen: datetime | None = None


def now() -> datetime:
    """Return the current instant, timezone-aware, in UTC."""
    return _frozen if _frozen is not None else datetime.now(UTC)


def today() -> date:
    """Return the current date in Québec."""
    return now().astimezone(QUEBEC).date()


def freeze(at: datetime | date | None) -> None:
    """Stop the clock at an instant (a date means noon in Québec); None restarts it."""
    global _frozen
    if at is None:
        _frozen = None
    elif isinstance(at, datetime):
        if at.tzinfo is None:
            raise ValueError("freeze() needs a timezone-aware datetime")
        _frozen = at.astimezone(UTC)
    else:
        _frozen = datetime.combine(at, time(12), QUEBEC).astimezone(UTC)
