"""Versions: immutable numbered snapshots of the draft, with their content hash."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from positions import audit
from positions.errors import NotFound, ValidationFailed
from positions.hidden_characters import refuse_hidden_characters
from positions.kinds import clause_numbers
from positions.messages import Amount, Msg
from positions.models import ClauseRevision, Position, User, Version, VersionClause
from positions.services.drafting import DraftClause, draft, require_editable
from positions.services.locking import writable
from positions.text.compare import ClauseSnapshot
from positions.text.hashing import content_hash

MAX_NOTE_CHARS = 1000


def snapshots(revisions_in_order: list[tuple[str, ClauseRevision]]) -> list[ClauseSnapshot]:
    """Canonical clause list: (uid, ordinal from 1, kind, heading, body)."""
    return [
        ClauseSnapshot(uid=uid, ordinal=i, kind=r.kind, heading=r.heading, body=r.body)
        for i, (uid, r) in enumerate(revisions_in_order, start=1)
    ]


def draft_hash(clauses: list[DraftClause]) -> str:
    """The content hash the draft would have as a version now."""
    return content_hash(snapshots([(d.uid, d.revision) for d in clauses]))


def take_version(session: Session, actor: User, position: Position, note: str = "", *, check: bool = True) -> Version:
    """Freeze the current draft as the next numbered version."""
    if check:
        require_editable(session, actor, position)
    else:
        writable(session, position)
    note = (note or "").strip()
    if len(note) > MAX_NOTE_CHARS:
        raise ValidationFailed(Msg("The note is longer than %(limit)s characters.", limit=Amount(MAX_NOTE_CHARS)), {"note": "too long"})
    refuse_hidden_characters(note, "note")
    clauses = draft(session, position)
    if not clauses:
        raise ValidationFailed(Msg("There are no clauses yet: add some before taking a version."))
    number = (session.scalar(select(func.max(Version.number)).where(Version.position_id == position.id)) or 0) + 1
    version = Version(
        position_id=position.id,
        number=number,
        stage=position.stage,
        note=note,
        author_id=actor.id,
        content_hash=draft_hash(clauses),
    )
    session.add(version)
    session.flush()
    session.add_all(
        VersionClause(version_id=version.id, revision_id=d.revision.id, ordinal=i) for i, d in enumerate(clauses, start=1)
    )
    session.flush()
    audit.record(
        session, actor, "version.taken", version, position_id=position.id,
        data={"number": number, "content_hash": version.content_hash, "note": note},
    )
    return version


def list_versions(session: Session, position: Position) -> list[Version]:
    """Every version of the position, oldest first."""
    return list(
        session.scalars(
            select(Version).where(Version.position_id == position.id).options(selectinload(Version.author)).order_by(Version.number)
        )
    )


def get_version(session: Session, position: Position, number: int) -> Version:
    """Version n of the position."""
    version = session.scalar(select(Version).where(Version.position_id == position.id, Version.number == number))
    if version is None:
        raise NotFound(Msg("There is no version %(number)s of this position.", number=number), {"version": number})
    return version


def version_clauses(session: Session, version: Version) -> list[DraftClause]:
    """The clauses of a version as they were, numbered, in one query."""
    from positions.models import Clause

    rows = session.execute(
        select(VersionClause.ordinal, Clause, ClauseRevision)
        .join(ClauseRevision, ClauseRevision.id == VersionClause.revision_id)
        .join(Clause, Clause.id == ClauseRevision.clause_id)
        .where(VersionClause.version_id == version.id)
        .order_by(VersionClause.ordinal)
    ).all()
    labels = clause_numbers([r.kind for _, _, r in rows])
    return [DraftClause(c, r, n, lvl) for (_, c, r), (n, lvl) in zip(rows, labels, strict=True)]
