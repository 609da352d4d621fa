"""JSON shapes of domain objects."""

from __future__ import annotations

from typing import Any

from positions.models import Administration, Position, User, Version
from positions.services.drafting import DraftClause


def iso(value) -> str | None:
    """A timestamp as ISO 8601 UTC."""
    return value.isoformat(timespec="seconds") + "Z" if value else None


def administration_json(a: Administration) -> dict[str, Any]:
    return {"code": a.code, "name": a.name, "kind": a.kind, "active": a.active}


def user_json(u: User) -> dict[str, Any]:
    return {
        "id": u.id,
        "email": u.email,
        "name": u.name,
        "role": u.role,
        "locale": u.locale,
        "administration": administration_json(u.administration),
    }


def position_summary_json(p: Position, last_change=None) -> dict[str, Any]:
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


def clause_json(d: DraftClause) -> dict[str, Any]:
    r = d.revision
    return {
        "uid": d.uid,
        "number": d.number,
        "level": d.level,
        "kind": r.kind,
        "heading": r.heading,
        "body": r.body,
        "revision": r.id,
        "brackets": d.brackets,
        "updated_at": iso(r.created_at),
    }


def version_json(v: Version) -> dict[str, Any]:
    return {
        "number": v.number,
        "stage": v.stage,
        "note": v.note,
        "author": v.author.name,
        "created_at": iso(v.created_at),
        "content_hash": v.content_hash,
    }
