"""Tokens, the caller and the administrations."""

from __future__ import annotations

from typing import Literal

from flask import current_app, g
from pydantic import Field

from app.api.base import bp
from app.api.openapi import documented
from app.api.parsing import Body, examples, parse
from app.api.shapes import (
    AdministrationOut,
    Out,
    Timestamp,
    UserOut,
    administration_json,
    iso,
    respond,
    user_json,
)
from app.extensions import db
from app.security import login_limits
from positions.models import ApiToken
from positions.services import accounts


class TokenRequest(Body):
    model_config = examples({"email": "pen.holder@example.be", "password": "correct horse battery"},
                            {"email": "pen.holder@example.be", "password": "correct horse battery", "label": "Laptop script"})

    email: str = Field(max_length=254)
    password: str = Field(max_length=200)
    label: str | None = Field(default=None, max_length=100, description="A name to tell your tokens apart.")


class TokenOut(Out):
    token: str = Field(description="Send it as 'Authorization: Bearer <token>'.")
    user: UserOut
    id: int
    label: str | None
    expires_at: Timestamp


class TokenInfo(Out):
    id: int
    label: str | None
    created_at: Timestamp
    last_used_at: Timestamp | None = Field(description="Updated at most once a minute.")
    expires_at: Timestamp
    current: bool = Field(description="Whether this request was sent with this token.")


class TokenList(Out):
    """The caller's tokens that still work (never their secrets)."""

    tokens: list[TokenInfo]


class TokenRevoked(Out):
    id: int
    revoked: bool


class AdministrationList(Out):
    administrations: list[AdministrationOut]


def token_json(t: ApiToken, current: ApiToken | None) -> TokenInfo:
    return TokenInfo(id=t.id, label=t.label, created_at=iso(t.created_at), last_used_at=iso(t.last_used_at),
                     expires_at=iso(t.expires_at), current=current is not None and t.id == current.id)


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
    """Every administration (a delegate: the member states and EU institutions)."""
    rows = accounts.visible_administrations(db.session, g.user)
    return respond(AdministrationList(administrations=[administration_json(a) for a in rows]))


class TaskOut(Out):
    kind: Literal["consultation", "amendment_outcome", "reply", "open_items", "running_consultation", "approval"]
    position_id: int
    title: str = Field(description="What to do, in the caller's language.")
    url: str = Field(description="The page where it is done (web app).")
    due: Timestamp | None = Field(description="The deadline, if any.")


class BlockedStep(Out):
    name: str
    label: str
    target: str
    target_label: str
    allowed: bool
    blocked_by: list[str] = Field(description="What blocks the step now, in the caller's language (empty when allowed).")
    warnings: list[str] = Field(description="What the step warns about (never blocking).")


class NextStepsOut(Out):
    position_id: int
    title: str
    stage: str
    stage_label: str
    url: str = Field(description="The position's page, where the workflow panel fires the steps.")
    steps: list[BlockedStep]


class TaskList(Out):
    tasks: list[TaskOut]
    next_steps: list[NextStepsOut] = Field(default_factory=list, description=(
        "The pen-holder: for each position not yet final, the next steps and what blocks each now (others: empty)."))


@bp.get("/me/tasks")
@documented("Account", {200: TaskList})
def my_tasks():
    """What waits for the caller: consultations to answer, outcomes and replies (officials); open items, running
    consultations and what blocks each position's next step (pen-holder); versions to approve (delegation lead)."""
    from app.positions.tasks import next_steps_view, task_title, task_url
    from positions.services.tasks import tasks_for

    tasks = [TaskOut(kind=t.kind, position_id=t.position_id, title=task_title(t), url=task_url(t), due=iso(t.due))
             for t in tasks_for(db.session, g.user)]
    next_steps = [NextStepsOut(position_id=n.position.id, title=n.position.title, stage=n.position.stage, stage_label=n.stage_label,
                               url=n.url, steps=[BlockedStep(**vars(s)) for s in n.steps]) for n in next_steps_view(db.session, g.user)]
    return respond(TaskList(tasks=tasks, next_steps=next_steps))
