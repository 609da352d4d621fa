"""Unit tests: Markdown blocks, link safety, bookmark names."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from exports.docx.bookmarks import bookmark_name, uid_from_bookmark
from exports.docx.markdown_docx import markdown_blocks, plain_text, safe_href


def test_inline_formatting_becomes_spans():
    [block] = markdown_blocks("A **bold** and *italic* `code` [link](https://example.org) word")
    spans = [(s.text, s.bold, s.italic, s.code, s.href) for s in block.spans]
    assert ("bold", True, False, False, None) in spans
    assert ("italic", False, True, False, None) in spans
    assert ("code", False, False, True, None) in spans
    assert ("link", False, False, False, "https://example.org") in spans


def test_lists_nest_and_ordered_lists_keep_their_start():
    blocks = markdown_blocks("- a\n  - b\n\n3. c\n4. d")
    assert [(b.text, b.list_type, b.list_level) for b in blocks] == [
        ("a", "bullet", 0), ("b", "bullet", 1), ("c", "ordered", 0), ("d", "ordered", 0)]
    assert blocks[2].list_start == 3 and blocks[2].list_key == blocks[3].list_key


def test_hard_breaks_and_soft_breaks():
    [block] = markdown_blocks("one  \ntwo\nthree")
    assert block.text == "one\ntwo three"


def test_raw_html_is_text_never_markup():
    assert plain_text("<script>alert(1)</script>") == "<script>alert(1)</script>"
    assert plain_text("a <b onclick='x'>b</b>") == "a <b onclick='x'>b</b>"


def test_only_http_https_mailto_links_survive():
    assert safe_href("https://ipbes.net") and safe_href("mailto:focal@belgium.be")
    assert safe_href("javascript:alert(1)") is None
    assert safe_href("file:///etc/passwd") is None and safe_href("/relative") is None
    [block] = markdown_blocks("[x](ftp://host/file) and [y](data:text/html,hi)")
    assert all(s.href is None for s in block.spans)


def test_cached_blocks_are_not_shared_mutably():
    first = markdown_blocks("same text")
    first[0].spans.clear()
    assert markdown_blocks("same text")[0].text == "same text"


@given(st.text(min_size=1, max_size=30))
def test_bookmark_names_are_valid_and_reversible(uid):
    name = bookmark_name(uid)
    assert len(name) <= 40 and name[0].isalpha() and name == name.lower()
    assert all(c.isascii() and (c.isalnum() or c == "_") for c in name)
    decoded = uid_from_bookmark(name)
    assert decoded == uid or (decoded is None and name.startswith("h_"))


def test_distinct_uids_never_share_a_bookmark_even_ignoring_case():
    assert bookmark_name("Ab") != bookmark_name("aB")
    assert bookmark_name("Ab").lower() != bookmark_name("aB").lower()
