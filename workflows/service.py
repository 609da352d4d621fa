"""Running a position's workflow inside the caller's transaction."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

import workflows.guards  # noqa: F401  (fills the registry before definitions load)
from positions import audit
from positions.models import Position, User
from positions.services.positions import touch
from workflows.engine import Availability, Context, FiredTransition, Workflow, available, fire
from workflows.loader import definitions_dir, load_all
from workflows.registry import default_registry


@lru_cache(maxsize=1)
def all_workflows() -> dict[str, Workflow]:
    """Every workflow definition shipped in workflows/definitions, validated."""
    return load_all(definitions_dir(), default_registry)


def workflow_for(position: Position) -> Workflow:
    """The workflow a position follows."""
    return all_workflows()[position.workflow_key]


def stage_label(position: Position) -> str:
    """The human name of the position's stage."""
    return workflow_for(position).state(position.stage).label


def phase_label(position: Position) -> str:
    """The phase (Belgian position, EU coordination, plenary brief) of the stage."""
    return workflow_for(position).state(position.stage).phase


class _PositionHooks:
    def __init__(self, session: Session) -> None:
        self.session = session

    def lock(self, subject: Position) -> Position:
        self.session.flush()
        return self.session.scalar(
            select(Position).where(Position.id == subject.id).with_for_update().execution_options(populate_existing=True)
        )

    def record(self, ctx: Context, from_stage: str, to_stage: str) -> None:
        touch(ctx.subject)
        audit.record(
            self.session, ctx.user, "transition.fired", ctx.subject, position_id=ctx.subject.id,
            data={"transition": ctx.transition.name, "from": from_stage, "to": to_stage, "args": {k: str(v) for k, v in ctx.args.items()}},
        )


def transitions(position: Position, user: User) -> list[Availability]:
    """Every transition from the current stage, allowed or blocked with the reasons."""
    return available(workflow_for(position), position, user, default_registry)


def fire_transition(position: Position, name: str, user: User, **args: Any) -> FiredTransition:
    """Fire a transition: re-checked under a row lock, effects and event in the same transaction."""
    session = object_session(position)
    return fire(workflow_for(position), position, name, user, default_registry, hooks=_PositionHooks(session), **args)
