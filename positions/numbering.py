"""Clause numbers as the reader sees them: 1., 1.1, with headings as the first level."""

from __future__ import annotations

from collections.abc import Sequence


def number_clauses(kinds: Sequence[str]) -> list[tuple[str, int]]:
    """Give each clause its number label and level; internal notes get no number."""
    labels: list[tuple[str, int]] = []
    top = 0
    sub = 0
    under_heading = False
    for kind in kinds:
        if kind == "internal_note":
            labels.append(("", 1 if under_heading else 0))
        elif kind == "heading":
            top += 1
            sub = 0
            under_heading = True
            labels.append((f"{top}.", 0))
        elif under_heading:
            sub += 1
            labels.append((f"{top}.{sub}", 1))
        else:
            top += 1
            labels.append((f"{top}.", 0))
    return labels
