"""Layout `brief`: cover page, objective, one section per brief kind (lines to take, fallback, …), annex.

Each section numbers its lines flat (1., 2., 3.) and says after each line which clause of the position it is.
"""

from __future__ import annotations

from exports.fixed_texts import Labels
from exports.model import ExportDocument, external
from positions import kinds

from .markdown_docx import markdown_blocks
from .ooxml import make, paragraph, text_run
from .page import key_value_table, new_document, save
from .word_styles import BODY_STYLE
from .writer import RenderContext, block_element, empty_paragraph, render_clauses


def render_brief(doc: ExportDocument, labels: Labels = Labels()) -> bytes:  # noqa: B008
    """Render the plenary brief as .docx bytes."""
    ctx = new_document(doc, labels)
    _cover(ctx, doc)
    _heading(ctx, labels.objective)
    _markdown(ctx, doc.objective)
    for kind in kinds.BRIEF_KINDS:
        _heading(ctx, labels.section_title(kind))
        lines = [c for c in doc.clauses if c.kind == kind]
        if lines:
            render_clauses(ctx, lines, show_label=False, brief_lines=True)
        else:
            text_run(labels.none, italic=True, parent=ctx.append(paragraph(BODY_STYLE)))
    annex = external(doc.annex_clauses)
    if annex:
        _page_break(ctx)
        _heading(ctx, labels.annex)
        render_clauses(ctx, annex)
    empty_paragraph(ctx)
    return save(ctx)


def _cover(ctx: RenderContext, doc: ExportDocument) -> None:
    labels = ctx.labels
    subtitle = ctx.append(paragraph("Subtitle"))
    text_run(labels.brief, parent=subtitle)
    title = ctx.append(paragraph("Title"))
    text_run(doc.title, parent=title)
    rows = [
        (labels.meeting, doc.meeting),
        (labels.agenda_item, doc.agenda_item),
        (labels.delegation_lead, doc.delegation_lead),
        (labels.date, labels.format_date(doc.date)),
        (labels.document_symbol, doc.document_symbol),
        (labels.version, doc.version_label),
        (labels.content_hash, doc.content_hash or "\u2014"),
    ]
    ctx.append(key_value_table(rows))
    ctx.append(paragraph())
    if doc.confidentiality:
        p = ctx.append(paragraph())
        text_run(doc.confidentiality.upper(), bold=True, parent=p)
    _page_break(ctx)


def _heading(ctx: RenderContext, text: str) -> None:
    text_run(text, parent=ctx.append(paragraph("Heading1")))


def _markdown(ctx: RenderContext, source: str) -> None:
    blocks = markdown_blocks(source)
    if not blocks:
        text_run(ctx.labels.none, italic=True, parent=ctx.append(paragraph(BODY_STYLE)))
    for block in blocks:
        ctx.append(block_element(ctx, block, BODY_STYLE, 0, "objective"))


def _page_break(ctx: RenderContext) -> None:
    make("br", make("r", ctx.append(paragraph())), type="page")
