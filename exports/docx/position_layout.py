"""Layout `position`: title block, numbered sections and kind-styled clauses, optional comments and redline."""

from __future__ import annotations

from lxml import etree

from exports.fixed_texts import Labels
from exports.model import ExportDocument

from .library_sources import add_library_sources
from .ooxml import make, w
from .page import new_document, save, title_block
from .redline import render_redline
from .word_comments import add_comments
from .writer import empty_paragraph, render_clauses


def render_position(
    doc: ExportDocument,
    labels: Labels = Labels(),  # noqa: B008 - immutable default
    *,
    comments: bool = False,
    redline_from: ExportDocument | None = None,
    library_sources: str = "",
    track_revisions: bool = True,
) -> bytes:
    """Render a position version as .docx bytes, optionally with Word comments, a redline and library sources.

    `library_sources` ('comment' or 'footnote') writes where a clause's wording came from in the library.
    """
    ctx = new_document(doc, labels)
    title_block(ctx, doc)
    clauses = doc.external_clauses()
    if redline_from is not None:
        rendered = render_redline(ctx, redline_from, doc)
    else:
        rendered = render_clauses(ctx, clauses)
    empty_paragraph(ctx)
    if comments and doc.comments:
        add_comments(ctx, rendered, doc.comments)
    if library_sources:
        add_library_sources(ctx, rendered, clauses, library_sources)
    if track_revisions:
        enable_track_revisions(ctx.document.settings.element)
    return save(ctx)


def enable_track_revisions(settings: etree._Element) -> None:
    """Switch on Track Changes so a reviewer's edits come back as w:ins/w:del."""
    if settings.find(w("trackRevisions")) is not None:
        return
    anchor = settings.find(w("defaultTabStop"))  # schema order: trackRevisions comes before it
    element = make("trackRevisions")
    if anchor is not None:
        anchor.addprevious(element)
    else:
        settings.append(element)
