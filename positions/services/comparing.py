"""Comparing two versions, or a version and the working draft."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from positions.errors import ValidationFailed
from positions.messages import Msg
from positions.models import ClauseRevision, Position
from positions.numbers import whole_number
from positions.services.drafting import DraftClause, draft
from positions.services.versions import get_version, version_clauses
from positions.text.compare import ClauseSnapshot, Comparison, compare
from positions.text.diffing import blame, word_diff

DRAFT = "draft"


@dataclass(frozen=True)
class Side:
    """One side of a comparison: a version number or the draft, with its numbered clauses."""

    ref: str
    label: str
    clauses: list[DraftClause]

    def numbers(self) -> dict[str, str]:
        return {c.uid: c.number for c in self.clauses}


def parse_ref(value: str | int | None, field: str) -> str:
    """Accept a version number or 'draft'."""
    text = str(value if value is not None else "").strip().lower().removeprefix("v")
    if text == DRAFT:
        return text
    number = whole_number(text)  # ASCII digits, 1 to the database's largest integer, length checked first
    if number is not None:
        return str(number)
    shown = str(value if value is not None else "")[:40]
    raise ValidationFailed(Msg("'%(value)s' is not a version number or 'draft'.", value=shown), {field: shown})


def load_side(session: Session, position: Position, ref: str) -> Side:
    """The clauses of a version, or of the draft."""
    if ref == DRAFT:
        return Side(DRAFT, "draft", draft(session, position))
    version = get_version(session, position, int(ref))
    return Side(ref, version.label, version_clauses(session, version))


def snapshots_of(clauses: list[DraftClause]) -> list[ClauseSnapshot]:
    """What the comparison reads of each clause, in order."""
    return [
        ClauseSnapshot(uid=c.uid, ordinal=i, kind=c.revision.kind, heading=c.revision.heading, body=c.revision.body)
        for i, c in enumerate(clauses, start=1)
    ]


def compare_refs(session: Session, position: Position, old_ref: str, new_ref: str) -> tuple[Side, Side, Comparison]:
    """Compare two sides clause by clause with word-level diffs."""
    old, new = load_side(session, position, old_ref), load_side(session, position, new_ref)
    return old, new, compare(snapshots_of(old.clauses), snapshots_of(new.clauses))


@dataclass(frozen=True)
class HistoryEntry:
    """A revision with the word diff from the revision before it."""

    revision: ClauseRevision
    body_ops: list
    heading_ops: list
    what: str


def _what(previous: ClauseRevision | None, revision: ClauseRevision) -> str:
    if previous is None:
        return "created"
    if revision.deleted and not previous.deleted:
        return "deleted"
    if revision.sort_key != previous.sort_key and (revision.body, revision.heading, revision.kind) == (previous.body, previous.heading, previous.kind):
        return "moved"
    return "edited"


def history_entries(revisions: list[ClauseRevision]) -> list[HistoryEntry]:
    """Each revision, newest first, with what changed from its predecessor."""
    entries = []
    previous = None
    for revision in revisions:
        entries.append(HistoryEntry(
            revision,
            word_diff(previous.body if previous else "", revision.body),
            word_diff(previous.heading if previous else "", revision.heading),
            _what(previous, revision),
        ))
        previous = revision
    return entries[::-1]


def blame_spans(revisions: list[ClauseRevision]) -> list[tuple[str, ClauseRevision]]:
    """Which words of the latest body came from which revision."""
    by_id = {r.id: r for r in revisions}
    return [(text, by_id[rid]) for text, rid in blame([(r.id, r.body) for r in revisions])]
