"""What blocks the next step: for each position the pen-holder holds, the steps from its stage with the reasons.

The same evaluation as the workflow panel (workflows.service.transitions), once per position, for "My tasks"
(the dashboard and ``GET /api/v1/me/tasks``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from positions.models import Position, User
from positions.services.positions import visible_to
from workflows.service import Step, stage_label, transitions

LIMIT = 30  # positions, most recently changed first: each costs a few queries


@dataclass(frozen=True)
class NextSteps:
    """A position, where it stands, and every step from there, allowed or blocked with the reasons."""

    position: Position
    stage_label: str
    steps: list[Step]

    @property
    def blocked(self) -> bool:
        """No step the user could take now."""
        return not any(step.allowed for step in self.steps)


def next_steps_for(session: Session, user: User, limit: int = LIMIT) -> list[NextSteps]:
    """The pen-holder's positions that are not final, each with the steps from its stage (others: none)."""
    if user.role != "pen_holder":
        return []
    positions = session.scalars(
        select(Position).where(visible_to(user), Position.frozen_at.is_(None))
        .order_by(Position.updated_at.desc(), Position.id.desc()).limit(limit)
    ).all()
    found = [NextSteps(p, stage_label(p), transitions(p, user)) for p in positions]
    return [n for n in found if n.steps]
