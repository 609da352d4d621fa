"""What is searchable: one function per source turns ids into index rows, in one query per batch.

A source is registered once with `register_source(name, rows)`; `rows(session, ids)` returns an IndexRow for each
id that should be found (an id without a row is removed from the index). The same function serves indexing on
write and `plenipo search reindex` (which also needs `all_ids`). Clauses, versions, comments and positions are
registered here; the agreed-language library registers "library" the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session, aliased

from positions.models import (
    Clause,
    ClauseRevision,
    Comment,
    LibraryEntry,
    Position,
    User,
    Version,
    VersionClause,
)


@dataclass(frozen=True)
class IndexRow:
    """One searchable thing. `language`: en/fr/nl if known (else it is detected from the text)."""

    source: str
    ref_id: int
    title: str
    body: str
    at: datetime
    position_id: int | None = None
    clause_uid: str | None = None
    version_number: int | None = None
    clause_kind: str | None = None
    administration_id: int | None = None
    language: str | None = None


RowsFunction = Callable[[Session, list[int]], list[IndexRow]]
IdsFunction = Callable[[Session], Iterable[int]]


@dataclass(frozen=True)
class Source:
    name: str
    rows: RowsFunction
    all_ids: IdsFunction


SOURCES: dict[str, Source] = {}


def register_source(name: str, rows: RowsFunction, all_ids: IdsFunction) -> None:
    """Make a kind of thing searchable (see the module's docstring)."""
    SOURCES[name] = Source(name, rows, all_ids)


def _ids(session: Session, column) -> list[int]:
    return list(session.scalars(select(column).distinct().order_by(column)))


@cache
def _clause_statement():
    return (select(Clause.id, Clause.uid, Clause.position_id, ClauseRevision, User.administration_id, Position.language)
            .join(ClauseRevision, ClauseRevision.id == Clause.head_revision_id)
            .join(User, User.id == ClauseRevision.author_id).join(Position, Position.id == Clause.position_id)
            .where(Clause.id.in_(bindparam("ids", expanding=True)), ClauseRevision.deleted.is_(False)))


def clause_rows(session: Session, ids: list[int]) -> list[IndexRow]:
    """The current text of each clause (none for a deleted clause)."""
    found = session.execute(_clause_statement(), {"ids": ids})  # built once: indexing runs on every edit
    return [IndexRow("clause", cid, r.heading, r.body, r.created_at, pid, uid, None, r.kind, admin, lang)
            for cid, uid, pid, r, admin, lang in found]


@cache
def _version_statement():
    newest = (select(VersionClause.revision_id, func.max(Version.number).label("number"))
              .join(Version, Version.id == VersionClause.version_id)
              .where(VersionClause.revision_id.in_(bindparam("ids", expanding=True))).group_by(VersionClause.revision_id).subquery())
    return (select(ClauseRevision, newest.c.number, Clause.uid, Clause.position_id, User.administration_id, Position.language)
            .join(newest, newest.c.revision_id == ClauseRevision.id).join(Clause, Clause.id == ClauseRevision.clause_id)
            .join(User, User.id == ClauseRevision.author_id).join(Position, Position.id == Clause.position_id)
            .where(ClauseRevision.deleted.is_(False), Clause.head_revision_id != ClauseRevision.id))


def version_rows(session: Session, ids: list[int]) -> list[IndexRow]:
    """Each clause revision that is part of a version, with the newest version holding it, once it is no longer
    its clause's current text (until then the clause's own row finds it)."""
    found = session.execute(_version_statement(), {"ids": ids})
    return [IndexRow("version", r.id, r.heading, r.body, r.created_at, pid, uid, number, r.kind, admin, lang)
            for r, number, uid, pid, admin, lang in found]


def comment_rows(session: Session, ids: list[int]) -> list[IndexRow]:
    """Comments and replies: their text, proposed wording and resolution note."""
    head = aliased(ClauseRevision)
    found = session.execute(
        select(Comment, Clause.uid, head.kind, Position.language)
        .join(Clause, Clause.id == Comment.clause_id).outerjoin(head, head.id == Clause.head_revision_id)
        .join(Position, Position.id == Comment.position_id).where(Comment.id.in_(ids))
    )
    rows = []
    for c, uid, kind, lang in found:
        body = "\n".join(t for t in (c.body, c.proposed_text, c.resolution_note) if t)
        rows.append(IndexRow("comment", c.id, "", body, c.created_at, c.position_id, uid, None, kind, c.administration_id, lang))
    return rows


def position_rows(session: Session, ids: list[int]) -> list[IndexRow]:
    """A position's title, meeting, agenda item, document symbol and objective."""
    found = session.execute(
        select(Position, User.administration_id).join(User, User.id == Position.created_by_id).where(Position.id.in_(ids))
    )
    return [IndexRow("position", p.id, p.title,
                     "\n".join(t for t in (p.meeting, p.agenda_item, p.document_symbol, p.objective) if t),
                     p.created_at, p.id, None, None, None, admin, p.language)
            for p, admin in found]


def library_rows(session: Session, ids: list[int]) -> list[IndexRow]:
    """Agreed-language entries: their wording, notes and tags; one taken from a position is found only by its readers."""
    entries = session.scalars(select(LibraryEntry).where(LibraryEntry.id.in_(ids)))
    return [IndexRow("library", e.id, e.label, "\n".join(p for p in (e.text, e.notes, " ".join(e.tags or [])) if p), e.updated_at,
                     position_id=e.origin_position_id, language=e.language if e.language in ("en", "fr", "nl") else None)
            for e in entries]


register_source("clause", clause_rows, lambda s: _ids(s, Clause.id))
register_source("version", version_rows, lambda s: _ids(s, VersionClause.revision_id))
register_source("comment", comment_rows, lambda s: _ids(s, Comment.id))
register_source("position", position_rows, lambda s: _ids(s, Position.id))
register_source("library", library_rows, lambda s: _ids(s, LibraryEntry.id))
