"""A position's history as people read it: events filtered and paged, each checked against the chain."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased, selectinload

from positions.audit.chain import GENESIS, event_hash
from positions.errors import ValidationFailed
from positions.messages import Joined, Msg
from positions.models import Event, User
from positions.numbers import whole_number

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


VERB = re.compile(r"[a-z_]{1,30}(\.[a-z_]{1,30})?\Z")
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(9998, 12, 31)  # a day later must still be a date


def history_filter(args: Mapping[str, Any]) -> tuple[EventFilter, int]:
    """Read verb, actor, since, until and page from query-string values; refuse bad values, naming each."""
    problems: dict[str, str] = {}
    verb = (args.get("verb") or "").strip().lower() or None
    if verb and not VERB.match(verb):
        problems["verb"] = Msg("'%(verb)s' is not a kind of event (try 'comment' or 'transition.fired').", verb=verb)
    actor = _number(args.get("actor"), "actor", problems, Msg("The actor must be a user id."))
    page = _number(args.get("page"), "page", problems, Msg("The page must be a whole number from 1.")) or 1
    since = _day(args.get("since"), "since", problems)
    until = _day(args.get("until"), "until", problems)
    if since and until and until < since:
        problems["until"] = Msg("'until' (%(until)s) is before 'since' (%(since)s).", until=until, since=since)
    if problems:
        raise ValidationFailed(Joined(list(problems.values()), " "), {"fields": {k: str(v) for k, v in problems.items()}})
    return EventFilter(
        verb=verb, actor_id=actor,
        since=datetime.combine(since, time()) if since else None,
        until=datetime.combine(until + timedelta(days=1), time()) if until else None,
    ), page


def _number(value: Any, field: str, problems: dict[str, str], message: str) -> int | None:
    if value in (None, ""):
        return None
    number = whole_number(value)
    if number is None:
        problems[field] = message
    return number


def _day(value: str | None, field: str, problems: dict[str, str]) -> date | None:
    if not value:
        return None
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        day = None
    if day is None or not FIRST_DAY <= day <= LAST_DAY:
        problems[field] = Msg("'%(value)s' is not a date (use YYYY-MM-DD).", value=value)
        return None
    return day
