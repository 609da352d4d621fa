"""Markdown to HTML for clause bodies and comments, never letting raw HTML through."""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markupsafe import escape

from positions.text.brackets import highlight_brackets_html


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


# One line of words with nothing CommonMark would read as markup: no emphasis, code, link, entity,
# escape or HTML characters, and no block marker (list, heading, quote, rule, code indent) at the start.
PLAIN_LINE = re.compile(r"[^\s0-9>#=+*_`\[\]<>&\\!|~-][^\t\n\r\f\v*_`\[\]<>&\\!|~]*(?<! )")


@lru_cache(maxsize=16384)
def render_markdown(text: str) -> str:
    """Render Markdown to safe HTML: raw HTML is escaped, unsafe link schemes dropped (cached: texts are kept as written)."""
    text = text or ""
    if PLAIN_LINE.fullmatch(text):  # most comments: skip the parser
        return f"<p>{escape(text)}</p>\n"
    return _parser().render(text)


@lru_cache(maxsize=8192)
def render_clause_body(text: str) -> str:
    """Render a clause body with its [bracketed] negotiation text highlighted (cached: revisions never change)."""
    return highlight_brackets_html(render_markdown(text))
