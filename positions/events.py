"""Domain events as a seam: after a transaction commits, the audit events it recorded are published.

Every service already records what it changed as an audit Event (positions.audit). Once the
transaction that wrote them has committed — never before, and never for one that rolled back — each
event is handed, as a plain DomainEvent, to the subscribers registered here: notifications, live
updates and search indexing hang on this seam. A subscriber that fails is logged and skipped; the
writer's request is never affected. Subscribers run in process, after the commit, outside the
writer's transaction: work that must survive goes into a table of its own (an outbox) instead.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import event as orm_event
from sqlalchemy.orm import Session

from positions.models import Event

log = logging.getLogger(__name__)
WRITTEN = _WRITTEN = "plenipo_events_written"  # session.info key: events flushed in the current transaction


@dataclass(frozen=True)
class DomainEvent:
    """What happened, as the audit log recorded it (a snapshot: no database access needed to read it)."""

    id: int
    verb: str
    position_id: int | None
    actor_id: int | None
    object_type: str
    object_id: str
    at: datetime
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        """The first part of the verb: 'comment', 'clause', 'transition', …"""
        return self.verb.split(".", 1)[0]


Subscriber = Callable[[DomainEvent], None]
_subscribers: list[Subscriber] = []


def subscribe(subscriber: Subscriber) -> Subscriber:
    """Call `subscriber(event)` for every event of every committed transaction (usable as a decorator)."""
    if subscriber not in _subscribers:
        _subscribers.append(subscriber)
    return subscriber


def unsubscribe(subscriber: Subscriber) -> None:
    """Stop calling a subscriber."""
    if subscriber in _subscribers:
        _subscribers.remove(subscriber)


def publish(events: list[DomainEvent]) -> None:
    """Hand each event to each subscriber in turn; a failing subscriber is logged and the others still run."""
    for domain_event in events:
        for subscriber in list(_subscribers):
            try:
                subscriber(domain_event)
            except Exception:  # a subscriber must never break the writer
                log.exception("Subscriber %r failed on event %s (%s)", subscriber, domain_event.id, domain_event.verb)


def _snapshot(row: Event) -> DomainEvent:
    return DomainEvent(row.id, row.verb, row.position_id, row.actor_id, row.object_type, row.object_id, row.at,
                       dict(row.data or {}))


@orm_event.listens_for(Session, "after_flush")
def _remember_written(session: Session, flush_context) -> None:
    written = [_snapshot(o) for o in session.new if isinstance(o, Event)]
    if written:
        session.info.setdefault(_WRITTEN, []).extend(written)


@orm_event.listens_for(Session, "after_commit")
def _publish_committed(session: Session) -> None:
    events = session.info.pop(_WRITTEN, None)
    if events and _subscribers:
        publish(sorted(events, key=lambda e: e.id))


@orm_event.listens_for(Session, "after_soft_rollback")
def _forget_rolled_back(session: Session, previous_transaction) -> None:
    session.info.pop(_WRITTEN, None)
