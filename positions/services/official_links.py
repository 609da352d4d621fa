"""Links between Belgian clauses and official paragraphs (many to many), coverage, and the "official text changed" flag."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from positions import audit
from positions.errors import Conflict, NotFound, ValidationFailed
from positions.messages import Msg
from positions.models import (
    Clause,
    ClauseRevision,
    OfficialDocument,
    OfficialLink,
    OfficialParagraph,
    Position,
    User,
)
from positions.permissions import can_edit, can_view, require
from positions.services.drafting import find_clause
from positions.services.locking import writable
from positions.services.official_documents import find_paragraph, get_document

MAX_LINKS_PER_CLAUSE = 200


@dataclass
class Covered:
    """One official paragraph and the live clauses of a position linked to it."""

    paragraph: OfficialParagraph
    links: list[OfficialLink] = field(default_factory=list)

    @property
    def uids(self) -> list[str]:
        return [link.clause.uid for link in self.links]


def _require_edit(actor: User, position: Position) -> None:
    require(can_edit(actor, position), Msg("Only the pen-holder links clauses to official paragraphs."))


def link_clause(session: Session, actor: User, position: Position, uid: str, document_id: int, number: str) -> OfficialLink:
    """Link a clause to the paragraph printed with this number (the pen-holder); linking twice gives the same link."""
    writable(session, position)
    _require_edit(actor, position)
    clause = find_clause(session, position, uid)
    if clause.head.deleted:
        raise ValidationFailed(Msg("This clause has been deleted."), {"clause": uid})
    paragraph = find_paragraph(get_document(session, actor, document_id), number)
    existing = session.scalar(select(OfficialLink).where(OfficialLink.clause_id == clause.id, OfficialLink.paragraph_id == paragraph.id))
    if existing is not None:
        return existing
    if len(session.scalars(select(OfficialLink.id).where(OfficialLink.clause_id == clause.id)).all()) >= MAX_LINKS_PER_CLAUSE:
        raise Conflict(Msg("A clause may be linked to at most %(limit)s paragraphs.", limit=MAX_LINKS_PER_CLAUSE), {"clause": uid})
    link = OfficialLink(position_id=position.id, clause_id=clause.id, paragraph_id=paragraph.id, created_by_id=actor.id)
    session.add(link)
    session.flush()
    audit.record(session, actor, "official.linked", link, position_id=position.id,
                 data={"clause": uid, "document": paragraph.document.label, "paragraph": paragraph.number})
    return link


def _own_link(session: Session, position: Position, uid: str, link_id: int) -> OfficialLink:
    link = session.get(OfficialLink, link_id)
    if link is None or link.position_id != position.id or link.clause.uid != uid:
        raise NotFound(Msg("There is no link %(id)s on this clause.", id=link_id), {"link": link_id})
    return link


def unlink_clause(session: Session, actor: User, position: Position, uid: str, link_id: int) -> None:
    """Remove one link (the pen-holder)."""
    writable(session, position)
    _require_edit(actor, position)
    link = _own_link(session, position, uid, link_id)
    data = {"clause": uid, "document": link.paragraph.document.label, "paragraph": link.paragraph.number}
    session.delete(link)
    session.flush()
    audit.record(session, actor, "official.unlinked", ("official_link", link_id), position_id=position.id, data=data)


def clear_flag(session: Session, actor: User, position: Position, uid: str) -> int:
    """The pen-holder has reviewed the clause against the new official text: clear its flags; return how many."""
    writable(session, position)
    _require_edit(actor, position)
    clause = find_clause(session, position, uid)
    links = session.scalars(select(OfficialLink).where(OfficialLink.clause_id == clause.id, OfficialLink.official_changed.is_(True))).all()
    for link in links:
        link.official_changed = False
    if links:
        session.flush()
        audit.record(session, actor, "official.reviewed", clause, position_id=position.id, data={"clause": uid, "links": len(links)})
    return len(links)


def clause_links(session: Session, actor: User, position: Position) -> dict[int, list[OfficialLink]]:
    """Each clause's links (clause id → links, in document and paragraph order), for the position page.

    A link to a revision the clause also follows into a newer revision is left out: the page shows the current text.
    """
    require(can_view(actor, position))
    return _current_links(session, position)


def paragraphs_of_clauses(session: Session, position: Position, clause_ids: list[int]) -> dict[int, list[OfficialParagraph]]:
    """The Secretariat's paragraphs these clauses address (clause id → paragraphs): public texts, without the
    Belgian review state of the links — what the EU text shows the member states. The caller checked the reader."""
    return {clause_id: [link.paragraph for link in links]
            for clause_id, links in _current_links(session, position, clause_ids).items()}


def _current_links(session: Session, position: Position, clause_ids: list[int] | None = None) -> dict[int, list[OfficialLink]]:
    query = (select(OfficialLink).join(OfficialParagraph).join(OfficialDocument)
             .where(OfficialLink.position_id == position.id)
             .options(joinedload(OfficialLink.paragraph).joinedload(OfficialParagraph.document))
             .order_by(OfficialDocument.id, OfficialParagraph.seq))
    if clause_ids is not None:
        query = query.where(OfficialLink.clause_id.in_(clause_ids))
    links = session.scalars(query).all()
    newer = {(link.clause_id, link.paragraph.document.revision_of_id) for link in links}
    found: dict[int, list[OfficialLink]] = {}
    for link in links:
        if (link.clause_id, link.paragraph.document_id) not in newer:
            found.setdefault(link.clause_id, []).append(link)
    return found


def flagged_uids(session: Session, position: Position) -> set[str]:
    """The clauses whose official text changed since they were reviewed."""
    return set(session.scalars(select(Clause.uid).join(OfficialLink, OfficialLink.clause_id == Clause.id)
                               .where(OfficialLink.position_id == position.id, OfficialLink.official_changed.is_(True))))


def coverage(session: Session, actor: User, position: Position, document_id: int) -> tuple[OfficialDocument, list[Covered]]:
    """Every paragraph of the document with the position's live clauses linked to it (empty: no Belgian line)."""
    require(can_view(actor, position))
    document = get_document(session, actor, document_id)
    rows = session.scalars(
        select(OfficialLink).join(Clause, Clause.id == OfficialLink.clause_id)
        .join(ClauseRevision, ClauseRevision.id == Clause.head_revision_id)
        .join(OfficialParagraph, OfficialParagraph.id == OfficialLink.paragraph_id)
        .where(OfficialLink.position_id == position.id, OfficialParagraph.document_id == document.id, ClauseRevision.deleted.is_(False))
        .options(joinedload(OfficialLink.clause)).order_by(OfficialLink.id)
    ).all()
    covered = {p.id: Covered(p) for p in document.paragraphs}
    for link in rows:
        covered[link.paragraph_id].links.append(link)
    return document, list(covered.values())
