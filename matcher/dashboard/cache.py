"""The dashboard's figures, kept in the process until the data they count changes.

Each block of figures (the parts of the funnel, a hire breakdown, retention, the monthly
counts, the Parcours figures) is kept under its arguments and the Québec day, for one
version of each topic it counts. Every write the dashboard counts logs a change naming
its topic (matching.changes: "candidate" and "posting" as the engine always did, and a
"figures" change of topic applications, hires, parcours, program or people, bulk
statements included); the engine reads the log at each request, including ids committed
out of order, and moves the version of every topic it reads a change of. A worker
therefore recomputes a block after any write of a topic it counts, whichever worker made
it, and never shows figures older than the last committed change of those topics; a
write of another topic (an application moved) leaves the block as it is (the hire
breakdowns). What is kept is raw counts and labels in both languages, never translated
text.
"""

import functools
import threading
from collections.abc import Callable
from typing import TypeVar

from matcher import clock
from matcher.matching.engine import engine

T = TypeVar("T")

_lock = threading.Lock()
# (block, arguments, day) -> (the engine and the versions of the block's topics, figures)
_kept: dict[tuple, tuple[tuple, object]] = {}
MAX_ENTRIES = 512  # filter combinations are many; a full store starts again empty

# The topics each kind of block counts.
HIRE_TOPICS = ("hires", "posting", "program")  # hires, the posting and site, settings, labels


def _state(topics: tuple[str, ...]) -> tuple:
    """Bring the engine up to date with the change log; return it with the topics' versions."""
    current = engine(clock.today())
    return (current, *current.versions(topics))


def kept(block: str, topics: tuple[str, ...]) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Keep what the decorated function returns per arguments and day, until `topics` change.

    The versions are read before the figures are computed, so figures that may miss a
    change are kept under the versions before it and never outlive it.
    """
    def decorate(function: Callable[..., T]) -> Callable[..., T]:
        @functools.wraps(function)
        def wrapper(*args, **kwargs) -> T:
            state = _state(topics)
            key = (block, args, tuple(sorted(kwargs.items())), clock.today())
            with _lock:
                entry = _kept.get(key)
            if entry is not None and entry[0] == state:
                return entry[1]
            value = function(*args, **kwargs)
            with _lock:
                if len(_kept) >= MAX_ENTRIES and key not in _kept:
                    _kept.clear()
                _kept[key] = (state, value)
            return value
        return wrapper
    return decorate
