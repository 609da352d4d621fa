"""Tests for square-bracket spans in negotiated text."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from positions.text.brackets import (
    MARK_CLOSE,
    MARK_OPEN,
    bracket_spans,
    count_brackets,
    highlight_brackets_html,
)

M = MARK_OPEN
E = MARK_CLOSE


def test_simple_and_alternative_brackets():
    text = "Parties [shall] [should] report [annually]."
    assert bracket_spans(text) == [(8, 15), (16, 24), (32, 42)]
    assert [text[s:e] for s, e in bracket_spans(text)] == ["[shall]", "[should]", "[annually]"]
    assert count_brackets(text) == 3


def test_nested_brackets_report_outermost():
    text = "[option A [with detail]] and [B]"
    assert bracket_spans(text) == [(0, 24), (29, 32)]
    assert count_brackets(text) == 2


def test_unbalanced_brackets_do_not_crash():
    assert bracket_spans("a [b [c] d") == [(2, 10)]
    assert bracket_spans("] x [y]") == [(4, 7)]
    assert bracket_spans("[") == [(0, 1)]
    assert bracket_spans("]]]") == []
    assert count_brackets("clean text") == 0
    assert count_brackets("") == 0


@given(st.text(alphabet="ab[] "))
def test_spans_are_ordered_and_bracketed(text):
    spans = bracket_spans(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert text[start] == "["
        previous_end = end
    outside = "".join(
        text[e:s]
        for e, s in zip(
            [0] + [e for _, e in spans], [s for s, _ in spans] + [len(text)], strict=True
        )
    )
    assert "[" not in outside


def test_highlight_plain_paragraph():
    html = "<p>Parties [shall] report [annually].</p>"
    assert highlight_brackets_html(html) == (
        f"<p>Parties {M}[shall]{E} report {M}[annually]{E}.</p>"
    )


def test_highlight_across_tags_stays_well_nested():
    html = "<p>The [Parties <em>shall</em> report] now</p>"
    assert highlight_brackets_html(html) == (
        f"<p>The {M}[Parties {E}<em>{M}shall{E}</em>{M} report]{E} now</p>"
    )


def test_highlight_leaves_attributes_and_entities_alone():
    html = '<p><a href="https://x.test/[id]" title="[t]">link</a> &amp; [a &lt; b]</p>'
    assert highlight_brackets_html(html) == (
        f'<p><a href="https://x.test/[id]" title="[t]">link</a> &amp; {M}[a &lt; b]{E}</p>'
    )


def test_highlight_unbalanced_and_nested():
    assert highlight_brackets_html("<p>a ] b [c [d] e</p><p>f</p>") == (
        f"<p>a ] b {M}[c [d] e{E}</p><p>{M}f{E}</p>"
    )
    assert highlight_brackets_html("[x]") == f"{M}[x]{E}"
    assert (
        highlight_brackets_html("<ul><li>[</li><li></li></ul>")
        == f"<ul><li>{M}[{E}</li><li></li></ul>"
    )


def test_highlight_ignores_comments():
    html = "<!-- [not text] --><p>[yes]</p>"
    assert highlight_brackets_html(html) == f"<!-- [not text] --><p>{M}[yes]{E}</p>"


def test_markdown_link_syntax_is_not_special():
    html = '<p>See <a href="https://example.org">the report</a> [and the annex](annex).</p>'
    out = highlight_brackets_html(html)
    assert f"{M}[and the annex]{E}(annex)" in out


@given(st.lists(st.sampled_from(["<p>", "</p>", "<em>", "</em>", "a", " ", "[", "]", "&amp;"])))
def test_highlight_only_adds_marks(parts):
    html = "".join(parts)
    out = highlight_brackets_html(html)
    assert out.replace(M, "").replace(E, "") == html
    # Marks never contain tags, so they cannot break the nesting of the fragment.
    assert not re.search(re.escape(M) + r"[^<]*<(?!/mark>)", out)
    assert out.count(M) == out.count(E)


def test_a_markdown_link_is_not_an_open_bracket():
    assert count_brackets("See the [IPBES website](https://www.ipbes.net/) for details.") == 0
    assert count_brackets("See [IPBES](https://ipbes.net \"IPBES\") and ![logo](logo.png).") == 0
    text = "Belgium [supports] the [IPBES website](https://ipbes.net) and [shall]"
    assert [text[s:e] for s, e in bracket_spans(text)] == ["[supports]", "[shall]"]
    assert count_brackets("[A] [B] alternatives") == 2
