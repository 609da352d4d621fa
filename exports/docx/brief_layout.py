"""Layout `brief`: a cover, the objective, the position's own statements, one section per brief kind, the annex.

Every clause that may leave the building is in the brief: plain clauses under "Position", each brief kind
(lines to take, fallback, red lines, background) in its section, under the topic (heading) it belongs to.
Each section numbers its lines flat (1., 2., 3.) and says after each line which clause of the position it is.
"""

from __future__ import annotations

from exports.fixed_texts import Labels
from exports.model import ExportClause, ExportDocument, external
from positions import kinds

from .markdown_docx import markdown_blocks
from .ooxml import make, paragraph, text_run
from .page import add_page_number, key_value_table, new_document, save, watermark_run
from .word_styles import BODY_STYLE
from .writer import RenderContext, block_element, empty_paragraph, render_clauses

TOPIC_STYLE = "Heading2"
PLAIN_KINDS = tuple(k.code for k in kinds.KINDS if k.exported and not k.is_section and not k.brief_section)


def render_brief(doc: ExportDocument, labels: Labels = Labels()) -> bytes:  # noqa: B008
    """Render the plenary brief as .docx bytes."""
    ctx = new_document(doc, labels)
    _cover(ctx, doc)
    _heading(ctx, labels.objective)
    _markdown(ctx, doc.objective)
    clauses = doc.external_clauses()
    sections = [(labels.brief_position, PLAIN_KINDS)] + [(labels.section_title(k), (k,)) for k in kinds.BRIEF_KINDS]
    for title, codes in sections:
        _heading(ctx, title)
        lines = _by_topic(clauses, codes)
        if not lines:
            text_run(labels.none, italic=True, parent=ctx.append(paragraph(BODY_STYLE)))
        num_id = ctx.numbering.clause_sequence()  # one flat sequence per section, across its topics
        for topic, group in lines:
            if topic is not None:
                text_run(f"{topic.number} {topic.heading}".strip(), parent=ctx.append(paragraph(TOPIC_STYLE)))
            render_clauses(ctx, group, show_label=False, brief_lines=True, num_id=num_id)
    annex = external(doc.annex_clauses)
    if annex:
        _page_break(ctx)
        _heading(ctx, labels.annex)
        render_clauses(ctx, annex)
    empty_paragraph(ctx)
    return save(ctx)


def _by_topic(clauses: list[ExportClause], codes: tuple[str, ...]) -> list[tuple[ExportClause | None, list[ExportClause]]]:
    """The clauses of these kinds, grouped under the section (topic heading) each stands in, in order."""
    groups: list[tuple[ExportClause | None, list[ExportClause]]] = []
    topic: ExportClause | None = None
    for clause in clauses:
        if clause.is_section:
            topic = clause
        elif clause.kind in codes:
            if not groups or groups[-1][0] is not topic:
                groups.append((topic, []))
            groups[-1][1].append(clause)
    return groups


def _cover(ctx: RenderContext, doc: ExportDocument) -> None:
    """The cover: what the brief is, for which meeting and item, which text (version, date, hash), its classification.

    The cover page has its own header (the watermark only), so the classification is written once, in its table.
    """
    labels = ctx.labels
    text_run(labels.brief, parent=ctx.append(paragraph("Subtitle")))
    text_run(doc.title, parent=ctx.append(paragraph("Title")))
    rows = [
        (labels.meeting, doc.meeting),
        (labels.agenda_item, doc.agenda_item),
        (labels.document_symbol, doc.document_symbol),
        (labels.stage, doc.stage_label),
        (labels.version, doc.version_label),
        (labels.date, labels.format_date(doc.date)),
        (labels.content_hash, doc.content_hash or "\u2014"),
        (labels.delegation_lead, doc.delegation_lead),
        (labels.confidentiality, doc.confidentiality.upper() if doc.confidentiality else "\u2014"),
    ]
    ctx.append(key_value_table([(key, value) for key, value in rows if value]))
    ctx.append(paragraph())
    section = ctx.document.sections[0]
    section.different_first_page_header_footer = True
    first_header = section.first_page_header.paragraphs[0]._p
    if not doc.is_final:
        first_header.append(watermark_run(labels.draft))
    add_page_number(section.first_page_footer.paragraphs[0], doc, labels)
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
