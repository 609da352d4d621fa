"""Indexing on write, in the writer's own transaction: a flush notes what changed, the commit indexes it.

Any session of the domain takes part (web, API, CLI, tests). `watch(Model, keys)` says which index rows a changed
object touches; `mark(session, source, ids)` asks for rows to be rebuilt directly (the library uses either).
`enabled(False)` turns indexing off in a process (the write benchmark's baseline; a reindex follows).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from positions.models import Clause, ClauseRevision, Comment, LibraryEntry, Position, VersionClause
from positions.search import writing
from positions.search.sources import SOURCES

Keys = Iterable[tuple[str, int]]
_WATCHED: dict[type, Callable[[object], Keys]] = {}
_PENDING = "search_pending"
_state = {"enabled": True}
POSITION_FIELDS = ("title", "meeting", "agenda_item", "document_symbol", "objective", "language")


def watch(model: type, keys: Callable[[object], Keys]) -> None:
    """Rebuild the index rows `keys(obj)` names whenever an object of `model` is added or changed."""
    _WATCHED[model] = keys


def enabled(on: bool) -> None:
    _state["enabled"] = on


def mark(session: Session, source: str, ids: Iterable[int]) -> None:
    """Rebuild these rows of this source when the session commits (or at `flush_index`)."""
    session.info.setdefault(_PENDING, defaultdict(set))[source].update(i for i in ids if i is not None)


def _position_keys(position: Position) -> Keys:
    state = inspect(position)
    if state.pending or any(state.attrs[f].history.has_changes() for f in POSITION_FIELDS):
        yield ("position", position.id)
        if state.attrs["language"].history.has_changes() and not state.pending:
            yield ("position-language", position.id)


# A new text makes the one it replaces a past version's text (indexed as such once it is in a version).
watch(ClauseRevision, lambda r: [("clause", r.clause_id), ("version", r.base_revision_id)])
watch(Clause, lambda c: [("clause", c.id)])
watch(Comment, lambda c: [("comment", c.id)])
watch(VersionClause, lambda vc: [("version", vc.revision_id)])
watch(Position, _position_keys)
watch(LibraryEntry, lambda e: [("library", e.id)])


@event.listens_for(Session, "after_flush")
def _note_changes(session: Session, _context) -> None:
    if not _state["enabled"]:
        return
    for obj in list(session.new) + list(session.dirty):
        keys = _WATCHED.get(type(obj))
        if keys is not None:
            for source, ref in keys(obj):
                mark(session, source, [ref])


@event.listens_for(Session, "before_commit")
def _index_before_commit(session: Session) -> None:
    flush_index(session)


@event.listens_for(Session, "after_soft_rollback")
def _forget(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:  # the whole transaction is gone, not a savepoint inside it
        session.info.pop(_PENDING, None)


def flush_index(session: Session) -> None:
    """Write the index rows of everything noted so far (commit does it; tests and long jobs may call it)."""
    if not _state["enabled"]:
        return
    for _round in range(5):  # indexing writes nothing watched; a second round only catches late flushes
        session.flush()
        pending = session.info.pop(_PENDING, None)
        if not pending:
            return
        for position_id in pending.pop("position-language", ()):
            _whole_position(session, position_id, pending)
        for source, ids in pending.items():
            if source in SOURCES:
                ordered = sorted(ids)
                writing.replace(session, source, ordered, SOURCES[source].rows(session, ordered))


def _whole_position(session: Session, position_id: int, pending) -> None:
    """A position's language changed: every row of it is stemmed anew."""
    from sqlalchemy import select

    from positions.models import SearchEntry

    for source, ref in session.execute(
        select(SearchEntry.source, SearchEntry.ref_id).where(SearchEntry.position_id == position_id)
    ):
        pending[source].add(ref)
