"""Domain services: each takes a session and the acting user, flushes, and never commits."""

from positions import events as _events  # noqa: F401  (committed audit events are published to subscribers)
from positions.notify import outbox as _outbox  # noqa: F401  (notifications are written before each commit)
