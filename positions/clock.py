"""The one place the domain reads the time (tests travel in time with time-machine).

`plenipo worker --now` runs one pass as if it were another time: `pinned(at)` makes now() answer that
instant for the duration of the block, so deadlines, reminders and digests are judged alike.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

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


# Deadlines given as a day mean the end of that day here (config TIMEZONE; set by the app at start-up).
_zone_name = os.environ.get("TIMEZONE", "Europe/Brussels")


def set_local_zone(name: str) -> None:
    """Use this IANA zone (e.g. 'Europe/Brussels') for days and for showing deadlines; refuses an unknown one."""
    global _zone_name
    ZoneInfo(name)
    _zone_name = name


def local_zone() -> ZoneInfo:
    """The zone in which a day starts and ends for Plenipo's users."""
    return ZoneInfo(_zone_name)


def end_of_day(day: date) -> datetime:
    """23:59 of that day in the local zone, as naive UTC."""
    return datetime.combine(day, time(23, 59), tzinfo=local_zone()).astimezone(UTC).replace(tzinfo=None)


def in_local_zone(moment: datetime) -> datetime:
    """A stored (naive UTC) moment in the local zone."""
    return moment.replace(tzinfo=UTC).astimezone(local_zone())
