"""The API of the governments' comments on an official document: per paragraph with page and line, adopted by
the pen-holder into the Belgian set, which downloads as the Secretariat's Word table, CSV or Excel sheet."""

from __future__ import annotations

import io

from flask import g, request, send_file
from pydantic import Field

from app.api.base import bp
from app.api.openapi import CSV, DOCX, Binary, documented
from app.api.parsing import Body, Id, Query, examples, parse, parse_query
from app.api.shapes import Out, respond
from app.extensions import db
from exports.official_comments import XLSX_MEDIA_TYPE, comments_csv, comments_docx, comments_xlsx
from positions.errors import ValidationFailed
from positions.services import official_comments as official_comments_service
from positions.services import official_documents


class OfficialCommentIn(Body):
    model_config = examples({"paragraph": "2 (a)", "page": 3, "line": "12-14", "comment": "Belgium asks for a date.",
                             "proposed_text": "[by December 2027]"})
    paragraph: str = Field(max_length=40)
    page: Id | None = None
    line: str | None = Field(default=None, max_length=20)
    comment: str | None = None
    proposed_text: str | None = None


class OfficialAdoptIn(Body):
    model_config = examples({"comment": "Belgium proposes a date.", "proposed_text": "[by December 2027]"})
    comment: str | None = Field(default=None, description="The Belgian wording (default: the administration's).")
    proposed_text: str | None = None


class OfficialCommentOut(Out):
    id: int
    paragraph: str
    page: int | None
    line: str
    comment: str
    proposed_text: str
    administration: str
    belgian: bool
    source: int | None = Field(description="For a Belgian entry, the administration comment it was adopted from.")


class OfficialCommentList(Out):
    comments: list[OfficialCommentOut]


class OfficialCommentsQuery(Query):
    set: str | None = Field(default=None, json_schema_extra={"enum": ["administrations", "belgian"]},
                            description="administrations (default) or belgian: the merged set.")


class OfficialCommentDropped(Out):
    id: int
    deleted: bool


def _comment_out(c) -> OfficialCommentOut:
    return OfficialCommentOut(id=c.id, paragraph=c.paragraph.number, page=c.page, line=c.line, comment=c.comment,
                              proposed_text=c.proposed_text, administration=c.administration.code, belgian=c.belgian, source=c.source_id)


@bp.get("/official-documents/<int:document_id>/comments")
@documented("Official", {200: OfficialCommentList}, query=OfficialCommentsQuery, errors=(403,))
def official_comments(document_id: int):
    """Government comments on the document: the administrations' (default) or the merged Belgian set (?set=belgian)."""
    query = parse_query(OfficialCommentsQuery)
    if query.set not in (None, "", "administrations", "belgian"):
        raise ValidationFailed("set is 'administrations' or 'belgian'.", {"set": query.set[:40]})
    rows = official_comments_service.comments(db.session, g.user, document_id, belgian=query.set == "belgian")
    return respond(OfficialCommentList(comments=[_comment_out(c) for c in rows]))


@bp.post("/official-documents/<int:document_id>/comments")
@documented("Official", {201: OfficialCommentOut}, body=OfficialCommentIn, errors=(403,))
def post_official_comment(document_id: int):
    """Comment on a paragraph for the caller's administration (page and line where given)."""
    body = parse(OfficialCommentIn)
    row = official_comments_service.post_comment(db.session, g.user, document_id, body.paragraph, page=body.page, line=body.line,
                                                 comment=body.comment, proposed_text=body.proposed_text)
    db.session.commit()
    return respond(_comment_out(row), 201)


@bp.post("/official-comments/<int:comment_id>/adopt")
@documented("Official", {201: OfficialCommentOut}, body=OfficialAdoptIn, body_required=False, errors=(403,))
def adopt_official_comment(comment_id: int):
    """Take an administration's comment into the Belgian set, its wording edited if given (pen-holder)."""
    body = parse(OfficialAdoptIn) if request.get_data() else OfficialAdoptIn()
    row = official_comments_service.adopt(db.session, g.user, comment_id, comment=body.comment, proposed_text=body.proposed_text)
    db.session.commit()
    return respond(_comment_out(row), 201)


@bp.delete("/official-comments/<int:comment_id>")
@documented("Official", {200: OfficialCommentDropped}, errors=(403,))
def drop_official_comment(comment_id: int):
    """Remove an entry from the Belgian set (pen-holder); the administration's comment stays."""
    official_comments_service.drop(db.session, g.user, comment_id)
    db.session.commit()
    return respond(OfficialCommentDropped(id=comment_id, deleted=True))


def _belgian_set(document_id: int):
    document = official_documents.get_document(db.session, g.user, document_id)
    return document, official_comments_service.comments(db.session, g.user, document_id, belgian=True)


@bp.get("/official-documents/<int:document_id>/comments.csv")
@documented("Official", {200: Binary((CSV,))}, errors=(403,))
def official_comments_csv(document_id: int):
    """The Belgian set as CSV: paragraph, page, line, comment, proposed text."""
    document, rows = _belgian_set(document_id)
    return send_file(io.BytesIO(comments_csv(rows)), mimetype="text/csv", as_attachment=True,
                     download_name=f"{safe_name(document.label)}-comments-BE.csv")


@bp.get("/official-documents/<int:document_id>/comments.docx")
@documented("Official", {200: Binary((DOCX,))}, errors=(403,))
def official_comments_docx(document_id: int):
    """The Belgian set as a Word table in the Secretariat's columns."""
    document, rows = _belgian_set(document_id)
    data = comments_docx(document, rows, "Comments of Belgium")
    return send_file(io.BytesIO(data), mimetype=DOCX, as_attachment=True, download_name=f"{safe_name(document.label)}-comments-BE.docx")


@bp.get("/official-documents/<int:document_id>/comments.xlsx")
@documented("Official", {200: Binary((XLSX_MEDIA_TYPE,))}, errors=(403,))
def official_comments_xlsx(document_id: int):
    """The Belgian set as an Excel sheet in the Secretariat's columns."""
    document, rows = _belgian_set(document_id)
    return send_file(io.BytesIO(comments_xlsx(document, rows)), mimetype=XLSX_MEDIA_TYPE, as_attachment=True,
                     download_name=f"{safe_name(document.label)}-comments-BE.xlsx")


def safe_name(label: str) -> str:
    """A file name from a symbol: IPBES/12/2/Rev.1 → IPBES_12_2_Rev.1."""
    return "".join(ch if ch.isalnum() or ch in ".-" else "_" for ch in label)[:80] or "document"
