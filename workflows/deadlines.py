"""Deadlines happen on time: at a consultation's deadline the system closes it, without anyone opening a page.

`plenipo worker` calls :func:`close_at_deadline` for each consultation whose deadline has passed. Under the
position's row lock it records silence for the administrations that did not answer, then takes the step the
workflow marks ``automatic_at_deadline`` (e.g. "Conclude consultation") as the system, its guards checked as
for anyone and its audit event saying "by: deadline". When a guard blocks the step (the lead has not approved
yet), the consultation still closes with its outcome — consensus, or blocked by an objection — and the
pen-holder is told what blocks the step, which stays theirs to take. A stage with no such step just closes.
Run twice (two workers, two passes), it closes the consultation once: the second finds it closed.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from positions.actors import SYSTEM
from positions.clock import now
from positions.errors import Conflict
from positions.messages import Label, stored
from positions.models import Consultation, Position
from positions.services import consultations
from positions.services.locking import lock_position
from workflows.service import fire_transition, workflow_for


def deadlines_due(session: Session, at: datetime) -> list[int]:
    """The ids of the open consultations whose deadline has passed at ``at``, oldest first."""
    return list(session.scalars(select(Consultation.id).where(Consultation.closed_at.is_(None), Consultation.deadline <= at)
                                .order_by(Consultation.id)))


def close_at_deadline(session: Session, consultation_id: int) -> bool:
    """Close one consultation whose deadline passed, in the caller's transaction; False if there was nothing to do."""
    consultation = session.get(Consultation, consultation_id)
    if consultation is None:
        return False
    position = lock_position(session, session.get(Position, consultation.position_id))
    session.refresh(consultation)  # under the lock: another worker may have closed it meanwhile
    if consultation.closed_at is not None or now() < consultation.deadline or position.frozen_at is not None:
        return False
    workflow = workflow_for(position)
    step = workflow.deadline_transition(position.stage)
    details: dict = {"by": "deadline"}
    if step is not None:
        try:
            fire_transition(position, step.name, SYSTEM, automatic=True)
            return True
        except Conflict as refusal:  # the guards said no before anything was written
            details |= {"step": stored(Label(step.label)), "blocked_by": [stored(r) for r in refusal.details.get("reasons", [])]}
        session.refresh(consultation)
    outcome = "blocked" if any(c.state == "object" for c in consultation.consents) else "consensus"
    consultations.close_consultation(session, SYSTEM, consultation, outcome, details)  # records the silence too
    return True
