"""What a live stream carries: ids, a kind and who acted, built from the domain events after commit.

Streams carry no content. A page that receives a message fetches what changed through the ordinary,
permission-checked pages, so a message can never show a reader more than those pages would (see
app/live/routes.py for how a stream itself is authorised).
"""

from __future__ import annotations

import threading
import time

from flask import current_app, has_app_context
from sqlalchemy import text

from positions.events import DomainEvent, subscribe

# Which domain events a position page shows live, by the first part of their verb.
LIVE_KINDS = frozenset({"clause", "comment", "consent", "consultation", "approval", "transition", "version", "position"})
LABEL_SECONDS = 300  # a renamed person or one who moved administration shows within five minutes

_labels: dict[tuple[str, int], tuple[float, str]] = {}
_labels_lock = threading.Lock()


def label_of(user) -> str:
    """How a person is named to the others: 'Marie Lambert (SPW-ARNE)'."""
    return f"{user.name} ({user.administration.code})"


def actor_label(engine, actor_id: int | None) -> str:
    """'Marie Lambert (SPW-ARNE)': looked up on a connection of its own (the writer's has just committed), cached."""
    if actor_id is None:
        return "Plenipo"
    key = (str(engine.url), actor_id)
    with _labels_lock:
        cached = _labels.get(key)
    if cached and cached[0] > time.monotonic():
        return cached[1]
    with engine.connect() as connection:
        row = connection.execute(text(
            "SELECT u.name, a.code FROM user_account u JOIN administration a ON a.id = u.administration_id WHERE u.id = :id"
        ), {"id": actor_id}).first()
        connection.rollback()
    label = f"{row[0]} ({row[1]})" if row else "Plenipo"
    with _labels_lock:
        _labels[key] = (time.monotonic() + LABEL_SECONDS, label)
    return label


def message_for(event: DomainEvent, actor: str) -> dict:
    """The stream message of a domain event: {"kind", "position_id", "clause_uid"?, "actor", "actor_id", "verb"}."""
    message = {"kind": event.kind, "position_id": event.position_id, "actor": actor, "actor_id": event.actor_id,
               "verb": event.verb}
    uid = event.data.get("uid") or event.data.get("clause")
    if uid:
        message["clause_uid"] = str(uid)
    return message


@subscribe
def publish_live(event: DomainEvent) -> None:
    """After commit: send position events to the live streams of every host (outside an app: nowhere)."""
    if event.position_id is None or event.kind not in LIVE_KINDS or not has_app_context():
        return
    hub = current_app.extensions.get("live")
    if hub is None:
        return
    hub.send(message_for(event, actor_label(hub.engine, event.actor_id)))
