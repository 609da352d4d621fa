"""Recording and verifying the hash-chained audit log."""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import event as orm_event
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, aliased, selectinload

from positions.audit_states import covered, states_of
from positions.clock import now
from positions.messages import Msg
from positions.models import Event, User

GENESIS = "0" * 64
_CHAIN_LOCK = 727_001
_PENDING = "plenipo_pending_events"  # session.info key: events waiting to be chained at commit
_WRITTEN = "plenipo_written_rows"  # session.info key: covered rows flushed since the last event claimed them
log = logging.getLogger(__name__)


# Verbs once recorded under another name: the stored event keeps its verb (its hash covers it); readers
# are shown the right one, and filters find both.
RECORDED_AS = {"version.rejected": ("version.rejectd",)}
CORRECT_VERB = {old: right for right, olds in RECORDED_AS.items() for old in olds}


def verb_of(event: Event) -> str:
    """The event's verb as it should read (a few early events were stored with a misspelt one)."""
    return CORRECT_VERB.get(event.verb, event.verb)


class AuditLogIsAppendOnly(RuntimeError):
    """Raised when the application tries to change or remove an audit event."""


@orm_event.listens_for(Event, "before_update")
def _refuse_update(mapper, connection, target: Event) -> None:
    """Events are written once; an attempt to change one is a bug, not a feature."""
    if Session.object_session(target).is_modified(target, include_collections=False):
        raise AuditLogIsAppendOnly(f"audit event {target.id} cannot be changed: the log is append-only")


@orm_event.listens_for(Event, "before_delete")
def _refuse_delete(mapper, connection, target: Event) -> None:
    """Events are never deleted by the application."""
    raise AuditLogIsAppendOnly(f"audit event {target.id} cannot be deleted: the log is append-only")


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
    states: dict[str, str | None] | None = None,
) -> Event:
    """Append an event for a domain change; it is chained and written when the caller's transaction commits.

    The event records the state hash of every covered row (positions.audit_states) the transaction
    wrote since the previous event, so no writer has to list them; `states` adds hashes computed
    elsewhere (the baseline). Linking at commit keeps the chain lock (PostgreSQL) for the last moment
    of the transaction only, so concurrent writers queue for the insert and commit, not for the whole request.
    """
    session.flush()
    payload = json.loads(json.dumps(data or {}, default=str))
    written = {**(states or {}), **_claim_written(session)}
    if written:
        payload["states"] = written
    event = Event(
        actor_id=actor.id if actor is not None else None,
        position_id=position_id,
        verb=verb,
        object_type=type(obj).__name__.lower() if not isinstance(obj, tuple) else obj[0],
        object_id=str(obj.id if not isinstance(obj, tuple) else obj[1]),
        data=payload,
        at=now(),
    )
    session.info.setdefault(_PENDING, []).append(event)
    return event


@orm_event.listens_for(Session, "after_flush")
def _note_written_rows(session: Session, flush_context) -> None:
    """Remember the covered rows this flush inserted, changed or deleted, for the next event to record."""
    changed = [obj for obj in session.dirty if covered(obj) is not None and session.is_modified(obj, include_collections=False)]
    rows = [obj for obj in (*session.new, *session.deleted) if covered(obj) is not None] + changed
    if rows:
        session.info.setdefault(_WRITTEN, {}).update((id(obj), obj) for obj in rows)


def _claim_written(session: Session) -> dict[str, str | None]:
    """The state hashes of the covered rows written since the last event; they now belong to this one."""
    written = session.info.pop(_WRITTEN, None)
    return states_of(written.values()) if written else {}


def link_pending(session: Session) -> None:
    """Chain the transaction's pending events to the newest event and add them (under the chain lock)."""
    session.flush()  # rows changed after the last event are written (and noted) before the events are chained
    pending = session.info.pop(_PENDING, None)
    if not pending:
        if session.info.pop(_WRITTEN, None):
            log.warning("covered rows were written without an audit event: `plenipo audit verify` will report them")
        return
    late = _claim_written(session)  # written after the transaction's last event: that event wrote them too
    if late:
        pending[-1].data = {**pending[-1].data, "states": {**pending[-1].data.get("states", {}), **late}}
    lock_chain(session)
    last = session.execute(select(Event.hash).order_by(Event.id.desc()).limit(1)).scalar()
    for event in pending:
        event.prev_hash = last or GENESIS
        event.hash = last = event_hash(event)
        session.add(event)
    session.flush()


def lock_chain(session: Session) -> None:
    """Hold the chain lock until the transaction ends (PostgreSQL; SQLite has one writer at a time)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _CHAIN_LOCK})


@orm_event.listens_for(Session, "before_commit")
def _link_before_commit(session: Session) -> None:
    link_pending(session)


@orm_event.listens_for(Session, "after_transaction_end")
def _forget_when_transaction_ends(session: Session, transaction) -> None:
    """A rolled-back transaction's events go with it."""
    if transaction.parent is None:
        session.info.pop(_PENDING, None)
        session.info.pop(_WRITTEN, None)


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


@dataclass(frozen=True)
class EventFilter:
    """What the history of a position is narrowed to."""

    verb: str | None = None
    actor_id: int | None = None
    since: datetime | None = None
    until: datetime | None = None


@dataclass(frozen=True)
class EventPage:
    """One page of a position's events, newest first, each with its integrity problem if any."""

    events: list[Event]
    problems: dict[int, str]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def position_events(session: Session, position_id: int, filters: EventFilter, page: int = 1, per_page: int = 50) -> EventPage:
    """A page of the position's events matching the filters, newest first, checked against the chain."""
    query = select(Event).where(Event.position_id == position_id)
    if filters.verb:
        exact = (filters.verb, *RECORDED_AS.get(filters.verb, ()))
        query = query.where(Event.verb.startswith(filters.verb.rstrip(".") + ".", autoescape=True) | Event.verb.in_(exact))
    if filters.actor_id is not None:
        query = query.where(Event.actor_id == filters.actor_id)
    if filters.since is not None:
        query = query.where(Event.at >= filters.since)
    if filters.until is not None:
        query = query.where(Event.at < filters.until)
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    events = list(session.scalars(
        query.options(selectinload(Event.actor)).order_by(Event.id.desc()).offset((page - 1) * per_page).limit(per_page)
    ))
    return EventPage(events, check_events(session, events), page, per_page, total)


def check_events(session: Session, events: list[Event]) -> dict[int, str]:
    """Check each event's hash and its link to the event before it; return the problems by event id."""
    if not events:
        return {}
    before = aliased(Event)
    previous_hash = (
        select(before.hash).where(before.id < Event.id).order_by(before.id.desc()).limit(1).scalar_subquery()
    )
    links = dict(session.execute(select(Event.id, previous_hash).where(Event.id.in_([e.id for e in events]))).all())
    problems = {}
    for event in events:
        if event.prev_hash != (links.get(event.id) or GENESIS):
            problems[event.id] = Msg("its previous-hash does not match the event before it")
        elif event_hash(event) != event.hash:
            problems[event.id] = Msg("its content does not match its hash")
    return problems


def actors_of(session: Session, position_id: int) -> list[User]:
    """Everyone who appears in the position's events, by name."""
    ids = select(Event.actor_id).where(Event.position_id == position_id, Event.actor_id.is_not(None)).distinct()
    return list(session.scalars(select(User).where(User.id.in_(ids)).order_by(User.name)))


def verb_groups(session: Session, position_id: int) -> list[str]:
    """The kinds of things that happened to the position ('comment', 'transition', ...)."""
    verbs = session.scalars(select(Event.verb).where(Event.position_id == position_id).distinct())
    return sorted({v.split(".", 1)[0] for v in verbs})
