"""Markdown to HTML for clause bodies and comments, never letting raw HTML through."""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt

from positions.brackets import highlight_brackets_html


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def render_markdown(text: str) -> str:
    """Render Markdown to safe HTML: raw HTML is escaped, unsafe link schemes dropped."""
    return _parser().render(text or "")


@lru_cache(maxsize=8192)
def render_clause_body(text: str) -> str:
    """Render a clause body with its [bracketed] negotiation text highlighted (cached: revisions never change)."""
    return highlight_brackets_html(render_markdown(text))
