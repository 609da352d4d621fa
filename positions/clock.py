"""The one place the domain reads the time (tests travel in time with time-machine)."""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> datetime:
    """Return the current UTC time as a naive datetime (stored the same on every database)."""
    return datetime.now(UTC).replace(tzinfo=None)
