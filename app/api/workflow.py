"""Transitions and the audit events of a position through the API."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import g, request
from pydantic import Field, RootModel

from app.api.base import bp
from app.api.openapi import documented
from app.api.parsing import (
    DEADLINE,
    DEADLINE_HELP,
    MAX_ID,
    Body,
    Id,
    Query,
    examples,
    parse,
    parse_query,
)
from app.api.shapes import Out, Timestamp, iso, respond
from app.extensions import db
from positions import audit
from positions.audit.history import history_filter
from positions.errors import ValidationFailed
from positions.models import Event
from positions.services.positions import get_position
from workflows.service import Step, fire_transition, phase_label, stage_label, transitions


class StepOut(Out):
    name: str
    label: str
    target: str
    target_label: str
    allowed: bool
    blocked_by: list[str] = Field(description="Why the transition is blocked (empty when allowed).")
    args: list[str] = Field(description="Arguments the transition takes, e.g. 'deadline'.")
    warnings: list[str] = Field(default_factory=list, description="What the step's warnings say now (e.g. open square "
                                "brackets before the text becomes final); they never block it.")


class StepList(RootModel[list[StepOut]]):
    """Every transition from the position's stage."""


class TransitionFired(Out):
    transition: str
    from_: str = Field(alias="from")
    stage: str
    stage_label: str
    phase: str
    frozen: bool
    warnings: list[str] = Field(default_factory=list, description="What the step's warnings said when it was fired.")


class EventActor(Out):
    id: int
    name: str
    administration: str


class EventObject(Out):
    type: str
    id: str


class EventOut(Out):
    id: int
    at: Timestamp | None
    verb: str
    actor: EventActor | None
    object: EventObject
    data: dict[str, Any]
    prev_hash: str
    hash: str
    intact: bool = Field(description="False when the audit chain does not verify at this event.")
    problem: str | None


class EventPage(Out):
    events: list[EventOut]
    page: int
    per_page: int
    total: int
    pages: int


MAX_PER_PAGE = 200
LAST_DAY = date(9999, 12, 30)  # 'until' reads up to the next midnight


class TransitionRequest(Body):
    model_config = examples({"note": "Ready for consultation", "deadline": "2031-03-08"}, {})

    note: str | None = Field(default=None, max_length=1000)
    deadline: str | None = Field(default=None, max_length=40, description=f"For transitions that take one: {DEADLINE_HELP}",
                                 json_schema_extra=DEADLINE)


class EventQuery(Query):
    verb: str | None = Field(default=None, description="A kind of event, e.g. 'comment' or 'transition.fired'.")
    actor: Id | None = Field(default=None, description="A user id.")
    since: date | None = Field(default=None, le=LAST_DAY, description="From this day (YYYY-MM-DD).")
    until: date | None = Field(default=None, le=LAST_DAY, description="Until this day, included.")
    page: int = Field(default=1, ge=1, le=MAX_ID)
    per_page: int = Field(default=50, ge=1, le=MAX_PER_PAGE)


def step_json(step: Step) -> StepOut:
    return StepOut(
        name=step.name, label=step.label, target=step.target, target_label=step.target_label,
        allowed=step.allowed, blocked_by=step.blocked_by, args=list(step.args), warnings=step.warnings,
    )


def event_json(event: Event, problem: str | None) -> EventOut:
    actor = event.actor
    return EventOut(
        id=event.id, at=iso(event.at), verb=audit.verb_of(event),
        actor=EventActor(id=actor.id, name=actor.name, administration=actor.administration.code) if actor else None,
        object=EventObject(type=event.object_type, id=event.object_id), data=event.data,
        prev_hash=event.prev_hash, hash=event.hash, intact=problem is None, problem=problem,
    )


@bp.get("/positions/<int:position_id>/transitions")
@documented("Workflow", {200: StepList}, errors=(403,))
def list_transitions(position_id: int):
    """Every transition from the position's stage: allowed, or blocked with the reasons."""
    position = get_position(db.session, g.user, position_id)
    return respond(StepList([step_json(s) for s in transitions(position, g.user)]))


@bp.post("/positions/<int:position_id>/transitions/<name>")
@documented("Workflow", {200: TransitionFired}, body=TransitionRequest, body_required=False, errors=(403, 409))
def fire(position_id: int, name: str):
    """Fire a transition: 200 with the new stage, 409 blocked (reasons in details), 403 wrong role."""
    position = get_position(db.session, g.user, position_id)
    body = parse(TransitionRequest) if request.get_data() else TransitionRequest()
    fired = fire_transition(position, name, g.user, **body.model_dump(exclude_none=True))
    db.session.commit()
    return respond(TransitionFired(
        transition=fired.name, from_=fired.source, stage=fired.target,
        stage_label=stage_label(position), phase=phase_label(position), frozen=position.frozen_at is not None,
        warnings=list(fired.warnings),
    ))


@bp.get("/positions/<int:position_id>/events")
@documented("Workflow", {200: EventPage}, query=EventQuery, errors=(403,))
def events(position_id: int):
    """The position's audit events, newest first, paginated; each says whether it is intact."""
    position = get_position(db.session, g.user, position_id)
    parse_query(EventQuery)
    filters, page = history_filter(request.args)
    per_page = request.args.get("per_page", "50")
    if not per_page.isdigit() or not 1 <= int(per_page) <= MAX_PER_PAGE:
        raise ValidationFailed(f"per_page must be a whole number from 1 to {MAX_PER_PAGE}.", {"fields": {"per_page": per_page}})
    result = audit.position_events(db.session, position.id, filters, page, int(per_page))
    return respond(EventPage(
        events=[event_json(e, result.problems.get(e.id)) for e in result.events],
        page=result.page, per_page=result.per_page, total=result.total, pages=result.pages,
    ))
