"""The agreed-language library through the API: list, read, add and edit entries."""

from __future__ import annotations

from flask import g
from pydantic import Field

from app.api.base import bp
from app.api.openapi import documented
from app.api.parsing import Body, Query, examples, one_of, parse, parse_query
from app.api.shapes import respond
from app.extensions import db
from app.library.shapes import EntryDetail, EntryList, entry_detail, entry_list
from positions.models import LIBRARY_LANGUAGES, LIBRARY_STATUSES
from positions.services import library

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
    return respond(entry_list(entries, total, query.page, query.per_page))


@bp.post("/library")
@documented("Library", {201: EntryDetail}, body=EntryCreate, errors=(403,))
def create_library_entry():
    """Add wording to the library (pen-holder, delegation lead)."""
    body = parse(EntryCreate)
    entry = library.create_entry(db.session, g.user, **_service_fields(body))
    db.session.commit()
    return respond(entry_detail(db.session, g.user, entry), 201)


@bp.get("/library/<int:entry_id>")
@documented("Library", {200: EntryDetail}, errors=(403,))
def get_library_entry(entry_id: int):
    """An entry with its source, provenance and where it was used (positions the caller may see)."""
    return respond(entry_detail(db.session, g.user, library.get_entry(db.session, g.user, entry_id)))


@bp.patch("/library/<int:entry_id>")
@documented("Library", {200: EntryDetail}, body=EntryUpdate, errors=(403,))
def update_library_entry(entry_id: int):
    """Change some fields of an entry (pen-holder, delegation lead); its provenance stays."""
    entry = library.get_entry(db.session, g.user, entry_id)
    body = parse(EntryUpdate)
    fields = {k: v for k, v in _service_fields(body).items() if v is not None or k == "source_date"}
    library.update_entry(db.session, g.user, entry, **fields)
    db.session.commit()
    return respond(entry_detail(db.session, g.user, entry))

