"""The one place the domain reads the time (tests travel in time with time-machine)."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo


def now() -> datetime:
    """Return the current UTC time as a naive datetime (stored the same on every database)."""
    return datetime.now(UTC).replace(tzinfo=None)


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
