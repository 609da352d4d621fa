"""The EU text as the other member states' delegates read it (design section 10).

A delegate invited to a position reads, once its EU phase has started, only what the EU phase shares: the
clauses whose kind goes to the other member states (headings and text — never Belgium's lines to take,
fallbacks, red lines, background or internal notes), numbered among themselves, in the versions taken during
the EU phase ("EU version 1", "EU version 2"…) and, while the EU phase runs, in the current draft. Nothing from
before the EU phase, no history, no other phase: everything else stays refused (404 for what they may not know).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from positions.errors import NotFound
from positions.kinds import EU_SHARED_KINDS, clause_numbers
from positions.messages import Msg
from positions.models import Participant, Position, User, Version
from positions.permissions import can_view, is_active_user
from positions.services.comparing import DRAFT, parse_ref, snapshots_of
from positions.services.drafting import DraftClause, draft
from positions.services.versions import version_clauses
from positions.text.compare import Comparison, compare
from workflows.service import workflow_for

EU = "eu"


@dataclass(frozen=True)
class EuText:
    """One state of the EU text: the draft (number None) or EU version `number`, with its shared clauses."""

    number: int | None
    version: Version | None
    clauses: list[DraftClause]

    @property
    def ref(self) -> str:
        return DRAFT if self.number is None else str(self.number)


def eu_versions(session: Session, position: Position) -> list[Version]:
    """The versions taken during the EU phase, oldest first: EU version 1 is the first of them."""
    stages = workflow_for(position).stages_for(EU)
    query = select(Version).where(Version.position_id == position.id, Version.stage.in_(stages)).order_by(Version.number)
    return list(session.scalars(query))


def in_eu_phase(position: Position) -> bool:
    """Whether the position's stage is in a phase that speaks to the member states."""
    return position.stage in workflow_for(position).stages_for(EU)


def is_participant(session: Session, user: User, position: Position) -> bool:
    """An active delegate invited to this position and not revoked."""
    return is_active_user(user) and user.role == "delegate" and session.scalar(
        select(Participant.id).where(Participant.position_id == position.id, Participant.user_id == user.id,
                                     Participant.revoked_at.is_(None))) is not None


def has_eu_text(session: Session, position: Position) -> bool:
    """Whether the EU phase has started: it runs now, or versions were taken in it.

    A position still in a phase before the first EU one is answered without a query (the position page asks).
    """
    if in_eu_phase(position):
        return True
    workflow = workflow_for(position)
    order = list(workflow.phases)
    eu_phases = [n for n, key in enumerate(order) if workflow.phases[key].audience == EU]
    current = workflow.phase_of(position.stage)
    if not eu_phases or (current is not None and order.index(current.key) < eu_phases[0]):
        return False
    return bool(eu_versions(session, position))


def eu_position(session: Session, user: User, position_id: int) -> Position:
    """The position, for a Belgian reader or an invited delegate, once it has an EU text; otherwise not there."""
    position = session.get(Position, position_id)
    missing = NotFound(Msg("There is no EU text %(id)s.", id=position_id), {"position": position_id})
    if position is None:
        raise missing
    delegate = user.role == "delegate"
    if not (is_participant(session, user, position) if delegate else can_view(user, position)):
        raise missing
    if not has_eu_text(session, position):
        raise missing
    return position


def shared(clauses: list[DraftClause]) -> list[DraftClause]:
    """The clauses the member states read, renumbered among themselves (no gap betrays a Belgian line)."""
    kept = [c for c in clauses if c.revision.kind in EU_SHARED_KINDS]
    labels = clause_numbers([c.revision.kind for c in kept])
    return [DraftClause(c.clause, c.revision, n, lvl) for c, (n, lvl) in zip(kept, labels, strict=True)]


def eu_text(session: Session, position: Position, number: int | None = None) -> EuText:
    """EU version `number`; by default the draft while the EU phase runs, else the newest EU version."""
    versions = eu_versions(session, position)
    if number is None and in_eu_phase(position):
        return EuText(None, None, shared(draft(session, position)))
    if number is None:
        number = len(versions)
    if not 1 <= number <= len(versions):
        raise NotFound(Msg("There is no EU version %(number)s.", number=number), {"version": number})
    version = versions[number - 1]
    return EuText(number, version, shared(version_clauses(session, version)))


def eu_compare(session: Session, position: Position, old_ref: str, new_ref: str) -> tuple[EuText, EuText, Comparison]:
    """Compare two EU versions (or one and the EU draft) clause by clause, with word-level differences."""
    sides = []
    for ref, field in ((old_ref, "from"), (new_ref, "to")):
        ref = parse_ref(ref, field)
        if ref == DRAFT and not in_eu_phase(position):
            raise NotFound(Msg("The EU draft is only there while the EU phase runs."), {field: ref})
        sides.append(eu_text(session, position, None if ref == DRAFT else int(ref)))
    old, new = sides
    return old, new, compare(snapshots_of(old.clauses), snapshots_of(new.clauses))
