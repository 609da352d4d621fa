"""Clause numbering (1., 1.1) and body list numbering as real numbering.xml definitions.

The clause scheme gives Word exactly the numbers every page shows (positions.kinds.clause_numbers):
sections and clauses before any section at level 0 (1., 2.), clauses in a section at level 1 (2.1).
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from lxml import etree

from .ooxml import fragment, make, w

CLAUSE_LIST_NAME = "Plenipo clauses"
BULLET_LIST_NAME = "Plenipo bullets"
ORDERED_LIST_NAME = "Plenipo ordered list"
INDENT = 567  # twips per clause level (1 cm)
LIST_INDENT = 360
MAX_LEVEL = 1  # 1. and 1.1: the two levels of positions.kinds.clause_numbers

_CLAUSE_LEVELS = (("decimal", "%1."), ("decimal", "%1.%2"))
_BULLET_LEVELS = (("bullet", "\u2022"), ("bullet", "\u25e6"), ("bullet", "\u25aa"))
_ORDERED_LEVELS = (("decimal", "%1."), ("lowerLetter", "%2."), ("lowerRoman", "%3."))


def _abstract_xml(abstract_id: int, name: str, levels: tuple[tuple[str, str], ...], step: int) -> str:
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{step * (i + 1)}" w:hanging="{step}"/></w:pPr></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    return (
        f'<w:abstractNum {{NS}} w:abstractNumId="{abstract_id}">'
        f'<w:multiLevelType w:val="multilevel"/><w:name w:val="{name}"/>{lvls}</w:abstractNum>'
    )


class Numbering:
    """The document's numbering definitions: one clause scheme, bullets and ordered lists."""

    def __init__(self, document: DocxDocument) -> None:
        self._root = document.part.numbering_part.element
        abstract_ids = [int(a.get(w("abstractNumId"))) for a in self._root.iter(w("abstractNum"))]
        num_ids = [int(n.get(w("numId"))) for n in self._root.iter(w("num"))]
        self._next_abstract = max(abstract_ids, default=-1) + 1
        self._next_num = max(num_ids, default=0) + 1
        self._clause = self._add_abstract(CLAUSE_LIST_NAME, _CLAUSE_LEVELS, INDENT)
        self._bullet = self._add_abstract(BULLET_LIST_NAME, _BULLET_LEVELS, LIST_INDENT)
        self._ordered = self._add_abstract(ORDERED_LIST_NAME, _ORDERED_LEVELS, LIST_INDENT)
        self._bullet_num: int | None = None

    def _add_abstract(self, name: str, levels: tuple[tuple[str, str], ...], step: int) -> int:
        abstract_id = self._next_abstract
        self._next_abstract += 1
        element = fragment(_abstract_xml(abstract_id, name, levels, step))
        first_num = self._root.find(w("num"))
        if first_num is not None:
            first_num.addprevious(element)
        else:
            self._root.append(element)
        return abstract_id

    def _add_num(self, abstract_id: int, start: int | None) -> int:
        num_id = self._next_num
        self._next_num += 1
        num = make("num", numId=str(num_id))
        make("abstractNumId", num, val=str(abstract_id))
        if start is not None:
            override = make("lvlOverride", num, ilvl="0")
            make("startOverride", override, val=str(start))
        cleanup = self._root.find(w("numIdMacAtCleanup"))
        if cleanup is not None:
            cleanup.addprevious(num)
        else:
            self._root.append(num)
        return num_id

    def clause_sequence(self) -> int:
        """Return a new numId for a clause sequence that starts again at 1."""
        return self._add_num(self._clause, 1)

    def bullets(self) -> int:
        """Return the numId shared by all bullet lists."""
        if self._bullet_num is None:
            self._bullet_num = self._add_num(self._bullet, None)
        return self._bullet_num

    def ordered_list(self, start: int = 1) -> int:
        """Return a new numId for one ordered list, restarting at `start`."""
        return self._add_num(self._ordered, start)


def set_numbering(p_pr: etree._Element, num_id: int, level: int) -> None:
    """Attach numbering (numId, ilvl) to a paragraph's w:pPr, after its style."""
    num_pr = make("numPr")
    make("ilvl", num_pr, val=str(level))
    make("numId", num_pr, val=str(num_id))
    style = p_pr.find(w("pStyle"))
    if style is not None:
        style.addnext(num_pr)
    else:
        p_pr.insert(0, num_pr)


def clause_level(level: int) -> int:
    """The Word numbering level of a clause level (0 or 1; anything else is clamped)."""
    return min(max(level, 0), MAX_LEVEL)
