"""JSON shapes of domain objects, built (and so checked) through the response models."""

from __future__ import annotations

from flask import Response, jsonify
from pydantic import BaseModel

from app.api.responses import (
    AdministrationOut,
    ClauseOut,
    PositionSummary,
    RevisionOut,
    TokenInfo,
    UserOut,
    VersionOut,
)
from positions.models import Administration, ApiToken, ClauseRevision, Position, User, Version
from positions.services.drafting import DraftClause


def iso(value) -> str | None:
    """A timestamp as ISO 8601 UTC."""
    return value.isoformat(timespec="seconds") + "Z" if value else None


def respond(body: BaseModel, status: int = 200) -> tuple[Response, int]:
    """A JSON answer from a response model (field aliases such as 'from' applied)."""
    return jsonify(body.model_dump(mode="json", by_alias=True)), status


def administration_json(a: Administration) -> AdministrationOut:
    return AdministrationOut(code=a.code, name=a.name, kind=a.kind, active=a.active)


def token_json(t: ApiToken, current: ApiToken | None) -> TokenInfo:
    return TokenInfo(id=t.id, label=t.label, created_at=iso(t.created_at), last_used_at=iso(t.last_used_at),
                     expires_at=iso(t.expires_at), current=current is not None and t.id == current.id)


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


def clause_json(d: DraftClause) -> ClauseOut:
    r = d.revision
    return ClauseOut(
        uid=d.uid, number=d.number, level=d.level, kind=r.kind, heading=r.heading, body=r.body,
        revision=r.id, brackets=d.brackets, updated_at=iso(r.created_at),
    )


def revision_json(r: ClauseRevision) -> RevisionOut:
    return RevisionOut(
        revision=r.id, base_revision=r.base_revision_id, author=r.author.name, created_at=iso(r.created_at),
        kind=r.kind, heading=r.heading, body=r.body, deleted=r.deleted,
    )


def version_json(v: Version) -> VersionOut:
    return VersionOut(
        number=v.number, stage=v.stage, note=v.note, author=v.author.name,
        created_at=iso(v.created_at), content_hash=v.content_hash,
    )
