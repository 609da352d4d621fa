"""Write Markdown blocks and clauses into a python-docx document body with lxml."""

from __future__ import annotations

import itertools

from docx.document import Document as DocxDocument
from lxml import etree

from exports.fixed_texts import Labels
from exports.model import ExportClause

from .bookmarks import bookmark_name, wrap_in_bookmark
from .clause_numbering import INDENT, LIST_INDENT, Numbering, clause_level, set_numbering
from .markdown_docx import Block, Span, markdown_blocks
from .ooxml import R_NS, RT_HYPERLINK, Ids, append_xml, make, paragraph, run_xml, text_run, w
from .word_styles import (
    CODE_STYLE,
    HEADING_STYLE,
    HYPERLINK_STYLE,
    LABEL_STYLE,
    REFERENCE_STYLE,
    TABLE_STYLE,
    kind_style,
)


class RenderContext:
    """Shared state while writing one document: ids, numbering, hyperlink relationships."""

    def __init__(self, document: DocxDocument, labels: Labels) -> None:
        self.document = document
        self.labels = labels
        self.ids = Ids()
        self.numbering = Numbering(document)
        self.body = document.element.body
        self._end = self.body.find(w("sectPr"))
        self._rids: dict[str, str] = {}
        self._ordered: dict[tuple[str, int], int] = {}
        self._bookmarks: set[str] = set()

    def append(self, element: etree._Element) -> etree._Element:
        """Append a block element to the body, before the final section properties."""
        if self._end is not None:
            self._end.addprevious(element)
        else:
            self.body.append(element)
        return element

    def hyperlink_rid(self, url: str) -> str:
        """Return the relationship id of an external hyperlink, creating it once per URL."""
        rid = self._rids.get(url)
        if rid is None:
            rid = self.document.part.relate_to(url, RT_HYPERLINK, is_external=True)
            self._rids[url] = rid
        return rid

    def ordered_num(self, scope: str, block: Block) -> int:
        """Return the numId of one ordered list in one clause (each list restarts)."""
        key = (scope, block.list_key)
        if key not in self._ordered:
            self._ordered[key] = self.numbering.ordered_list(block.list_start)
        return self._ordered[key]

    def bookmark(self, paragraphs: list[etree._Element], uid: str) -> None:
        """Wrap a clause's paragraphs in its bookmark (once per document)."""
        name = bookmark_name(uid)
        if name not in self._bookmarks:
            self._bookmarks.add(name)
            wrap_in_bookmark(paragraphs, name, self.ids.next())


def write_spans(ctx: RenderContext, parent: etree._Element, spans: list[Span], italic: bool = False) -> None:
    """Append runs for spans; links become w:hyperlink elements, line breaks w:br runs."""
    runs: list[str] = []  # the runs before the next link, parsed at once
    for (_link, href), group in itertools.groupby(spans, key=lambda s: (s.link, s.href)):
        if not href:
            runs.extend(span_xml(span, italic=italic) for span in group)
            continue
        append_xml(parent, "".join(runs))
        runs.clear()
        target = make("hyperlink", parent)
        target.set(f"{{{R_NS}}}id", ctx.hyperlink_rid(href))
        target.set(w("history"), "1")
        append_xml(target, "".join(span_xml(span, italic=italic, link=True) for span in group))
    append_xml(parent, "".join(runs))


def span_xml(span: Span, *, italic: bool = False, link: bool = False) -> str:
    """One span as runs holding one w:t or one w:br each (markup for append_xml)."""
    style = HYPERLINK_STYLE if link else CODE_STYLE if span.code else None
    if "\n" not in span.text:
        return run_xml(span.text, bold=span.bold, italic=span.italic or italic, style=style) if span.text else ""
    runs = []
    for index, line in enumerate(span.text.split("\n")):
        if index:
            runs.append("<w:r><w:br/></w:r>")
        if line:
            runs.append(run_xml(line, bold=span.bold, italic=span.italic or italic, style=style))
    return "".join(runs)


def block_paragraph(
    ctx: RenderContext, block: Block, style: str, indent: int, scope: str
) -> etree._Element:
    """Build the paragraph of one non-first Markdown block, indented under its clause."""
    p = paragraph(style)
    block_properties(ctx, p[0], block, indent, scope)
    write_block_runs(ctx, p, block)
    return p


def block_element(ctx: RenderContext, block: Block, style: str, indent: int, scope: str) -> etree._Element:
    """The Word element of one non-first Markdown block: a table for a table, else an indented paragraph."""
    return table_element(ctx, block, indent) if block.rows else block_paragraph(ctx, block, style, indent, scope)


def table_element(ctx: RenderContext, block: Block, indent: int) -> etree._Element:
    """A Markdown table as a Word table: bordered, its first row the header repeated on every page."""
    tbl = make("tbl")
    tbl_pr = make("tblPr", tbl)
    make("tblStyle", tbl_pr, val="TableGrid")
    make("tblW", tbl_pr, w="0", type="auto")
    if indent:
        make("tblInd", tbl_pr, w=str(indent), type="dxa")
    borders = make("tblBorders", tbl_pr)
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        make(side, borders, val="single", sz="4", space="0", color="808080")
    columns = max(len(row) for row in block.rows)
    grid = make("tblGrid", tbl)
    for _ in range(columns):
        make("gridCol", grid, w=str(max(600, (9638 - indent) // columns)))
    for index, row in enumerate(block.rows):
        tr = make("tr", tbl)
        if index == 0:
            make("tblHeader", make("trPr", tr))
        for cell in list(row) + [()] * (columns - len(row)):
            tc = make("tc", tr)
            make("tcW", make("tcPr", tc), w="0", type="auto")
            p = paragraph(TABLE_STYLE, tc)
            write_spans(ctx, p, list(cell))
    return tbl


def block_properties(
    ctx: RenderContext, p_pr: etree._Element, block: Block, indent: int, scope: str
) -> None:
    """Add list numbering and indentation of a Markdown block to a paragraph's w:pPr."""
    left, hanging = indent, 0
    if block.list_type:
        left = indent + LIST_INDENT * (block.list_level + 1)
        if not block.continuation:
            num_id = ctx.numbering.bullets() if block.list_type == "bullet" else ctx.ordered_num(scope, block)
            set_numbering(p_pr, num_id, block.list_level)
            hanging = LIST_INDENT
    elif block.style == "quote":
        left = indent + LIST_INDENT
    if left:
        make("ind", p_pr, left=str(left), hanging=str(hanging))


def write_block_runs(ctx: RenderContext, p: etree._Element, block: Block) -> None:
    """Append a block's runs to a paragraph, honouring code, quote and heading blocks."""
    spans = block.spans
    if block.style == "heading":
        spans = [Span(s.text, True, s.italic, s.code, s.href, s.link) for s in spans]
    write_spans(ctx, p, spans, italic=block.style == "quote")


def render_clause(
    ctx: RenderContext,
    clause: ExportClause,
    *,
    num_id: int,
    level: int,
    show_label: bool = True,
    reference: str = "",
) -> list[etree._Element]:
    """Append one numbered clause (a section heading or a kind-styled paragraph) and return its paragraphs.

    `reference` (the brief) ends the numbered paragraph in a quiet style, e.g. '(clause 2.1)'.
    """
    rest = blocks = markdown_blocks(clause.body)
    style = kind_style(clause.kind)
    first = paragraph(HEADING_STYLE if clause.is_section else style)
    set_numbering(first[0], num_id, level)
    if clause.is_section:
        text_run(clause.heading, parent=first)
    else:
        label = ctx.labels.kind_prefix(clause.kind) if show_label else ""
        if label:
            text_run(label, style=LABEL_STYLE, parent=first)
        if clause.heading:
            text_run(clause.heading, bold=True, parent=first)
        if joins_first_paragraph(blocks):
            if clause.heading:
                make("br", make("r", first))
            write_block_runs(ctx, first, blocks[0])
            rest = blocks[1:]
    if reference:
        text_run(f" {reference}", style=REFERENCE_STYLE, parent=first)
    paragraphs = [first] + [block_element(ctx, b, style, INDENT * (level + 1), clause.uid) for b in rest]
    for p in paragraphs:
        ctx.append(p)
    ctx.bookmark(paragraphs, clause.uid)
    return paragraphs


def joins_first_paragraph(blocks: list[Block]) -> bool:
    """Tell whether the first Markdown block shares the numbered paragraph with the label."""
    return bool(blocks) and not blocks[0].list_type and blocks[0].style in (None, "quote")


def render_clauses(
    ctx: RenderContext, clauses: list[ExportClause], *, show_label: bool = True, brief_lines: bool = False,
    num_id: int | None = None,
) -> dict[str, list[etree._Element]]:
    """Append clauses as one numbered sequence at their levels; return each clause's paragraphs by uid.

    `brief_lines` numbers them flat (1., 2., 3.) and says after each which clause of the position it is;
    `num_id` continues a sequence already begun.
    """
    num_id = num_id if num_id is not None else ctx.numbering.clause_sequence()
    return {
        c.uid: render_clause(
            ctx, c, num_id=num_id, level=0 if brief_lines else clause_level(c.level), show_label=show_label,
            reference=ctx.labels.reference(c.number) if brief_lines and c.number else "",
        )
        for c in clauses
    }


def empty_paragraph(ctx: RenderContext) -> etree._Element:
    """Append an empty paragraph (used to end clause lists cleanly)."""
    return ctx.append(paragraph())
