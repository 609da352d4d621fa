"""Official documents: import a revision (comparing it with the previous one), read, compare.

A revision's paragraphs are compared with the revision it replaces (positions.official.compare); the links
of Belgian clauses move to the paired paragraphs, and a link whose paragraph changed or was removed is
flagged "official text changed — review" until the pen-holder clears it (official_links).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from positions import audit
from positions.errors import Conflict, NotFound, ValidationFailed
from positions.hidden_characters import refuse_hidden_characters
from positions.messages import Msg, stored
from positions.models import (
    OFFICIAL_LIMITS,
    OfficialDocument,
    OfficialLink,
    OfficialParagraph,
    Position,
    User,
)
from positions.official.compare import Para, ParagraphChange, compare_paragraphs, counts
from positions.official.numbering import Numbered
from positions.permissions import can_manage_official, can_read_official, require
from positions.services.locking import writable

MAX_PARAGRAPHS = 5000
_REVISION = re.compile(r"/((?:Rev|Add|Corr)\.\d+)$", re.I)


@dataclass(frozen=True)
class Imported:
    """A stored revision, its comparison with the previous one (empty for a first revision) and the flags it raised."""

    document: OfficialDocument
    changes: list[ParagraphChange]
    flagged: int


def list_documents(session: Session, actor: User) -> list[OfficialDocument]:
    """Every official document, newest first."""
    require(can_read_official(actor), Msg("Your role cannot read official documents."))
    return list(session.scalars(select(OfficialDocument).order_by(OfficialDocument.created_at.desc(), OfficialDocument.id.desc())))


def get_document(session: Session, actor: User, document_id: int) -> OfficialDocument:
    """One official document with its paragraphs."""
    require(can_read_official(actor), Msg("Your role cannot read official documents."))
    document = session.scalar(select(OfficialDocument).where(OfficialDocument.id == document_id)
                              .options(selectinload(OfficialDocument.paragraphs)))
    if document is None:
        raise NotFound(Msg("There is no official document %(id)s.", id=document_id), {"document": document_id})
    return document


def find_paragraph(document: OfficialDocument, number: str) -> OfficialParagraph:
    """The paragraph printed with this number in the document."""
    wanted = " ".join(str(number).split())
    for paragraph in document.paragraphs:
        if paragraph.number and paragraph.number == wanted:
            return paragraph
    raise NotFound(Msg("Document %(symbol)s has no paragraph %(number)s.", symbol=document.label, number=wanted),
                   {"paragraph": wanted})


def _text(value: str | None, name: str, required: bool = True) -> str:
    value = " ".join((value or "").split())
    if required and not value:
        raise ValidationFailed(Msg("Give the document's %(field)s.", field=name), {name: "required"})
    if len(value) > OFFICIAL_LIMITS[name]:
        raise ValidationFailed(Msg("The %(field)s may hold at most %(limit)s characters.", field=name, limit=OFFICIAL_LIMITS[name]),
                               {name: "too long"})
    refuse_hidden_characters(value, name)
    return value


def paras(document: OfficialDocument) -> list[Para]:
    """The comparison's view of a document's paragraphs."""
    return [Para(p.id, p.number, p.kind, p.text) for p in document.paragraphs]


@dataclass(frozen=True)
class Preview:
    """What an import would store, shown before anything is saved: the numbered text, and for a revision what changes."""

    numbered: Numbered
    previous: OfficialDocument | None
    counts: dict[str, int] | None
    flagged_links: int


def preview_document(session: Session, actor: User, numbered: Numbered, revision_of: int | None = None) -> Preview:
    """The paragraphs as they would be numbered and, for a revision, the comparison's counts and links it would flag."""
    require(can_manage_official(actor), Msg("Only the pen-holder imports official documents."))
    if not numbered.paragraphs:
        raise ValidationFailed(Msg("The file holds no text to import."), {"file": "empty"})
    previous = get_document(session, actor, revision_of) if revision_of is not None else None
    if previous is None:
        return Preview(numbered, None, None, 0)
    new = [Para(-(n + 1), p.number, p.kind, p.text) for n, p in enumerate(numbered.paragraphs)]
    changes = compare_paragraphs(paras(previous), new)
    touched = [c.old.id for c in changes if c.old is not None and c.status in ("changed", "removed")]
    flagged = session.scalar(select(func.count()).select_from(OfficialLink).where(OfficialLink.paragraph_id.in_(touched))) if touched else 0
    return Preview(numbered, previous, counts(changes), flagged or 0)


def import_document(
    session: Session, actor: User, numbered: Numbered, *, symbol: str, title: str, meeting: str = "",
    revision: str = "", issued_on: date | None = None, revision_of: int | None = None, filename: str = "", sha256: str = "",
) -> Imported:
    """Store a read document (the pen-holder); a revision is compared with the one it replaces and flags linked clauses."""
    require(can_manage_official(actor), Msg("Only the pen-holder imports official documents."))
    symbol, title, meeting = _text(symbol, "symbol"), _text(title, "title"), _text(meeting, "meeting", False)
    revision = _text(revision, "revision", False) or ((m := _REVISION.search(symbol)) and m[1]) or ""
    previous = get_document(session, actor, revision_of) if revision_of is not None else None
    if not numbered.paragraphs:
        raise ValidationFailed(Msg("The file holds no text to import."), {"file": "empty"})
    if len(numbered.paragraphs) > MAX_PARAGRAPHS:
        raise ValidationFailed(Msg("The document has more than %(limit)s paragraphs.", limit=MAX_PARAGRAPHS), {"file": "too long"})
    document = OfficialDocument(
        symbol=symbol, title=title, meeting=meeting or (previous.meeting if previous else ""), revision=revision,
        issued_on=issued_on, revision_of=previous, filename=filename[:200], sha256=sha256,
        warnings=[stored(w) for w in numbered.warnings], created_by_id=actor.id,
    )
    for seq, p in enumerate(numbered.paragraphs):
        refuse_hidden_characters(p.text, "file")
        document.paragraphs.append(OfficialParagraph(
            seq=seq, kind=p.kind, number=p.number[:OFFICIAL_LIMITS["number"]], heading=p.heading[:OFFICIAL_LIMITS["heading"]], text=p.text,
        ))
    session.add(document)
    session.flush()
    changes = compare_paragraphs(paras(previous), paras(document)) if previous is not None else []
    flagged = _carry_links(session, actor, changes, document.label) if changes else 0
    audit.record(session, actor, "official.imported", document,
                 data={"symbol": document.label, "paragraphs": len(document.paragraphs), "revision_of": revision_of,
                       "counts": counts(changes) if changes else None, "flagged": flagged})
    return Imported(document, changes, flagged)


def _carry_links(session: Session, actor: User, changes: list[ParagraphChange], label: str) -> int:
    """Move the links of the previous revision's paragraphs to the paired ones; flag changed or removed. Return flags.

    Each position with flags gets one `official.flagged` event naming the flagged clauses: its followers are told.
    """
    by_old = {c.old.id: c for c in changes if c.old is not None}
    links = session.scalars(select(OfficialLink).where(OfficialLink.paragraph_id.in_(by_old))).all()
    flagged_by_position: dict[int, int] = {}
    clauses_by_position: dict[int, list[str]] = {}
    for link in sorted(links, key=lambda link: (link.position_id, link.id)):
        position = session.get(Position, link.position_id)
        try:
            writable(session, position)
        except Conflict:
            continue  # a final text keeps its links as they were
        change = by_old[link.paragraph_id]
        changed = change.status in ("changed", "removed")
        if change.new is None:
            link.official_changed = True
        elif session.scalar(select(OfficialLink).where(OfficialLink.clause_id == link.clause_id,
                                                       OfficialLink.paragraph_id == change.new.id)) is None:
            session.add(OfficialLink(position_id=link.position_id, clause_id=link.clause_id, paragraph_id=change.new.id,
                                     official_changed=changed or link.official_changed, created_by_id=actor.id))
        if changed:
            flagged_by_position[link.position_id] = flagged_by_position.get(link.position_id, 0) + 1
            uids = clauses_by_position.setdefault(link.position_id, [])
            if link.clause.uid not in uids:
                uids.append(link.clause.uid)
    session.flush()
    for position_id, flagged in flagged_by_position.items():
        audit.record(session, actor, "official.flagged", ("position", position_id), position_id=position_id,
                     data={"links": flagged, "clauses": clauses_by_position[position_id], "document": label})
    return sum(flagged_by_position.values())


def compare_documents(session: Session, actor: User, old_id: int, new_id: int) -> tuple[OfficialDocument, OfficialDocument, list[ParagraphChange]]:
    """Compare any two official documents paragraph by paragraph."""
    old, new = get_document(session, actor, old_id), get_document(session, actor, new_id)
    return old, new, compare_paragraphs(paras(old), paras(new))
