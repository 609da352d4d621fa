"""Hostile Markdown: whatever a clause or comment says, no script, event handler or script URL reaches the HTML."""

from __future__ import annotations

import time
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from positions.text.brackets import highlight_brackets_html
from positions.text.rendering import render_clause_body, render_markdown

DANGEROUS_TAGS = {"script", "style", "iframe", "object", "embed", "svg", "math", "form", "input", "base", "meta", "link", "frame"}
SAFE_DATA_IMAGES = ("data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcset", "background", "poster"}

FRAGMENTS = [
    "<script>alert(1)</script>", "<SCRIPT SRC=//evil.example/x.js></SCRIPT>", "<img src=x onerror=alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>", "[x](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))",
    "[x](java\tscript:alert(1))", "[x](&#106;avascript:alert(1))", "[x](&#x6A;avascript&colon;alert(1))",
    "[x](vbscript:msgbox(1))", "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))", "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "[x]: javascript:alert(1)\n\n[x]", "<javascript:alert(1)>", "<https://ok.example/>", "&lt;script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;", "<div onmouseover=\"alert(1)\">hover</div>", "<svg/onload=alert(1)>",
    "<iframe src=\"https://evil.example\"></iframe>", "\" onclick=\"alert(1)", "' onfocus='alert(1)",
    "`<script>`", "```html\n<script>alert(1)</script>\n```", "<!-- <script> -->", "<style>*{}</style>",
    "[a](<javascript:alert(1)>)", "[a](  javascript:alert(1)  )", "**bold** _it_ [link](https://example.org)",
    "\u202eevil\u202c", "\u200b", "e\u0301", "\U0001F600", "\x00", "[", ">", "*", "_", "\n", " ", "|", "\\",
]


class Collector(HTMLParser):
    """Every start tag with its attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag


def problems(html: str) -> list[str]:
    """What in this HTML could run script."""
    parser = Collector()
    parser.feed(html)
    parser.close()
    found = []
    for tag, attrs in parser.tags:
        if tag in DANGEROUS_TAGS:
            found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                found.append(f"{tag} {name}")
            if name in URL_ATTRIBUTES and value is not None:
                url = "".join(value.split()).lower()
                if url.startswith(("javascript:", "vbscript:")) or (url.startswith("data:") and not url.startswith(SAFE_DATA_IMAGES)):
                    found.append(f"{tag} {name}={value}")
    return found


hostile = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=20)), max_size=12).map("".join)


@settings(max_examples=400, deadline=None)
@given(hostile)
def test_no_script_reaches_the_html(text):
    for render in (render_markdown, render_clause_body):
        html = render(text)
        assert not problems(html), (text, html)


@pytest.mark.parametrize("fragment", FRAGMENTS)
def test_each_known_attack_alone(fragment):
    assert not problems(render_clause_body(fragment)), fragment


def test_escaped_html_is_shown_as_text():
    html = render_markdown("<script>alert(1)</script> & <b>bold</b>")
    assert "&lt;script&gt;" in html and "&amp;" in html and "<b>" not in html


def test_safe_links_stay_links():
    assert '<a href="https://example.org" rel="noopener noreferrer"' in render_markdown("[link](https://example.org)")
    assert '<a href="/positions/1">here</a>' in render_markdown("[here](/positions/1)")


EXTERNAL = ('rel="noopener noreferrer" class="external-link" aria-describedby="external-link-note"',
            '<span class="external-mark" aria-hidden="true">\u2197</span></a>')


@pytest.mark.parametrize("text", ["[IPBES](https://ipbes.net)", "<https://ipbes.net>", "[x](HTTP://ipbes.net)",
                                  "[x](//ipbes.net)", "[x](http:ipbes.net)", "[x](ftp://ipbes.net)", "*see* [**IPBES**](https://ipbes.net \"t\")"])
def test_links_to_other_sites_get_noopener_noreferrer_and_a_mark_screen_readers_announce(text):
    html = render_markdown(text)
    attributes, mark = EXTERNAL
    assert html.count(attributes) == 1 and html.count(mark) == 1 and html.count("</a>") == 1, html
    assert render_clause_body(text) == highlight_brackets_html(html)


@pytest.mark.parametrize("text", ["[here](/positions/1)", "[clause](#clause-abc)", "[mail](mailto:a@b.be)", "[p](positions/2)",
                                  "plain https://ipbes.net text"])
def test_links_inside_the_site_and_mail_links_stay_plain(text):
    html = render_markdown(text)
    assert "external" not in html and "noopener" not in html and "\u2197" not in html


def test_several_links_in_a_paragraph_are_each_marked_once():
    html = render_markdown("[a](https://a.example) and [b](/b) and [c](https://c.example)\n\n- [d](https://d.example)")
    assert html.count('class="external-link"') == 3 and html.count("\u2197") == 3
    assert '<a href="/b">b</a>' in html


@pytest.mark.parametrize("text", [
    ">" * 10_000 + " quote", "[" * 10_000, "]" * 10_000 + "(" * 10_000, "*" * 10_000 + "x" + "*" * 10_000,
    "- " * 5_000 + "item", "`" * 10_000, "<" * 10_000, "&" * 10_000, "x" * 1_000_000, ("word " * 200_000),
    "[a](" * 5_000, "![" * 5_000, "\\" * 10_000, "|a" * 10_000 + "\n" + "|-" * 10_000,
])
def test_huge_nesting_and_long_lines_render_quickly(text):
    started = time.perf_counter()
    html = render_clause_body(text)
    assert time.perf_counter() - started < 10
    assert not problems(html)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_unicode_renders_without_raising(text):
    assert not problems(render_clause_body(text))
