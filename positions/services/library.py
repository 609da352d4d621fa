"""The agreed-language library: entries checked, created, edited, listed and read (every rule once, here)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from positions import audit
from positions.clock import now
from positions.errors import NotFound, ValidationFailed
from positions.hidden_characters import refuse_hidden_characters
from positions.messages import Amount, Msg
from positions.models import (
    LIBRARY_LANGUAGES,
    LIBRARY_LIMITS,
    LIBRARY_STATUSES,
    LibraryEntry,
    Position,
    User,
)
from positions.permissions import can_manage_library, can_read_library, require
from positions.services.positions import visible_to

FIELDS = ("text", "language", "meeting", "symbol", "paragraph", "source_date", "status", "tags", "notes")
MAX_PAGE = 100
MAX_FILTER_CHARS = 200


@dataclass(frozen=True)
class LibraryFilter:
    """What the library list is narrowed to; every field optional."""

    status: str = ""
    tag: str = ""
    language: str = ""
    meeting: str = ""
    text: str = ""


def _text(fields: dict[str, Any], name: str, errors: dict[str, str]) -> str:
    value = fields.get(name)
    value = "" if value is None else str(value).replace("\r\n", "\n").strip()
    if len(value) > LIBRARY_LIMITS[name]:
        errors[name] = f"longer than {LIBRARY_LIMITS[name]} characters"
    refuse_hidden_characters(value, name)
    return value


def _date(value: Any, errors: dict[str, str]) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:40])
    except ValueError:
        errors["source_date"] = "not a date (YYYY-MM-DD)"
        return None


def parse_tags(value: Any) -> list[str]:
    """Tags from a list or a comma-separated text: trimmed, lower-case, each once, in order."""
    items = value if isinstance(value, (list, tuple)) else str(value or "").split(",")
    tags: list[str] = []
    for item in items:
        tag = " ".join(str(item).split()).lower()
        if tag and tag not in tags:
            tags.append(tag)
    return tags


def check_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """Validate an entry's fields; return them cleaned, or raise ValidationFailed naming every wrong field."""
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {name: _text(fields, name, errors) for name in ("text", "meeting", "symbol", "paragraph", "notes")}
    if not clean["text"]:
        errors["text"] = "required"
    clean["language"] = str(fields.get("language") or "en").strip().lower()
    if clean["language"] not in LIBRARY_LANGUAGES:
        errors["language"] = f"one of {', '.join(LIBRARY_LANGUAGES)}"
    clean["status"] = str(fields.get("status") or "proposed").strip()
    if clean["status"] not in LIBRARY_STATUSES:
        errors["status"] = f"one of {', '.join(LIBRARY_STATUSES)}"
    clean["source_date"] = _date(fields.get("source_date"), errors)
    clean["tags"] = parse_tags(fields.get("tags"))
    if len(clean["tags"]) > LIBRARY_LIMITS["tags"] or any(len(t) > LIBRARY_LIMITS["tag"] for t in clean["tags"]):
        errors["tags"] = f"at most {LIBRARY_LIMITS['tags']} tags of {LIBRARY_LIMITS['tag']} characters"
    for tag in clean["tags"]:
        refuse_hidden_characters(tag, "tags")
    if errors:
        if list(errors) == ["text"] and errors["text"] == "required":
            raise ValidationFailed(Msg("The wording is required."), {"fields": errors})
        raise ValidationFailed(Msg("Some fields of the library entry are missing or wrong: %(fields)s.",
                                   fields=", ".join(sorted(errors))), {"fields": errors})
    return clean


def _state(entry: LibraryEntry) -> dict[str, Any]:
    return {name: getattr(entry, name) for name in FIELDS}


def create_entry(session: Session, actor: User, **fields: Any) -> LibraryEntry:
    """Add an entry by hand (pen-holder or delegation lead)."""
    require(can_manage_library(actor), Msg("Only the pen-holder and the delegation lead add wording to the library."))
    clean = check_fields(fields)
    entry = LibraryEntry(created_by_id=actor.id, **clean, **_origin(fields))
    session.add(entry)
    session.flush()
    audit.record(session, actor, "library.added", entry, position_id=entry.origin_position_id, data=_state(entry))
    return entry


def _origin(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: fields[k] for k in ("origin_position_id", "origin_clause_uid", "origin_version", "origin_content_hash") if k in fields}


def update_entry(session: Session, actor: User, entry: LibraryEntry, **fields: Any) -> LibraryEntry:
    """Change some fields of an entry (the others stay); provenance never changes."""
    require(can_manage_library(actor), Msg("Only the pen-holder and the delegation lead edit the library."))
    unknown = sorted(set(fields) - set(FIELDS))
    if unknown:
        raise ValidationFailed(Msg("These fields cannot be changed: %(fields)s.", fields=", ".join(unknown)),
                               {"fields": {name: "not accepted" for name in unknown}})
    clean = check_fields({**_state(entry), **fields})
    changed = {name: value for name, value in clean.items() if getattr(entry, name) != value}
    if not changed:
        return entry
    for name, value in changed.items():
        setattr(entry, name, value)
    entry.updated_at = now()
    session.flush()
    audit.record(session, actor, "library.edited", entry, position_id=entry.origin_position_id,
                 data={"changed": sorted(changed), **_state(entry)})
    return entry


def readable(user: User) -> ColumnElement[bool]:
    """SQL for the entries the user may read: those taken from a restricted position only in its circle."""
    return or_(LibraryEntry.origin_position_id.is_(None), LibraryEntry.origin_position_id.in_(select(Position.id).where(visible_to(user))))


def get_entry(session: Session, actor: User, entry_id: int) -> LibraryEntry:
    """The entry with this id, if the user may read it."""
    require(can_read_library(actor), Msg("Your role does not give access to the library."))
    entry = session.scalar(select(LibraryEntry).where(LibraryEntry.id == entry_id, readable(actor)))
    if entry is None:
        raise NotFound(Msg("There is no library entry %(id)s.", id=entry_id), {"library_entry": entry_id})
    return entry


def _like(value: str) -> str:
    return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def list_entries(session: Session, actor: User, filters: LibraryFilter = LibraryFilter(), *,  # noqa: B008 - immutable
                 page: int = 1, per_page: int = 50) -> tuple[list[LibraryEntry], int]:
    """The entries the user may read that match the filters, newest first, one page; and how many match."""
    require(can_read_library(actor), Msg("Your role does not give access to the library."))
    if any(len(getattr(filters, name)) > MAX_FILTER_CHARS for name in ("status", "tag", "language", "meeting", "text")):
        raise ValidationFailed(Msg("A filter is longer than %(limit)s characters.", limit=Amount(MAX_FILTER_CHARS)), {"filter": "too long"})
    query = select(LibraryEntry).where(readable(actor))
    if filters.status:
        query = query.where(LibraryEntry.status == filters.status)
    if filters.language:
        query = query.where(LibraryEntry.language == filters.language)
    if filters.meeting:
        query = query.where(LibraryEntry.meeting.ilike(_like(filters.meeting), escape="\\"))
    if filters.text:
        pattern = _like(filters.text)
        query = query.where(or_(*(column.ilike(pattern, escape="\\") for column in
                                  (LibraryEntry.text, LibraryEntry.symbol, LibraryEntry.meeting, LibraryEntry.notes))))
    entries = list(session.scalars(query.order_by(LibraryEntry.created_at.desc(), LibraryEntry.id.desc())))
    if filters.tag:  # tags are a JSON list: filtered here, the same way on both databases
        tag = filters.tag.strip().lower()
        entries = [e for e in entries if tag in (e.tags or [])]
    per_page = max(1, min(per_page, MAX_PAGE))
    page = max(1, page)
    return entries[(page - 1) * per_page: page * per_page], len(entries)


def all_tags(session: Session, actor: User) -> list[str]:
    """Every tag used by an entry the user may read, sorted."""
    return sorted({t for tags in session.scalars(select(LibraryEntry.tags).where(readable(actor))) for t in (tags or [])})


def count_entries(session: Session) -> int:
    """How many entries the library holds."""
    return session.scalar(select(func.count(LibraryEntry.id))) or 0


def searchable(entry: LibraryEntry) -> dict[str, Any]:
    """What global search indexes of an entry: its text and fields, its language and what a hit shows."""
    return {
        "type": "library", "id": entry.id, "language": entry.language, "title": entry.label,
        "text": "\n".join(p for p in (entry.text, entry.notes, " ".join(entry.tags or [])) if p),
        "meeting": entry.meeting, "symbol": entry.symbol, "status": entry.status, "tags": list(entry.tags or []),
        "position_id": entry.origin_position_id, "date": entry.source_date,
    }
