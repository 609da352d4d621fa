"""Negotiated-text square brackets: find, count and highlight contested `[ ... ]` spans."""

from __future__ import annotations

import re

MARK_OPEN = '<mark class="bracket">'
MARK_CLOSE = "</mark>"

# Markup that is not a text node: comments, CDATA, doctype/processing instructions, tags.
_MARKUP = re.compile(
    r"<!--.*?(?:-->|$)|<!\[CDATA\[.*?(?:\]\]>|$)|<[!?][^>]*>?|</?[A-Za-z][^>]*>?", re.S
)


# A Markdown link or image, `[IPBES website](https://…)`: its brackets are syntax, not a contested span.
_LINK = re.compile(r"!?\[[^\[\]\n]*\]\([^()\s]*(?:\s+\"[^\"]*\")?\)")


def _without_links(text: str) -> str:
    """The text with every Markdown link's brackets blanked out (same length, so offsets hold)."""
    return _LINK.sub(lambda m: m.group().replace("[", " ").replace("]", " "), text)


def bracket_spans(text: str) -> list[tuple[int, int]]:
    """Return the outermost [ ... ] spans as (start, end) offsets, end exclusive.

    Nested brackets belong to their outermost span; an unmatched ``[`` runs to the end of
    the text; an unmatched ``]`` is ignored. The brackets of Markdown links are not spans.
    """
    text = _without_links(text)
    spans: list[tuple[int, int]] = []
    depth = 0
    start = 0
    for i, char in enumerate(text):
        if char == "[":
            if depth == 0:
                start = i
            depth += 1
        elif char == "]" and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
    if depth:
        spans.append((start, len(text)))
    return spans


def count_brackets(text: str) -> int:
    """Count the outermost bracketed spans still in the text."""
    return len(bracket_spans(text))


def _mark_text(text: str, depth: int) -> tuple[str, int]:
    """Wrap the bracketed parts of one text node; returns (html, depth at its end)."""
    out: list[str] = []
    pos = 0
    open_at = 0 if depth else None
    for i, char in enumerate(text):
        if char == "[":
            if depth == 0:
                out.append(text[pos:i])
                pos = open_at = i
            depth += 1
        elif char == "]" and depth:
            depth -= 1
            if depth == 0:
                out.append(MARK_OPEN + text[open_at : i + 1] + MARK_CLOSE)
                pos, open_at = i + 1, None
    if open_at is not None and open_at < len(text):
        out.append(MARK_OPEN + text[open_at:] + MARK_CLOSE)
    else:
        out.append(text[pos:])
    return "".join(out), depth


def highlight_brackets_html(html_fragment: str) -> str:
    """Wrap bracketed spans of rendered HTML in <mark class="bracket">, one per text node.

    Only text nodes are touched, so the marks never cross tag boundaries; bracket depth
    carries across nodes, so a span that crosses tags is marked piecewise.
    """
    out: list[str] = []
    depth = 0
    pos = 0
    for markup in _MARKUP.finditer(html_fragment):
        text, depth = _mark_text(html_fragment[pos : markup.start()], depth)
        out.append(text)
        out.append(markup.group())
        pos = markup.end()
    text, _ = _mark_text(html_fragment[pos:], depth)
    out.append(text)
    return "".join(out)
