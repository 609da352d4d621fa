"""Redline: word-level tracked changes (w:ins/w:del) between two versions of a position.

Every clause keeps its real numbering: a clause of the newer version at its level there, a removed clause at
its level in the older one, so that accepting all changes leaves exactly the newer version's numbers.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from lxml import etree

from exports.fixed_texts import Labels
from exports.model import ExportClause, ExportDocument
from positions.text.diffing import word_diff

from .clause_numbering import INDENT, clause_level, set_numbering
from .custom_properties import REDLINE_PROPERTY, add_custom_properties
from .markdown_docx import Block, Span, markdown_blocks
from .ooxml import add_text, make, w_datetime, xml_safe
from .word_styles import CODE_STYLE, HEADING_STYLE, LABEL_STYLE, kind_style
from .writer import RenderContext, block_properties, joins_first_paragraph

PARA = "\u2029"  # paragraph mark inside the diffed text
_LABEL = "label"


@dataclass
class Flat:
    """A clause as diffable text: paragraphs joined by PARA, formatting by character range."""

    clause: ExportClause
    level: int
    text: str = ""
    starts: list[int] = field(default_factory=list)  # offsets where a formatting range starts
    formats: list[tuple] = field(default_factory=list)
    blocks: list[Block | None] = field(default_factory=list)  # None: the clause's first paragraph

    def add(self, text: str, fmt: tuple) -> None:
        """Append text with its formatting (label, bold, italic, code)."""
        text = xml_safe(text)
        if text:
            self.starts.append(len(self.text))
            self.formats.append(fmt)
            self.text += text

    def new_paragraph(self, block: Block | None) -> None:
        """Start the next paragraph."""
        if self.blocks:
            self.add(PARA, (False, False, False, False))
        self.blocks.append(block)

    def format_at(self, offset: int) -> tuple:
        """Return the formatting at a character offset."""
        index = bisect.bisect_right(self.starts, offset) - 1
        return self.formats[index] if index >= 0 else (False, False, False, False)


def flatten(clause: ExportClause, labels: Labels, level: int = 0) -> Flat:
    """Turn a clause into the paragraph texts the redline shows (Markdown rendered, links as text)."""
    flat = Flat(clause, level)
    blocks = markdown_blocks(clause.body)
    flat.new_paragraph(None)

    def add_spans(spans: list[Span], italic: bool = False, bold: bool = False) -> None:
        for s in spans:
            flat.add(s.text, (False, s.bold or bold, s.italic or italic, s.code))

    if clause.is_section:
        flat.add(clause.heading, (False, False, False, False))
    else:
        flat.add(labels.kind_prefix(clause.kind), (True, False, False, False))
        flat.add(clause.heading, (False, True, False, False))
        if joins_first_paragraph(blocks):
            if clause.heading:
                flat.add("\n", (False, False, False, False))
            add_spans(blocks[0].spans, italic=blocks[0].style == "quote")
            blocks = blocks[1:]
    for block in blocks:
        for row in block.rows or (None,):  # a table: one paragraph per row, its cells separated by ' | '
            if row is None:
                flat.new_paragraph(block)
                add_spans(block.spans, italic=block.style == "quote", bold=block.style == "heading")
                continue
            flat.new_paragraph(Block())
            add_spans([Span(" | ".join("".join(s.text for s in cell) for cell in row))])
    return flat


def clause_paragraphs(clause: ExportClause, labels: Labels = Labels()) -> list[str]:  # noqa: B008
    """Return the paragraph texts a clause has in the redline (and after accept/reject all)."""
    return flatten(clause, labels).text.split(PARA)


def aligned(old: list[ExportClause], new: list[ExportClause]) -> list[tuple[ExportClause | None, ExportClause | None]]:
    """Pair clauses by uid in the new order; removed clauses follow their old predecessor."""
    new_uids = {c.uid for c in new}
    old_by_uid = {c.uid: c for c in old}
    removed_after: dict[str | None, list[ExportClause]] = {}
    previous: str | None = None
    for clause in old:
        if clause.uid in new_uids:
            previous = clause.uid
        else:
            removed_after.setdefault(previous, []).append(clause)
    pairs: list[tuple[ExportClause | None, ExportClause | None]] = [
        (c, None) for c in removed_after.get(None, [])
    ]
    for clause in new:
        pairs.append((old_by_uid.get(clause.uid), clause))
        pairs.extend((c, None) for c in removed_after.get(clause.uid, []))
    return pairs


def render_redline(ctx: RenderContext, older: ExportDocument, newer: ExportDocument) -> dict[str, list[etree._Element]]:
    """Append every clause with tracked changes from `older` to `newer`; return paragraphs by uid."""
    old_clauses, new_clauses = older.external_clauses(), newer.external_clauses()
    writer = _RedlineWriter(ctx, newer.author, w_datetime(newer.date), ctx.numbering.clause_sequence())
    # so that a reviewed copy sent back is known to carry these marks: they are the pen-holder's, not the reviewer's
    add_custom_properties(ctx.document, {REDLINE_PROPERTY: f"{writer.author}|{writer.date}"})
    rendered: dict[str, list[etree._Element]] = {}
    for old, new in aligned(old_clauses, new_clauses):
        old_flat = flatten(old, ctx.labels, clause_level(old.level)) if old else None
        new_flat = flatten(new, ctx.labels, clause_level(new.level)) if new else None
        paragraphs = writer.clause(old_flat, new_flat)
        uid = (new or old).uid  # type: ignore[union-attr]
        ctx.bookmark(paragraphs, uid)
        rendered[uid] = paragraphs
    return rendered


class _RedlineWriter:
    def __init__(self, ctx: RenderContext, author: str, date: str, num_id: int) -> None:
        self.ctx, self.author, self.date, self.num_id = ctx, xml_safe(author) or "Plenipo", date, num_id

    def _mark(self, tag: str) -> etree._Element:
        return make(tag, id=str(self.ctx.ids.next()), author=self.author, date=self.date)

    def clause(self, old: Flat | None, new: Flat | None) -> list[etree._Element]:
        """Write one clause's paragraphs with its differences tracked."""
        if old is None:
            ops, final = [(1, new.text)], 1  # type: ignore[union-attr]
        elif new is None:
            ops, final = [(-1, old.text)], -1
        else:
            ops, final = word_diff(old.text, new.text), 0
        paragraphs: list[etree._Element] = []
        positions = {-1: 0, 1: 0}
        starts = (0, 0)  # old and new paragraph index where the current paragraph began
        counts = [0, 0]
        p = make("p")
        for op, chunk in ops:
            for index, piece in enumerate(chunk.split(PARA)):
                if index:
                    paragraphs.append(self._close(p, op, old, new, starts))
                    for side in (-1, 1):
                        if op in (0, side):
                            positions[side] += 1
                            counts[side == 1] += 1
                    starts, p = (counts[0], counts[1]), make("p")
                if piece:
                    self._runs(p, op, piece, old, new, positions)
        paragraphs.append(self._close(p, final, old, new, starts))
        for paragraph in paragraphs:
            self.ctx.append(paragraph)
        return paragraphs

    def _runs(self, p: etree._Element, op: int, piece: str, old: Flat | None, new: Flat | None,
              positions: dict[int, int]) -> None:
        side = old if op == -1 else new
        parent = p
        if op:
            parent = self._mark("del" if op == -1 else "ins")
            p.append(parent)
        start = positions[-1 if op == -1 else 1]
        index = 0
        while index < len(piece):
            fmt = side.format_at(start + index)  # type: ignore[union-attr]
            end = index + 1
            while end < len(piece) and side.format_at(start + end) == fmt:  # type: ignore[union-attr]
                end += 1
            run = make("r", parent)
            _run_format(run, fmt)
            add_text(run, piece[index:end], "delText" if op == -1 else "t")
            index = end
        for s in (-1, 1):
            if op in (0, s):
                positions[s] += len(piece)

    def _close(self, p: etree._Element, mark: int, old: Flat | None, new: Flat | None,
               starts: tuple[int, int]) -> etree._Element:
        source, index = (old, starts[0]) if mark == -1 or new is None else (new, starts[1])
        p_pr = self._properties(source, index)  # type: ignore[arg-type]
        if mark:
            make("del" if mark == -1 else "ins", make("rPr", p_pr), id=str(self.ctx.ids.next()),
                 author=self.author, date=self.date)
        # No w:pPrChange for a changed kind: LibreOffice 7.4 then drops tracked deletions at the
        # start of the paragraph. The kind change stays visible as a tracked change of the label.
        p.insert(0, p_pr)
        return p

    def _properties(self, flat: Flat, index: int) -> etree._Element:
        clause = flat.clause
        block = flat.blocks[index] if index < len(flat.blocks) else None
        style = HEADING_STYLE if clause.is_section and index == 0 else kind_style(clause.kind)
        p_pr = make("pPr")
        make("pStyle", p_pr, val=style)
        if index == 0:
            set_numbering(p_pr, self.num_id, flat.level)
        elif block is not None:
            block_properties(self.ctx, p_pr, block, INDENT * (flat.level + 1), clause.uid)
        return p_pr


def _run_format(run: etree._Element, fmt: tuple) -> None:
    label, bold, italic, code = fmt
    if not (label or bold or italic or code):
        return
    rpr = make("rPr", run)
    if label or code:
        make("rStyle", rpr, val=LABEL_STYLE if label else CODE_STYLE)
    if bold:
        make("b", rpr)
    if italic:
        make("i", rpr)
