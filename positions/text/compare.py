"""Compare two snapshots of a position clause by clause."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from positions.text.diffing import DELETE, EQUAL, INSERT, Op, word_diff

ADDED, REMOVED, MOVED, MODIFIED, UNCHANGED = "added", "removed", "moved", "modified", "unchanged"


@dataclass(frozen=True)
class ClauseSnapshot:
    """The text of one clause as it stands in a version or the draft."""

    uid: str
    ordinal: int
    kind: str
    heading: str = ""
    body: str = ""


@dataclass(frozen=True)
class ClauseChange:
    """How one clause differs between two snapshots."""

    uid: str
    status: str  # added, removed, moved, modified or unchanged
    old: ClauseSnapshot | None
    new: ClauseSnapshot | None
    heading_ops: list[Op]
    body_ops: list[Op]
    moved: bool  # relative order changed (also possible with status "modified")


@dataclass(frozen=True)
class Summary:
    """Counts per status; every entry is counted once (a modified, moved clause is 'changed')."""

    changed: int
    added: int
    removed: int
    moved: int
    unchanged: int


@dataclass(frozen=True)
class Comparison:
    """All clause changes in new order, removed clauses where they used to be."""

    entries: list[ClauseChange]
    summary: Summary

    def summary_text(self) -> str:
        """Describe the changes in words, e.g. '12 clauses changed, 3 added, 1 removed'."""
        return summary_text(self.summary)


def summary_text(summary: Summary) -> str:
    """Describe a summary in words, omitting zero counts; 'No changes' when nothing changed."""
    parts = [
        (summary.changed, "changed"),
        (summary.added, "added"),
        (summary.removed, "removed"),
        (summary.moved, "moved"),
    ]
    words = []
    for count, label in parts:
        if not count:
            continue
        if not words:
            noun = "clause" if count == 1 else "clauses"
            words.append(f"{count} {noun} {label}")
        else:
            words.append(f"{count} {label}")
    return ", ".join(words) if words else "No changes"


def _text_ops(old: str | None, new: str | None) -> list[Op]:
    old, new = old or "", new or ""
    if old == new:
        return [(EQUAL, old)] if old else []
    if not old:
        return [(INSERT, new)]
    if not new:
        return [(DELETE, old)]
    return word_diff(old, new)


def _longest_increasing(values: Sequence[int], displacement: Sequence[int] | None = None) -> set[int]:
    """Return the positions (indices into values) of one longest strictly increasing run.

    Among runs of that length, the one whose members moved least (the smallest sum of `displacement`)
    wins, so the clauses that really changed place are the ones called moved. O(n log n): a Fenwick
    tree over the values keeps the best run ending below each value."""
    if not values:
        return set()
    displacement = displacement or [0] * len(values)
    ranks = {v: r for r, v in enumerate(sorted(set(values)), start=1)}
    tree: list[tuple[int, int, int]] = [(0, 0, -1)] * (len(ranks) + 1)  # (length, -moved, index of the run's end)
    best: list[tuple[int, int]] = []
    parent: list[int] = []
    for i, value in enumerate(values):
        r = ranks[value] - 1
        found = (0, 0, -1)
        while r > 0:
            found = max(found, tree[r])
            r -= r & -r
        score = (found[0] + 1, found[1] - displacement[i])
        best.append(score)
        parent.append(found[2])
        r = ranks[value]
        while r < len(tree):
            if (*score, i) > tree[r]:
                tree[r] = (*score, i)
            r += r & -r
    i = max(range(len(values)), key=lambda k: best[k])
    keep: set[int] = set()
    while i != -1:
        keep.add(i)
        i = parent[i]
    return keep


def _by_ordinal(clauses: Sequence[ClauseSnapshot]) -> list[ClauseSnapshot]:
    ordered = sorted(clauses, key=lambda c: c.ordinal)
    if len({c.uid for c in ordered}) != len(ordered):
        raise ValueError("duplicate clause uid in snapshot")
    return ordered


def compare(old: Sequence[ClauseSnapshot], new: Sequence[ClauseSnapshot]) -> Comparison:
    """Compare two clause lists by uid: added, removed, moved and modified clauses."""
    old_list, new_list = _by_ordinal(old), _by_ordinal(new)
    old_index = {c.uid: i for i, c in enumerate(old_list)}
    new_uids = {c.uid for c in new_list}

    new_index = {c.uid: i for i, c in enumerate(new_list)}
    common = [c for c in new_list if c.uid in old_index]
    stay = _longest_increasing([old_index[c.uid] for c in common],
                               [abs(new_index[c.uid] - old_index[c.uid]) for c in common])
    moved_uids = {c.uid for i, c in enumerate(common) if i not in stay}

    # Removed clauses follow the nearest earlier old clause that kept its place.
    after: dict[str | None, list[ClauseSnapshot]] = {}
    anchor: str | None = None
    for clause in old_list:
        if clause.uid not in new_uids:
            after.setdefault(anchor, []).append(clause)
        elif clause.uid not in moved_uids:
            anchor = clause.uid

    entries = [_removed(c) for c in after.get(None, [])]
    for clause in new_list:
        if clause.uid in old_index:
            before = old_list[old_index[clause.uid]]
            entries.append(_common(before, clause, clause.uid in moved_uids))
        else:
            entries.append(
                ClauseChange(
                    clause.uid,
                    ADDED,
                    None,
                    clause,
                    _text_ops("", clause.heading),
                    _text_ops("", clause.body),
                    False,
                )
            )
        entries.extend(_removed(c) for c in after.get(clause.uid, []))

    counts = {status: 0 for status in (ADDED, REMOVED, MOVED, MODIFIED, UNCHANGED)}
    for entry in entries:
        counts[entry.status] += 1
    summary = Summary(
        changed=counts[MODIFIED],
        added=counts[ADDED],
        removed=counts[REMOVED],
        moved=counts[MOVED],
        unchanged=counts[UNCHANGED],
    )
    return Comparison(entries=entries, summary=summary)


def _removed(clause: ClauseSnapshot) -> ClauseChange:
    return ClauseChange(
        clause.uid,
        REMOVED,
        clause,
        None,
        _text_ops(clause.heading, ""),
        _text_ops(clause.body, ""),
        False,
    )


def _common(old: ClauseSnapshot, new: ClauseSnapshot, moved: bool) -> ClauseChange:
    modified = (old.kind, old.heading or "", old.body or "") != (
        new.kind,
        new.heading or "",
        new.body or "",
    )
    status = MODIFIED if modified else (MOVED if moved else UNCHANGED)
    return ClauseChange(
        new.uid,
        status,
        old,
        new,
        _text_ops(old.heading, new.heading),
        _text_ops(old.body, new.body),
        moved,
    )
