"""The caller's inbox, mail preferences, and following positions and clauses."""

from __future__ import annotations

from typing import Literal

from flask import g, request
from flask_babel import force_locale
from pydantic import Field

from app.api.base import bp
from app.api.openapi import documented
from app.api.parsing import Body, Id, Query, examples, parse, parse_query
from app.api.shapes import Out, Timestamp, iso, respond
from app.extensions import db
from app.notify.texts import notification_text
from positions.models import NOTIFICATION_KINDS, Notification
from positions.services import notifications
from positions.services.positions import get_position

Mode = Literal["immediate", "digest", "off"]


class NotificationOut(Out):
    id: int
    kind: str = Field(json_schema_extra={"enum": list(NOTIFICATION_KINDS)})
    position_id: int | None
    clause_uid: str | None
    text: str = Field(description="In the caller's language.")
    url: str = Field(description="A path in the web app.")
    created_at: Timestamp
    read_at: Timestamp | None


class NotificationList(Out):
    notifications: list[NotificationOut]
    unread: int = Field(description="How many of the caller's notifications are unread.")


class InboxQuery(Query):
    unread: Literal["0", "1"] = Field(default="0", description="1: only the unread ones.")


class MarkRead(Body):
    model_config = examples({"ids": [1, 2]}, {"all": True})

    ids: list[Id] | None = Field(default=None, max_length=1000)
    all: bool = False


class Marked(Out):
    marked: int
    unread: int


class Preferences(Out):
    email: dict[str, Mode] = Field(description="For each kind: mailed at once, in the daily digest, or not mailed.")
    digest_hour: int = Field(ge=0, le=23, description="The daily digest's hour, in the server's TIMEZONE.")


class PreferencesUpdate(Body):
    model_config = examples({"email": {"followed_change": "digest", "reply": "off"}, "digest_hour": 7})

    email: dict[str, Mode] = Field(default_factory=dict, description="Kinds not named keep their mode.",
                                   json_schema_extra={"propertyNames": {"enum": list(NOTIFICATION_KINDS)}})
    digest_hour: int | None = Field(default=None, ge=0, le=23)


class FollowQuery(Query):
    clause: str | None = Field(default=None, max_length=16, description="A clause uid: follow that clause only.")


class Following(Out):
    position_id: int
    following: list[str | None] = Field(description="What the caller follows here: null for the whole position, clause uids.")


def notification_json(n: Notification) -> NotificationOut:
    return NotificationOut(id=n.id, kind=n.kind, position_id=n.position_id, clause_uid=n.clause_uid, text=notification_text(n),
                           url=n.link, created_at=iso(n.created_at), read_at=iso(n.read_at))


@bp.get("/me/notifications")
@documented("Account", {200: NotificationList}, query=InboxQuery, errors=(422,))
def my_notifications():
    """The caller's notifications, newest first (200 at most); ?unread=1 for the unread ones."""
    query = parse_query(InboxQuery)
    with force_locale(g.user.locale):
        items = [notification_json(n) for n in notifications.inbox(db.session, g.user, unread_only=query.unread == "1")]
    return respond(NotificationList(notifications=items, unread=notifications.unread_count(db.session, g.user)))


@bp.post("/me/notifications/read")
@documented("Account", {200: Marked}, body=MarkRead, errors=(422,))
def mark_notifications_read():
    """Mark some of the caller's notifications read (ids), or all of them (all: true)."""
    body = parse(MarkRead)
    marked = notifications.mark_read(db.session, g.user, body.ids, everything=body.all)
    db.session.commit()
    return respond(Marked(marked=marked, unread=notifications.unread_count(db.session, g.user)))


@bp.get("/me/preferences")
@documented("Account", {200: Preferences})
def my_preferences():
    """How the caller wants each kind of notification by mail, and the digest's hour."""
    return respond(Preferences(**notifications.preferences(db.session, g.user)))


@bp.put("/me/preferences")
@documented("Account", {200: Preferences}, body=PreferencesUpdate, errors=(422,))
def set_my_preferences():
    """Change some kinds' mail mode and/or the digest hour; an unknown kind or mode is refused (422)."""
    body = parse(PreferencesUpdate)
    result = notifications.set_preferences(db.session, g.user, body.email, body.digest_hour)
    db.session.commit()
    return respond(Preferences(**result))


def _following(position) -> Following:
    return Following(position_id=position.id, following=sorted(notifications.follows(db.session, g.user, position), key=lambda u: u or ""))


@bp.post("/positions/<int:position_id>/follow")
@documented("Account", {200: Following}, query=FollowQuery, errors=(403, 422))
def follow_position(position_id: int):
    """Follow a position (or, with ?clause=<uid>, one clause): its changes and comments notify you."""
    position = get_position(db.session, g.user, position_id)
    notifications.follow(db.session, g.user, position, parse_query(FollowQuery).clause)
    db.session.commit()
    return respond(_following(position))


@bp.delete("/positions/<int:position_id>/follow")
@documented("Account", {200: Following}, query=FollowQuery, errors=(403, 422))
def unfollow_position(position_id: int):
    """Stop following a position (or, with ?clause=<uid>, one clause)."""
    position = get_position(db.session, g.user, position_id)
    notifications.unfollow(db.session, g.user, position, request.args.get("clause") or None)
    db.session.commit()
    return respond(_following(position))
