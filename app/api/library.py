"""The agreed-language library through the API: list, read, add and edit entries."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from flask import g
from pydantic import Field

from app.api.base import bp
from app.api.openapi import documented
from app.api.parsing import Body, Query, examples, one_of, parse, parse_query
from app.api.shapes import Out, Timestamp, iso, respond
from app.extensions import db
from positions.models import LIBRARY_LANGUAGES, LIBRARY_STATUSES, LibraryEntry
from positions.services import library, library_uses

EXAMPLE = {"text": "Welcomes the nexus assessment;", "language": "en", "status": "adopted_plenary", "tags": ["nexus"],
           "source": {"meeting": "IPBES-11", "symbol": "IPBES-11/1", "paragraph": "3", "date": "2024-12-16"}}


class SourceIn(Body):
    meeting: str = ""
    symbol: str = ""
    paragraph: str = ""
    date: str | None = Field(default=None, description="YYYY-MM-DD", json_schema_extra={"format": "date"})


class EntryCreate(Body):
    model_config = examples(EXAMPLE)

    text: str = Field(description="The wording (Markdown).")
    language: str = one_of(LIBRARY_LANGUAGES, "en")
    source: SourceIn = Field(default_factory=SourceIn)
    status: str = one_of(LIBRARY_STATUSES, "proposed")
    tags: list[str] = Field(default_factory=list)
    notes: str = ""


class EntryUpdate(Body):
    model_config = examples({"status": "agreed_eu", "tags": ["nexus", "eu"]})

    text: str | None = None
    language: str | None = one_of(LIBRARY_LANGUAGES, None, nullable=True)
    source: SourceIn | None = None
    status: str | None = one_of(LIBRARY_STATUSES, None, nullable=True)
    tags: list[str] | None = None
    notes: str | None = None


class LibraryQuery(Query):
    q: str | None = Field(default=None, description="Words the wording, symbol, meeting or notes contain.", max_length=200)
    status: str | None = Field(default=None, max_length=200)
    tag: str | None = Field(default=None, max_length=200)
    language: str | None = Field(default=None, max_length=200)
    meeting: str | None = Field(default=None, max_length=200)
    page: int = Field(default=1, ge=1, le=100_000)
    per_page: int = Field(default=50, ge=1, le=library.MAX_PAGE)


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


def _detail(entry: LibraryEntry) -> EntryDetail:
    uses = library_uses.used_in(db.session, g.user, entry)
    return EntryDetail(**_fields(entry), used_in=[
        UseOut(position_id=u.position_id, clause_uid=u.clause_uid, number=u.number, used_at=iso(u.used_at)) for u in uses])


def _service_fields(body: Body) -> dict:
    """The request's fields as the service names them (source flattened), only those sent."""
    data = body.model_dump(exclude_unset=True)
    source = data.pop("source", None) or {}
    if "date" in source:
        source["source_date"] = source.pop("date")
    return {**data, **source}


@bp.get("/library")
@documented("Library", {200: EntryList}, query=LibraryQuery, errors=(403,))
def list_library():
    """Library entries the caller may read: ?q=&status=&tag=&language=&meeting=&page=&per_page=."""
    query = parse_query(LibraryQuery)
    filters = library.LibraryFilter(status=query.status or "", tag=query.tag or "", language=query.language or "",
                                    meeting=query.meeting or "", text=(query.q or "").strip())
    entries, total = library.list_entries(db.session, g.user, filters, page=query.page, per_page=query.per_page)
    more = query.page * query.per_page < total
    return respond(EntryList(entries=[EntryOut(**_fields(e)) for e in entries], total=total, page=query.page,
                             next=query.page + 1 if more else None))


@bp.post("/library")
@documented("Library", {201: EntryDetail}, body=EntryCreate, errors=(403,))
def create_library_entry():
    """Add wording to the library (pen-holder, delegation lead)."""
    body = parse(EntryCreate)
    entry = library.create_entry(db.session, g.user, **_service_fields(body))
    db.session.commit()
    return respond(_detail(entry), 201)


@bp.get("/library/<int:entry_id>")
@documented("Library", {200: EntryDetail}, errors=(403,))
def get_library_entry(entry_id: int):
    """An entry with its source, provenance and where it was used (positions the caller may see)."""
    return respond(_detail(library.get_entry(db.session, g.user, entry_id)))


@bp.patch("/library/<int:entry_id>")
@documented("Library", {200: EntryDetail}, body=EntryUpdate, errors=(403,))
def update_library_entry(entry_id: int):
    """Change some fields of an entry (pen-holder, delegation lead); its provenance stays."""
    entry = library.get_entry(db.session, g.user, entry_id)
    body = parse(EntryUpdate)
    fields = {k: v for k, v in _service_fields(body).items() if v is not None or k == "source_date"}
    library.update_entry(db.session, g.user, entry, **fields)
    db.session.commit()
    return respond(_detail(entry))

