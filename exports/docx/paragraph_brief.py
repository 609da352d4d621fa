"""Layout `paragraph_brief`: the brief per official paragraph — its text, the Belgian line to take, fallback and
red line linked to it, the EU line (a linked clause of the EU text) where there is one, and ruled space for notes
taken in the room."""

from __future__ import annotations

from exports.fixed_texts import Labels
from exports.model import ExportDocument
from positions import kinds
from positions.messages import N_

from .brief_layout import _cover, _heading
from .markdown_docx import markdown_blocks
from .ooxml import make, paragraph, ppr, text_run
from .page import new_document, save
from .word_styles import BODY_STYLE
from .writer import RenderContext, block_element, empty_paragraph

OFFICIAL_TEXT, NOTES, NO_LINE = N_("Official text"), N_("Notes"), N_("No Belgian line on this paragraph.")
NO_PARAGRAPHS = N_("No clause is linked to an official document yet.")
OTHER = N_("Other Belgian clauses")
EU_LINE = N_("EU line")
EU_LINE_KINDS = tuple(code for code in kinds.EU_SHARED_KINDS if code != "heading")
NOTE_LINES = 3


def render_paragraph_brief(doc: ExportDocument, labels: Labels = Labels()) -> bytes:  # noqa: B008
    """Render the brief per official paragraph as .docx bytes."""
    ctx = new_document(doc, labels)
    _cover(ctx, doc)
    paragraphs = doc.official
    if not paragraphs:
        text_run(labels.translate(NO_PARAGRAPHS), italic=True, parent=ctx.append(paragraph(BODY_STYLE)))
    document = None
    for item in paragraphs:
        if item.document != document:
            document = item.document
            _heading(ctx, document)
        if item.kind == "heading":
            text_run(f"{item.number}. {item.text}", parent=ctx.append(paragraph("Heading2")))
            continue
        _paragraph(ctx, item)
    empty_paragraph(ctx)
    return save(ctx)


def _label(ctx: RenderContext, text: str) -> None:
    text_run(text, bold=True, parent=ctx.append(paragraph(BODY_STYLE)))


def _paragraph(ctx: RenderContext, item) -> None:
    labels = ctx.labels
    text_run(f"{item.number}", parent=ctx.append(paragraph("Heading3")))
    _label(ctx, labels.translate(OFFICIAL_TEXT))
    text_run(item.text, italic=True, parent=ctx.append(paragraph(BODY_STYLE)))
    if not item.lines:
        text_run(labels.translate(NO_LINE), italic=True, parent=ctx.append(paragraph(BODY_STYLE)))
    sections = [(labels.section_title(code), (code,)) for code in kinds.BRIEF_KINDS]
    others = tuple(c.kind for c in item.lines if c.kind not in kinds.BRIEF_KINDS + EU_LINE_KINDS)
    for title, codes in [*sections, (labels.translate(EU_LINE), EU_LINE_KINDS), (labels.translate(OTHER), others)]:
        lines = [c for c in item.lines if c.kind in codes]
        if lines:
            _label(ctx, title)
            for clause in lines:
                for n, block in enumerate(markdown_blocks(clause.body) or []):
                    ctx.append(block_element(ctx, block, BODY_STYLE, 0, f"{clause.uid}-{n}"))
    _label(ctx, labels.translate(NOTES))
    for _ in range(NOTE_LINES):
        make("bottom", make("pBdr", ppr(ctx.append(paragraph(BODY_STYLE)))), val="single", sz="4", space="1", color="999999")
