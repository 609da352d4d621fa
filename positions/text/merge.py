"""Three-way, word-level merge of concurrent edits to one text.

Each side's changes are computed as edits against the common base (a base token range
replaced by new tokens). Edits from different sides that overlap or touch form a
conflict, unless both sides produce the same text there. Everything else is applied to
the base. diff-match-patch's ``patch_apply`` is deliberately not used: it reports success
while overwriting a concurrent change to the same words.
"""

from __future__ import annotations

from dataclasses import dataclass

from positions.text.diffing import EQUAL, INSERT, diff_sequences, tokenize_words


@dataclass(frozen=True)
class Conflict:
    """One region where both sides changed the base differently."""

    base_text: str
    theirs_text: str
    yours_text: str
    base_start: int  # character offsets of the region in base
    base_end: int


@dataclass(frozen=True)
class MergeResult:
    """Outcome of a merge: the merged text when clean, else the conflicts (text is None)."""

    text: str | None
    conflicts: list[Conflict]
    clean: bool


@dataclass(frozen=True)
class _Edit:
    start: int  # base token range [start, end) replaced by tokens
    end: int
    tokens: tuple[str, ...]
    side: int  # 0 = theirs, 1 = yours


def _edits(base: list[str], side_tokens: list[str], side: int) -> list[_Edit]:
    edits: list[_Edit] = []
    pos = 0
    start: int | None = None
    inserted: list[str] = []
    for op, tokens in diff_sequences(base, side_tokens):
        if op == EQUAL:
            if start is not None:
                edits.append(_Edit(start, pos, tuple(inserted), side))
                start, inserted = None, []
            pos += len(tokens)
            continue
        if start is None:
            start = pos
        if op == INSERT:
            inserted.extend(tokens)
        else:
            pos += len(tokens)
    if start is not None:
        edits.append(_Edit(start, pos, tuple(inserted), side))
    return edits


def _apply(base: list[str], start: int, end: int, edits: list[_Edit]) -> list[str]:
    """Apply non-overlapping edits (sorted) to base[start:end]."""
    out: list[str] = []
    pos = start
    for edit in edits:
        out.extend(base[pos : edit.start])
        out.extend(edit.tokens)
        pos = edit.end
    out.extend(base[pos:end])
    return out


def _clusters(edits: list[_Edit]) -> list[list[_Edit]]:
    """Group edits whose base ranges overlap or touch (sharing an end point counts)."""
    clusters: list[list[_Edit]] = []
    end = -1
    for edit in sorted(edits, key=lambda e: (e.start, e.end, e.side)):
        if clusters and edit.start <= end:
            clusters[-1].append(edit)
            end = max(end, edit.end)
        else:
            clusters.append([edit])
            end = edit.end
    return clusters


def merge(base: str, theirs: str, yours: str) -> MergeResult:
    """Merge two concurrent edits of base word by word; conflicting regions are reported."""
    base_tokens = tokenize_words(base)
    offsets = [0]
    for token in base_tokens:
        offsets.append(offsets[-1] + len(token))
    edits = _edits(base_tokens, tokenize_words(theirs), 0)
    edits += _edits(base_tokens, tokenize_words(yours), 1)

    out: list[str] = []
    conflicts: list[Conflict] = []
    pos = 0
    for cluster in _clusters(edits):
        start = min(e.start for e in cluster)
        end = max(e.end for e in cluster)
        out.extend(base_tokens[pos:start])
        pos = end
        sides = [[e for e in cluster if e.side == s] for s in (0, 1)]
        if not sides[0] or not sides[1]:
            out.extend(_apply(base_tokens, start, end, cluster))
            continue
        theirs_region = _apply(base_tokens, start, end, sides[0])
        yours_region = _apply(base_tokens, start, end, sides[1])
        if theirs_region == yours_region:
            out.extend(theirs_region)
            continue
        conflicts.append(
            Conflict(
                base_text="".join(base_tokens[start:end]),
                theirs_text="".join(theirs_region),
                yours_text="".join(yours_region),
                base_start=offsets[start],
                base_end=offsets[end],
            )
        )
    out.extend(base_tokens[pos:])
    if conflicts:
        return MergeResult(text=None, conflicts=conflicts, clean=False)
    return MergeResult(text="".join(out), conflicts=[], clean=True)
