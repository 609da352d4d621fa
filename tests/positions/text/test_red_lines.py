"""When a change of wording touches a red line: its significant words, its quoted phrases (positions.text.red_lines)."""

from __future__ import annotations

from positions.text.diffing import word_diff
from positions.text.red_lines import changed_words, quoted_phrases, significant_words, touch

RED_LINE = 'Belgium cannot accept any weakening of “shall not” nor of "indigenous and local knowledge" in the budget.'


def touched(old: str, new: str, red_line: str = RED_LINE):
    return touch(red_line, word_diff(old, new), old, new)


def test_stop_words_and_markdown_are_not_significant():
    assert significant_words("No reopening of **the** conceptual framework.") == {"reopening", "conceptual", "framework"}
    assert "de" not in significant_words("Pas de réouverture du cadre conceptuel.")
    assert "het" not in significant_words("Geen heropening van het conceptueel kader.")


def test_quoted_phrases_in_every_quote_style():
    assert quoted_phrases(RED_LINE) == ["shall not", "indigenous and local knowledge"]
    assert quoted_phrases("Keep «sans préjudice» and ‘as appropriate’ and „zo snel mogelijk“ — Belgium's line.") == [
        "sans préjudice", "as appropriate", "zo snel mogelijk"]


def test_a_deleted_or_inserted_significant_word_touches_a_red_line():
    found = touched("The Platform keeps its budget.", "The Platform keeps its funds.")
    assert found and found.words == ("budget",) and found.phrases == ()
    assert touched("The Platform acts.", "The Platform acts within its budget.").words == ("budget",)


def test_a_change_of_other_words_or_of_stop_words_only_does_not():
    assert not touched("The Platform keeps its budget.", "The Platform keeps its whole budget.")
    assert not touched("Keep the budget.", "Keep a budget.")  # "the" and "a" are stop words
    assert not touched("Assess the budgeting.", "Assess the budgetary rules.")  # whole words only
    assert changed_words(word_diff("Keep the budget.", "Keep a budget.")) == {"the", "a"}


def test_a_quoted_phrase_is_touched_when_reworded_struck_or_written_in():
    assert touched("Parties shall not reduce it.", "Parties should not reduce it.").phrases == ("shall not",)
    assert touched("Recognise indigenous and local knowledge.", "Recognise indigenous knowledge.").phrases == (
        "indigenous and local knowledge",)
    assert touched("Recognise it.", "Recognise Indigenous and local knowledge.").phrases == ("indigenous and local knowledge",)
    assert not touched("Parties shall not reduce it.", "Parties shall not reduce it at all.").phrases
