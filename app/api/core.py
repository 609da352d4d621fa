"""Tokens, the caller, administrations and positions."""

from __future__ import annotations

from flask import current_app, g
from sqlalchemy import select

from app.api import bp
from app.api.openapi import documented
from app.api.responses import (
    AdministrationList,
    PositionDetail,
    PositionList,
    PositionSummary,
    TokenList,
    TokenOut,
    TokenRevoked,
    UserOut,
)
from app.api.schemas import PositionCreate, TokenRequest, parse
from app.api.serializers import (
    administration_json,
    clause_json,
    iso,
    position_fields,
    position_summary_json,
    respond,
    token_json,
    user_json,
    version_json,
)
from app.extensions import db
from app.security import login_limits
from positions.models import Administration, ApiToken
from positions.services import accounts, drafting, versions
from positions.services.positions import get_position, list_positions
from workflows.service import start_position


@bp.post("/tokens")
@documented("Account", {201: TokenOut}, body=TokenRequest, errors=(401, 429))
@login_limits
def create_token():
    """Exchange email and password for a bearer token."""
    body = parse(TokenRequest)
    user = accounts.authenticate(db.session, body.email, body.password)
    raw = accounts.issue_token(db.session, user, days=current_app.config["API_TOKEN_DAYS"], label=body.label)
    token = accounts.token_for(db.session, raw)
    db.session.commit()
    return respond(TokenOut(token=raw, user=user_json(user), id=token.id, label=token.label, expires_at=iso(token.expires_at)), 201)


@bp.get("/tokens")
@documented("Account", {200: TokenList})
def tokens():
    """The caller's tokens that still work, newest first, the one of this request marked `current`."""
    return respond(TokenList(tokens=[token_json(t, g.api_token) for t in accounts.list_tokens(db.session, g.user)]))


@bp.delete("/tokens/current")
@documented("Account", {200: TokenRevoked}, errors=(404,))
def revoke_current_token():
    """Revoke the token of this request (log it out): the next call with it gets 401."""
    return _revoked(accounts.revoke_token_id(db.session, g.user, g.api_token.id))


@bp.delete("/tokens/<int:token_id>")
@documented("Account", {200: TokenRevoked})
def revoke_token(token_id: int):
    """Revoke one of the caller's tokens; another user's token is unknown (404)."""
    return _revoked(accounts.revoke_token_id(db.session, g.user, token_id))


def _revoked(token: ApiToken):
    db.session.commit()
    return respond(TokenRevoked(id=token.id, revoked=True))


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
