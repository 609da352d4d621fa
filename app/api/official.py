"""Official documents through the API: import (with revision comparison), read, compare; links, coverage, plenary."""

from __future__ import annotations

import io
from datetime import date
from typing import Literal

from flask import g, request, send_file
from pydantic import Field

from app.api.base import bp
from app.api.openapi import DOCX, Binary, documented
from app.api.parsing import Body, Id, Query, examples, one_of, parse, parse_query
from app.api.shapes import Out, iso, respond
from app.extensions import db
from app.official.routes import debrief_docx
from exports.imports.official import import_official
from positions.errors import ValidationFailed
from positions.models import PLENARY_OUTCOMES, OfficialDocument
from positions.official.compare import STATUSES, ParagraphChange, counts
from positions.services import official_documents, official_links, plenary
from positions.services.positions import get_position

Status = Literal[STATUSES]


class OfficialImportForm(Query):
    file: bytes = Field(description="The .docx or text-based .pdf file.")
    symbol: str = Field(description="The document symbol, e.g. IPBES/12/2 or IPBES/12/2/Rev.1.")
    title: str
    meeting: str | None = None
    revision: str | None = Field(default=None, description="Rev.1, CRP.1, L.2 … (default: read from the symbol).")
    date: str | None = Field(default=None, description="The document's date, YYYY-MM-DD.")
    revision_of: Id | None = Field(default=None, description="The official document this one revises: it is compared with it.")


class OfficialParagraphOut(Out):
    id: int
    number: str = Field(description="As printed: '2', '2 (a)', 'A1'; '' when the paragraph has no official number.")
    kind: Literal["paragraph", "heading", "unnumbered"]
    heading: str
    text: str


class OfficialDocumentSummary(Out):
    id: int
    symbol: str
    revision: str
    title: str
    meeting: str
    date: str | None
    revision_of: int | None
    created_at: str | None


class OfficialDocumentOut(OfficialDocumentSummary):
    warnings: list[str] = Field(description="What the import could not number, and other remarks.")
    paragraphs: list[OfficialParagraphOut]


class OfficialDocumentList(Out):
    documents: list[OfficialDocumentSummary]


class OfficialChangeOut(Out):
    number: str
    old_number: str | None
    status: Status
    ops: list[tuple[int, str]] = Field(description="Word-level differences: (-1 removed | 0 same | 1 added, text).")


class OfficialComparisonOut(Out):
    counts: dict[str, int]
    paragraphs: list[OfficialChangeOut]


class OfficialDocumentImported(OfficialDocumentOut):
    comparison: OfficialComparisonOut | None = Field(description="The comparison with the revised document (none for a first revision).")
    flagged: int = Field(description="How many clause links were flagged 'official text changed — review'.")


class OfficialCompareQuery(Query):
    to: Id = Field(description="The other document: the comparison goes from this one to that one.")


class OfficialLinkIn(Body):
    model_config = examples({"document": 1, "paragraph": "2 (a)"})
    document: Id
    paragraph: str = Field(max_length=40, description="The paragraph's number as printed.")


class OfficialLinkOut(Out):
    id: int
    clause: str
    document: int
    paragraph: str
    official_changed: bool


class OfficialUnlinked(Out):
    id: int
    deleted: bool


class OfficialReviewed(Out):
    clause: str
    cleared: int = Field(description="How many flags were cleared.")
    official_changed: bool


class OfficialCoverageQuery(Query):
    document: Id


class OfficialCoveredOut(Out):
    number: str
    kind: str
    heading: str
    clauses: list[str] = Field(description="uids of the position's clauses linked to the paragraph.")
    flagged: list[str] = Field(description="uids whose link is flagged 'official text changed — review'.")


class OfficialCoverageOut(Out):
    document: int
    covered: int
    uncovered: int
    paragraphs: list[OfficialCoveredOut]


class OfficialOutcomeIn(Body):
    model_config = examples({"outcome": "bracketed", "text": "[by December 2027]", "note": "Brazil asked for brackets."})
    outcome: str = one_of(PLENARY_OUTCOMES)
    text: str | None = Field(default=None, description="The chair's text.")
    note: str | None = None


class OfficialOutcomeOut(Out):
    document: int
    paragraph: str
    outcome: str
    text: str
    note: str
    red_line_touched: bool
    updated_at: str | None


def _summary(d: OfficialDocument) -> dict:
    return {"id": d.id, "symbol": d.symbol, "revision": d.revision, "title": d.title, "meeting": d.meeting,
            "date": d.issued_on.isoformat() if d.issued_on else None, "revision_of": d.revision_of_id, "created_at": iso(d.created_at)}


def _document(d: OfficialDocument) -> dict:
    return {**_summary(d), "warnings": [str(w) for w in d.warning_messages], "paragraphs": [
        OfficialParagraphOut(id=p.id, number=p.number, kind=p.kind, heading=p.heading, text=p.text) for p in d.paragraphs]}


def _comparison(changes: list[ParagraphChange]) -> OfficialComparisonOut:
    return OfficialComparisonOut(counts=counts(changes), paragraphs=[
        OfficialChangeOut(number=c.number, old_number=c.old_number, status=c.status, ops=c.ops) for c in changes])


def _date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise ValidationFailed("Give the date as YYYY-MM-DD.", {"date": value[:40]}) from exc


@bp.get("/official-documents")
@documented("Official", {200: OfficialDocumentList}, errors=(403,))
def list_official_documents():
    """Every official document, newest first."""
    return respond(OfficialDocumentList(documents=[OfficialDocumentSummary(**_summary(d))
                                           for d in official_documents.list_documents(db.session, g.user)]))


@bp.post("/official-documents")
@documented("Official", {201: OfficialDocumentImported}, form=OfficialImportForm, errors=(403, 413))
def import_official_document():
    """Import a .docx or text PDF (pen-holder); with revision_of it is compared and linked clauses are flagged."""
    upload = request.files.get("file")
    if upload is None:
        raise ValidationFailed("Send the file as multipart/form-data in a field named 'file'.", {"file": "required"})
    form = request.form
    revision_of = form.get("revision_of", "").strip()
    if revision_of and not (revision_of.isdigit() and 0 < int(revision_of) < 2**31):
        raise ValidationFailed("revision_of must be an official document's id.", {"revision_of": revision_of[:40]})
    imported = import_official(
        db.session, g.user, upload.read(), filename=upload.filename or "", symbol=form.get("symbol", ""),
        title=form.get("title", ""), meeting=form.get("meeting", ""), revision=form.get("revision", ""),
        issued_on=_date(form.get("date")), revision_of=int(revision_of) if revision_of else None,
    )
    db.session.commit()
    return respond(OfficialDocumentImported(**_document(imported.document), flagged=imported.flagged,
                                    comparison=_comparison(imported.changes) if imported.changes else None), 201)


@bp.get("/official-documents/<int:document_id>")
@documented("Official", {200: OfficialDocumentOut}, errors=(403,))
def get_official_document(document_id: int):
    """One official document with its paragraphs as printed."""
    return respond(OfficialDocumentOut(**_document(official_documents.get_document(db.session, g.user, document_id))))


@bp.get("/official-documents/<int:document_id>/compare")
@documented("Official", {200: OfficialComparisonOut}, query=OfficialCompareQuery, errors=(403,))
def compare_official_documents(document_id: int):
    """Paragraph by paragraph from this document to ?to= (unchanged, changed, added, removed, renumbered)."""
    query = parse_query(OfficialCompareQuery)
    _old, _new, changes = official_documents.compare_documents(db.session, g.user, document_id, query.to)
    return respond(_comparison(changes))


def _link_out(link) -> OfficialLinkOut:
    return OfficialLinkOut(id=link.id, clause=link.clause.uid, document=link.paragraph.document_id, paragraph=link.paragraph.number,
                   official_changed=link.official_changed)


@bp.post("/positions/<int:position_id>/clauses/<uid>/links")
@documented("Official", {201: OfficialLinkOut}, body=OfficialLinkIn, errors=(403, 409))
def link_clause(position_id: int, uid: str):
    """Link a clause to an official paragraph (pen-holder); linking again answers the existing link."""
    position = get_position(db.session, g.user, position_id)
    body = parse(OfficialLinkIn)
    link = official_links.link_clause(db.session, g.user, position, uid, body.document, body.paragraph)
    db.session.commit()
    return respond(_link_out(link), 201)


@bp.delete("/positions/<int:position_id>/clauses/<uid>/links/<int:link_id>")
@documented("Official", {200: OfficialUnlinked}, errors=(403, 409))
def unlink_clause(position_id: int, uid: str, link_id: int):
    """Remove a link (pen-holder)."""
    position = get_position(db.session, g.user, position_id)
    official_links.unlink_clause(db.session, g.user, position, uid, link_id)
    db.session.commit()
    return respond(OfficialUnlinked(id=link_id, deleted=True))


@bp.post("/positions/<int:position_id>/clauses/<uid>/official-review")
@documented("Official", {200: OfficialReviewed}, errors=(403, 409))
def review_official_change(position_id: int, uid: str):
    """The pen-holder reviewed the clause against the new official text: clear its 'official text changed' flag."""
    position = get_position(db.session, g.user, position_id)
    cleared = official_links.clear_flag(db.session, g.user, position, uid)
    db.session.commit()
    return respond(OfficialReviewed(clause=uid, cleared=cleared, official_changed=False))


@bp.get("/positions/<int:position_id>/coverage")
@documented("Official", {200: OfficialCoverageOut}, query=OfficialCoverageQuery, errors=(403,))
def coverage(position_id: int):
    """Every paragraph of ?document= with the position's clauses linked to it (empty list: no Belgian line yet)."""
    position = get_position(db.session, g.user, position_id)
    query = parse_query(OfficialCoverageQuery)
    document, rows = official_links.coverage(db.session, g.user, position, query.document)
    numbered = [r for r in rows if r.paragraph.kind == "paragraph"]
    return respond(OfficialCoverageOut(
        document=document.id, covered=sum(1 for r in numbered if r.links), uncovered=sum(1 for r in numbered if not r.links),
        paragraphs=[OfficialCoveredOut(number=r.paragraph.number, kind=r.paragraph.kind, heading=r.paragraph.heading, clauses=r.uids,
                               flagged=[link.clause.uid for link in r.links if link.official_changed]) for r in rows if r.paragraph.number],
    ))


@bp.put("/positions/<int:position_id>/plenary/<int:document_id>/<paragraph>")
@documented("Official", {200: OfficialOutcomeOut}, body=OfficialOutcomeIn, errors=(403, 409))
def record_plenary(position_id: int, document_id: int, paragraph: str):
    """Record what happened to a paragraph in the room (pen-holder or delegation lead)."""
    position = get_position(db.session, g.user, position_id)
    body = parse(OfficialOutcomeIn)
    row = plenary.record_outcome(db.session, g.user, position, document_id, paragraph, outcome=body.outcome,
                                 chair_text=body.text, note=body.note)
    db.session.commit()
    _document_, rows = plenary.tracker(db.session, g.user, position, document_id)
    touched = next((r.red_line_touched for r in rows if r.covered.paragraph.id == row.paragraph_id), False)
    return respond(OfficialOutcomeOut(document=document_id, paragraph=row.paragraph.number, outcome=row.outcome, text=row.chair_text,
                              note=row.note, red_line_touched=touched, updated_at=iso(row.updated_at)))


@bp.get("/positions/<int:position_id>/plenary/<int:document_id>.docx")
@documented("Official", {200: Binary((DOCX,))}, errors=(403,))
def plenary_debrief(position_id: int, document_id: int):
    """The debrief report (Word) from the plenary tracker: outcomes, red lines touched, per paragraph the chair's text."""
    position = get_position(db.session, g.user, position_id)
    data = debrief_docx(position, document_id, g.user)
    return send_file(io.BytesIO(data), mimetype=DOCX, as_attachment=True, download_name=f"debrief-{document_id}.docx")
