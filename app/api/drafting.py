"""Clauses, versions and comparison through the API."""

from __future__ import annotations

from dataclasses import asdict
from typing import Literal

from flask import g, request
from pydantic import Field

from app.api.base import bp
from app.api.openapi import documented
from app.api.parsing import Body, Id, Query, examples, one_of, parse
from app.api.shapes import (
    ClauseOut,
    DiffOp,
    Out,
    Timestamp,
    VersionOut,
    clause_json,
    iso,
    respond,
    version_json,
)
from app.extensions import db
from positions.models import ClauseRevision
from positions.models.clause import CLAUSE_KINDS
from positions.services import comparing, drafting, editing, library_uses, versions
from positions.services.positions import get_position


class ClauseCreate(Body):
    model_config = examples({"kind": "line_to_take", "body": "Belgium **supports** the assessment."})

    kind: str = one_of(CLAUSE_KINDS, "text")
    heading: str = ""
    body: str = ""
    after: str | None = Field(default=None, description="Insert after this clause uid (default: at the end).")
    library_entry: Id | None = Field(default=None, description="Take the wording from this library entry (body: its text "
                                     "unless given); the clause keeps a link to the entry's source.")


class ClauseUpdate(Body):
    base_revision: Id | None = Field(default=None, description="The revision the edit starts from (required).")
    body: str | None = None
    heading: str | None = None
    kind: str | None = one_of(CLAUSE_KINDS, None, nullable=True)


class ClauseMove(Body):
    after: str | None = Field(default=None, description="Move after this clause uid; null: to the top.")


class VersionCreate(Body):
    model_config = examples({"note": "For the coordination meeting"})

    note: str = Field(default="", max_length=1000)


class CompareQuery(Query):
    from_: str = Field(alias="from", description="A version number.", json_schema_extra={"pattern": "^[0-9]+$"})
    to: str = Field(default="draft", description="A version number or 'draft'.", json_schema_extra={"pattern": "^([0-9]+|draft)$"})


class ClauseEdited(Out):
    clause: ClauseOut
    merged: bool = Field(description="True when the edit was merged with someone else's.")
    changed: bool


class ClauseDeleted(Out):
    uid: str
    deleted: bool
    revision: int


class RevisionOut(Out):
    revision: int
    base_revision: int | None
    author: str
    created_at: Timestamp | None
    kind: Literal[CLAUSE_KINDS]
    heading: str
    body: str
    deleted: bool


class ClauseHistory(Out):
    uid: str
    revisions: list[RevisionOut]


class VersionDetail(VersionOut):
    clauses: list[ClauseOut]


class ComparisonSummary(Out):
    changed: int
    added: int
    removed: int
    moved: int
    unchanged: int
    text: str


class ClauseChangeOut(Out):
    uid: str
    status: Literal["added", "removed", "moved", "modified", "unchanged"]
    moved: bool
    old_number: str | None
    new_number: str | None
    heading_ops: list[DiffOp]
    body_ops: list[DiffOp]


class ComparisonOut(Out):
    from_: str = Field(alias="from")
    to: str
    summary: ComparisonSummary
    clauses: list[ClauseChangeOut]


def revision_json(r: ClauseRevision) -> RevisionOut:
    return RevisionOut(
        revision=r.id, base_revision=r.base_revision_id, author=r.author.name, created_at=iso(r.created_at),
        kind=r.kind, heading=r.heading, body=r.body, deleted=r.deleted,
    )


def _draft_clause(position, uid):
    return next(d for d in drafting.draft(db.session, position) if d.uid == uid)


@bp.post("/positions/<int:position_id>/clauses")
@documented("Drafting", {201: ClauseOut}, body=ClauseCreate, errors=(403, 404, 409))
def add_clause(position_id: int):
    """Add a clause (pen-holder)."""
    position = get_position(db.session, g.user, position_id)
    body = parse(ClauseCreate)
    if body.library_entry is not None:
        clause = library_uses.insert_as_clause(db.session, g.user, position, body.library_entry, kind=body.kind,
                                               heading=body.heading, body=body.body, after=body.after)
    else:
        clause = drafting.add_clause(db.session, g.user, position, kind=body.kind, heading=body.heading, body=body.body, after=body.after)
    db.session.commit()
    return respond(clause_json(_draft_clause(position, clause.uid), library_uses.clause_sources(db.session, position)), 201)


@bp.patch("/positions/<int:position_id>/clauses/<uid>")
@documented("Drafting", {200: ClauseEdited}, body=ClauseUpdate, errors=(403, 409))
def edit_clause(position_id: int, uid: str):
    """Edit a clause on top of base_revision: 200 (saved or merged) or 409 with base/theirs/yours."""
    position = get_position(db.session, g.user, position_id)
    body = parse(ClauseUpdate)
    result = editing.edit_clause(
        db.session, g.user, position, uid, base_revision=body.base_revision, body=body.body, heading=body.heading, kind=body.kind
    )
    db.session.commit()
    return respond(ClauseEdited(clause=clause_json(_draft_clause(position, uid)), merged=result.merged, changed=result.changed))


@bp.post("/positions/<int:position_id>/clauses/<uid>/move")
@documented("Drafting", {200: ClauseOut}, body=ClauseMove, errors=(403, 409))
def move_clause(position_id: int, uid: str):
    """Move a clause after another one (null: to the top)."""
    position = get_position(db.session, g.user, position_id)
    body = parse(ClauseMove)
    editing.move_clause(db.session, g.user, position, uid, after=body.after)
    db.session.commit()
    return respond(clause_json(_draft_clause(position, uid)))


@bp.delete("/positions/<int:position_id>/clauses/<uid>")
@documented("Drafting", {200: ClauseDeleted}, errors=(403, 409))
def delete_clause(position_id: int, uid: str):
    """Delete a clause from the draft (its history stays)."""
    position = get_position(db.session, g.user, position_id)
    revision = editing.delete_clause(db.session, g.user, position, uid)
    db.session.commit()
    return respond(ClauseDeleted(uid=uid, deleted=True, revision=revision.id))


@bp.get("/positions/<int:position_id>/clauses/<uid>/history")
@documented("Drafting", {200: ClauseHistory}, errors=(403,))
def clause_history(position_id: int, uid: str):
    """Every revision of a clause, oldest first."""
    position = get_position(db.session, g.user, position_id)
    revisions = editing.history(db.session, position, uid)
    return respond(ClauseHistory(uid=uid, revisions=[revision_json(r) for r in revisions]))


@bp.post("/positions/<int:position_id>/versions")
@documented("Drafting", {201: VersionOut}, body=VersionCreate, errors=(403, 409))
def take_version(position_id: int):
    """Take a version of the draft (pen-holder)."""
    position = get_position(db.session, g.user, position_id)
    body = parse(VersionCreate)
    version = versions.take_version(db.session, g.user, position, body.note)
    db.session.commit()
    return respond(version_json(version), 201)


@bp.get("/positions/<int:position_id>/versions/<int:number>")
@documented("Drafting", {200: VersionDetail}, errors=(403,))
def get_version(position_id: int, number: int):
    """A version with its clauses as they were."""
    position = get_position(db.session, g.user, position_id)
    version = versions.get_version(db.session, position, number)
    clauses = [clause_json(c) for c in versions.version_clauses(db.session, version)]
    return respond(VersionDetail(**version_json(version).model_dump(), clauses=clauses))


@bp.get("/positions/<int:position_id>/compare")
@documented("Drafting", {200: ComparisonOut}, query=CompareQuery, errors=(403,))
def compare(position_id: int):
    """Compare two versions, or a version and the draft (to=draft)."""
    position = get_position(db.session, g.user, position_id)
    old_ref = comparing.parse_ref(request.args.get("from"), "from")
    new_ref = comparing.parse_ref(request.args.get("to", "draft"), "to")
    old, new, comparison = comparing.compare_refs(db.session, position, old_ref, new_ref)
    old_numbers, new_numbers = old.numbers(), new.numbers()
    return respond(ComparisonOut(
        from_=old.label,
        to=new.label,
        summary=ComparisonSummary(**asdict(comparison.summary), text=comparison.summary_text()),
        clauses=[
            ClauseChangeOut(
                uid=e.uid, status=e.status, moved=e.moved,
                old_number=old_numbers.get(e.uid), new_number=new_numbers.get(e.uid),
                heading_ops=e.heading_ops, body_ops=e.body_ops,
            )
            for e in comparison.entries
        ],
    ))
