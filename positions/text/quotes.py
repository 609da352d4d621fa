"""Quotes as readers see them: words selected on the rendered clause, mapped to its Markdown source, and back.

A reader selects "Belgium supports the timely" where *supports* is bold; the source says
"Belgium **supports** the timely". The rendered text is aligned with the source (a character diff), so
a quote found in the rendered text gives its span in the source, and a span of the source gives the
words the page shows (and which occurrence of them), for highlighting.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache

from diff_match_patch import diff_match_patch

from positions.text.rendering import render_clause_body

_TAG = re.compile(r"<[^>]*>")
_MARKERS = "*_~`"  # emphasis and code markers that belong to the words they wrap


@dataclass(frozen=True)
class Rendered:
    """The text of a rendered clause (what the browser's textContent gives) and, per character, its source index (-1: none)."""

    text: str
    source_index: tuple[int, ...]


@lru_cache(maxsize=1024)
def rendered(source: str) -> Rendered:
    """The clause's rendered text aligned with its Markdown source."""
    text = html.unescape(_TAG.sub("", render_clause_body(source or "")))
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0.2
    index: list[int] = []
    at = 0
    for op, chunk in dmp.diff_main(source or "", text, False):
        if op == 0:
            index.extend(range(at, at + len(chunk)))
            at += len(chunk)
        elif op == -1:
            at += len(chunk)
        else:
            index.extend([-1] * len(chunk))
    return Rendered(text, tuple(index))


def source_span(source: str, quote: str) -> tuple[int, int] | None:
    """Where the words of `quote`, as selected on the rendered clause, sit in the Markdown source (or None).

    Whitespace may differ (a selection across paragraphs or list items); emphasis markers right
    around the words are included, so the span stays well-formed Markdown.
    """
    words = (quote or "").split()
    if not words:
        return None
    view = rendered(source)
    match = re.search(r"\s+".join(map(re.escape, words)), view.text)
    if match is None:
        return None
    inside = [i for i in view.source_index[match.start():match.end()] if i >= 0]
    if not inside:
        return None
    start, end = inside[0], inside[-1] + 1
    while start > 0 and source[start - 1] in _MARKERS:
        start -= 1
    while end < len(source) and source[end] in _MARKERS:
        end += 1
    return start, end


def shown_quote(source: str, span: tuple[int, int]) -> tuple[str, int] | None:
    """The words the page shows for source[span] and which occurrence of them it is (0 = the first), or None."""
    view = rendered(source)
    positions = [p for p, i in enumerate(view.source_index) if span[0] <= i < span[1]]
    if not positions:
        return None
    first, last = positions[0], positions[-1] + 1
    words = view.text[first:last]
    if not words.strip():
        return None
    return words, view.text[:first].count(words)
