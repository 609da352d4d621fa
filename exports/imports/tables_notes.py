"""Tables and footnotes of a Word file as Markdown: a table becomes a Markdown table, a note reference a superscript number."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from exports.docx.ooxml import w

from .ooxml_read import ACCEPT, Segment, paragraph_segments
from .safe_docx import DocxPackage
from .structure import whole

_SUPERSCRIPT = str.maketrans("0123456789", "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079")
_NOTE_PARTS = (("footnoteReference", "word/footnotes.xml", "footnote"), ("endnoteReference", "word/endnotes.xml", "endnote"))
_CONTAINERS = (w("sdt"), w("customXml"))


def superscript(number: int) -> str:
    """The number in superscript digits, as a note mark in running text ('¹²')."""
    return str(number).translate(_SUPERSCRIPT)


def body_blocks(parent: etree._Element) -> Iterator[etree._Element]:
    """Yield the body's paragraphs and tables in reading order (content controls opened, text boxes left out)."""
    for child in parent:
        if child.tag in (w("p"), w("tbl")):
            yield child
        elif child.tag in _CONTAINERS:
            content = child.find(w("sdtContent")) if child.tag == w("sdt") else child
            if content is not None:
                yield from body_blocks(content)


@dataclass
class Notes:
    """Footnotes and endnotes in the order their marks appear: each mark becomes its number in superscript."""

    texts: list[str] = field(default_factory=list)

    def mark_references(self, package: DocxPackage, root: etree._Element, rels: dict[str, str], markdown) -> None:
        """Replace every note reference in the document by its superscript number and keep the note's text."""
        bodies = {kind: _note_bodies(package, part, tag) for kind, part, tag in _NOTE_PARTS}
        tags = [w(kind) for kind, _, _ in _NOTE_PARTS]
        for reference in list(root.iter(*tags)):
            kind = etree.QName(reference).localname
            note = bodies[kind].get(reference.get(w("id"), ""))
            if note is None:
                continue
            text = " ".join(t for t in (markdown(paragraph_segments(p, rels, ACCEPT)).strip() for p in note.iter(w("p"))) if t)
            self.texts.append(text)
            mark = etree.Element(w("t"))
            mark.text = superscript(len(self.texts))
            reference.addprevious(mark)
            reference.getparent().remove(reference)

    def markdown(self) -> str:
        """The notes as paragraphs, each starting with its number."""
        return "\n\n".join(f"{superscript(i)} {text}" for i, text in enumerate(self.texts, 1) if text)


def _note_bodies(package: DocxPackage, part: str, tag: str) -> dict[str, etree._Element]:
    root = package.xml(part)
    if root is None:
        return {}
    return {n.get(w("id"), ""): n for n in root.iter(w(tag)) if n.get(w("type")) in (None, "normal")}


def table_markdown(tbl: etree._Element, rels: dict[str, str], markdown) -> str:
    """A Word table as a Markdown table: the first row is the header, merged cells become empty cells."""
    rows: list[list[str]] = []
    for tr in tbl.iter(w("tr")):
        if _owner_table(tr) is not tbl:
            continue  # a row of a nested table: its text is in the cell that holds it
        cells: list[str] = []
        for tc in tr.iter(w("tc")):
            if tc.getparent() is not tr and _owner_table(tc) is not tbl:
                continue
            properties = tc.find(w("tcPr"))
            span = whole(_val(properties, "gridSpan"), 1) or 1 if properties is not None else 1
            merged = properties is not None and (vmerge := properties.find(w("vMerge"))) is not None and \
                vmerge.get(w("val"), "continue") == "continue"
            text = "" if merged else _cell_text(tc, rels, markdown)
            cells += [text] + [""] * (min(span, 63) - 1)
        if cells:
            rows.append(cells)
    if not rows or not any(cell for row in rows for cell in row):
        return ""
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    lines = [_row(rows[0]), _row(["---"] * width), *(_row(row) for row in rows[1:])]
    return "\n".join(lines)


def _owner_table(element: etree._Element) -> etree._Element | None:
    node = element.getparent()
    while node is not None and node.tag != w("tbl"):
        node = node.getparent()
    return node


def _val(properties: etree._Element, tag: str) -> str | None:
    element = properties.find(w(tag))
    return element.get(w("val")) if element is not None else None


def _cell_text(tc: etree._Element, rels: dict[str, str], markdown) -> str:
    pieces: list[str] = []
    for p in tc.iter(w("p")):
        segments: list[Segment] = paragraph_segments(p, rels, ACCEPT)
        text = markdown(segments).strip()
        if text:
            pieces.append(text)
    return " ".join(" ".join(pieces).split()).replace("|", "\\|")


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"
