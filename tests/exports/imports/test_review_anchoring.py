"""Placing a reviewer's tracked change on the clause's current Markdown text (no database needed)."""

from __future__ import annotations

import pytest

from exports.fixed_texts import Labels
from exports.imports.review_anchoring import amendment_anchor, changed_span, comment_kind


@pytest.mark.parametrize(("old", "new", "quote", "proposed"), [
    ("the proposed budget", "the revised budget", "proposed", "revised"),
    ("Belgium supports it.", "Belgium strongly supports it.", "supports", "strongly supports"),
    ("for developing countries.", "for developing countries and SIDS.", "countries", "countries and SIDS"),
    ("one two three", "one three", "two three", "three"),
    ("alpha beta", "new alpha beta", "alpha", "new alpha"),
])
def test_the_smallest_whole_word_change(old, new, quote, proposed):
    start, end, new_start, new_end = changed_span(old, new)
    assert (old[start:end], new[new_start:new_end]) == (quote, proposed)


def test_quote_is_found_in_markdown_and_widened_until_unique():
    body = "The cat sat. The **cat** ran."
    assert amendment_anchor("", body, "The cat sat. The cat ran.", "The dog sat. The cat ran.") == (
        "amendment", "The cat sat", "The dog sat", "")
    assert amendment_anchor("", "No cut for *developing countries*.", "No cut for developing countries.",
                            "No cut for developing countries and SIDS.")[:3] == ("amendment", "countries", "countries and SIDS")


def test_changed_words_not_in_the_text_propose_the_whole_new_text():
    kind, quote, proposed, note = amendment_anchor("", "Belgium **strongly** supports it.", "Belgium strongly supports it.",
                                                   "Belgium supports it.")
    assert (kind, quote, proposed) == ("amendment", None, "Belgium supports it.") and "whole new text" in note


@pytest.mark.parametrize(("heading", "body", "old", "new", "kind"), [
    ("Budget", "Text.", "Budget\nText.", "Budgets\nText.", "comment"),
    ("General remarks", "", "General remarks", "General observations", "comment"),
    ("", "Text.", "Text.", "", "comment"),
    ("", "a b", "a b", "a  b", "skip"),
    ("", "New text.", "Old text.", "New text.", "skip"),
])
def test_headings_deletions_and_non_changes(heading, body, old, new, kind):
    assert amendment_anchor(heading, body, old, new)[0] == kind


def test_heading_line_is_set_aside():
    assert amendment_anchor("Budget", "We pay.", "Budget\nWe pay.", "Budget\nWe never pay.")[:3] == (
        "amendment", "pay", "never pay")


@pytest.mark.parametrize(("body", "kind", "text"), [
    ("Question: which year?", "question", "which year?"),
    ("reservation:  scrutiny pending", "reservation", "scrutiny pending"),
    ("Support: yes", "support", "yes"),
    ("Questionable wording.", "comment", "Questionable wording."),
    ("Question:", "comment", "Question:"),
])
def test_comment_kind_from_a_leading_label(body, kind, text):
    assert comment_kind(body, Labels()) == (kind, text)
