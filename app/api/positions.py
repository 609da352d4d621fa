"""Positions: list, create, and one with its draft and versions."""

from __future__ import annotations

from typing import Literal

from flask import g
from pydantic import Field

from app.api.base import bp
from app.api.openapi import documented
from app.api.parsing import Body, examples, one_of, parse
from app.api.shapes import (
    ClauseOut,
    Out,
    PositionSummary,
    VersionOut,
    clause_json,
    position_fields,
    position_summary_json,
    respond,
    version_json,
)
from app.extensions import db
from positions.models.position import CONFIDENTIALITY
from positions.services import drafting, library_uses, official_links, position_details, versions
from positions.services.positions import (
    MAX_CONSULTED,
    get_position,
    list_positions,
)
from workflows.service import start_position


class PositionCreate(Body):
    model_config = examples({"title": "Belgian position on the work programme", "meeting": "IPBES-12",
                             "agenda_item": "Item 6", "consulted": ["VL-OMG", "SPW-ARNE"]})

    title: str = Field(min_length=1, max_length=300)
    meeting: str = Field(min_length=1, max_length=200)
    agenda_item: str = Field(min_length=1, max_length=200)
    document_symbol: str = Field(default="", max_length=100)
    consulted: list[str] = Field(default_factory=list, description="Administration codes.",
                                 json_schema_extra={"maxItems": MAX_CONSULTED})  # the domain refuses more, with its own message
    confidentiality: str = one_of(CONFIDENTIALITY, "limited", description=(
        "public and limited: every user can read it (limited: not to be shared outside the administrations); "
        "restricted: only the pen-holder's administration, the consulted administrations and the delegation lead."))
    workflow: str = "ipbes-position"
    objective: str = ""
    language: Literal["en", "fr", "nl"] | None = Field(
        default=None, description="The language of its text (search stems it so); none: detected per text.")


class PositionPatch(Body):
    model_config = examples({"title": "Belgian position on the rolling work programme", "consulted": ["VL-OMG", "SPW-ARNE", "BXL-ENV"]})

    title: str | None = Field(default=None, min_length=1, max_length=300)
    meeting: str | None = Field(default=None, min_length=1, max_length=200)
    agenda_item: str | None = Field(default=None, min_length=1, max_length=200)
    document_symbol: str | None = Field(default=None, max_length=100)
    confidentiality: str | None = one_of(CONFIDENTIALITY, None, nullable=True, description="public, limited or restricted.")
    consulted: list[str] | None = Field(default=None, description=(
        "The full new list of administration codes. One that already answered the running consultation cannot be removed."),
        json_schema_extra={"maxItems": MAX_CONSULTED})


class PositionPatched(PositionSummary):
    warnings: list[str] = Field(description="E.g. a consulted administration without an active official.")


class PositionList(Out):
    positions: list[PositionSummary]


class PositionDetail(PositionSummary):
    objective: str
    clauses: list[ClauseOut]
    versions: list[VersionOut]


@bp.get("/positions")
@documented("Positions", {200: PositionList})
def positions():
    """Positions the caller can read."""
    rows = list_positions(db.session, g.user)
    return respond(PositionList(positions=[position_summary_json(r.position, r.last_change) for r in rows]))


@bp.post("/positions")
@documented("Positions", {201: PositionSummary}, body=PositionCreate, errors=(403,))
def new_position():
    """Create a position (pen-holder)."""
    body = parse(PositionCreate)
    position = start_position(
        db.session,
        g.user,
        title=body.title,
        meeting=body.meeting,
        agenda_item=body.agenda_item,
        document_symbol=body.document_symbol,
        consulted=body.consulted,
        confidentiality=body.confidentiality,
        workflow_key=body.workflow,
        objective=body.objective,
        language=body.language,
    )
    db.session.commit()
    return respond(position_summary_json(position), 201)


@bp.get("/positions/<int:position_id>")
@documented("Positions", {200: PositionDetail}, errors=(403,))
def position(position_id: int):
    """A position with the clauses of its draft and its versions."""
    pos = get_position(db.session, g.user, position_id)
    sources = library_uses.clause_sources(db.session, pos)
    flagged = official_links.flagged_uids(db.session, pos)
    return respond(PositionDetail(
        **position_fields(pos),
        objective=pos.objective,
        clauses=[clause_json(d, sources, flagged) for d in drafting.draft(db.session, pos)],
        versions=[version_json(v) for v in versions.list_versions(db.session, pos)],
    ))


@bp.patch("/positions/<int:position_id>")
@documented("Positions", {200: PositionPatched}, body=PositionPatch, errors=(403, 409))
def patch_position(position_id: int):
    """Change a position's details (pen-holder); fields left out stay as they are. Audited."""
    pos = get_position(db.session, g.user, position_id)
    body = parse(PositionPatch)
    change = position_details.update_details(db.session, g.user, pos, **body.model_dump())
    db.session.commit()
    return respond(PositionPatched(**position_fields(pos), warnings=change.warnings))
