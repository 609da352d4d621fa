"""Recognise the tracked changes Plenipo wrote itself (a redline export sent back) and take them as accepted.

A redline records the author and date of its marks as a custom property (exports.docx.redline); Word and
LibreOffice keep both the property and each mark's author and date, so the reviewer's own changes stay apart.
"""

from __future__ import annotations

from lxml import etree

from exports.docx.custom_properties import REDLINE_PROPERTY, read_custom_properties
from exports.docx.ooxml import parse_w_datetime, w

from .ooxml_read import DELETED, INSERTED
from .safe_docx import DocxPackage

_MARK_TAGS = (*INSERTED, *DELETED)


def own_signature(package: DocxPackage) -> tuple[str, object] | None:
    """The (author, date) of Plenipo's own tracked changes in this file, if it is a redline export."""
    rels = package.xml("_rels/.rels")
    targets = [rel.get("Target", "").lstrip("/") for rel in (rels if rels is not None else ())
               if rel.get("Type", "").endswith("/custom-properties")]
    value = read_custom_properties(package.xml(targets[0] if targets else "docProps/custom.xml")).get(REDLINE_PROPERTY)
    if not value or "|" not in value:
        return None
    author, _, date = value.rpartition("|")
    return author, parse_w_datetime(date)


def accept_own_marks(root: etree._Element, signature: tuple[str, object] | None) -> int:
    """Accept, in the parsed document, every tracked change with Plenipo's signature; return how many there were."""
    if signature is None:
        return 0
    author, date = signature

    def ours(mark: etree._Element) -> bool:
        return mark.get(w("author"), "") == author and parse_w_datetime(mark.get(w("date"))) == date

    count = 0
    for mark in list(root.iter(*_MARK_TAGS)):
        if not ours(mark):
            continue
        count += 1
        parent = mark.getparent()
        if parent.tag == w("rPr"):  # a paragraph mark
            paragraph = parent.getparent().getparent()
            parent.remove(mark)
            if mark.tag in DELETED:
                _join_with_next(paragraph)
        elif mark.tag in INSERTED:
            for child in list(mark):
                mark.addprevious(child)
            parent.remove(mark)
        else:
            parent.remove(mark)
    return count


def _join_with_next(paragraph: etree._Element) -> None:
    """A deleted paragraph mark: what the paragraph still holds moves to the start of the next paragraph."""
    following = paragraph.getnext()
    if paragraph.tag != w("p") or following is None or following.tag != w("p"):
        return
    anchor = following.find(w("pPr"))
    for child in reversed([c for c in paragraph if c.tag != w("pPr")]):
        if anchor is not None:
            anchor.addnext(child)
        else:
            following.insert(0, child)
    paragraph.getparent().remove(paragraph)
