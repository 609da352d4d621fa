"""Markdown (CommonMark, raw HTML off) to Word paragraphs and runs via markdown-it-py tokens."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})

_md = MarkdownIt("commonmark", {"html": False}).enable("table")


@dataclass(frozen=True)
class Span:
    """A piece of inline text with its formatting; '\\n' in text is a line break."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    href: str | None = None
    link: int = 0  # distinguishes adjacent links


@dataclass
class Block:
    """One Word paragraph worth of Markdown: a paragraph, list item, code block, quote or heading."""

    spans: list[Span] = field(default_factory=list)
    list_type: str | None = None  # "bullet" | "ordered"
    list_level: int = 0
    list_key: int = 0
    list_start: int = 1
    continuation: bool = False  # a second paragraph inside one list item: indented, no marker
    style: str | None = None  # "code" | "quote" | "heading" | "table"
    rows: tuple[tuple[tuple[Span, ...], ...], ...] = ()  # a table's cells, row by row (the first row is the header)

    @property
    def text(self) -> str:
        """Return the plain text of the block (a table: its cells, one paragraph each, as Word shows them)."""
        if self.rows:
            return "\n\n".join("".join(s.text for s in cell) for row in self.rows for cell in row)
        return "".join(s.text for s in self.spans)


def safe_href(href: str | None) -> str | None:
    """Return the link target if its scheme is http, https or mailto, else None."""
    if not href:
        return None
    try:
        scheme = urlsplit(href).scheme.lower()
    except ValueError:
        return None
    return href if scheme in SAFE_SCHEMES else None


@dataclass
class _ListFrame:
    type: str
    key: int
    start: int
    paragraphs_in_item: int = 0


def markdown_blocks(source: str) -> list[Block]:
    """Parse Markdown into blocks; raw HTML stays literal text, unsafe links become plain text."""
    return [replace(b, spans=list(b.spans)) for b in _cached_blocks(source)]


# Paragraphs of words, [brackets] and simple *emphasis*/**bold** read without the parser (most clause text):
# no character that starts other Markdown, no block marker at a line start, no hard break, one '*' pair per emphasis.
_SIMPLE_TEXT = re.compile(r"[^_`\\<>&|#\t\r]*")
# A '*' starts a block only as a bullet ('* item') or a rule ('***'); '*word*' or '**word**' is emphasis.
_BLOCK_START = re.compile(r"^[ ]*(?:[-+>=~]|\*(?=[ ]|$)|\*[* ]*$|\d+[.)]|\[[^\]]*\]:|$)|^[ ]{4}|[ ]{2}$", re.MULTILINE)
_EMPHASIS = re.compile(r"(?:(?<=[\s(\[\"'])|^)(\*\*|\*)(\w[^*\n]*?(?<=\w))\1(?=[\s.,;:!?)\]\"']|$)")


def _simple_blocks(source: str) -> tuple[Block, ...] | None:
    """The blocks of a body with no Markdown but simple emphasis, as the parser gives them; None for anything else."""
    if not _SIMPLE_TEXT.fullmatch(source) or "](" in source or "![" in source:
        return None
    paragraphs = source.strip("\n").split("\n\n")
    blocks = []
    for text in paragraphs:
        if not text or _BLOCK_START.search(text):
            return None
        text = " ".join(line.strip() for line in text.split("\n"))
        spans: list[Span] = []
        at = 0
        for match in _EMPHASIS.finditer(text):
            spans.append(Span(text[at:match.start()]))
            bold = match.group(1) == "**"
            spans.append(Span(match.group(2), bold, not bold))
            at = match.end()
        spans.append(Span(text[at:]))
        if any("*" in span.text for span in spans):
            return None
        blocks.append(Block(spans=_merge(spans)))
    return tuple(blocks)


@lru_cache(maxsize=4096)
def _cached_blocks(source: str) -> tuple[Block, ...]:
    simple = _simple_blocks(source or "")
    if simple is not None:
        return simple
    return _parsed_blocks(source)


def _parsed_blocks(source: str) -> tuple[Block, ...]:
    blocks: list[Block] = []
    lists: list[_ListFrame] = []
    quote_depth = 0
    list_counter = 0
    pending_style: str | None = None
    table: list[list[tuple[Span, ...]]] | None = None
    for token in _md.parse(source or ""):
        kind = token.type
        if kind == "table_open":
            table = []
        elif kind == "tr_open" and table is not None:
            table.append([])
        elif kind == "inline" and table is not None:
            table[-1].append(tuple(_inline_spans(token.children or [])))
        elif kind == "table_close" and table is not None:
            block = _new_block(lists, "table")
            block.rows = tuple(tuple(row) for row in table)
            blocks.append(block)
            table = None
        elif kind in ("bullet_list_open", "ordered_list_open"):
            list_counter += 1
            start = int(token.attrGet("start") or 1)
            lists.append(_ListFrame("bullet" if kind[0] == "b" else "ordered", list_counter, start))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            lists[-1].paragraphs_in_item = 0
        elif kind == "blockquote_open":
            quote_depth += 1
        elif kind == "blockquote_close":
            quote_depth -= 1
        elif kind == "heading_open":
            pending_style = "heading"
        elif kind == "inline":
            block = _new_block(lists, "quote" if quote_depth and not pending_style else pending_style)
            block.spans = _inline_spans(token.children or [])
            blocks.append(block)
            pending_style = None
        elif kind in ("fence", "code_block"):
            block = _new_block(lists, "code")
            block.spans = [Span(token.content.rstrip("\n"), code=True)]
            blocks.append(block)
    return tuple(blocks)


def _new_block(lists: list[_ListFrame], style: str | None) -> Block:
    if not lists:
        return Block(style=style)
    frame = lists[-1]
    frame.paragraphs_in_item += 1
    return Block(
        list_type=frame.type,
        list_level=min(len(lists) - 1, 2),
        list_key=frame.key,
        list_start=frame.start,
        continuation=frame.paragraphs_in_item > 1,
        style=style,
    )


def _inline_spans(children: list[Token]) -> list[Span]:
    spans: list[Span] = []
    bold = italic = 0
    href: str | None = None
    link = 0
    for child in children:
        kind = child.type
        if kind == "text":
            spans.append(Span(child.content, bold > 0, italic > 0, False, href, link if href else 0))
        elif kind == "code_inline":
            spans.append(Span(child.content, bold > 0, italic > 0, True, href, link if href else 0))
        elif kind == "softbreak":
            spans.append(Span(" ", bold > 0, italic > 0, False, href, link if href else 0))
        elif kind == "hardbreak":
            spans.append(Span("\n", bold > 0, italic > 0))
        elif kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic -= 1
        elif kind == "link_open":
            link += 1
            href = safe_href(str(child.attrGet("href") or ""))
        elif kind == "link_close":
            href = None
        elif kind == "image" or child.content:
            spans.append(Span(child.content, bold > 0, italic > 0))
    return _merge(spans)


def _merge(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for span in spans:
        if not span.text:
            continue
        if merged and _same_format(merged[-1], span) and "\n" not in span.text + merged[-1].text:
            merged[-1] = replace(merged[-1], text=merged[-1].text + span.text)
        else:
            merged.append(span)
    return merged


def _same_format(a: Span, b: Span) -> bool:
    return (a.bold, a.italic, a.code, a.href, a.link) == (b.bold, b.italic, b.code, b.href, b.link)


def plain_text(source: str) -> str:
    """Return the visible text of a Markdown body, blocks separated by blank lines."""
    return "\n\n".join(b.text for b in markdown_blocks(source))
