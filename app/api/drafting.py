"""Clauses, versions and comparison through the API."""

from __future__ import annotations

from dataclasses import asdict

from flask import g, jsonify, request

from app.api import bp
from app.api.schemas import ClauseCreate, ClauseMove, ClauseUpdate, VersionCreate, parse
from app.api.serializers import clause_json, iso, version_json
from app.extensions import db
from positions.services import comparing, drafting, editing, versions
from positions.services.positions import get_position


def _draft_clause(position, uid):
    return next(d for d in drafting.draft(db.session, position) if d.uid == uid)


@bp.post("/positions/<int:position_id>/clauses")
def add_clause(position_id: int):
    """Add a clause (pen-holder)."""
    position = get_position(db.session, g.user, position_id)
    body = parse(ClauseCreate)
    clause = drafting.add_clause(db.session, g.user, position, kind=body.kind, heading=body.heading, body=body.body, after=body.after)
    db.session.commit()
    return jsonify(clause_json(_draft_clause(position, clause.uid))), 201


@bp.patch("/positions/<int:position_id>/clauses/<uid>")
def edit_clause(position_id: int, uid: str):
    """Edit a clause on top of base_revision: 200 (saved or merged) or 409 with base/theirs/yours."""
    position = get_position(db.session, g.user, position_id)
    body = parse(ClauseUpdate)
    result = editing.edit_clause(
        db.session, g.user, position, uid, base_revision=body.base_revision, body=body.body, heading=body.heading, kind=body.kind
    )
    db.session.commit()
    data = clause_json(_draft_clause(position, uid))
    return jsonify({"clause": data, "merged": result.merged, "changed": result.changed})


@bp.post("/positions/<int:position_id>/clauses/<uid>/move")
def move_clause(position_id: int, uid: str):
    """Move a clause after another one (null: to the top)."""
    position = get_position(db.session, g.user, position_id)
    body = parse(ClauseMove)
    editing.move_clause(db.session, g.user, position, uid, after=body.after)
    db.session.commit()
    return jsonify(clause_json(_draft_clause(position, uid)))


@bp.delete("/positions/<int:position_id>/clauses/<uid>")
def delete_clause(position_id: int, uid: str):
    """Delete a clause from the draft (its history stays)."""
    position = get_position(db.session, g.user, position_id)
    revision = editing.delete_clause(db.session, g.user, position, uid)
    db.session.commit()
    return jsonify({"uid": uid, "deleted": True, "revision": revision.id})


@bp.get("/positions/<int:position_id>/clauses/<uid>/history")
def clause_history(position_id: int, uid: str):
    """Every revision of a clause, oldest first."""
    position = get_position(db.session, g.user, position_id)
    revisions = editing.history(db.session, position, uid)
    return jsonify({"uid": uid, "revisions": [
        {
            "revision": r.id, "base_revision": r.base_revision_id, "author": r.author.name, "created_at": iso(r.created_at),
            "kind": r.kind, "heading": r.heading, "body": r.body, "deleted": r.deleted,
        }
        for r in revisions
    ]})


@bp.post("/positions/<int:position_id>/versions")
def take_version(position_id: int):
    """Take a version of the draft (pen-holder)."""
    position = get_position(db.session, g.user, position_id)
    body = parse(VersionCreate)
    version = versions.take_version(db.session, g.user, position, body.note)
    db.session.commit()
    return jsonify(version_json(version)), 201


@bp.get("/positions/<int:position_id>/versions/<int:number>")
def get_version(position_id: int, number: int):
    """A version with its clauses as they were."""
    position = get_position(db.session, g.user, position_id)
    version = versions.get_version(db.session, position, number)
    data = version_json(version)
    data["clauses"] = [clause_json(c) for c in versions.version_clauses(db.session, version)]
    return jsonify(data)


@bp.get("/positions/<int:position_id>/compare")
def compare(position_id: int):
    """Compare two versions, or a version and the draft (to=draft)."""
    position = get_position(db.session, g.user, position_id)
    old_ref = comparing.parse_ref(request.args.get("from"), "from")
    new_ref = comparing.parse_ref(request.args.get("to", "draft"), "to")
    old, new, comparison = comparing.compare_refs(db.session, position, old_ref, new_ref)
    old_numbers, new_numbers = old.numbers(), new.numbers()
    return jsonify({
        "from": old.label,
        "to": new.label,
        "summary": {**asdict(comparison.summary), "text": comparison.summary_text()},
        "clauses": [
            {
                "uid": e.uid, "status": e.status, "moved": e.moved,
                "old_number": old_numbers.get(e.uid), "new_number": new_numbers.get(e.uid),
                "heading_ops": e.heading_ops, "body_ops": e.body_ops,
            }
            for e in comparison.entries
        ],
    })
