"""Word export and import through the API."""

from __future__ import annotations

import io
from typing import Any

from flask import g, jsonify, request, send_file

from app.api import bp
from app.api.serializers import position_summary_json
from app.errors import error_response
from app.extensions import db
from app.word_documents import export_position, parse_options
from app.word_imports import WordFileRejected, import_new_position, preview_new_position
from app.word_review import ReviewPlan, apply_reviewed, plan_reviewed
from positions.errors import ValidationFailed
from positions.services.positions import DEFAULT_WORKFLOW, get_position

_TRUE = {"1", "true", "yes", "on"}


@bp.errorhandler(WordFileRejected)
def word_file_rejected(error: WordFileRejected):
    """A file that cannot be imported: 413 when too large, 422 otherwise, nothing saved."""
    db.session.rollback()
    return error_response(413 if error.code == "too_large" else 422, error.code, error.message, error.details)


def _upload() -> tuple[bytes, str]:
    upload = request.files.get("file")
    if upload is None:
        raise ValidationFailed("Send the .docx as multipart/form-data in a field named 'file'.", {"file": "required"})
    return upload.read(), upload.filename or ""


def _dry_run() -> bool:
    return request.args.get("dry_run", "").strip().lower() in _TRUE


def _export(position_id: int, defaults: dict[str, str]):
    position = get_position(db.session, g.user, position_id)
    options = parse_options({**defaults, **request.args.to_dict()})
    result = export_position(db.session, g.user, position, options)
    db.session.commit()
    return send_file(io.BytesIO(result.data), mimetype=result.mimetype, as_attachment=True, download_name=result.filename)


@bp.get("/positions/<int:position_id>/export.docx")
def export_docx(position_id: int):
    """A version (or the draft) as .docx: ?version=&layout=&comments=&redline_from= (format=csv for the comments table)."""
    return _export(position_id, {})


@bp.get("/positions/<int:position_id>/export.csv")
def export_csv(position_id: int):
    """The comments table as CSV (UTF-8 with BOM, for spreadsheets)."""
    return _export(position_id, {"layout": "comments_table", "format": "csv"})


@bp.post("/positions/import")
def import_position():
    """Create a position from a .docx (pen-holder); ?dry_run=1 returns the preview and saves nothing."""
    data, filename = _upload()
    preview = preview_new_position(data)
    if _dry_run():
        return jsonify({
            "title": preview.title, **preview.fields, "warnings": preview.warnings,
            "clauses": [{"kind": c.kind, "heading": c.heading, "body": c.body, "level": c.level} for c in preview.clauses],
        })
    form = request.form
    consulted = [code for value in form.getlist("consulted") for code in value.split(",") if code.strip()]
    position = import_new_position(
        db.session, g.user, data, title=form.get("title"), meeting=form.get("meeting"), agenda_item=form.get("agenda_item"),
        document_symbol=form.get("document_symbol"), consulted=consulted,
        confidentiality=form.get("confidentiality", "limited"), workflow_key=form.get("workflow", DEFAULT_WORKFLOW),
        objective=form.get("objective", ""), filename=filename,
    )
    db.session.commit()
    return jsonify({**position_summary_json(position), "clauses": len(preview.clauses), "warnings": preview.warnings}), 201


def _plan_json(plan: ReviewPlan) -> dict[str, Any]:
    return {
        "administration": plan.administration,
        "counts": {s: plan.count(s) for s in ("new", "duplicate", "exported", "skipped")} | {"unmatched": len(plan.unmatched)},
        "items": [
            {
                "clause": item.clause_uid, "number": plan.clauses[item.clause_uid].number, "kind": item.kind,
                "status": item.status, "match": item.match, "quote": item.quote, "body": item.body,
                "proposed_text": item.proposed_text, "note": item.note, "word_author": item.word_author,
                "existing_comment": item.existing_id,
            }
            for item in plan.items
        ],
        "unmatched": plan.unmatched,
    }


@bp.post("/positions/<int:position_id>/import")
def import_reviewed(position_id: int):
    """Import a reviewed .docx as the caller's administration's comments and amendments (?dry_run=1: preview)."""
    position = get_position(db.session, g.user, position_id)
    data, filename = _upload()
    if _dry_run():
        return jsonify(_plan_json(plan_reviewed(db.session, g.user, position, data)))
    outcome = apply_reviewed(db.session, g.user, position, data, filename=filename)
    db.session.commit()
    uids = {d.clause.id: uid for uid, d in outcome.plan.clauses.items()}
    created = [{"id": c.id, "kind": c.kind, "clause": uids.get(c.clause_id), "parent_id": c.parent_id} for c in outcome.created]
    return jsonify(_plan_json(outcome.plan) | {"created": created}), 201 if outcome.created else 200
