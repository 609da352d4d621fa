"""The EU text as a Word file: what the member states read of a position in its EU phase, and nothing more.

Only the clauses shared with the member states (headings and text), numbered among themselves as the EU text
page numbers them (workflows.eu_text); no Belgian line to take, fallback, red line, background or internal note,
no Belgian comment, no Belgian author or delegation lead, and a content hash of the EU text alone. Belgian
readers and the delegates invited to the position both export it (workflows.eu_text.eu_position decides who).
With comments, the EU comments ride along as Word comments signed by member state ("DE — Anna Schmidt"); a
delegate reads every Belgian author as Belgium, and no resolution note or endorsement, as on the EU pages.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from exports.documents import ExportFile, _export_clauses, _slug
from exports.docx.position_layout import render_position
from exports.fixed_texts import Labels
from exports.formats import DOCX_MEDIA_TYPE
from exports.model import ExportComment, ExportDocument
from positions import audit
from positions.clock import now
from positions.models import Position, User
from positions.services.comparing import DRAFT, parse_ref
from positions.services.versions import draft_hash
from workflows.eu_comments import eu_comments, identity
from workflows.eu_text import EuText, eu_text
from workflows.service import stage_label


def eu_document(position: Position, shown: EuText, labels: Labels, comments: tuple[ExportComment, ...] = ()) -> ExportDocument:
    """The ExportDocument of one state of the EU text (the EU draft or an EU version)."""
    if shown.number is None:
        version_label = labels.eu_draft
    else:
        version_label = labels.eu_version.replace("%(number)s", str(shown.number))
    return ExportDocument(
        title=labels.eu_text_title.replace("%(title)s", position.title),
        meeting=position.meeting,
        agenda_item=position.agenda_item,
        document_symbol=position.document_symbol,
        stage_label=labels.translate(stage_label(position)),
        version_label=version_label,
        date=(shown.version.created_at if shown.version is not None else now()).date(),
        content_hash=draft_hash(shown.clauses),
        confidentiality=labels.confidentiality_label(position.confidentiality),
        is_final=False,
        author="",
        delegation_lead="",
        clauses=_export_clauses(shown.clauses),
        comments=comments,
    )


def eu_export_comments(session: Session, reader: User, position: Position, shown: EuText) -> tuple[ExportComment, ...]:
    """The EU comments on the EU text shown (withdrawn ones left out), signed as this reader may know their authors."""
    uids = {c.clause.id: c.uid for c in shown.clauses}
    delegate = reader.role == "delegate"
    found = []
    for comment in eu_comments(session, position, shown):
        if comment.status == "withdrawn":
            continue
        who = identity(reader, comment)
        found.append(ExportComment(
            id=comment.id, clause_uid=uids[comment.clause_id], kind=comment.kind, body=comment.body, author_name=who.author,
            admin_code=who.code, created_at=comment.created_at, status=comment.status, quote=comment.quote,
            parent_id=comment.parent_id, resolution_note=None if delegate else comment.resolution_note,
            proposed_text=comment.proposed_text))
    return tuple(found)


def export_eu_text(session: Session, actor: User, position: Position, version: str | None = None,
                   labels: Labels | None = None, comments: bool = False) -> ExportFile:
    """The EU draft (version None or 'draft') or EU version `version` as .docx, with the EU comments if asked;
    the export is recorded as an event.

    The caller has checked that the actor may read the EU text (workflows.eu_text.eu_position).
    """
    labels = labels or Labels()
    ref = parse_ref(version, "version") if version else DRAFT
    shown = eu_text(session, position, None if ref == DRAFT else int(ref))
    doc = eu_document(position, shown, labels, eu_export_comments(session, actor, position, shown) if comments else ())
    data = render_position(doc, labels, comments=comments, track_revisions=False)
    audit.record(session, actor, "export.docx", position, position_id=position.id,
                 data={"version": f"eu-{shown.ref}", "layout": "eu_text", "comments": comments, "content_hash": doc.content_hash,
                       "bytes": len(data)})
    label = "eu-draft" if shown.number is None else f"eu-v{shown.number}"
    return ExportFile(data, f"{_slug(position.title)}-{label}.docx", DOCX_MEDIA_TYPE)
