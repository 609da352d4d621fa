"""Placing a reviewer's tracked change on the clause's current Markdown text (no database needed)."""

from __future__ import annotations

import pytest

from exports.docx.markdown_docx import plain_text
from exports.fixed_texts import Labels
from exports.imports.review_anchoring import amendment_anchor, changed_span, comment_kind

FR = Labels(language="fr-BE", label_separator=" : ", comment_kind_question="Question",
            comment_kind_reservation="Réserve", comment_kind_support="Soutien")


def accepted(body: str, anchor) -> str:
    """The body after the amendment is accepted, as positions.services.comments applies it."""
    assert anchor.kind == "amendment", anchor
    if anchor.quote is None:
        return anchor.proposed
    assert body[anchor.start:anchor.start + len(anchor.quote)] == anchor.quote
    return body[:anchor.start] + anchor.proposed + body[anchor.start + len(anchor.quote):]


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


def test_an_ambiguous_quote_is_placed_by_the_words_around_it():
    body = "The cat sat. The **cat** ran."
    anchor = amendment_anchor("", body, "The cat sat. The cat ran.", "The cat sat. The dog ran.")
    assert (anchor.quote, anchor.proposed, anchor.start) == ("cat", "dog", body.index("**cat**") + 2)
    assert accepted(body, anchor) == "The cat sat. The **dog** ran."


@pytest.mark.parametrize(("body", "old", "new", "result"), [
    # a change inside bold text keeps the bold
    ("Belgium **supports the proposed budget** for 2026.", "Belgium supports the proposed budget for 2026.",
     "Belgium supports the revised budget for 2026.", "Belgium **supports the revised budget** for 2026."),
    # a change across formatting keeps every marker
    ("Belgium **supports** the *proposed* budget.", "Belgium supports the proposed budget.",
     "Belgium backs the amended budget.", "Belgium **backs** the *amended* budget."),
    # links, lists and paragraphs stay Markdown
    ("See [the decision](https://ipbes.net/d).\n\n- capacity building\n- knowledge generation",
     "See the decision.\n\ncapacity building\n\nknowledge generation",
     "See the decision.\n\ncapacity building\n\nknowledge generation and uptake",
     "See [the decision](https://ipbes.net/d).\n\n- capacity building\n- knowledge generation and uptake"),
    ("No cut for *developing countries*.", "No cut for developing countries.",
     "No cut for developing countries and SIDS.", "No cut for *developing countries and SIDS*."),
])
def test_amendments_across_formatting_cover_only_the_changed_words_and_keep_the_markdown(body, old, new, result):
    anchor = amendment_anchor("", body, old, new)
    assert anchor.quote is not None and anchor.quote != body, anchor
    assert accepted(body, anchor) == result
    assert plain_text(result) == new


@pytest.mark.parametrize(("body", "old", "new"), [
    # the file was reviewed against v1; v2 already added the words: accepting would write them twice
    ("The Secretariat reports by publishing an annual efficiency report and by publishing the accounts.",
     "The Secretariat reports by publishing the accounts.",
     "The Secretariat reports by publishing an annual efficiency report and by publishing the accounts."),
    # the same, with other edits since and Markdown formatting in the current text
    ("The **Secretariat** reports by publishing an annual efficiency report and by publishing the accounts, yearly.",
     "The Secretariat reports by publishing the accounts.",
     "The Secretariat reports by publishing an annual efficiency report and by publishing the accounts."),
    # a deletion the current text already made
    ("Belgium supports the budget.", "Belgium fully and unconditionally supports the budget.",
     "Belgium supports the budget."),
])
def test_a_change_the_current_text_already_has_is_skipped_and_says_so(body, old, new):
    anchor = amendment_anchor("", body, old, new)
    assert anchor.kind == "skip" and "Already in the current text" in anchor.note


def test_a_change_elsewhere_in_a_clause_that_moved_on_is_still_proposed():
    body = "The Secretariat reports yearly by publishing the accounts."
    anchor = amendment_anchor("", body, "The Secretariat reports by publishing the accounts.",
                              "The Secretariat reports by publishing the audited accounts.")
    assert accepted(body, anchor) == "The Secretariat reports yearly by publishing the audited accounts."


def test_changed_words_not_in_the_text_propose_the_whole_new_text():
    anchor = amendment_anchor("", "Belgium welcomes it.", "Belgium strongly supports it.", "Belgium supports it.")
    assert (anchor.kind, anchor.quote, anchor.proposed) == ("amendment", None, "Belgium supports it.")
    assert "whole new text" in anchor.note


@pytest.mark.parametrize(("heading", "body", "old", "new", "kind"), [
    ("Budget", "Text.", "Budget\nText.", "Budgets\nText.", "comment"),
    ("General remarks", "", "General remarks", "General observations", "comment"),
    ("", "Text.", "Text.", "", "comment"),
    ("", "a b", "a b", "a  b", "skip"),
    ("", "New text.", "Old text.", "New text.", "skip"),
])
def test_headings_deletions_and_non_changes(heading, body, old, new, kind):
    assert amendment_anchor(heading, body, old, new).kind == kind


def test_heading_line_is_set_aside():
    anchor = amendment_anchor("Budget", "We pay.", "Budget\nWe pay.", "Budget\nWe never pay.")
    assert (anchor.quote, anchor.proposed) == ("pay", "never pay")


@pytest.mark.parametrize(("body", "kind", "text"), [
    ("Question: which year?", "question", "which year?"),
    ("reservation:  scrutiny pending", "reservation", "scrutiny pending"),
    ("Support: yes", "support", "yes"),
    ("Questionable wording.", "comment", "Questionable wording."),
    ("Question:", "comment", "Question:"),
    ("Réserve : examen parlementaire", "reservation", "examen parlementaire"),
    ("Question : quelle année ?", "question", "quelle année ?"),
])
def test_comment_kind_from_a_leading_label_in_any_language(body, kind, text):
    assert comment_kind(body, [FR]) == (kind, text)
