"""Tests for comment anchors that survive edits."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from positions.text.anchors import Anchor, locate, make_anchor

TEXT = (
    "Recalling decision IPBES-11/1, the Plenary requests the Executive Secretary to "
    "prepare a draft work programme and to consult member States on the budget "
    "proposal before adopting it at its next session."
)
QUOTE = "requests the Executive Secretary to prepare a draft work programme"  # > 32 chars


def anchor_for(text: str, quote: str, occurrence: int = 0) -> Anchor:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    return make_anchor(text, start, start + len(quote))


def located(text: str, anchor: Anchor) -> str | None:
    span = locate(text, anchor)
    return None if span is None else text[span[0] : span[1]]


def test_make_anchor_takes_context():
    anchor = make_anchor("abcdefghij", 4, 6, context=2)
    assert anchor == Anchor(quote="ef", prefix="cd", suffix="gh")
    assert make_anchor("abc", 0, 3) == Anchor("abc", "", "")
    with pytest.raises(ValueError):
        make_anchor("abc", 2, 1)
    with pytest.raises(ValueError):
        make_anchor("abc", 0, 4)


def test_unchanged_quote():
    anchor = anchor_for(TEXT, QUOTE)
    assert locate(TEXT, anchor) == (TEXT.index(QUOTE), TEXT.index(QUOTE) + len(QUOTE))


def test_text_inserted_before_moves_the_span():
    anchor = anchor_for(TEXT, QUOTE)
    moved = "Noting the progress report, and welcoming the assessment. " + TEXT
    start = moved.index(QUOTE)
    assert locate(moved, anchor) == (start, start + len(QUOTE))


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("prepare", "develop"),
        ("a draft", "an updated draft"),
        ("requests", "invites"),
        ("Executive Secretary", "Secretariat"),
        ("programme", "plan"),
    ],
)
def test_slightly_edited_long_quote(old, new):
    anchor = anchor_for(TEXT, QUOTE)
    assert located("Preamble. " + TEXT.replace(old, new), anchor) == QUOTE.replace(old, new)


@pytest.mark.parametrize(
    ("old", "new"),
    [("budget", "budgets"), ("the budget", "the draft budget"), ("budget proposal", "budget plan")],
)
def test_slightly_edited_short_quote(old, new):
    anchor = anchor_for(TEXT, "the budget proposal")
    assert located(TEXT.replace(old, new), anchor) == "the budget proposal".replace(old, new)


def test_deleted_quote_is_gone():
    anchor = anchor_for(TEXT, QUOTE)
    assert locate(TEXT.replace(QUOTE, "notes the report"), anchor) is None
    assert locate("The Plenary adjourned.", anchor) is None
    short = anchor_for(TEXT, "budget proposal")
    assert locate(TEXT.replace("on the budget proposal ", ""), short) is None
    assert locate("", short) is None


def test_repeated_phrase_is_disambiguated_by_context():
    text = "Parties shall report. Observers may comment. Parties shall report again."
    second = anchor_for(text, "Parties shall report", occurrence=1)
    first = anchor_for(text, "Parties shall report", occurrence=0)
    assert locate(text, second) == (45, 65)
    assert locate(text, first) == (0, 20)
    edited = "Preface. " + text.replace("Observers may", "Observers can")
    assert locate(edited, second) == (54, 74)


def test_repeated_phrase_fuzzy_uses_context():
    text = "Parties shall report. Observers may comment. Parties shall report again."
    second = anchor_for(text, "Parties shall report", occurrence=1)
    edited = "Parties should report. Observers may comment. Parties should report again."
    span = locate(edited, second)
    assert span is not None and edited[span[0] : span[1]] == "Parties should report"
    assert span[0] > 30


def test_empty_quote():
    assert locate(TEXT, Anchor("", "abc", "def")) is None


@given(st.text(max_size=80), st.text(min_size=1, max_size=60), st.text(max_size=80))
def test_locate_never_raises_and_finds_unchanged_quotes(before, quote, after):
    text = before + quote + after
    anchor = make_anchor(text, len(before), len(before) + len(quote))
    span = locate(text, anchor)
    assert span is not None
    assert text[span[0] : span[1]] == quote
    locate(after + before, anchor)  # may or may not find it, must not raise
