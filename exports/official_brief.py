"""The official paragraphs a position addresses, for the brief per paragraph: each numbered paragraph of the newest
revision the position links to, with the Belgian clauses linked to it (line to take, fallback, red line …)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from exports.model import ExportClause
from positions.models import OfficialDocument, OfficialLink, OfficialParagraph, Position


@dataclass(frozen=True)
class BriefParagraph:
    """One official paragraph and the position's exported clauses linked to it."""

    document: str  # the symbol with its revision
    number: str
    heading: str
    kind: str
    text: str
    lines: tuple[ExportClause, ...]


def brief_paragraphs(session: Session, position: Position, clauses: Iterable[ExportClause]) -> tuple[BriefParagraph, ...]:
    """Every paragraph of the newest linked revision of each document, with the linked clauses that leave the building."""
    by_uid = {c.uid: c for c in clauses}
    links = session.scalars(
        select(OfficialLink).where(OfficialLink.position_id == position.id)
        .options(joinedload(OfficialLink.clause), joinedload(OfficialLink.paragraph).joinedload(OfficialParagraph.document))
    ).all()
    documents = {link.paragraph.document_id: link.paragraph.document for link in links}
    superseded = {d.revision_of_id for d in documents.values()}
    linked: dict[int, list[ExportClause]] = {}
    for link in links:
        if link.clause.uid in by_uid:
            linked.setdefault(link.paragraph_id, []).append(by_uid[link.clause.uid])
    order = {c.uid: n for n, c in enumerate(by_uid.values())}
    result = []
    for document in sorted((d for d in documents.values() if d.id not in superseded), key=lambda d: d.id):
        for p in session.scalars(select(OfficialParagraph).where(OfficialParagraph.document_id == document.id)
                                 .order_by(OfficialParagraph.seq)):
            if p.number:
                lines = tuple(sorted(linked.get(p.id, []), key=lambda c: order[c.uid]))
                result.append(BriefParagraph(_label(document), p.number, p.heading, p.kind, p.text, lines))
    return tuple(result)


def _label(document: OfficialDocument) -> str:
    return document.label
