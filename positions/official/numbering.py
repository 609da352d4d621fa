"""Recognise the Secretariat's paragraph numbers in read text: '1.', '(a)', '(i)', SPM key messages 'A1', headings 'A. …'.

A reader (Word or PDF) hands over paragraphs in order, each with the label Word's list numbering printed
('1.', '(a)') when it had one; a typed number at the start of the text counts the same. Sub-paragraphs take
their parent's number ('3 (a)', '3 (a) (ii)'); key messages keep theirs ('B2') under their heading ('B. …').
Everything else is kept, unnumbered, and named in the warnings: nothing is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from positions.messages import Msg

KEY_MESSAGE = re.compile(r"^([A-Z])(\d{1,2})\.?\s+(\S.*)$", re.S)
HEADING = re.compile(r"^([A-Z]|[IVX]{1,6})\.\s+(\S.*)$", re.S)
MAIN = re.compile(r"^(\d{1,3})\.\s+(\S.*)$", re.S)
SUB = re.compile(r"^\(([a-z]{1,4})\)\s+(\S.*)$", re.S)
ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv")
MAX_HEADING_CHARS = 250
_SPACES = re.compile(r"[ \t\u00a0]+")


@dataclass(frozen=True)
class ReadParagraph:
    """One paragraph as a reader found it: its text, and the label Word's list numbering printed before it."""

    text: str
    label: str = ""


@dataclass(frozen=True)
class NumberedParagraph:
    """A paragraph with its official number ('' when it has none), the heading it falls under, and its text."""

    kind: str  # paragraph, heading, unnumbered
    number: str
    heading: str
    text: str


@dataclass
class Numbered:
    """What the numbering made of a document: its paragraphs and what it could not number."""

    paragraphs: list[NumberedParagraph] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def clean(text: str) -> str:
    """One line of text: runs of spaces and tabs made one space, ends trimmed (line breaks too)."""
    return _SPACES.sub(" ", text.replace("\n", " ").replace("\r", " ")).strip()


def _is_heading(text: str) -> bool:
    return len(text) <= MAX_HEADING_CHARS and not text.rstrip().endswith((";", ","))


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57].rstrip() + "…"


class _Counter:
    """Where the numbering stands: the current heading, main paragraph and lettered sub-paragraph."""

    def __init__(self) -> None:
        self.heading = ""
        self.main = ""
        self.letter = ""
        self.roman = ""

    def sub_number(self, mark: str) -> str | None:
        if not self.main:
            return None
        is_next_letter = len(mark) == 1 and (self.letter and ord(mark) == ord(self.letter[-1]) + 1 or (not self.letter and mark == "a"))
        if mark in ROMAN and self.letter and not is_next_letter:
            self.roman = mark
            return f"{self.main} ({self.letter}) ({mark})"
        self.letter, self.roman = mark, ""
        return f"{self.main} ({mark})"


def number_paragraphs(read: Iterable[ReadParagraph]) -> Numbered:
    """Give each read paragraph its official number (see the module's doc); empty paragraphs are skipped."""
    result, state, seen = Numbered(), _Counter(), set()
    unnumbered: list[str] = []
    for item in read:
        text = clean(f"{item.label} {item.text}" if item.label else item.text)
        if not text:
            continue
        paragraph = _number_one(text, state)
        if paragraph.number and paragraph.number in seen:
            result.warnings.append(Msg("Paragraph number %(number)s appears twice; the second one was kept without a number: "
                                       "“%(text)s”.", number=paragraph.number, text=_short(paragraph.text)))
            paragraph = NumberedParagraph("unnumbered", "", paragraph.heading, text)
        seen.add(paragraph.number)
        if paragraph.kind == "unnumbered":
            unnumbered.append(_short(text))
        result.paragraphs.append(paragraph)
    if unnumbered:
        result.warnings.append(Msg("%(count)s paragraphs have no official number and cannot be linked by number: %(list)s.",
                                   count=len(unnumbered), list="; ".join(f"“{t}”" for t in unnumbered[:12])
                                   + ("; …" if len(unnumbered) > 12 else "")))
    return result


def _number_one(text: str, state: _Counter) -> NumberedParagraph:
    if match := KEY_MESSAGE.match(text):
        state.main, state.letter, state.roman = match[1] + match[2], "", ""
        return NumberedParagraph("paragraph", state.main, state.heading, match[3])
    if (match := HEADING.match(text)) and _is_heading(text):
        state.heading, state.main, state.letter, state.roman = text, "", "", ""
        return NumberedParagraph("heading", match[1], "", match[2])
    if match := MAIN.match(text):
        state.main, state.letter, state.roman = match[1], "", ""
        return NumberedParagraph("paragraph", match[1], state.heading, match[2])
    if (match := SUB.match(text)) and (number := state.sub_number(match[1])):
        return NumberedParagraph("paragraph", number, state.heading, match[2])
    return NumberedParagraph("unnumbered", "", state.heading, text)
