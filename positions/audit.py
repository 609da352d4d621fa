"""Recording and verifying the hash-chained audit log."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from positions.clock import now
from positions.models import Event, User

GENESIS = "0" * 64
_CHAIN_LOCK = 727_001


def event_hash(event: Event) -> str:
    """Hash an event's content together with the hash of the event before it."""
    payload = {
        "prev": event.prev_hash,
        "actor": event.actor_id,
        "position": event.position_id,
        "verb": event.verb,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "data": event.data,
        "at": event.at.isoformat(timespec="microseconds"),
    }
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def record(
    session: Session,
    actor: User | None,
    verb: str,
    obj: Any,
    *,
    position_id: int | None = None,
    data: dict[str, Any] | None = None,
) -> Event:
    """Append an event for a domain change; the caller's transaction commits it."""
    session.flush()
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _CHAIN_LOCK})
    last = session.execute(select(Event.hash).order_by(Event.id.desc()).limit(1)).scalar()
    event = Event(
        actor_id=actor.id if actor is not None else None,
        position_id=position_id,
        verb=verb,
        object_type=type(obj).__name__.lower() if not isinstance(obj, tuple) else obj[0],
        object_id=str(obj.id if not isinstance(obj, tuple) else obj[1]),
        data=json.loads(json.dumps(data or {}, default=str)),
        at=now(),
        prev_hash=last or GENESIS,
    )
    event.hash = event_hash(event)
    session.add(event)
    session.flush()
    return event


@dataclass(frozen=True)
class ChainReport:
    """What verifying the chain found."""

    checked: int
    broken_at: int | None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify_chain(session: Session, batch: int = 1000) -> ChainReport:
    """Recompute every event's hash in order and report the first broken link."""
    prev = GENESIS
    checked = 0
    last_id = 0
    while True:
        events = session.scalars(
            select(Event).where(Event.id > last_id).order_by(Event.id).limit(batch)
        ).all()
        if not events:
            return ChainReport(checked, None)
        for event in events:
            if event.prev_hash != prev:
                return ChainReport(checked, event.id, "its previous-hash does not match the event before it")
            if event_hash(event) != event.hash:
                return ChainReport(checked, event.id, "its content does not match its hash")
            prev = event.hash
            checked += 1
            last_id = event.id
