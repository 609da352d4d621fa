"""The API blueprint: /api/v1, and the bearer-token check every call but token creation goes through."""

from __future__ import annotations

from flask import Blueprint, g, request

from app.errors import error_response, names_huge_id
from app.extensions import db
from app.security import api_token
from positions.services.accounts import note_token_use

bp = Blueprint("api", __name__, url_prefix="/api/v1")

PUBLIC_ENDPOINTS = {"api.create_token", "api.openapi"}


@bp.before_request
def authenticate():
    """Every call but token creation needs a valid bearer token."""
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    token = api_token()
    if token is None:
        return error_response(401, "unauthorized", "Send a valid token: 'Authorization: Bearer <token>' (POST /api/v1/tokens gives one).")
    if note_token_use(db.session, token):  # at most once a minute per token
        db.session.commit()
    g.api_token, g.user = token, token.user
    if names_huge_id():
        return error_response(404, "not_found", "There is no object with such a large id.")
    return None
