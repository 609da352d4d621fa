"""The parser-free reading of plain clause text gives exactly what markdown-it gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from exports.docx.markdown_docx import _parsed_blocks, _simple_blocks

PIECES = ["Belgium", "supports", "the", "**funding**", "*capacity*", "[bracketed]", "[2026]", "(Windhoek, 2024)", "text.",
          "a*b", "*", "**", "***x***", "* list", "- item", "1. one", "#", "_x_", "`c`", "[l](u)", "<b>", "&amp;", "\\*",
          "  ", "\n", "\n\n", "    code", "x  \ny", "*a **b** c*", "**a*", "*(x)*", "'*q*'", "3*4*5", "| a |", "> q", "\t",
          "*end*.", "(**b**)", "[*i*]", "\"*x*\"", "**a** **b**", "é", "2.5", "x:", "[a]: b",
          "\n*start*", "\n\n**start**", "\n***", "\n* * *", "\n**", "\n*", "*a*b", "**x**y", "\n*a* *b*", "\n**a**:"]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=14).map(" ".join))
def test_the_fast_path_agrees_with_the_parser(source):
    fast = _simple_blocks(source)
    if fast is not None:
        assert [(b.spans, b.style, b.list_type) for b in fast] == [(b.spans, b.style, b.list_type) for b in _parsed_blocks(source)]


def test_common_clause_text_takes_the_fast_path():
    assert _simple_blocks("Belgium **welcomes** the *rolling* programme for [2026] [2027] (IPBES-11).\n\nA second paragraph.")
    assert _simple_blocks("*Emphasis* first.\n\n**Bold** first, then *more*.")  # not a bullet
    assert _simple_blocks("- a list") is None and _simple_blocks("* a bullet") is None and _simple_blocks("a\n\n***") is None
    assert _simple_blocks("- a list") is None and _simple_blocks("see [x](https://e.org)") is None
