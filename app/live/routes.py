"""The live stream of a position page and the presence heartbeats its script sends.

Authorisation: a stream is opened only for someone who may read the position at that moment (session or
bearer token; 401 without either, 404 for a position they may not read, as on the page itself). Messages
carry ids, a kind and who acted, never content: the page fetches what changed through the ordinary
permission-checked page, so it is not re-checked per message. A stream ends after LIVE_STREAM_SECONDS; the
browser reconnects by itself, and the reconnection is checked again (a revoked reader is out within that time).
"""

from __future__ import annotations

import json
import queue
import re
import time

from flask import Blueprint, Response, current_app, request
from flask_login import current_user, login_required

from app.errors import error_response
from app.extensions import db
from app.live.messages import label_of
from app.security import api_token
from positions.services.positions import get_position

bp = Blueprint("live", __name__, template_folder="templates")

PRESENCE_STATES = frozenset({"viewing", "editing", "left"})
CLAUSE_UID = re.compile(r"[A-Za-z0-9_-]{1,64}")


def _reader():
    """The person asking: the logged-in user, or the owner of a valid bearer token."""
    if current_user.is_authenticated:
        return current_user
    token = api_token()
    return token.user if token is not None else None


def _frame(kind: str, message: dict) -> str:
    return f"event: {kind}\ndata: {json.dumps(message, separators=(',', ':'))}\n\n"


def _events(hub, position_id: int, inbox: queue.Queue, seconds: float, keepalive: float):
    """The body of a stream: a hello, then every message for the position, comments to keep proxies awake."""
    ends = time.monotonic() + seconds
    try:
        yield "retry: 3000\n" + _frame("hello", {"kind": "hello", "position_id": position_id})
        while (left := ends - time.monotonic()) > 0:
            try:
                message = inbox.get(timeout=min(keepalive, left))
            except queue.Empty:
                yield ": keep-alive\n\n"
                continue
            yield _frame(str(message.get("kind", "message")), {**message, "position_id": position_id})
    finally:
        hub.close(position_id, inbox)


@bp.get("/positions/<int:position_id>/stream")
def stream(position_id: int):
    """text/event-stream of what happens to the position: `event: <kind>`, `data: {kind, position_id, clause_uid?, actor}`."""
    reader = _reader()
    if reader is None:
        return error_response(401, "unauthorized", "Log in, or send 'Authorization: Bearer <token>'.")
    get_position(db.session, reader, position_id)  # 404 (or 403 for a role without positions) before anything is sent
    if "gunicorn.socket" in request.environ and not request.environ.get("wsgi.multithread"):
        # A server with one request per process (gunicorn's sync workers) would give each stream a whole
        # worker: no stream then. 204 tells the browser to stop trying; the page works as without JavaScript.
        return "", 204
    db.session.rollback()  # a stream holds no database connection while it is open
    db.session.close()
    hub = current_app.extensions["live"]
    inbox = hub.open(position_id)
    config = current_app.config
    body = _events(hub, position_id, inbox, config["LIVE_STREAM_SECONDS"], config["LIVE_KEEPALIVE_SECONDS"])
    return Response(body, mimetype="text/event-stream",
                    headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})


@bp.post("/positions/<int:position_id>/presence")
@login_required
def presence(position_id: int):
    """The page's heartbeat: who is viewing the position, or editing which clause (sent to the others' streams)."""
    get_position(db.session, current_user, position_id)
    state = request.form.get("state", "")
    uid = request.form.get("clause", "")
    if state not in PRESENCE_STATES or (uid and not CLAUSE_UID.fullmatch(uid)):
        return error_response(422, "invalid", "state is viewing, editing or left; clause is a clause id.")
    message = {"kind": "presence", "position_id": position_id, "state": state, "actor_id": current_user.id,
               "actor": label_of(current_user)}
    db.session.rollback()  # ends the read (on SQLite, a writing request's transaction holds the write lock)
    hub = current_app.extensions["live"]
    if uid and state == "editing":
        message["clause_uid"] = uid
    hub.send(message)
    return "", 204
