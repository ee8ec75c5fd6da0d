"""The dashboard's figures, kept in the process until the data they count changes.

Each block of figures (the funnel, a hire breakdown, retention, the monthly counts, the
Parcours figures) is kept under its arguments and the Québec day, for one change position
of the matching engine. Every write the dashboard counts logs a change (matching.changes:
candidates and postings as the engine always did, and a "figures" change for
applications, hires, plans, settings, organizations, bulk statements included); the
engine reads the log at each request, including ids committed out of order, and its
position moves when it reads anything. A worker therefore recomputes after any write,
whichever worker made it, and never shows figures older than the last committed change.
What is kept is raw counts and labels in both languages, never translated text.
"""

import functools
import threading
from collections.abc import Callable
from typing import TypeVar

from matcher import clock
from matcher.matching.engine import MatchingEngine, engine

T = TypeVar("T")

_lock = threading.Lock()
# The engine and its position the kept figures belong to, and the figures by key.
_state: tuple[MatchingEngine | None, int] = (None, -1)
_kept: dict[tuple, object] = {}
MAX_ENTRIES = 512  # filter combinations are many; a full store starts again empty


def _current_position() -> tuple[MatchingEngine, int]:
    """Bring the engine up to date with the change log and return it with its position."""
    current = engine(clock.today())
    return current, current.position


def kept(block: str) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Keep what the decorated function returns per arguments, day and change position.

    The key is read before the figures are computed, so figures that may miss a change
    are kept under the position before it and never outlive it.
    """
    def decorate(function: Callable[..., T]) -> Callable[..., T]:
        @functools.wraps(function)
        def wrapper(*args, **kwargs) -> T:
            global _state
            state = _current_position()
            key = (block, args, tuple(sorted(kwargs.items())), clock.today())
            with _lock:
                if _state[0] is not state[0] or _state[1] != state[1]:
                    _state = state
                    _kept.clear()
                if key in _kept:
                    return _kept[key]
            value = function(*args, **kwargs)
            with _lock:
                if _state == state:
                    if len(_kept) >= MAX_ENTRIES:
                        _kept.clear()
                    _kept[key] = value
            return value
        return wrapper
    return decorate
