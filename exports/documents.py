"""Exports of a position: the ExportDocument built from the database, rendered in a format, and audited."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from exports import formats
from exports.docx.library_sources import SOURCE_STYLES
from exports.fixed_texts import Labels
from exports.model import ExportClause, ExportComment, ExportDocument
from exports.official_brief import brief_paragraphs
from positions import audit, kinds
from positions.clock import now
from positions.errors import ValidationFailed
from positions.messages import Msg
from positions.models import (
    Administration,
    Approval,
    Clause,
    ClauseRevision,
    Comment,
    Position,
    User,
    Version,
)
from positions.numbers import whole_number
from positions.services import drafting, library_uses, versions
from positions.services.endorsements import endorsers_of_position
from workflows.service import latest_version_for, stage_label

_TRUE = {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class ExportOptions:
    """What to export: a version (None: the draft), a layout, comments, a redline base, a format."""

    version: int | None = None
    layout: str = "position"
    comments: bool = False
    redline_from: int | None = None
    format: str = "docx"
    library_sources: str = ""  # '', 'comment' or 'footnote': where library wording came from


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
        library_sources=(args.get("library_sources") or "").strip().lower(),
    )
    check_options(options)
    return options


def check_options(options: ExportOptions) -> formats.Layout:
    """Refuse unknown formats and layouts and options the layout does not take; return the layout."""
    export_format = formats.FORMATS.get(options.format)
    if export_format is None:
        raise ValidationFailed(Msg("Unknown format '%(format)s'. Choose one of: %(choices)s.", format=options.format,
                                   choices=", ".join(formats.FORMATS)), {"format": options.format})
    if options.layout not in {layout.key for layout in formats.layouts()}:
        raise ValidationFailed(
            Msg("Unknown layout '%(layout)s'. Choose one of: %(choices)s.", layout=options.layout,
                choices=", ".join(layout.key for layout in formats.layouts())), {"layout": options.layout}
        )
    if options.library_sources not in ("", *SOURCE_STYLES):
        raise ValidationFailed(Msg("'library_sources' is 'comment' or 'footnote', not '%(value)s'.", value=options.library_sources[:20]),
                               {"library_sources": options.library_sources[:20]})
    layout = export_format.layout(options.layout)
    if layout is None:
        raise ValidationFailed(Msg("The '%(format)s' format offers only these layouts: %(choices)s.", format=options.format,
                                   choices=", ".join(layout.key for layout in export_format.layouts)), {"format": options.format})
    unsupported = [name for name in formats.OPTIONS if getattr(options, name) and name not in layout.options]
    if unsupported:
        raise ValidationFailed(Msg("The '%(layout)s' layout does not take these options: %(options)s.", layout=options.layout,
                                   options=", ".join(unsupported)), {"layout": options.layout})
    return layout


def _export_clauses(clauses: list[drafting.DraftClause], sources: dict[int, str] | None = None) -> tuple[ExportClause, ...]:
    """The clauses that may leave the building, with the numbers every page shows: internal notes never do."""
    sources = sources or {}
    return tuple(
        ExportClause(d.uid, d.revision.kind, d.revision.heading, d.revision.body, d.number, d.level, sources.get(d.revision.id, ""))
        for d in clauses if kinds.is_exported(d.revision.kind)
    )


def _sources(session: Session, position: Position, clauses: list[drafting.DraftClause], labels: Labels) -> dict[int, str]:
    """Where each clause revision's wording came from in the library, cited in the labels' language."""
    return {revision: labels.library_citation(entry.cited_source, entry.paragraph)
            for revision, entry in library_uses.revision_sources(session, position, clauses).items()}


def _comments(session: Session, position: Position) -> tuple[ExportComment, ...]:
    """Every comment of the position but the withdrawn ones and those on internal notes, oldest first.

    Read as columns (author's name, administration's code), not as ORM objects: a position may carry thousands.
    """
    rows = session.execute(
        select(Clause.id, Clause.uid, ClauseRevision.kind)
        .join(ClauseRevision, ClauseRevision.id == Clause.head_revision_id)
        .where(Clause.position_id == position.id)
    ).all()
    uids = {clause_id: uid for clause_id, uid, kind in rows if kinds.is_exported(kind)}
    endorsed = endorsers_of_position(session, position)
    comments = session.execute(
        select(Comment.id, Comment.clause_id, Comment.kind, Comment.body, User.name, Administration.code,
               Comment.created_at, Comment.status, Comment.quote, Comment.parent_id, Comment.resolution_note,
               Comment.proposed_text)
        .join(User, User.id == Comment.author_id).join(Administration, Administration.id == Comment.administration_id)
        .where(Comment.position_id == position.id, Comment.status != "withdrawn").order_by(Comment.id)
    )
    return tuple(
        ExportComment(
            id=c.id, clause_uid=uids[c.clause_id], kind=c.kind, body=c.body, author_name=c.name, admin_code=c.code,
            created_at=c.created_at, status=c.status, quote=c.quote, parent_id=c.parent_id,
            resolution_note=c.resolution_note, proposed_text=c.proposed_text, endorsements=tuple(endorsed.get(c.id, ())),
        )
        for c in comments
        if c.clause_id in uids
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
    """The EU-coordinated text: the latest version taken in a stage of a phase with the EU audience, before this one."""
    version = latest_version_for(position, "eu", before)
    return _export_clauses(versions.version_clauses(session, version)) if version is not None else ()


def build_document(
    session: Session, position: Position, version: Version | None, labels: Labels | None = None, *,
    comments: bool = False, annex: bool = False, sources: bool = False, official: bool = False,
) -> ExportDocument:
    """Build the ExportDocument of a version (None: the working draft) in a fixed number of queries.

    Stage, version and confidentiality are written in the labels' language (they come from data).
    """
    labels = labels or Labels()
    clauses = versions.version_clauses(session, version) if version is not None else drafting.draft(session, position)
    author = position.created_by
    exported = _export_clauses(clauses, _sources(session, position, clauses, labels) if sources else None)
    return ExportDocument(
        title=position.title,
        meeting=position.meeting,
        agenda_item=position.agenda_item,
        document_symbol=position.document_symbol,
        stage_label=labels.translate(stage_label(position)),
        version_label=version.label if version is not None else labels.status_draft,
        date=(version.created_at if version is not None else now()).date(),
        content_hash=version.content_hash if version is not None else versions.draft_hash(clauses),
        confidentiality=labels.confidentiality_label(position.confidentiality),
        is_final=position.frozen_at is not None,
        author=author.administration.name if author is not None else "",
        delegation_lead=delegation_lead(session, position),
        clauses=exported,
        comments=_comments(session, position) if comments else (),
        annex_clauses=_annex(session, position, version) if annex else (),
        objective=position.objective or "",
        official=brief_paragraphs(session, position, exported) if official else (),
    )


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").lower()[:60] or "position"


def export_position(
    session: Session, actor: User | None, position: Position, options: ExportOptions, labels: Labels | None = None
) -> ExportFile:
    """Render a position in a format and layout (labels: the reader's language) and record the export as an event."""
    layout = check_options(options)
    export_format = formats.FORMATS[options.format]
    labels = labels or Labels()
    version = versions.get_version(session, position, options.version) if options.version else None
    with_comments = options.comments or layout.with_comments
    doc = build_document(session, position, version, labels, comments=with_comments, annex=layout.with_annex,
                         sources=bool(options.library_sources), official=layout.with_official)
    extra: dict[str, object] = {}
    if "comments" in layout.options:
        extra["comments"] = options.comments
    if "redline_from" in layout.options:
        older = None
        if options.redline_from:
            older = build_document(session, position, versions.get_version(session, position, options.redline_from), labels)
        extra["redline_from"] = older
    if "library_sources" in layout.options:
        extra["library_sources"] = options.library_sources
    data = layout.render(doc, labels, **extra)
    label = version.label if version is not None else "draft"
    suffix = f"-redline-v{options.redline_from}" if options.redline_from else ""
    filename = f"{_slug(position.title)}-{label}-{options.layout.replace('_', '-')}{suffix}.{export_format.extension}"
    # the verb is the format's event_verb (formats.ExportFormat): export.docx, export.csv, …
    audit.record(
        session, actor, f"export.{options.format}", position, position_id=position.id,
        data={"version": options.version or "draft", "layout": options.layout, "comments": options.comments,
              "redline_from": options.redline_from, "library_sources": options.library_sources or None,
              "content_hash": doc.content_hash, "bytes": len(data)},
    )
    return ExportFile(data, filename, export_format.media_type)
