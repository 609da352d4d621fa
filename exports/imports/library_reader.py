"""Read an adopted decision (a .docx whose paragraphs are numbered) as library wording, one entry per paragraph.

The file is read as defensively as every Word import (exports.imports.safe_docx). A paragraph is numbered
by a typed number ("3.", "3)", "(a)") or by Word's automatic numbering (w:numPr, on the paragraph or its
style); the number is kept as printed: "3", "3 (a)". Unnumbered text after a numbered paragraph belongs to
it; headings close it; text before the first number (the preamble) is left out and said so.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field

from lxml import etree

from exports.docx.ooxml import w
from positions.hidden_characters import strip_hidden_characters, stripped_warning
from positions.messages import Msg

from .ooxml_read import ACCEPT, body_paragraphs, paragraph_segments, relationship_targets
from .position_reader import core_title, segments_markdown, strip_chars
from .safe_docx import DocxImportError, read_package
from .structure import _NUMBER, DocxStructure, whole

MAX_PARAGRAPHS = 2000


@dataclass
class NumberedParagraph:
    """One numbered paragraph: its number as printed and its wording (Markdown)."""

    number: str
    text: str


@dataclass
class NumberedDocument:
    """What a decision file holds: its title, its numbered paragraphs, and what the reader noticed."""

    title: str
    paragraphs: list[NumberedParagraph] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _num_pr(p: etree._Element) -> tuple[str, int] | None:
    num_pr = p.find(f"{w('pPr')}/{w('numPr')}")
    if num_pr is None:
        return None
    num_id, ilvl = num_pr.find(w("numId")), num_pr.find(w("ilvl"))
    if num_id is None or num_id.get(w("val"), "0") == "0":
        return None
    return num_id.get(w("val"), ""), whole(ilvl.get(w("val")) if ilvl is not None else "0")


class _Counter:
    """Word's automatic numbers, counted per list and level: 1, 2, 3 and under them (a), (b)."""

    def __init__(self) -> None:
        self.counts: dict[tuple[str, int], int] = {}
        self.top = ""

    def next(self, num: tuple[str, int] | None, level: int) -> str:
        key = num or ("style", level)
        list_id, level = key[0], key[1] if num else level
        self.counts[(list_id, level)] = self.counts.get((list_id, level), 0) + 1
        for deeper in [k for k in self.counts if k[0] == list_id and k[1] > level]:
            del self.counts[deeper]
        count = self.counts[(list_id, level)]
        if level == 0:
            self.top = str(count)
            return self.top
        return self.sub(_letters(count))

    def sub(self, letter: str) -> str:
        return f"{self.top} ({letter})" if self.top else f"({letter})"


def _letters(count: int) -> str:
    letters = ""
    while count > 0:
        count, rest = divmod(count - 1, 26)
        letters = string.ascii_lowercase[rest] + letters
    return letters


def parse_numbered_paragraphs(data: bytes) -> NumberedDocument:
    """Read an uploaded .docx's numbered paragraphs; raise DocxImportError for unreadable files."""
    package = read_package(data)
    root = package.xml("word/document.xml")
    if root is None or root.find(w("body")) is None:
        raise DocxImportError(Msg("The file has no document body."), "corrupt")
    structure = DocxStructure(package)
    rels = relationship_targets(package.xml("word/_rels/document.xml.rels"))
    document = NumberedDocument(core_title(package))
    counter, current, preamble, removed = _Counter(), None, 0, set()
    previous_style = ""
    for p in body_paragraphs(root):
        info = structure.classify(p, previous_style)
        previous_style = structure.style_name(p)
        if not info.text.strip():
            continue
        if info.title or info.heading:
            document.title = document.title or (info.text.strip() if info.title else "")
            current = None
            continue
        number = None
        if info.start and info.number_length:
            match = _NUMBER.match(info.text)
            number = counter.sub(match.group("letter")) if match.group("letter") else (match.group("multi") or match.group("single"))
            if not match.group("letter"):
                counter.top = number
        elif info.start and not info.list_type and (_num_pr(p) is not None or (info.kind == "text" and not info.prefix_length)):
            number = counter.next(_num_pr(p), info.level)  # Word's numbering, on the paragraph or its style
        text = segments_markdown(strip_chars(paragraph_segments(p, rels, ACCEPT), info.number_length)).strip()
        text = strip_hidden_characters(text, removed)
        if number is not None:
            if len(document.paragraphs) >= MAX_PARAGRAPHS:
                raise DocxImportError(Msg("The file has more than %(limit)s numbered paragraphs.", limit=MAX_PARAGRAPHS), "too_many")
            current = NumberedParagraph(number, text)
            document.paragraphs.append(current)
        elif current is not None:
            current.text = f"{current.text}\n\n{text}"
        else:
            preamble += 1
    if preamble:
        document.warnings.append(Msg("%(count)s paragraph(s) before the first numbered one (the preamble) were left out.",
                                     count=preamble))
    if removed:
        document.warnings.append(stripped_warning(removed))
    if not document.paragraphs:
        document.warnings.append(Msg("No numbered paragraphs were found: number them in Word (typed “1.” or automatic "
                                     "numbering) and upload the file again."))
    return document
