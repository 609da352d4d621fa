"""The plenary tracker: per official paragraph, what happened in the room (agreed, bracketed, deleted, pending)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from positions import audit
from positions.clock import now
from positions.errors import ValidationFailed
from positions.hidden_characters import refuse_hidden_characters
from positions.messages import Msg
from positions.models import (
    PLENARY_OUTCOMES,
    OfficialDocument,
    OfficialLink,
    PlenaryOutcome,
    Position,
    User,
)
from positions.permissions import can_track_plenary, can_view, require
from positions.services.locking import writable
from positions.services.official_documents import find_paragraph, get_document
from positions.services.official_links import Covered, coverage

MAX_CHARS = 20_000


@dataclass
class TrackerRow:
    """One paragraph: its Belgian clauses (by kind), what the room did, and whether a red line was touched."""

    covered: Covered
    outcome: PlenaryOutcome | None
    lines: dict[str, list[OfficialLink]] = field(default_factory=dict)

    @property
    def red_line_touched(self) -> bool:
        """A paragraph carrying a Belgian red line that was not agreed as it stood (bracketed, deleted, or chair's text)."""
        if not self.lines.get("red_line") or self.outcome is None:
            return False
        return self.outcome.outcome in ("bracketed", "deleted") or bool(self.outcome.chair_text.strip())


def tracker(session: Session, actor: User, position: Position, document_id: int) -> tuple[OfficialDocument, list[TrackerRow]]:
    """The tracker of one document for one position: every paragraph with its lines and its outcome."""
    document, rows = coverage(session, actor, position, document_id)
    outcomes = {o.paragraph_id: o for o in session.scalars(select(PlenaryOutcome).where(
        PlenaryOutcome.position_id == position.id, PlenaryOutcome.paragraph_id.in_([c.paragraph.id for c in rows])))}
    result = []
    for covered in rows:
        row = TrackerRow(covered, outcomes.get(covered.paragraph.id))
        for link in covered.links:
            row.lines.setdefault(link.clause.head.kind, []).append(link)
        result.append(row)
    return document, result


def record_outcome(session: Session, actor: User, position: Position, document_id: int, number: str, *,
                   outcome: str, chair_text: str | None = None, note: str | None = None) -> PlenaryOutcome:
    """Record (or correct) what happened to one paragraph: the pen-holder or the delegation lead."""
    writable(session, position)
    require(can_view(actor, position) and can_track_plenary(actor, position),
            Msg("Only the delegation (pen-holder or lead) records the plenary."))
    if outcome not in PLENARY_OUTCOMES:
        raise ValidationFailed(Msg("Unknown outcome '%(outcome)s'. Choose one of: %(choices)s.", outcome=outcome,
                                   choices=", ".join(PLENARY_OUTCOMES)), {"outcome": outcome})
    chair_text, note = (chair_text or "").strip(), (note or "").strip()
    if len(chair_text) > MAX_CHARS or len(note) > MAX_CHARS:
        raise ValidationFailed(Msg("A text may hold at most %(limit)s characters.", limit=MAX_CHARS), {"text": "too long"})
    refuse_hidden_characters(chair_text, "text")
    refuse_hidden_characters(note, "note")
    paragraph = find_paragraph(get_document(session, actor, document_id), number)
    row = session.scalar(select(PlenaryOutcome).where(PlenaryOutcome.position_id == position.id,
                                                      PlenaryOutcome.paragraph_id == paragraph.id))
    if row is None:
        row = PlenaryOutcome(position_id=position.id, paragraph_id=paragraph.id, updated_by_id=actor.id)
        session.add(row)
    row.outcome, row.chair_text, row.note, row.updated_by_id, row.updated_at = outcome, chair_text, note, actor.id, now()
    session.flush()
    audit.record(session, actor, "plenary.recorded", row, position_id=position.id,
                 data={"document": paragraph.document.label, "paragraph": paragraph.number, "outcome": outcome})
    return row
