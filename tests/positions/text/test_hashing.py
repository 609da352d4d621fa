"""Tests for the content hash of a clause list."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from positions.text.compare import ClauseSnapshot
from positions.text.hashing import canonical_json, content_hash

CLAUSES = [
    ClauseSnapshot("k3f9", 1, "heading", "Work programme", ""),
    ClauseSnapshot("a1b2", 2, "line_to_take", "", "Belgium supports the [draft] work programme."),
    ClauseSnapshot("zz01", 3, "red_line", "Budget", "No increase above 5 million USD."),
]


def test_hash_is_sha256_hex():
    digest = content_hash(CLAUSES)
    assert len(digest) == 64 and int(digest, 16) >= 0


def test_hash_matches_documented_canonical_form():
    rows = [
        {"uid": c.uid, "ordinal": c.ordinal, "kind": c.kind, "heading": c.heading, "body": c.body}
        for c in CLAUSES
    ]
    payload = json.dumps(rows, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert canonical_json(CLAUSES) == payload
    assert content_hash(CLAUSES) == hashlib.sha256(payload.encode("utf-8")).hexdigest()


def test_hash_ignores_input_order():
    assert content_hash(list(reversed(CLAUSES))) == content_hash(CLAUSES)
    assert content_hash([CLAUSES[1], CLAUSES[0], CLAUSES[2]]) == content_hash(CLAUSES)


def test_hash_normalises_newlines_and_unicode():
    body = "Caf\u00e9 line one\nline two"
    decomposed = unicodedata.normalize("NFD", body).replace("\n", "\r\n")
    one = [ClauseSnapshot("u", 1, "text", "", body)]
    two = [ClauseSnapshot("u", 1, "text", "", decomposed)]
    three = [ClauseSnapshot("u", 1, "text", "", body.replace("\n", "\r"))]
    assert content_hash(one) == content_hash(two) == content_hash(three)


def test_non_ascii_is_kept_verbatim():
    clauses = [ClauseSnapshot("u", 1, "text", "Énoncé", "Überblick — 🇧🇪")]
    assert "Énoncé" in canonical_json(clauses) and "🇧🇪" in canonical_json(clauses)


@pytest.mark.parametrize(
    "change",
    [
        {"uid": "k3f8"},
        {"ordinal": 4},
        {"kind": "text"},
        {"heading": "Work programme "},
        {"heading": None},
        {"body": "x"},
    ],
)
def test_any_field_change_changes_the_hash(change):
    changed = [dataclasses.replace(CLAUSES[0], **change), *CLAUSES[1:]]
    assert content_hash(changed) != content_hash(CLAUSES)


def test_adding_removing_or_reordering_clauses_changes_the_hash():
    assert content_hash(CLAUSES[:2]) != content_hash(CLAUSES)
    assert content_hash([]) != content_hash(CLAUSES)
    swapped = [
        dataclasses.replace(CLAUSES[0], ordinal=2),
        dataclasses.replace(CLAUSES[1], ordinal=1),
        CLAUSES[2],
    ]
    assert content_hash(swapped) != content_hash(CLAUSES)


def test_field_boundaries_cannot_be_shifted():
    a = [ClauseSnapshot("u", 1, "text", "ab", "c")]
    b = [ClauseSnapshot("u", 1, "text", "a", "bc")]
    assert content_hash(a) != content_hash(b)


@given(
    st.lists(
        st.builds(
            ClauseSnapshot,
            uid=st.text(min_size=1, max_size=8),
            ordinal=st.integers(-5, 50),
            kind=st.sampled_from(["text", "heading", "red_line"]),
            heading=st.text(max_size=20),
            body=st.text(max_size=60),
        ),
        max_size=6,
        unique_by=lambda c: (c.ordinal, c.uid),
    ),
    st.randoms(),
)
def test_hash_is_deterministic_for_any_order(clauses, rnd):
    shuffled = list(clauses)
    rnd.shuffle(shuffled)
    assert content_hash(shuffled) == content_hash(clauses)
