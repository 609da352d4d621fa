"""Clause numbers as the reader sees them everywhere: sections 1., 2.; clauses in a section 1.1, 1.2."""

from __future__ import annotations

from collections.abc import Sequence

SECTION, CLAUSE, NONE = "section", "clause", "none"


def number_clauses(roles: Sequence[str]) -> list[tuple[str, int]]:
    """Give each clause its number label and level from its numbering role (section, clause or none).

    A section (a heading) is numbered at the first level and opens a section; clauses inside it are
    numbered at the second level; clauses before any section are numbered at the first level, in the
    same count as sections; unnumbered clauses (internal notes) get no number.
    """
    labels: list[tuple[str, int]] = []
    top = 0
    sub = 0
    in_section = False
    for role in roles:
        if role == NONE:
            labels.append(("", 1 if in_section else 0))
        elif role == SECTION:
            top += 1
            sub = 0
            in_section = True
            labels.append((f"{top}.", 0))
        elif in_section:
            sub += 1
            labels.append((f"{top}.{sub}", 1))
        else:
            top += 1
            labels.append((f"{top}.", 0))
    return labels


def flat_numbers(count: int) -> list[str]:
    """Numbers of a flat list (a section of the brief): 1., 2., 3."""
    return [f"{n}." for n in range(1, count + 1)]
