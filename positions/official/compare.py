"""Compare two revisions of an official document paragraph by paragraph: unchanged, renumbered, changed, added, removed.

Paragraphs are paired in three passes: the same text (unchanged, or renumbered when the number moved), then
the same number (changed), then the most similar remaining text (changed, and its old number kept). What is
left is removed (old) or added (new). The result follows the new text, each removed paragraph placed after
the paragraph that preceded it in the old one. Changed paragraphs carry word-level differences.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from positions.text.diffing import DELETE, EQUAL, INSERT, Op, tokenize_words, word_diff

SIMILAR = 0.5  # share of words two texts must have in common to count as one changed paragraph
STATUSES = ("unchanged", "changed", "added", "removed", "renumbered")


@dataclass(frozen=True)
class Para:
    """What the comparison needs of a paragraph: its id, number, kind and text."""

    id: int
    number: str
    kind: str
    text: str


@dataclass
class ParagraphChange:
    """One line of the comparison; `old` and `new` are the paired paragraphs (one is None when added or removed)."""

    status: str
    old: Para | None
    new: Para | None
    ops: list[Op] = field(default_factory=list)

    @property
    def number(self) -> str:
        return (self.new or self.old).number

    @property
    def old_number(self) -> str | None:
        return self.old.number if self.old is not None else None


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, tokenize_words(a.casefold()), tokenize_words(b.casefold()), autojunk=False).ratio()


def _pair(old: Sequence[Para], new: Sequence[Para]) -> dict[int, int]:
    """new index → old index, in the three passes the module's doc names."""
    pairs: dict[int, int] = {}
    used: set[int] = set()
    by_text: dict[str, list[int]] = {}
    for i, p in enumerate(old):
        by_text.setdefault(_norm(p.text), []).append(i)
    for j, p in enumerate(new):
        candidates = [i for i in by_text.get(_norm(p.text), []) if i not in used]
        if candidates:
            same_number = [i for i in candidates if old[i].number == p.number]
            pairs[j] = (same_number or candidates)[0]
            used.add(pairs[j])
    by_number = {(p.kind, p.number): i for i, p in enumerate(old) if p.number}
    for j, p in enumerate(new):
        i = by_number.get((p.kind, p.number))
        if j not in pairs and i is not None and i not in used and _similarity(old[i].text, p.text) >= SIMILAR / 2:
            pairs[j] = i
            used.add(i)
    for j, p in enumerate(new):
        if j in pairs:
            continue
        scored = [(_similarity(old[i].text, p.text), i) for i in range(len(old)) if i not in used and old[i].kind == p.kind]
        best = max(scored, default=(0.0, -1))
        if best[0] >= SIMILAR:
            pairs[j] = best[1]
            used.add(best[1])
    return pairs


def compare_paragraphs(old: Sequence[Para], new: Sequence[Para]) -> list[ParagraphChange]:
    """The paragraph-by-paragraph comparison of two revisions (see the module's doc)."""
    pairs = _pair(old, new)
    paired_old = set(pairs.values())
    removed_after: dict[int, list[int]] = {}  # old index of the preceding paired paragraph (-1: the start) → removed
    last = -1
    for i in range(len(old)):
        if i in paired_old:
            last = i
        else:
            removed_after.setdefault(last, []).append(i)
    changes = [ParagraphChange("removed", old[i], None, [(DELETE, old[i].text)]) for i in removed_after.get(-1, [])]
    for j, p in enumerate(new):
        i = pairs.get(j)
        if i is None:
            changes.append(ParagraphChange("added", None, p, [(INSERT, p.text)]))
            continue
        before = old[i]
        if _norm(before.text) == _norm(p.text):
            status = "unchanged" if before.number == p.number else "renumbered"
            changes.append(ParagraphChange(status, before, p, [(EQUAL, p.text)]))
        else:
            changes.append(ParagraphChange("changed", before, p, word_diff(before.text, p.text)))
        changes.extend(ParagraphChange("removed", old[k], None, [(DELETE, old[k].text)]) for k in removed_after.pop(i, []))
    return changes


def counts(changes: Sequence[ParagraphChange]) -> dict[str, int]:
    """How many paragraphs have each status."""
    return {status: sum(1 for c in changes if c.status == status) for status in STATUSES}
