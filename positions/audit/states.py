"""The rows the audit chain covers: one entry per table, naming the columns that make a row's state.

Each event records the hash of the state of every covered row its transaction wrote (in
`data["states"]`, so the chain covers the hashes too); `plenipo audit verify` recomputes the live rows
against the latest hash recorded for each. Changing a table's column list changes every hash of that
table: it needs a new format number and a fresh baseline, so do it knowingly. A column added later is listed
in `added_later` instead: it is hashed only when set (as [name, value] after the columns), so the rows written
before it existed, where it is NULL, keep the hash their events recorded. A column added later with a default the
older rows received (comment.audience, 'belgian') names that default in `unset`: it counts as not set.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from operator import attrgetter
from typing import Any

from sqlalchemy import Select, inspect, select, tuple_
from sqlalchemy.orm import Session

from positions.models import (
    Administration,
    Approval,
    Clause,
    ClauseRevision,
    Comment,
    Consent,
    Consultation,
    Endorsement,
    LibraryEntry,
    LibraryUse,
    OfficialLink,
    PlenaryOutcome,
    Position,
    Version,
    VersionClause,
)

STATE_FORMAT = 1
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class Covered:
    """A table whose rows the audit chain covers: which columns make the state, how to name a row."""

    model: type
    label: str
    columns: tuple[str, ...]
    position: Callable[[], Any]  # the column giving the row's position
    via: Callable[[Select], Select] = lambda query: query  # the joins that column needs
    detail: Callable[[Session, Any], str] = lambda session, row: ""
    added_later: tuple[str, ...] = ()  # columns hashed only when set (not NULL): older rows keep their hash
    unset: tuple[tuple[str, Any], ...] = ()  # (a column added later, its default): that value counts as not set

    @cached_property
    def table(self) -> str:
        return self.model.__tablename__

    @cached_property
    def primary_key(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.model.__table__.primary_key.columns)

    @cached_property
    def _read_key(self) -> Callable[[Any], tuple]:
        return _getter(self.primary_key)

    @cached_property
    def _read_state(self) -> Callable[[Any], tuple]:
        return _getter(self.columns)

    @cached_property
    def _read_added_later(self) -> Callable[[Any], tuple]:
        return _getter(self.added_later) if self.added_later else lambda row: ()

    def key(self, row: Any) -> str:
        """The row's name in events: table and primary key ('consent:12', 'version_clause:3.41')."""
        return f"{self.table}:" + ".".join(map(str, self._read_key(row)))

    def state_hash(self, row: Any) -> str:
        """The sha256 of the row's canonical state (an ORM object or a loaded row alike): its columns, in order,
        then [name, value] of each column added later that is set."""
        state = [STATE_FORMAT, self.table, *map(_canonical, self._read_state(row))]
        for name, value in zip(self.added_later, self._read_added_later(row), strict=True):
            if value is not None and value != dict(self.unset).get(name):
                state.append([name, _canonical(value)])
        return hashlib.sha256(_ENCODER.encode(state).encode()).hexdigest()

    def query(self) -> Select:
        """Every row of the table: primary key, state columns and position id."""
        table = self.model.__table__
        names = dict.fromkeys(self.primary_key + self.columns + self.added_later)
        return self.via(select(*(table.c[n] for n in names), self.position().label("position_id")).select_from(table))

    def rows(self, session: Session, keys: Iterable[str] | None = None, batch: int = 2000) -> Iterator[Any]:
        """Stream the table's rows (or only those with these keys), with their position id."""
        query = self.query()
        if keys is not None:
            pk = [self.model.__table__.c[c] for c in self.primary_key]
            wanted = [tuple(int(part) for part in key.split(":", 1)[1].split(".")) for key in keys]
            if not wanted:
                return
            query = query.where(tuple_(*pk).in_(wanted))
        yield from session.execute(query.execution_options(yield_per=batch))

    def describe(self, session: Session, row: Any) -> str:
        """'consent 12 (SPW-ARNE on v3 of position 4)'."""
        ident = ".".join(map(str, self._read_key(row)))
        return f"{self.label} {ident} ({self.detail(session, row)})"


def _getter(names: tuple[str, ...]) -> Callable[[Any], tuple]:
    read = attrgetter(*names)
    return read if len(names) > 1 else lambda row: (read(row),)


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="microseconds")
    return value.isoformat() if isinstance(value, date) else value


def _version(session: Session, version_id: int) -> str:
    number = session.scalar(select(Version.number).where(Version.id == version_id))
    return f"v{number}" if number is not None else f"version {version_id}"


def _administration(session: Session, administration_id: int) -> str:
    return session.scalar(select(Administration.code).where(Administration.id == administration_id)) or "?"


def _uid(session: Session, clause_id: int) -> str:
    return session.scalar(select(Clause.uid).where(Clause.id == clause_id)) or str(clause_id)


def _consultation_version(session: Session, consultation_id: int) -> str:
    version_id = session.scalar(select(Consultation.version_id).where(Consultation.id == consultation_id))
    return _version(session, version_id)


COVERED: tuple[Covered, ...] = (
    Covered(Position, "position", ("stage", "workflow_key", "frozen_at"), lambda: Position.id,
            detail=lambda s, r: f"stage {r.stage}"),
    Covered(Clause, "clause", ("position_id", "uid", "head_revision_id"), lambda: Clause.position_id,
            detail=lambda s, r: f"{r.uid} of position {r.position_id}"),
    Covered(ClauseRevision, "clause revision",
            ("clause_id", "kind", "heading", "body", "sort_key", "deleted", "author_id", "base_revision_id"),
            lambda: Clause.position_id, lambda q: q.join(Clause, Clause.id == ClauseRevision.clause_id),
            detail=lambda s, r: f"clause {_uid(s, r.clause_id)} of position {r.position_id}"),
    Covered(Version, "version", ("position_id", "number", "stage", "note", "author_id", "content_hash"),
            lambda: Version.position_id, detail=lambda s, r: f"v{r.number} of position {r.position_id}"),
    Covered(VersionClause, "version clause", ("ordinal",), lambda: Version.position_id,
            lambda q: q.join(Version, Version.id == VersionClause.version_id),
            detail=lambda s, r: f"revision {r.revision_id} at place {r.ordinal} of {_version(s, r.version_id)} "
                                f"of position {r.position_id}"),
    Covered(Consultation, "consultation", ("position_id", "version_id", "deadline", "closed_at", "outcome"),
            lambda: Consultation.position_id,
            detail=lambda s, r: f"on {_version(s, r.version_id)} of position {r.position_id}"),
    Covered(Consent, "consent", ("consultation_id", "administration_id", "state", "note", "answered_by_id"),
            lambda: Consultation.position_id, lambda q: q.join(Consultation, Consultation.id == Consent.consultation_id),
            detail=lambda s, r: f"{_administration(s, r.administration_id)} on "
                                f"{_consultation_version(s, r.consultation_id)} of position {r.position_id}"),
    Covered(Approval, "approval", ("version_id", "content_hash", "decision", "note", "approver_id"),
            lambda: Version.position_id, lambda q: q.join(Version, Version.id == Approval.version_id),
            detail=lambda s, r: f"{r.decision} of {_version(s, r.version_id)} of position {r.position_id}"),
    Covered(Comment, "comment",
            ("position_id", "clause_id", "revision_id", "parent_id", "author_id", "administration_id", "kind", "status",
             "body", "proposed_text", "quote", "resolution_note", "resolved_by_id"),
            lambda: Comment.position_id, added_later=("proposed_kind", "audience"), unset=(("audience", "belgian"),),
            detail=lambda s, r: f"{_administration(s, r.administration_id)} on clause {_uid(s, r.clause_id)} "
                                f"of position {r.position_id}"),
    # The agreed-language library: its wording and provenance, and each reuse in a clause.
    Covered(LibraryEntry, "library entry",
            ("text", "language", "meeting", "symbol", "paragraph", "source_date", "status", "tags", "notes",
             "origin_position_id", "origin_clause_uid", "origin_version", "origin_content_hash", "created_by_id"),
            lambda: LibraryEntry.origin_position_id, detail=lambda s, r: f"{r.symbol or r.meeting} {r.paragraph}".strip()),
    Covered(LibraryUse, "library use", ("entry_id", "position_id", "clause_id", "revision_id", "user_id"),
            lambda: LibraryUse.position_id,
            detail=lambda s, r: f"entry {r.entry_id} in clause {_uid(s, r.clause_id)} of position {r.position_id}"),
    Covered(OfficialLink, "official link", ("position_id", "clause_id", "paragraph_id", "official_changed"),
            lambda: OfficialLink.position_id,
            detail=lambda s, r: f"clause {_uid(s, r.clause_id)} to official paragraph {r.paragraph_id} of position {r.position_id}"),
    Covered(PlenaryOutcome, "plenary outcome", ("position_id", "paragraph_id", "outcome", "chair_text", "note", "updated_by_id"),
            lambda: PlenaryOutcome.position_id,
            detail=lambda s, r: f"official paragraph {r.paragraph_id} of position {r.position_id}"),
    Covered(Endorsement, "endorsement", ("comment_id", "administration_id", "user_id", "withdrawn"),
            lambda: Comment.position_id, lambda q: q.join(Comment, Comment.id == Endorsement.comment_id),
            detail=lambda s, r: f"{_administration(s, r.administration_id)} on comment {r.comment_id} of position {r.position_id}"),
)
BY_MODEL: dict[type, Covered] = {c.model: c for c in COVERED}
BY_TABLE: dict[str, Covered] = {c.table: c for c in COVERED}


def covered(obj: Any) -> Covered | None:
    """The registry entry of an ORM object's table, if the chain covers it."""
    return BY_MODEL.get(type(obj))


def states_of(objects: Iterable[Any]) -> dict[str, str | None]:
    """The state hash of each covered object, by key; None for an object deleted in this transaction."""
    states: dict[str, str | None] = {}
    for obj in objects:
        entry, state = covered(obj), inspect(obj)
        if entry is None:
            continue
        if state.deleted or state.was_deleted:
            states[entry.key(obj)] = None
        elif state.persistent:
            states[entry.key(obj)] = entry.state_hash(obj)
    return states
