"""A position's history: reading what the audit log is narrowed to, with a clear refusal for odd values."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from positions.audit import EventFilter
from positions.errors import ValidationFailed
from positions.messages import Joined, Msg
from positions.numbers import whole_number

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
