"""Word exports of a position: ExportDocument built from the database, rendered, and audited."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.form_numbers import whole_number
from app.word_labels import localise_document, word_labels
from exports import (
    DOCX_MIMETYPE,
    LAYOUTS,
    ExportClause,
    ExportComment,
    ExportDocument,
    Labels,
    comments_csv,
    render,
)
from positions import audit
from positions.clock import now
from positions.errors import ValidationFailed
from positions.messages import Msg
from positions.models import Approval, Clause, ClauseRevision, Position, User, Version
from positions.services import drafting, versions
from positions.services.comments import list_comments
from workflows.service import stage_label

CSV_MIMETYPE = "text/csv; charset=utf-8"
FORMATS = ("docx", "csv")
EU_STAGES = ("eu_agreed", "eu_consultation", "eu_draft")
_TRUE = {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class ExportOptions:
    """What to export: a version (None: the draft), a layout, comments, a redline base, a format."""

    version: int | None = None
    layout: str = "position"
    comments: bool = False
    redline_from: int | None = None
    format: str = "docx"


@dataclass(frozen=True)
class ExportFile:
    """A rendered export, ready to be sent or written."""

    data: bytes
    filename: str
    mimetype: str


def _number(value: str | None, name: str) -> int | None:
    value = (value or "").strip().lower()
    if value in ("", "draft"):
        return None
    number = whole_number(value)
    if number is None:
        raise ValidationFailed(Msg("'%(name)s' must be a version number (1, 2, …) or 'draft'.", name=name), {name: value[:20]})
    return number


def parse_options(args: Mapping[str, str]) -> ExportOptions:
    """Read and check export options from query-string-like values."""
    layout = (args.get("layout") or "position").strip()
    fmt = (args.get("format") or "docx").strip().lower()
    options = ExportOptions(
        version=_number(args.get("version"), "version"),
        layout=layout,
        comments=(args.get("comments") or "").strip().lower() in _TRUE,
        redline_from=_number(args.get("redline_from"), "redline_from"),
        format=fmt,
    )
    check_options(options)
    return options


def check_options(options: ExportOptions) -> None:
    """Refuse unknown layouts and formats and options the layout does not support."""
    if options.layout not in LAYOUTS:
        raise ValidationFailed(
            Msg("Unknown layout '%(layout)s'. Choose one of: %(choices)s.", layout=options.layout, choices=", ".join(LAYOUTS)), {"layout": options.layout}
        )
    if options.format not in FORMATS:
        raise ValidationFailed(Msg("Unknown format '%(format)s'. Choose docx or csv.", format=options.format), {"format": options.format})
    if options.format == "csv" and options.layout != "comments_table":
        raise ValidationFailed(Msg("CSV is only available for the comments table (layout=comments_table)."), {"format": "csv"})
    if options.layout != "position" and (options.comments or options.redline_from):
        raise ValidationFailed(Msg("Comments and redline are options of the 'position' layout only."), {"layout": options.layout})


def _export_clauses(clauses: list[drafting.DraftClause]) -> tuple[ExportClause, ...]:
    """The clauses that may leave the building: internal notes are never exported."""
    return tuple(
        ExportClause(d.uid, d.revision.kind, d.revision.heading, d.revision.body, d.level)
        for d in clauses if d.revision.kind != "internal_note"
    )


def _comments(session: Session, position: Position) -> tuple[ExportComment, ...]:
    """Every comment of the position but the withdrawn ones and those on internal notes."""
    rows = session.execute(
        select(Clause.id, Clause.uid, ClauseRevision.kind)
        .join(ClauseRevision, ClauseRevision.id == Clause.head_revision_id)
        .where(Clause.position_id == position.id)
    ).all()
    uids = {clause_id: uid for clause_id, uid, kind in rows if kind != "internal_note"}
    return tuple(
        ExportComment(
            id=c.id, clause_uid=uids[c.clause_id], kind=c.kind, body=c.body, author_name=c.author.name,
            admin_code=c.administration.code, created_at=c.created_at, status=c.status, quote=c.quote,
            parent_id=c.parent_id, resolution_note=c.resolution_note, proposed_text=c.proposed_text,
        )
        for c in list_comments(session, position)
        if c.clause_id in uids and c.status != "withdrawn"
    )


def delegation_lead(session: Session, position: Position) -> str:
    """The lead who last approved a version of this position, else the first active lead."""
    approver = session.scalar(
        select(User.name).join(Approval, Approval.approver_id == User.id).join(Version, Version.id == Approval.version_id)
        .where(Version.position_id == position.id, Approval.decision == "approve")
        .order_by(Approval.created_at.desc(), Approval.id.desc()).limit(1)
    )
    if approver:
        return approver
    return session.scalar(
        select(User.name).where(User.role == "delegation_lead", User.active.is_(True)).order_by(User.id).limit(1)
    ) or ""


def _annex(session: Session, position: Position, before: Version | None) -> tuple[ExportClause, ...]:
    """The EU-coordinated text: the latest version taken during EU coordination, before this one."""
    query = select(Version).where(Version.position_id == position.id, Version.stage.in_(EU_STAGES))
    if before is not None:
        query = query.where(Version.number < before.number)
    version = session.scalar(query.order_by(Version.number.desc()).limit(1))
    return _export_clauses(versions.version_clauses(session, version)) if version is not None else ()


def build_document(
    session: Session, position: Position, version: Version | None, *, comments: bool = False, annex: bool = False
) -> ExportDocument:
    """Build the ExportDocument of a version (None: the working draft) in a fixed number of queries."""
    clauses = versions.version_clauses(session, version) if version is not None else drafting.draft(session, position)
    author = position.created_by
    return ExportDocument(
        title=position.title,
        meeting=position.meeting,
        agenda_item=position.agenda_item,
        document_symbol=position.document_symbol,
        stage_label=stage_label(position),
        version_label=version.label if version is not None else "Draft",
        date=(version.created_at if version is not None else now()).date(),
        content_hash=version.content_hash if version is not None else versions.draft_hash(clauses),
        confidentiality=position.confidentiality.capitalize(),
        is_final=position.frozen_at is not None,
        author=author.administration.name if author is not None else "",
        delegation_lead=delegation_lead(session, position),
        clauses=_export_clauses(clauses),
        comments=_comments(session, position) if comments else (),
        annex_clauses=_annex(session, position, version) if annex else (),
        objective=position.objective or "",
    )


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").lower()[:60] or "position"


def export_position(
    session: Session, actor: User | None, position: Position, options: ExportOptions, labels: Labels | None = None
) -> ExportFile:
    """Render a position as .docx (or the comments table as CSV) and record the export as an event."""
    check_options(options)
    labels = labels or word_labels(getattr(actor, "locale", None))
    version = versions.get_version(session, position, options.version) if options.version else None
    with_comments = options.comments or options.layout == "comments_table"
    doc = build_document(session, position, version, comments=with_comments, annex=options.layout == "brief")
    doc = localise_document(doc, position.confidentiality, labels.language[:2])
    if options.format == "csv":
        data, mimetype = comments_csv(doc, labels).encode("utf-8-sig"), CSV_MIMETYPE
    else:
        extra = {}
        if options.layout == "position":
            older = None
            if options.redline_from:
                older = build_document(session, position, versions.get_version(session, position, options.redline_from))
            extra = {"comments": options.comments, "redline_from": older}
        data, mimetype = render(options.layout, doc, labels, **extra), DOCX_MIMETYPE
    label = version.label if version is not None else "draft"
    suffix = f"-redline-v{options.redline_from}" if options.redline_from else ""
    filename = f"{_slug(position.title)}-{label}-{options.layout.replace('_', '-')}{suffix}.{options.format}"
    audit.record(
        session, actor, f"export.{options.format}", position, position_id=position.id,
        data={"version": options.version or "draft", "layout": options.layout, "comments": options.comments,
              "redline_from": options.redline_from, "content_hash": doc.content_hash, "bytes": len(data)},
    )
    return ExportFile(data, filename, mimetype)
