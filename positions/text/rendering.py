"""Markdown to HTML for clause bodies and comments, never letting raw HTML through."""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markupsafe import escape

from positions.text.brackets import highlight_brackets_html

EXTERNAL_NOTE_ID = "external-link-note"  # the page holds this element, saying (translated) that a link leaves the site
EXTERNAL_MARK = '<span class="external-mark" aria-hidden="true">\u2197</span>'
EXTERNAL = re.compile(r"//|(?!mailto:|tel:)[a-z][a-z0-9+.-]*:", re.IGNORECASE)  # a host or a scheme: another site ('http:x.org' too)


def mark_external_links(state: StateCore) -> None:
    """Give links to other sites rel="noopener noreferrer", a visible mark and a description screen readers announce."""
    for block in state.tokens:
        external = False
        for token in block.children or ():
            if token.type == "link_open" and EXTERNAL.match(str(token.attrGet("href") or "")):
                external = True
                token.attrSet("rel", "noopener noreferrer")
                token.attrSet("class", "external-link")
                token.attrSet("aria-describedby", EXTERNAL_NOTE_ID)
            elif token.type == "link_close" and external:
                external = False
                token.type, token.tag, token.nesting = "html_inline", "", 0
                token.content = EXTERNAL_MARK + "</a>"


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
    parser.core.ruler.push("mark_external_links", mark_external_links)
    return parser


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
