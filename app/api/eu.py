"""The EU phase through the API: the Belgian position beside the EU text, and the EU text as Word (design section 10)."""

from __future__ import annotations

import io

from flask import g, send_file
from pydantic import Field

from app.api.base import bp
from app.api.openapi import DOCX, Binary, documented
from app.api.parsing import Query, parse_query
from app.api.shapes import DiffOp, Out, respond
from app.extensions import db
from app.word.export_texts import word_labels
from exports.eu_text_export import export_eu_text
from workflows import eu_check, eu_text


class BelgianLineOut(Out):
    uid: str
    number: str = Field(description="Its number in the full Belgian text.")
    kind: str = Field(description="line_to_take, fallback or red_line.")
    body: str


class RedLineTouchOut(Out):
    red_line: str = Field(description="The uid of the red line.")
    number: str
    words: list[str] = Field(description="Significant words of the red line that the EU changes deleted or inserted.")
    phrases: list[str] = Field(description="Quoted phrases of the red line whose occurrences the EU changes altered.")


class EuClauseOut(Out):
    uid: str
    number: str | None = Field(description="Its EU number now (null: removed in the EU phase).")
    was_number: str | None = Field(description="Its EU number in the text the EU phase started from (null: added).")
    kind: str
    heading: str
    body: str
    status: str = Field(description="Since the start of the EU phase: added, removed, moved, modified or unchanged.")
    heading_ops: list[DiffOp]
    body_ops: list[DiffOp]
    touches_red_line: bool
    touches: list[RedLineTouchOut]


class EuSectionOut(Out):
    heading: str | None = Field(description="The uid of the section's heading (null: before the first heading).")
    clauses: list[EuClauseOut]
    belgian_lines: list[BelgianLineOut]


class EuCheckOut(Out):
    start_version: int | None = Field(description="The version the EU phase started from (EU changes are counted from it).")
    eu_version: int | None = Field(description="The EU version compared (null: the EU draft).")
    flagged: int = Field(description="How many EU clauses touch a red line.")
    sections: list[EuSectionOut]


class EuExportQuery(Query):
    version: str | None = Field(default=None, description="An EU version number (1 is the first taken in the EU phase) "
                                "or 'draft' (default: the EU draft while the EU phase runs, else the newest EU version).")
    comments: bool = Field(default=False, description="Add the EU comments as Word comments, signed by member state "
                           "(a delegate reads Belgian authors as 'BE / Belgium').")


def check_json(check: eu_check.EuCheck) -> EuCheckOut:
    return EuCheckOut(
        start_version=check.start.number if check.start else None, eu_version=check.now_eu_version, flagged=check.flagged,
        sections=[EuSectionOut(
            heading=s.uid,
            clauses=[EuClauseOut(
                uid=c.change.uid, number=c.number, was_number=c.was_number, kind=c.kind, heading=c.heading, body=c.body,
                status=c.change.status, heading_ops=c.change.heading_ops, body_ops=c.change.body_ops,
                touches_red_line=bool(c.touches),
                touches=[RedLineTouchOut(red_line=t.red_line.uid, number=t.red_line.number, words=list(t.touch.words),
                                         phrases=list(t.touch.phrases)) for t in c.touches],
            ) for c in s.clauses],
            belgian_lines=[BelgianLineOut(uid=line.uid, number=line.number, kind=line.revision.kind, body=line.revision.body)
                           for line in s.lines],
        ) for s in check.sections],
    )


@bp.get("/positions/<int:position_id>/eu-check")
@documented("EU", {200: EuCheckOut}, errors=(403, 404, 409))
def get_eu_check(position_id: int):
    """Each EU clause beside the Belgian lines to take, fallbacks and red lines of its section, flagged where its
    changes since the start of the EU phase touch a red line (Belgian readers; 409 before the EU phase)."""
    position = eu_check.belgian_position(db.session, g.user, position_id)
    return respond(check_json(eu_check.eu_check(db.session, position)))


@bp.get("/positions/<int:position_id>/eu-text.docx")
@documented("EU", {200: Binary((DOCX,))}, query=EuExportQuery, errors=(404, 422))
def export_eu_docx(position_id: int):
    """The EU text as .docx: only the clauses shared with the member states, numbered among themselves (Belgian
    readers and the delegates invited to the position, once its EU phase has started)."""
    position = eu_text.eu_position(db.session, g.user, position_id)
    query = parse_query(EuExportQuery)
    result = export_eu_text(db.session, g.user, position, query.version, word_labels(g.user.locale), comments=query.comments)
    db.session.commit()
    return send_file(io.BytesIO(result.data), mimetype=result.mimetype, as_attachment=True, download_name=result.filename)
