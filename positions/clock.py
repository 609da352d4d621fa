"""The one place the domain reads the time (tests travel in time with time-machine).

`plenipo worker --now` runs one pass as if it were another time: `pinned(at)` makes now() answer that
instant for the duration of the block, so deadlines, reminders and digests are judged alike.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

_pinned: ContextVar[datetime | None] = ContextVar("plenipo_pinned_now", default=None)


def now() -> datetime:
    """Return the current UTC time as a naive datetime (stored the same on every database)."""
    return _pinned.get() or datetime.now(UTC).replace(tzinfo=None)


@contextmanager
def pinned(at: datetime | None) -> Iterator[None]:
    """Answer `at` (naive UTC) from now() inside the block; None leaves the real clock."""
    token = _pinned.set(at)
    try:
        yield
    finally:
        _pinned.reset(token)
