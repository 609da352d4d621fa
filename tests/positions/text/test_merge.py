"""Tests for the three-way word-level merge."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from positions.text.merge import Conflict, MergeResult, merge

BASE = "The budget is 5 million USD. Contributions are voluntary. Parties shall report annually."

TEXT = st.text(
    alphabet=st.sampled_from(list("ab c.,\n") + ["ا", "ل", "ש", "\u200b", "😀", "[", "]"]),
    max_size=40,
)


def test_same_word_changed_differently_is_a_conflict():
    base = "The budget is 5 million USD."
    result = merge(base, "The budget is 6 million USD.", "The budget is 7 million USD.")
    assert not result.clean
    assert result.text is None
    assert result.conflicts == [
        Conflict(base_text="5", theirs_text="6", yours_text="7", base_start=14, base_end=15)
    ]
    conflict = result.conflicts[0]
    assert base[conflict.base_start : conflict.base_end] == "5"


def test_edits_in_different_sentences_merge_cleanly():
    theirs = BASE.replace("5 million", "6 million")
    yours = BASE.replace("annually", "every two years")
    result = merge(BASE, theirs, yours)
    assert result == MergeResult(
        text="The budget is 6 million USD. Contributions are voluntary. "
        "Parties shall report every two years.",
        conflicts=[],
        clean=True,
    )


def test_identical_edits_are_taken_once():
    edited = BASE.replace("voluntary", "mandatory")
    result = merge(BASE, edited, edited.replace("USD", "EUR"))
    assert result.clean
    assert result.text == BASE.replace("voluntary", "mandatory").replace("USD", "EUR")
    assert result.text.count("mandatory") == 1


def test_insertions_at_the_same_point_with_different_text_conflict():
    base = "Parties shall report."
    result = merge(base, "Parties shall promptly report.", "Parties shall annually report.")
    assert not result.clean
    assert result.conflicts == [Conflict("", "promptly ", "annually ", 14, 14)]


def test_same_insertion_on_both_sides_is_clean():
    base = "Parties shall report."
    both = "Parties shall promptly report."
    assert merge(base, both, both) == MergeResult(both, [], True)


def test_touching_edits_conflict():
    base = "alpha beta gamma"
    result = merge(base, "alpha BETA gamma", "alpha beta, gamma")
    assert result.conflicts == [Conflict("beta", "BETA", "beta,", 6, 10)]


def test_delete_against_edit_conflicts():
    base = "Keep this. Remove that sentence. Keep the end."
    theirs = "Keep this. Keep the end."
    yours = "Keep this. Remove that sentence now. Keep the end."
    result = merge(base, theirs, yours)
    assert not result.clean
    assert result.conflicts == [
        Conflict("Remove that sentence. ", "", "Remove that sentence now. ", 11, 33)
    ]


def test_several_conflicts_and_offsets():
    base = "one two three four five six seven"
    result = merge(base, "ONE two three four five six SEVEN", "1 two three four five six 7")
    assert [c.base_text for c in result.conflicts] == ["one", "seven"]
    for c in result.conflicts:
        assert base[c.base_start : c.base_end] == c.base_text


def test_empty_texts():
    assert merge("", "", "") == MergeResult("", [], True)
    assert merge("", "a", "") == MergeResult("a", [], True)
    assert not merge("", "a", "b").clean


# (a) random non-overlapping edits on both sides merge cleanly to the expected text.


@st.composite
def edit_plans(draw):
    size = draw(st.integers(min_value=1, max_value=40))
    base_words = [f"w{i}" for i in range(size)]
    # Edit positions at least three words apart so word_diff keeps them separate.
    positions = sorted(draw(st.sets(st.integers(0, size - 1), max_size=max(1, size // 3))))
    spaced = []
    for pos in positions:
        if not spaced or pos - spaced[-1] >= 3:
            spaced.append(pos)
    plan = [
        (pos, draw(st.sampled_from(["replace", "delete", "insert"])), draw(st.integers(0, 1)))
        for pos in spaced
    ]
    return base_words, plan


def _apply(words, plan, sides):
    out = []
    for i, word in enumerate(words):
        edit = next(((kind, side) for pos, kind, side in plan if pos == i and side in sides), None)
        if edit is None:
            out.append(word)
        elif edit[0] == "replace":
            out.append(f"r{i}s{edit[1]}")
        elif edit[0] == "insert":
            out.extend([f"n{i}s{edit[1]}", word])
    return " ".join(out)


@settings(max_examples=300)
@given(edit_plans())
def test_non_overlapping_edits_merge_cleanly(plan_data):
    words, plan = plan_data
    base = " ".join(words)
    theirs, yours = _apply(words, plan, {0}), _apply(words, plan, {1})
    result = merge(base, theirs, yours)
    assert result.clean, result.conflicts
    assert result.text == _apply(words, plan, {0, 1})
    merged_words = result.text.split()
    for pos, kind, side in plan:
        if kind == "replace":
            assert f"r{pos}s{side}" in merged_words and words[pos] not in merged_words
        elif kind == "insert":
            assert f"n{pos}s{side}" in merged_words and words[pos] in merged_words
        else:
            assert words[pos] not in merged_words
    touched = {pos for pos, kind, _ in plan if kind != "insert"}
    kept = [w for i, w in enumerate(words) if i not in touched]
    assert [w for w in merged_words if w.startswith("w")] == kept


# (b) merging never raises.


@settings(max_examples=300)
@given(TEXT, TEXT, TEXT)
def test_merge_never_raises(base, theirs, yours):
    result = merge(base, theirs, yours)
    assert result.clean == (not result.conflicts) == (result.text is not None)
    for c in result.conflicts:
        assert base[c.base_start : c.base_end] == c.base_text


@given(st.text(), st.text(), st.text())
def test_merge_never_raises_on_any_unicode(base, theirs, yours):
    merge(base, theirs, yours)


# (c) identities.


@settings(max_examples=300)
@given(TEXT, TEXT, TEXT)
def test_merge_identities(base, other, same):
    assert merge(base, base, other) == MergeResult(other, [], True)
    assert merge(base, other, base) == MergeResult(other, [], True)
    assert merge(base, same, same) == MergeResult(same, [], True)
