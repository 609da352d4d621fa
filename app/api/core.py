"""Tokens, the caller, administrations and positions."""

from __future__ import annotations

from flask import g
from sqlalchemy import select

from app.api import bp
from app.api.openapi import documented
from app.api.responses import (
    AdministrationList,
    PositionDetail,
    PositionList,
    PositionSummary,
    TokenOut,
    UserOut,
)
from app.api.schemas import PositionCreate, TokenRequest, parse
from app.api.serializers import (
    administration_json,
    clause_json,
    position_fields,
    position_summary_json,
    respond,
    user_json,
    version_json,
)
from app.extensions import db
from app.security import login_limits
from positions.models import Administration
from positions.services import accounts, drafting, versions
from positions.services.positions import create_position, get_position, list_positions


@bp.post("/tokens")
@documented("Account", {201: TokenOut}, body=TokenRequest, errors=(401, 429))
@login_limits
def create_token():
    """Exchange email and password for a bearer token."""
    body = parse(TokenRequest)
    user = accounts.authenticate(db.session, body.email, body.password)
    token = accounts.issue_token(db.session, user)
    db.session.commit()
    return respond(TokenOut(token=token, user=user_json(user)), 201)


@bp.get("/me")
@documented("Account", {200: UserOut})
def me():
    """The caller's account."""
    return respond(user_json(g.user))


@bp.get("/administrations")
@documented("Account", {200: AdministrationList})
def administrations():
    """Every administration."""
    rows = db.session.scalars(select(Administration).order_by(Administration.code))
    return respond(AdministrationList(administrations=[administration_json(a) for a in rows]))


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
    position = create_position(
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
    )
    db.session.commit()
    return respond(position_summary_json(position), 201)


@bp.get("/positions/<int:position_id>")
@documented("Positions", {200: PositionDetail}, errors=(403,))
def position(position_id: int):
    """A position with the clauses of its draft and its versions."""
    pos = get_position(db.session, g.user, position_id)
    return respond(PositionDetail(
        **position_fields(pos),
        objective=pos.objective,
        clauses=[clause_json(d) for d in drafting.draft(db.session, pos)],
        versions=[version_json(v) for v in versions.list_versions(db.session, pos)],
    ))
