"""A position's history as people read it: events filtered and paged, each checked against the chain."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased, selectinload

from positions.audit.chain import GENESIS, event_hash
from positions.messages import Msg
from positions.models import Event, User

# Verbs once recorded under another name: the stored event keeps its verb (its hash covers it); readers
# are shown the right one, and filters find both.
RECORDED_AS = {"version.rejected": ("version.rejectd",)}
CORRECT_VERB = {old: right for right, olds in RECORDED_AS.items() for old in olds}


def verb_of(event: Event) -> str:
    """The event's verb as it should read (a few early events were stored with a misspelt one)."""
    return CORRECT_VERB.get(event.verb, event.verb)


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
