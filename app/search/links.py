"""Where each hit leads (the clause, the comment or the version in context) and the request's filters.

A new source (the library) adds its link with `HIT_LINKS[source] = function(hit) -> url`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from flask import url_for

from positions.search.service import Filters, Hit

HIT_LINKS: dict[str, Callable[[Hit], str]] = {
    "clause": lambda h: url_for("positions.position", position_id=h.position_id) + f"#clause-{h.clause_uid}",
    "comment": lambda h: url_for("positions.position", position_id=h.position_id) + f"#comment-{h.ref_id}",
    "version": lambda h: url_for("drafting.history", position_id=h.position_id, uid=h.clause_uid) + f"#revision-{h.ref_id}",
    "position": lambda h: url_for("positions.position", position_id=h.position_id),
    "library": lambda h: url_for("library.entry", entry_id=h.ref_id),
}
SCOPES = {"clauses": "clause", "versions": "version", "comments": "comment", "positions": "position", "library": "library"}


def hit_url(hit: Hit) -> str:
    link = HIT_LINKS.get(hit.source)
    return link(hit) if link else ""


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


def filters_from(args) -> Filters:
    """Filters from a query string (web page and API alike); unreadable dates and ids are ignored."""
    scope = tuple(dict.fromkeys(SCOPES.get(s.strip(), s.strip()) for s in (args.get("scope") or "").split(",") if s.strip()))
    return Filters(
        meeting=(args.get("meeting") or "").strip()[:200] or None, position_id=_int(args.get("position")),
        kind=args.get("kind") or None, stage=(args.get("stage") or "")[:50] or None,
        administration=(args.get("administration") or "")[:20] or None,
        date_from=_date(args.get("from")), date_to=_date(args.get("to")), scope=scope,
    )
