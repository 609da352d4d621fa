"""Locate a quoted phrase inside a clause's runs, splitting runs so a range covers just the quote."""

from __future__ import annotations

import bisect
import re

from lxml import etree

from .ooxml import w

_DELETED = (w("del"), w("moveFrom"))
_R, _RPR, _T, _BR = w("r"), w("rPr"), w("t"), w("br")


class TextUnits(list):
    """[run | None, text, offset] for each visible text run (None marks a paragraph break), and their text.

    Splitting a run at a quote's edge replaces one unit by two: the text stays the same.
    """

    text: str = ""


def text_units(paragraphs: list[etree._Element]) -> TextUnits:
    """The clause's visible text runs, to share between the comments anchored in it."""
    return _units(paragraphs)


def _units(paragraphs: list[etree._Element]) -> TextUnits:
    units = TextUnits()
    offset = 0
    for index, p in enumerate(paragraphs):
        if index:
            units.append([None, "\n", offset])
            offset += 1
        for run in p.iter(_R):
            if run.getparent().tag in _DELETED:
                continue
            children = [c for c in run if c.tag != _RPR]
            if len(children) != 1:
                continue
            child = children[0]
            if child.tag == _T and child.text:
                text = child.text
            elif child.tag == _BR:
                text = "\n"
            else:
                continue
            units.append([run, text, offset])
            offset += len(text)
    units.text = "".join(u[1] for u in units)
    return units


def _locate(text: str, quote: str) -> tuple[int, int] | None:
    index = text.find(quote)
    if index >= 0:
        return index, index + len(quote)
    for candidate in (quote, re.sub(r"[*_`]", "", quote)):
        tokens = re.findall(r"\w+|[^\w\s]", candidate)
        if not tokens:
            continue
        match = re.search(r"\s*".join(re.escape(t) for t in tokens), text, re.IGNORECASE)
        if match:
            return match.start(), match.end()
    return None


def _split(units: TextUnits, index: int, at: int) -> None:
    """Split units[index]'s run at character `at`; the right part becomes units[index + 1]."""
    run, text, offset = units[index]
    right = run.__deepcopy__(None)  # lxml copies the whole run (copy.deepcopy would only add its bookkeeping)
    run.find(_T).text = text[:at]
    right.find(_T).text = text[at:]
    run.addnext(right)
    units[index] = [run, text[:at], offset]
    units.insert(index + 1, [right, text[at:], offset + at])


def find_quote_runs(
    paragraphs: list[etree._Element], quote: str, units: TextUnits | None = None
) -> tuple[etree._Element, etree._Element] | None:
    """Return the first and last run covering `quote` (runs split at its edges), or None.

    `units`: the clause's text runs from an earlier call (text_units), kept up to date by the splits.
    """
    quote = quote.strip()
    if not quote:
        return None
    units = _units(paragraphs) if units is None else units
    span = _locate(units.text, quote)
    if span is None:
        return None
    start, end = span
    first = bisect.bisect_right(units, start, key=_end)  # the first unit ending after the start (offsets ascend)
    while units[first][0] is None:
        first += 1
    if start > units[first][2]:
        _split(units, first, start - units[first][2])
        first += 1
    last = bisect.bisect_left(units, end, key=_offset) - 1  # the last unit starting before the end
    while units[last][0] is None:
        last -= 1
    if end < units[last][2] + len(units[last][1]):
        _split(units, last, end - units[last][2])
    return units[first][0], units[last][0]


def _end(unit: list) -> int:
    return unit[2] + len(unit[1])


def _offset(unit: list) -> int:
    return unit[2]


def top_level(run: etree._Element) -> etree._Element:
    """Return the ancestor of `run` (or the run) that is a direct child of its paragraph."""
    node = run
    while node.getparent() is not None and node.getparent().tag != w("p"):
        node = node.getparent()
    return node
