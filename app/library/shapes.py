"""The JSON shapes of library entries, one definition for the API (`/api/v1/library`) and `plenipo library --json`."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field
from sqlalchemy.orm import Session

from app.json_shapes import Out, Timestamp, iso
from positions.models import LIBRARY_STATUSES, LibraryEntry, User
from positions.services import library_uses


class SourceOut(Out):
    meeting: str
    symbol: str
    paragraph: str
    date: str | None


class OriginOut(Out):
    position_id: int | None
    clause_uid: str | None
    version: int | None
    content_hash: str | None


class UseOut(Out):
    position_id: int
    clause_uid: str
    number: str | None = Field(description="The clause's number in the draft (null once deleted).")
    used_at: Timestamp | None


class EntryOut(Out):
    id: int
    text: str
    language: str
    source: SourceOut
    label: str = Field(description="The source as people cite it.")
    status: Literal[LIBRARY_STATUSES]
    tags: list[str]
    notes: str
    origin: OriginOut | None = Field(description="The clause, version and content hash it was taken from, if any.")
    created_at: Timestamp | None
    updated_at: Timestamp | None


class EntryDetail(EntryOut):
    used_in: list[UseOut]


class EntryList(Out):
    entries: list[EntryOut]
    total: int
    page: int
    next: int | None


def _fields(entry: LibraryEntry) -> dict:
    origin = None
    if entry.origin_clause_uid:
        origin = OriginOut(position_id=entry.origin_position_id, clause_uid=entry.origin_clause_uid,
                           version=entry.origin_version, content_hash=entry.origin_content_hash)
    return {
        "id": entry.id, "text": entry.text, "language": entry.language, "label": entry.label, "status": entry.status,
        "source": SourceOut(meeting=entry.meeting, symbol=entry.symbol, paragraph=entry.paragraph,
                            date=entry.source_date.isoformat() if isinstance(entry.source_date, dt.date) else None),
        "tags": list(entry.tags or []), "notes": entry.notes, "origin": origin,
        "created_at": iso(entry.created_at), "updated_at": iso(entry.updated_at),
    }


def entry_list(entries: list[LibraryEntry], total: int, page: int, per_page: int) -> EntryList:
    """One page of entries, with how many match and the next page's number (None on the last)."""
    more = page * per_page < total
    return EntryList(entries=[EntryOut(**_fields(e)) for e in entries], total=total, page=page, next=page + 1 if more else None)


def entry_detail(session: Session, reader: User, entry: LibraryEntry) -> EntryDetail:
    """An entry with where it was used, in the positions the reader may see."""
    uses = library_uses.used_in(session, reader, entry)
    return EntryDetail(**_fields(entry), used_in=[
        UseOut(position_id=u.position_id, clause_uid=u.clause_uid, number=u.number, used_at=iso(u.used_at)) for u in uses])
