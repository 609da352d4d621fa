"""Word export and import through the API."""

from __future__ import annotations

import io
from typing import Literal

from flask import g, request, send_file
from pydantic import Field

from app.api.base import bp
from app.api.openapi import CSV, DOCX, PDF, Binary, documented
from app.api.parsing import Id, Query, parse_query
from app.api.shapes import Out, PositionSummary, position_fields, respond
from app.errors import error_response
from app.extensions import db
from app.word.export_texts import import_languages, word_labels
from exports import formats
from exports.documents import export_position, parse_options
from exports.docx.library_sources import SOURCE_STYLES
from exports.imports.new_position import (
    WordFileRejected,
    import_new_position,
    preview_new_position,
    require_importer,
)
from exports.imports.reviewed import ReviewPlan, apply_reviewed, plan_reviewed
from positions.errors import ValidationFailed
from positions.kinds import clause_numbers
from positions.services.positions import DEFAULT_WORKFLOW, get_position

_TRUE = {"1", "true", "yes", "on"}


def _enum(schema: dict, choices: list) -> None:
    """Declare the registry's keys (formats or layouts) as the parameter's enum, read when the document is built."""
    schema["enum"] = [choice.key for choice in choices]


_FLAG = Field(default=None, json_schema_extra={"enum": ["1", "0", "true", "false", "yes", "no", "on", "off"]})


_SOURCES = Field(default=None, description="Write where library wording came from, as a Word comment or a footnote.",
                 json_schema_extra={"enum": list(SOURCE_STYLES)})


class ExportQuery(Query):
    version: Id | None = Field(default=None, description="A version number (default: the draft).")
    layout: str | None = Field(default=None, json_schema_extra=lambda schema: _enum(schema, formats.layouts()))
    comments: str | None = _FLAG
    redline_from: Id | None = Field(default=None, description="Show changes since this version.")
    library_sources: str | None = _SOURCES
    format: str | None = Field(default=None, description="Each format offers its own layouts (csv: comments_table).",
                               json_schema_extra=lambda schema: _enum(schema, formats.formats()))


class PdfExportQuery(Query):
    version: Id | None = Field(default=None, description="A version number (default: the draft).")
    layout: str | None = Field(default=None, json_schema_extra=lambda schema: _enum(schema, formats.FORMATS["pdf"].layouts))
    comments: str | None = _FLAG
    redline_from: Id | None = Field(default=None, description="Show changes since this version.")
    library_sources: str | None = _SOURCES


class CsvExportQuery(Query):
    version: Id | None = Field(default=None, description="A version number (default: the draft).")


class DryRunQuery(Query):
    dry_run: str | None = Field(default=None, description="1: preview only, nothing is saved.", json_schema_extra=_FLAG.json_schema_extra)


class NewPositionForm(Query):
    file: bytes = Field(description="The .docx file.")
    title: str | None = None
    meeting: str | None = None
    agenda_item: str | None = None
    document_symbol: str | None = None
    consulted: list[str] = Field(default_factory=list, description="Administration codes (repeat, or comma-separated).")
    confidentiality: str | None = None
    workflow: str | None = None
    objective: str | None = None


class ReviewedFileForm(Query):
    file: bytes = Field(description="The reviewed .docx file (Word comments and tracked changes).")


class ImportedClauseOut(Out):
    number: str = Field(description="Its number as the position will show it ('' for an internal note).")
    kind: str
    heading: str
    body: str
    level: int = Field(description="Its level as the position will show it: 0 for a section or a clause outside one, 1 inside.")


class ImportPreview(Out):
    """What the file would become (dry run): nothing was saved."""

    title: str
    meeting: str
    agenda_item: str
    document_symbol: str
    warnings: list[str]
    clauses: list[ImportedClauseOut]


class PositionImported(PositionSummary):
    """The position created from the file."""

    clauses: int = Field(description="How many clauses were imported.")
    warnings: list[str]


class ReviewItemOut(Out):
    clause: str
    number: str
    kind: str
    status: Literal["new", "duplicate", "exported", "skipped"]
    match: str | None
    quote: str | None
    body: str
    proposed_text: str | None
    note: str
    word_author: str
    existing_comment: int | None


class ReviewPlanOut(Out):
    """What the reviewed file holds for the caller's administration (dry run: nothing saved)."""

    administration: str
    counts: dict[str, int]
    items: list[ReviewItemOut]
    unmatched: list[str]
    warnings: list[str] = Field(description="What was changed while reading the file (e.g. hidden characters removed).")


class CreatedComment(Out):
    id: int
    kind: str
    clause: str | None
    parent_id: int | None


class ReviewImported(ReviewPlanOut):
    """The comments and amendments created from the file (none on a dry run)."""

    created: list[CreatedComment]


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


def _export(position_id: int, defaults: dict[str, str], query: type[Query]):
    position = get_position(db.session, g.user, position_id)
    parse_query(query)
    options = parse_options({**defaults, **request.args.to_dict()})
    result = export_position(db.session, g.user, position, options, word_labels(g.user.locale))
    db.session.commit()
    return send_file(io.BytesIO(result.data), mimetype=result.mimetype, as_attachment=True, download_name=result.filename)


@bp.get("/positions/<int:position_id>/export.docx")
@documented("Word", {200: Binary((DOCX, CSV, PDF))}, query=ExportQuery, errors=(403,))
def export_docx(position_id: int):
    """A version (or the draft) as .docx: ?version=&layout=&comments=&redline_from= (format=csv for the comments table)."""
    return _export(position_id, {}, ExportQuery)


@bp.get("/positions/<int:position_id>/export.pdf")
@documented("Word", {200: Binary((PDF,))}, query=PdfExportQuery, errors=(403,))
def export_pdf(position_id: int):
    """The same file as export.docx, as PDF (what gets printed); 503 when the server has no PDF converter."""
    return _export(position_id, {"format": "pdf"}, PdfExportQuery)


@bp.get("/positions/<int:position_id>/export.csv")
@documented("Word", {200: Binary((CSV,))}, query=CsvExportQuery, errors=(403,))
def export_csv(position_id: int):
    """The comments table as CSV (UTF-8 with BOM, for spreadsheets)."""
    return _export(position_id, {"layout": "comments_table", "format": "csv"}, CsvExportQuery)


@bp.post("/positions/import")
@documented("Word", {200: ImportPreview, 201: PositionImported}, form=NewPositionForm, query=DryRunQuery, errors=(403,))
def import_position():
    """Create a position from a .docx (pen-holder); ?dry_run=1 returns the preview and saves nothing."""
    require_importer(g.user)
    data, filename = _upload()
    preview = preview_new_position(data, import_languages())
    if _dry_run():
        return respond(ImportPreview(
            title=preview.title, **preview.fields, warnings=preview.warnings,
            clauses=[ImportedClauseOut(number=number, kind=c.kind, heading=c.heading, body=c.body, level=level)
                     for (number, level), c in zip(clause_numbers([c.kind for c in preview.clauses]), preview.clauses, strict=True)],
        ))
    form = request.form
    consulted = [code for value in form.getlist("consulted") for code in value.split(",") if code.strip()]
    position = import_new_position(
        db.session, g.user, data, title=form.get("title"), meeting=form.get("meeting"), agenda_item=form.get("agenda_item"),
        document_symbol=form.get("document_symbol"), consulted=consulted,
        confidentiality=form.get("confidentiality", "limited"), workflow_key=form.get("workflow", DEFAULT_WORKFLOW),
        objective=form.get("objective", ""), filename=filename, languages=import_languages(),
    )
    db.session.commit()
    summary = position_fields(position)
    return respond(PositionImported(**summary, clauses=len(preview.clauses), warnings=preview.warnings), 201)


def _plan_fields(plan: ReviewPlan) -> dict:
    return {
        "administration": plan.administration,
        "counts": {s: plan.count(s) for s in ("new", "duplicate", "exported", "skipped")} | {"unmatched": len(plan.unmatched)},
        "items": [
            ReviewItemOut(
                clause=item.clause_uid, number=plan.clauses[item.clause_uid].number, kind=item.kind,
                status=item.status, match=item.match, quote=item.quote, body=item.body,
                proposed_text=item.proposed_text, note=item.note, word_author=item.word_author,
                existing_comment=item.existing_id,
            )
            for item in plan.items
        ],
        "unmatched": plan.unmatched,
        "warnings": plan.warnings,
    }


@bp.post("/positions/<int:position_id>/import")
@documented("Word", {200: ReviewImported, 201: ReviewImported}, form=ReviewedFileForm, query=DryRunQuery, errors=(403, 409))
def import_reviewed(position_id: int):
    """Import a reviewed .docx as the caller's administration's comments and amendments (?dry_run=1: preview)."""
    position = get_position(db.session, g.user, position_id)
    data, filename = _upload()
    if _dry_run():
        return respond(ReviewImported(**_plan_fields(plan_reviewed(db.session, g.user, position, data, import_languages())), created=[]))
    outcome = apply_reviewed(db.session, g.user, position, data, filename=filename, languages=import_languages())
    db.session.commit()
    uids = {d.clause.id: uid for uid, d in outcome.plan.clauses.items()}
    created = [CreatedComment(id=c.id, kind=c.kind, clause=uids.get(c.clause_id), parent_id=c.parent_id) for c in outcome.created]
    return respond(ReviewImported(**_plan_fields(outcome.plan), created=created), 201 if outcome.created else 200)
