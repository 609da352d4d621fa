"""Wording into and out of the library: from agreed clauses, at final, and inserted into clauses with its source."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from positions import audit
from positions.errors import Conflict, NotFound, ValidationFailed
from positions.messages import Msg
from positions.models import (
    Approval,
    Clause,
    ClauseRevision,
    Consultation,
    LibraryEntry,
    LibraryUse,
    Position,
    User,
    Version,
)
from positions.permissions import can_manage_library, require
from positions.services import drafting, editing, versions
from positions.services.library import check_fields, get_entry
from positions.services.positions import visible_to

LINE_TO_TAKE = "line_to_take"
MAX_USES_SHOWN = 200


def agreed_version(session: Session, position: Position) -> Version | None:
    """The newest version if its text is agreed: final, approved by the lead, or concluded by consensus (one query)."""
    latest = select(Approval).where(Approval.version_id == Version.id).order_by(Approval.id.desc()).limit(1).correlate(Version)
    decision = latest.with_only_columns(Approval.decision).scalar_subquery()
    bound = latest.with_only_columns(Approval.content_hash).scalar_subquery()
    consensus = exists().where(Consultation.version_id == Version.id, Consultation.closed_at.is_not(None),
                               Consultation.outcome == "consensus").correlate(Version)
    row = session.execute(
        select(Version, decision, bound, consensus).where(Version.position_id == position.id).order_by(Version.number.desc()).limit(1)
    ).first()
    if row is None:
        return None
    newest, decided, decided_on, concluded = row
    approved = decided == "approve" and decided_on == newest.content_hash  # a decision counts only for the hash it saw
    return newest if position.frozen_at is not None or approved or concluded else None


def _existing(session: Session, position: Position, uid: str, version: Version) -> LibraryEntry | None:
    return session.scalar(select(LibraryEntry).where(
        LibraryEntry.origin_position_id == position.id, LibraryEntry.origin_clause_uid == uid,
        LibraryEntry.origin_version == version.number))


def _from_clause(session: Session, actor: User, position: Position, version: Version, clause: drafting.DraftClause,
                 fields: dict, *, automatic: bool) -> tuple[LibraryEntry, bool]:
    found = _existing(session, position, clause.uid, version)
    if found is not None:
        return found, False
    text = clause.revision.body or clause.revision.heading
    clean = check_fields({
        "text": text, "meeting": position.meeting, "symbol": position.document_symbol,
        "paragraph": clause.number.rstrip("."), "source_date": version.created_at.date(), **fields,
    })
    entry = LibraryEntry(created_by_id=actor.id, origin_position_id=position.id, origin_clause_uid=clause.uid,
                         origin_version=version.number, origin_content_hash=version.content_hash, **clean)
    session.add(entry)
    session.flush()
    audit.record(session, actor, "library.added", entry, position_id=position.id, data={
        "library_entry": entry.id, "uid": clause.uid, "version": version.number, "content_hash": version.content_hash,
        "automatic": automatic,
    })
    return entry, True


def add_from_clause(session: Session, actor: User, position: Position, uid: str, **fields) -> tuple[LibraryEntry, bool]:
    """Put an agreed clause into the library, as worded in the agreed version; (entry, False) if it already is."""
    require(can_manage_library(actor), Msg("Only the pen-holder and the delegation lead add wording to the library."))
    version = agreed_version(session, position)
    if version is None:
        raise Conflict(Msg("Only agreed or final text goes into the library: the newest version of this position is not "
                           "agreed yet (approved by the lead, concluded by consensus, or final)."), {"clause": uid})
    clause = next((c for c in versions.version_clauses(session, version) if c.uid == uid), None)
    if clause is None:
        raise NotFound(Msg("Clause '%(uid)s' is not in %(version)s, the agreed version.", uid=uid, version=version.label),
                       {"clause": uid, "version": version.number})
    fields.setdefault("status", "agreed_belgium")
    return _from_clause(session, actor, position, version, clause, fields, automatic=False)


def add_lines_to_take(session: Session, actor: User, position: Position, status: str = "agreed_belgium") -> list[LibraryEntry]:
    """At final: every line to take of the final version enters the library, with the version and its hash."""
    version = session.scalar(select(Version).where(Version.position_id == position.id).order_by(Version.number.desc()).limit(1))
    if version is None:
        return []
    added = []
    for clause in versions.version_clauses(session, version):
        if clause.revision.kind == LINE_TO_TAKE and not clause.revision.deleted:
            entry, new = _from_clause(session, actor, position, version, clause,
                                      {"status": status, "tags": ["line to take"]}, automatic=True)
            if new:
                added.append(entry)
    return added


def _record_use(session: Session, actor: User, entry: LibraryEntry, position: Position, clause: Clause,
                revision: ClauseRevision) -> LibraryUse:
    use = LibraryUse(entry_id=entry.id, position_id=position.id, clause_id=clause.id, revision_id=revision.id, user_id=actor.id)
    session.add(use)
    session.flush()
    audit.record(session, actor, "library.used", clause, position_id=position.id,
                 data={"library_entry": entry.id, "uid": clause.uid, "revision": revision.id})
    return use


def insert_as_clause(session: Session, actor: User, position: Position, entry_id: int, *, kind: str = "text",
                     heading: str = "", body: str = "", after: str | None = None) -> Clause:
    """Add the entry's wording as a new clause (body: the wording as changed by the caller) that keeps its source."""
    entry = get_entry(session, actor, entry_id)
    clause = drafting.add_clause(session, actor, position, kind=kind, heading=heading, body=body.strip() or entry.text, after=after)
    _record_use(session, actor, entry, position, clause, clause.head)
    return clause


def insert_into_clause(session: Session, actor: User, position: Position, uid: str, entry_id: int,
                       base_revision: int | None = None) -> editing.EditResult:
    """Append the entry's wording to a clause (as a new paragraph); the clause keeps a link to the source."""
    entry = get_entry(session, actor, entry_id)
    drafting.require_editable(session, actor, position)
    clause = drafting.find_clause(session, position, uid)
    base = session.get(ClauseRevision, base_revision) if base_revision else clause.head
    if base is None or base.clause_id != clause.id:
        raise ValidationFailed(Msg("Revision %(revision)s is not a revision of clause '%(uid)s'.", revision=base_revision, uid=uid),
                               {"base_revision": base_revision})
    body = f"{base.body.rstrip()}\n\n{entry.text}" if base.body.strip() else entry.text
    result = editing.edit_clause(session, actor, position, uid, base_revision=base.id, body=body)
    _record_use(session, actor, entry, position, clause, result.revision)
    return result


@dataclass(frozen=True)
class Use:
    """Where an entry's wording went: a position the reader may see, and its clause (number in the draft, if still there)."""

    position_id: int
    position_title: str
    clause_uid: str
    number: str | None
    used_at: datetime


def used_in(session: Session, actor: User, entry: LibraryEntry) -> list[Use]:
    """The clauses the entry's wording went into, in positions the reader may see, newest first (once per clause)."""
    rows = session.execute(
        select(LibraryUse.created_at, Position, Clause.uid)
        .join(Position, Position.id == LibraryUse.position_id).join(Clause, Clause.id == LibraryUse.clause_id)
        .where(LibraryUse.entry_id == entry.id, visible_to(actor))
        .order_by(LibraryUse.created_at.desc(), LibraryUse.id.desc()).limit(MAX_USES_SHOWN)
    ).all()
    numbers: dict[int, dict[str, str]] = {}
    uses, seen = [], set()
    for used_at, position, uid in rows:
        if (position.id, uid) in seen:
            continue
        seen.add((position.id, uid))
        if position.id not in numbers:
            numbers[position.id] = {d.uid: d.number for d in drafting.draft(session, position)}
        uses.append(Use(position.id, position.title, uid, numbers[position.id].get(uid), used_at))
    return uses


def clause_sources(session: Session, position: Position) -> dict[int, LibraryEntry]:
    """The library entry each clause of the position took its wording from (the latest, when several), by clause id."""
    rows = session.execute(
        select(LibraryUse.clause_id, LibraryEntry).join(LibraryEntry, LibraryEntry.id == LibraryUse.entry_id)
        .where(LibraryUse.position_id == position.id).order_by(LibraryUse.id)
    ).all()
    return dict(rows)


def revision_sources(session: Session, position: Position, clauses: list[drafting.DraftClause]) -> dict[int, LibraryEntry]:
    """The library entry of each clause revision (by revision id) whose wording came from the library by then."""
    found: dict[int, LibraryEntry] = {}
    by_clause = {d.clause.id: d.revision.id for d in clauses}
    rows = session.execute(
        select(LibraryUse.clause_id, LibraryUse.revision_id, LibraryEntry).join(LibraryEntry, LibraryEntry.id == LibraryUse.entry_id)
        .where(LibraryUse.position_id == position.id).order_by(LibraryUse.id)
    ).all()
    for clause_id, used_on, entry in rows:
        revision = by_clause.get(clause_id)
        if revision is not None and used_on <= revision:
            found[revision] = entry
    return found
