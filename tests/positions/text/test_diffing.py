"""Tests for word-level diffing, rendering and blame."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from positions.text import diffing
from positions.text.diffing import (
    DELETE,
    EQUAL,
    INSERT,
    blame,
    new_text,
    old_text,
    render_inline_html,
    render_side_by_side_html,
    tokenize_words,
    word_diff,
)

# Text mixing Latin, RTL (Arabic, Hebrew), zero-width characters, combining marks and emoji.
UNICODE_TEXT = st.lists(
    st.sampled_from(
        list("abc XYZ.,;[]()\n\t")
        + list("مرحبا שלום")
        + ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\ufeff", "e\u0301"]
        + ["😀", "👩‍💻", "🇧🇪", "\ue000", "\U000f0000", "\U00100000"]
    )
).map("".join)


def test_tokenize_words_round_trips():
    text = "The Parties [shall]  consider,\nin 2025: 5 million."
    tokens = tokenize_words(text)
    assert "".join(tokens) == text
    assert tokens[:4] == ["The", " ", "Parties", " "]


def test_word_diff_replaces_whole_words():
    ops = word_diff("The budget is 5 million USD.", "The budget is 7 million USD.")
    assert ops == [
        (EQUAL, "The budget is "),
        (DELETE, "5"),
        (INSERT, "7"),
        (EQUAL, " million USD."),
    ]


def test_word_diff_identical_and_empty():
    assert word_diff("", "") == []
    assert word_diff("same", "same") == [(EQUAL, "same")]
    assert word_diff("", "new") == [(INSERT, "new")]
    assert word_diff("old", "") == [(DELETE, "old")]


@settings(max_examples=300)
@given(UNICODE_TEXT, UNICODE_TEXT)
def test_old_and_new_text_reproduce_inputs(old, new):
    ops = word_diff(old, new)
    assert old_text(ops) == old
    assert new_text(ops) == new
    assert all(op in (DELETE, EQUAL, INSERT) and text for op, text in ops)


@given(st.text(), st.text())
def test_old_and_new_text_reproduce_any_text(old, new):
    ops = word_diff(old, new)
    assert (old_text(ops), new_text(ops)) == (old, new)


def test_texts_containing_private_use_code_points_do_not_collide():
    old = "\ue000 \ue001 \U000f0000 a"
    new = "\ue001 \ue000 \U000f0000 b"
    ops = word_diff(old, new)
    assert (old_text(ops), new_text(ops)) == (old, new)


def test_many_distinct_tokens_beyond_private_use_planes():
    count = 150_000  # more than the BMP + plane 15 + plane 16 private-use areas hold
    assert count > (0xF900 - 0xE000) + 2 * 0xFFFE
    words = [f"t{i}" for i in range(count)]
    old = " ".join(words)
    words[777] = "changed"
    new = " ".join(words)
    ops = word_diff(old, new)
    assert (old_text(ops), new_text(ops)) == (old, new)
    assert (DELETE, "t777") in ops and (INSERT, "changed") in ops


def test_code_allocation_is_unique_and_bounded():
    codes = [diffing._code(i) for i in range(0, diffing.MAX_DISTINCT_TOKENS, 997)]
    codes.append(diffing._code(diffing.MAX_DISTINCT_TOKENS - 1))
    assert len(set(codes)) == len(codes)
    assert not any(0xD800 <= ord(c) <= 0xDFFF for c in codes)
    try:
        diffing._code(diffing.MAX_DISTINCT_TOKENS)
    except ValueError as exc:
        assert "too many distinct tokens" in str(exc)
    else:
        raise AssertionError("expected ValueError")


def test_large_text_diffs():
    words = [f"w{i % 3000}" for i in range(36_000)]
    old = " ".join(words)
    assert len(old) > 200_000
    for i in range(0, len(words), 500):
        words[i] = "CHANGED"
    new = " ".join(words)
    ops = word_diff(old, new)
    assert (old_text(ops), new_text(ops)) == (old, new)


def test_render_inline_html_escapes_and_marks():
    ops = word_diff("a <b> & c", "a <i> & c")
    html = render_inline_html(ops)
    assert "<b>" not in html and "<i>" not in html
    assert html.startswith("a &lt;") and html.endswith("&gt; &amp; c")
    assert '<del><span class="visually-hidden">deleted: </span>b</del>' in html
    assert '<ins><span class="visually-hidden">inserted: </span>i</ins>' in html


def test_render_side_by_side_html():
    ops = word_diff("keep old words", "keep new words")
    left, right = render_side_by_side_html(ops)
    assert left == 'keep <del><span class="visually-hidden">deleted: </span>old</del> words'
    assert right == 'keep <ins><span class="visually-hidden">inserted: </span>new</ins> words'


def test_render_quotes_are_escaped():
    html = render_inline_html([(INSERT, "\"x\" 'y'")])
    assert "&quot;x&quot;" in html and "&#x27;y&#x27;" in html


def test_blame_attributes_words_to_their_revision():
    spans = blame(
        [
            (1, "The Parties shall consider the budget."),
            (2, "The Parties shall adopt the budget."),
            (3, "All Parties shall adopt the budget."),
            (4, "All Parties shall adopt the budget for 2026."),
        ]
    )
    assert "".join(text for text, _ in spans) == "All Parties shall adopt the budget for 2026."
    assert spans == [
        ("All", 3),
        (" Parties shall ", 1),
        ("adopt", 2),
        (" the budget", 1),
        (" for 2026", 4),
        (".", 1),
    ]


def test_blame_edge_cases():
    assert blame([]) == []
    assert blame([("r1", "")]) == []
    assert blame([("r1", "one"), ("r2", "")]) == []
    assert blame([("r1", ""), ("r2", "two words")]) == [("two words", "r2")]
    assert blame([("r1", "gone"), ("r2", "x"), ("r3", "gone x")]) == [("gone ", "r3"), ("x", "r2")]


@given(st.lists(UNICODE_TEXT, min_size=1, max_size=5))
def test_blame_covers_latest_text(texts):
    spans = blame(list(enumerate(texts)))
    assert "".join(text for text, _ in spans) == texts[-1]
    assert all(text for text, _ in spans)
    assert all(a[1] != b[1] for a, b in zip(spans, spans[1:], strict=False))
