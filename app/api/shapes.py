"""What every area of the API answers with: the response base, errors, and the shapes several areas share."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from flask import Response, jsonify
from pydantic import BaseModel, Field

from app.json_shapes import Out, Timestamp, iso  # the base every API module imports from here
from positions.models import Administration, Position, User, Version
from positions.models.administration import ADMINISTRATION_KINDS
from positions.models.clause import CLAUSE_KINDS
from positions.models.user import ROLES
from positions.services.drafting import DraftClause

DiffOp = Annotated[tuple[Literal[-1, 0, 1], str], Field(description="(-1 deleted | 0 kept | 1 inserted, text)")]


class ErrorBody(Out):
    code: str = Field(description="Stable machine-readable code, e.g. 'not_found', 'conflict', 'invalid'.")
    message: str = Field(description="A sentence for people.")
    details: dict[str, Any] = Field(description="Which fields or objects are concerned (may be empty).")


class ErrorOut(Out):
    """Every 4xx and 5xx answer of the API."""

    error: ErrorBody


class AdministrationOut(Out):
    code: str
    name: str
    kind: Literal[ADMINISTRATION_KINDS]
    active: bool


class UserOut(Out):
    id: int
    email: str
    name: str
    role: Literal[ROLES]
    locale: str
    administration: AdministrationOut


class PositionSummary(Out):
    id: int
    title: str
    meeting: str
    agenda_item: str
    document_symbol: str
    workflow: str
    stage: str
    confidentiality: Literal["public", "limited", "restricted"]
    consulted: list[str] = Field(description="Codes of the consulted administrations.")
    last_change: Timestamp | None


class ClauseSource(Out):
    library_entry: int = Field(description="The library entry the clause's wording came from.")
    label: str = Field(description="Where the wording comes from, e.g. 'IPBES-11/1, para. 3'.")


class ClauseOut(Out):
    uid: str
    number: str
    level: int
    kind: Literal[CLAUSE_KINDS]
    heading: str
    body: str
    revision: int = Field(description="The revision to send as base_revision when editing.")
    brackets: int = Field(description="How many [square bracket] passages the body holds.")
    updated_at: Timestamp | None
    source: ClauseSource | None = Field(default=None, description="Set when the wording was taken from the library.")
    official_changed: bool = Field(default=False, description="An official paragraph it is linked to changed: review it.")


class VersionOut(Out):
    number: int
    stage: str
    note: str
    author: str
    created_at: Timestamp | None
    content_hash: str


def respond(body: BaseModel, status: int = 200) -> tuple[Response, int]:
    """A JSON answer from a response model (field aliases such as 'from' applied)."""
    return jsonify(body.model_dump(mode="json", by_alias=True)), status


def administration_json(a: Administration) -> AdministrationOut:
    return AdministrationOut(code=a.code, name=a.name, kind=a.kind, active=a.active)


def user_json(u: User) -> UserOut:
    return UserOut(
        id=u.id, email=u.email, name=u.name, role=u.role, locale=u.locale,
        administration=administration_json(u.administration),
    )


def position_fields(p: Position, last_change=None) -> dict:
    """The summary fields of a position, for the models that extend the summary."""
    return {
        "id": p.id,
        "title": p.title,
        "meeting": p.meeting,
        "agenda_item": p.agenda_item,
        "document_symbol": p.document_symbol,
        "workflow": p.workflow_key,
        "stage": p.stage,
        "confidentiality": p.confidentiality,
        "consulted": [a.code for a in p.consulted],
        "last_change": iso(last_change or p.updated_at),
    }


def position_summary_json(p: Position, last_change=None) -> PositionSummary:
    return PositionSummary(**position_fields(p, last_change))


def clause_json(d: DraftClause, sources: dict | None = None, flagged: set[str] = frozenset()) -> ClauseOut:
    """A clause as the API shows it; `sources` (library_uses.clause_sources) adds where its wording came from,
    `flagged` (official_links.flagged_uids) the clauses whose official paragraph changed."""
    r = d.revision
    entry = (sources or {}).get(d.clause.id)
    return ClauseOut(
        uid=d.uid, number=d.number, level=d.level, kind=r.kind, heading=r.heading, body=r.body,
        revision=r.id, brackets=d.brackets, updated_at=iso(r.created_at), official_changed=d.uid in flagged,
        source=ClauseSource(library_entry=entry.id, label=entry.label) if entry is not None else None,
    )


def version_json(v: Version) -> VersionOut:
    return VersionOut(
        number=v.number, stage=v.stage, note=v.note, author=v.author.name,
        created_at=iso(v.created_at), content_hash=v.content_hash,
    )
