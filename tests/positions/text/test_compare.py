"""Tests for clause-by-clause comparison of two snapshots."""

from __future__ import annotations

import random

import pytest

from positions.text.compare import ClauseSnapshot, Comparison, Summary, compare, summary_text
from positions.text.diffing import DELETE, EQUAL, INSERT, new_text, old_text


def clauses(*specs: tuple[str, str]) -> list[ClauseSnapshot]:
    return [
        ClauseSnapshot(uid=uid, ordinal=i, kind="text", heading="", body=body)
        for i, (uid, body) in enumerate(specs, start=1)
    ]


BASE = clauses(("a", "Alpha."), ("b", "Beta."), ("c", "Gamma."), ("d", "Delta."))


def statuses(result: Comparison) -> list[tuple[str, str, bool]]:
    return [(e.uid, e.status, e.moved) for e in result.entries]


def test_no_changes():
    result = compare(BASE, list(reversed(BASE)))  # input order does not matter, ordinal does
    assert all(e.status == "unchanged" for e in result.entries)
    assert result.summary == Summary(changed=0, added=0, removed=0, moved=0, unchanged=4)
    assert result.summary_text() == "No changes"
    assert result.entries[0].body_ops == [(EQUAL, "Alpha.")]


def test_insertion_above_does_not_mark_clauses_below_as_moved():
    new = clauses(("x", "New."), *[(c.uid, c.body) for c in BASE])
    result = compare(BASE, new)
    assert statuses(result) == [
        ("x", "added", False),
        ("a", "unchanged", False),
        ("b", "unchanged", False),
        ("c", "unchanged", False),
        ("d", "unchanged", False),
    ]
    assert result.entries[0].body_ops == [(INSERT, "New.")]
    assert result.summary_text() == "1 clause added"


def test_move_is_detected_by_relative_order():
    new = clauses(("a", "Alpha."), ("c", "Gamma."), ("d", "Delta."), ("b", "Beta."))
    result = compare(BASE, new)
    assert statuses(result) == [
        ("a", "unchanged", False),
        ("c", "unchanged", False),
        ("d", "unchanged", False),
        ("b", "moved", True),
    ]
    assert result.summary_text() == "1 clause moved"


def test_modified_and_moved():
    new = clauses(("b", "Beta, amended."), ("a", "Alpha."), ("c", "Gamma."), ("d", "Delta."))
    result = compare(BASE, new)
    entry = result.entries[0]
    assert (entry.uid, entry.status, entry.moved) == ("b", "modified", True)
    assert old_text(entry.body_ops) == "Beta." and new_text(entry.body_ops) == "Beta, amended."
    assert result.summary.changed == 1 and result.summary.moved == 0


def test_removed_clauses_stay_where_they_were():
    new = clauses(("a", "Alpha."), ("d", "Delta."), ("e", "Epsilon."))
    result = compare(BASE, new)
    assert statuses(result) == [
        ("a", "unchanged", False),
        ("b", "removed", False),
        ("c", "removed", False),
        ("d", "unchanged", False),
        ("e", "added", False),
    ]
    removed = result.entries[1]
    assert removed.new is None and removed.old == BASE[1]
    assert removed.body_ops == [(DELETE, "Beta.")]
    assert result.summary_text() == "1 clause added, 2 removed"


def test_removed_first_clause_comes_first():
    result = compare(BASE, clauses(("b", "Beta."), ("c", "Gamma."), ("d", "Delta.")))
    assert [e.uid for e in result.entries] == ["a", "b", "c", "d"]
    assert result.entries[0].status == "removed"


def test_heading_and_kind_changes_are_modifications():
    old = [ClauseSnapshot("a", 1, "text", "Budget", "Body.")]
    new_heading = [ClauseSnapshot("a", 5, "text", "Budget 2026", "Body.")]
    new_kind = [ClauseSnapshot("a", 1, "red_line", "Budget", "Body.")]
    entry = compare(old, new_heading).entries[0]
    assert entry.status == "modified" and not entry.moved
    assert entry.heading_ops == [(EQUAL, "Budget"), (INSERT, " 2026")]
    assert entry.body_ops == [(EQUAL, "Body.")]
    assert compare(old, new_kind).entries[0].status == "modified"


def test_empty_snapshots():
    assert compare([], []).entries == []
    assert compare([], []).summary_text() == "No changes"
    assert compare([], BASE).summary_text() == "4 clauses added"
    assert compare(BASE, []).summary_text() == "4 clauses removed"


def test_duplicate_uids_are_rejected():
    with pytest.raises(ValueError):
        compare(BASE + [ClauseSnapshot("a", 9, "text", "", "again")], BASE)


@pytest.mark.parametrize(
    ("summary", "text"),
    [
        (Summary(0, 0, 0, 0, 5), "No changes"),
        (Summary(1, 0, 0, 0, 0), "1 clause changed"),
        (Summary(12, 3, 1, 0, 0), "12 clauses changed, 3 added, 1 removed"),
        (Summary(0, 1, 1, 2, 0), "1 clause added, 1 removed, 2 moved"),
        (Summary(0, 0, 2, 0, 0), "2 clauses removed"),
    ],
)
def test_summary_text(summary, text):
    assert summary_text(summary) == text


def make_document(rng: random.Random, count: int, words: int) -> list[ClauseSnapshot]:
    vocabulary = [
        "the",
        "parties",
        "shall",
        "consider",
        "budget",
        "work",
        "programme",
        "assessment",
        "report",
    ]
    return [
        ClauseSnapshot(
            uid=f"c{i:04d}",
            ordinal=i,
            kind="text",
            heading=f"Clause {i}",
            body=" ".join(rng.choice(vocabulary) for _ in range(words)),
        )
        for i in range(count)
    ]


def test_large_document_with_ten_percent_changed():
    rng = random.Random(12)
    old = make_document(rng, 400, 150)
    new = list(old)
    changed = set(rng.sample(range(400), 40))
    for i in changed:
        words = old[i].body.split()
        words[rng.randrange(len(words))] = "AMENDED"
        new[i] = ClauseSnapshot(old[i].uid, old[i].ordinal, "text", old[i].heading, " ".join(words))
    result = compare(old, new)
    assert len(result.entries) == 400
    assert result.summary == Summary(changed=40, added=0, removed=0, moved=0, unchanged=360)
    assert result.summary_text() == "40 clauses changed"
    for entry in result.entries:
        assert old_text(entry.body_ops) == entry.old.body
        assert new_text(entry.body_ops) == entry.new.body
        if int(entry.uid[1:]) in changed:
            assert (INSERT, "AMENDED") in entry.body_ops


def test_the_clause_that_moved_is_called_moved_not_its_neighbour():
    """A clause inserted before the red line and the fallback moved after it: the fallback moved, the red line kept its place."""
    from positions.text.compare import ClauseSnapshot as S
    from positions.text.compare import compare as run

    old = [S("h", 0, "heading", "Assessments"), S("a", 1, "text", body="A"), S("b", 2, "text", body="B"),
           S("f", 3, "fallback", body="Fallback"), S("r", 4, "red_line", body="Red line")]
    new = [S("h", 0, "heading", "Assessments"), S("a", 1, "text", body="A"), S("b", 2, "text", body="B"),
           S("n", 3, "text", body="New"), S("r", 4, "red_line", body="Red line, sharper"), S("f", 5, "fallback", body="Fallback")]
    entries = {e.uid: e for e in run(old, new).entries}
    assert entries["f"].moved and entries["f"].status == "moved"
    assert not entries["r"].moved and entries["r"].status == "modified"
    assert entries["n"].status == "added"


def test_longest_run_is_still_longest():
    import random

    from positions.text.compare import _longest_increasing

    rng = random.Random(3)
    for _ in range(200):
        values = rng.sample(range(40), rng.randint(0, 30))
        keep = sorted(_longest_increasing(values, [rng.randint(0, 5) for _ in values]))
        run = [values[i] for i in keep]
        assert run == sorted(set(run))
        # the length equals the classic patience-sorting length
        from bisect import bisect_left
        tails: list[int] = []
        for v in values:
            k = bisect_left(tails, v)
            tails[k:k + 1] = [v]
        assert len(run) == len(tails)
