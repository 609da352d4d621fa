"""Tokens, the caller, administrations and positions."""

from __future__ import annotations

from flask import g, jsonify
from sqlalchemy import select

from app.api import bp
from app.api.schemas import PositionCreate, TokenRequest, parse
from app.api.serializers import (
    administration_json,
    clause_json,
    position_summary_json,
    user_json,
    version_json,
)
from app.extensions import db
from positions.models import Administration
from positions.services import accounts, drafting, versions
from positions.services.positions import create_position, get_position, list_positions


@bp.post("/tokens")
def create_token():
    """Exchange email and password for a bearer token."""
    body = parse(TokenRequest)
    user = accounts.authenticate(db.session, body.email, body.password)
    token = accounts.issue_token(db.session, user)
    db.session.commit()
    return jsonify({"token": token, "user": user_json(user)}), 201


@bp.get("/me")
def me():
    """The caller's account."""
    return jsonify(user_json(g.user))


@bp.get("/administrations")
def administrations():
    """Every administration."""
    rows = db.session.scalars(select(Administration).order_by(Administration.code))
    return jsonify({"administrations": [administration_json(a) for a in rows]})


@bp.get("/positions")
def positions():
    """Positions the caller can read."""
    rows = list_positions(db.session, g.user)
    return jsonify({"positions": [position_summary_json(r.position, r.last_change) for r in rows]})


@bp.post("/positions")
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
    return jsonify(position_summary_json(position)), 201


@bp.get("/positions/<int:position_id>")
def position(position_id: int):
    """A position with the clauses of its draft and its versions."""
    pos = get_position(db.session, g.user, position_id)
    data = position_summary_json(pos)
    data["objective"] = pos.objective
    data["clauses"] = [clause_json(d) for d in drafting.draft(db.session, pos)]
    data["versions"] = [version_json(v) for v in versions.list_versions(db.session, pos)]
    return jsonify(data)
