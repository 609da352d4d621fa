"""A user's own notifications: the inbox, mark read, mail preferences, following positions and clauses.

Every function acts on the acting user's own rows only: nobody reads or changes another user's inbox or
preferences (another user's notification id is simply not found among yours).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from positions.clock import now
from positions.errors import ValidationFailed
from positions.messages import Msg
from positions.models import (
    DELEGATE_KINDS,
    MAIL_MODES,
    NOTIFICATION_KINDS,
    Follow,
    Notification,
    NotificationPreference,
    Position,
    User,
)
from positions.permissions import can_administer, require
from positions.services.drafting import find_clause

INBOX_LIMIT = 200


def inbox(session: Session, user: User, *, unread_only: bool = False, limit: int = INBOX_LIMIT) -> list[Notification]:
    """The user's notifications, newest first."""
    query = select(Notification).where(Notification.user_id == user.id)
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    return list(session.scalars(query.order_by(Notification.id.desc()).limit(limit)))


def outgoing_mail(session: Session, actor: User, limit: int = 100) -> tuple[dict[str, int], list[Notification]]:
    """For admins: how many mails are in each state, and the latest ones not yet sent (waiting or failed)."""
    require(can_administer(actor), Msg("Only administrators see the outgoing mail."))
    counts = dict(session.execute(select(Notification.mail, func.count()).group_by(Notification.mail)).all())
    stuck = session.scalars(select(Notification).where(Notification.mail.in_(("pending", "failed")))
                            .order_by(Notification.id.desc()).limit(limit))
    return counts, list(stuck)


def unread_count(session: Session, user: User) -> int:
    return session.scalar(select(func.count()).select_from(Notification)
                          .where(Notification.user_id == user.id, Notification.read_at.is_(None))) or 0


def mark_read(session: Session, user: User, ids: list[int] | None = None, everything: bool = False) -> int:
    """Mark some (or all) of the user's unread notifications read; returns how many changed."""
    if not everything and not ids:
        raise ValidationFailed(Msg("Say which notifications to mark read (ids), or all."), {"ids": "required"})
    query = update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    if not everything:
        query = query.where(Notification.id.in_(ids))
    return session.execute(query.values(read_at=now()).execution_options(synchronize_session=False)).rowcount or 0


def kinds_for(user: User) -> tuple[str, ...]:
    """The kinds of notification this user can be told of, whose mail they choose: a delegate's are the EU ones."""
    return DELEGATE_KINDS if user.role == "delegate" else NOTIFICATION_KINDS


def preference_of(session: Session, user_id: int) -> NotificationPreference:
    """The user's preferences (a fresh default row when they never chose)."""
    preference = session.get(NotificationPreference, user_id)
    if preference is None:
        preference = NotificationPreference(user_id=user_id, email={}, digest_hour=8)
        session.add(preference)
    return preference


def preferences(session: Session, user: User) -> dict[str, Any]:
    """{"email": {kind: mode}, "digest_hour": h} for every kind."""
    preference = session.get(NotificationPreference, user.id)
    return {"email": {kind: preference.mode(kind) if preference else "immediate" for kind in NOTIFICATION_KINDS},
            "digest_hour": preference.digest_hour if preference else 8}


def set_preferences(session: Session, user: User, email: dict[str, str] | None = None, digest_hour: int | None = None) -> dict[str, Any]:
    """Change the mail mode of some kinds and/or the digest hour; unknown kinds or modes are refused whole."""
    email = email or {}
    wrong = {k: v for k, v in email.items() if k not in NOTIFICATION_KINDS or v not in MAIL_MODES}
    if wrong:
        raise ValidationFailed(Msg("Unknown notification kinds or modes: %(wrong)s. Kinds: %(kinds)s; modes: %(modes)s.",
                                   wrong=", ".join(f"{k}={v}" for k, v in wrong.items())[:200], kinds=", ".join(NOTIFICATION_KINDS),
                                   modes=", ".join(MAIL_MODES)), {"email": wrong})
    if digest_hour is not None and (isinstance(digest_hour, bool) or not isinstance(digest_hour, int) or not 0 <= digest_hour <= 23):
        raise ValidationFailed(Msg("The digest hour is a whole hour from 0 to 23."), {"digest_hour": digest_hour})
    preference = preference_of(session, user.id)
    preference.email = {**(preference.email or {}), **email}
    if digest_hour is not None:
        preference.digest_hour = digest_hour
    session.flush()
    return preferences(session, user)


def unsubscribe(session: Session, user_id: int, kind: str) -> None:
    """The one-click unsubscribe of a mail: stop mailing this kind, or ('digest') the digest (the inbox still shows them)."""
    if (kind in NOTIFICATION_KINDS or kind == "digest") and session.get(User, user_id) is not None:
        preference = preference_of(session, user_id)
        email = dict(preference.email or {})
        kinds = [k for k in NOTIFICATION_KINDS if email.get(k) == "digest"] if kind == "digest" else [kind]
        preference.email = {**email, **dict.fromkeys(kinds, "off")}
        session.flush()


def follows(session: Session, user: User, position: Position) -> set[str | None]:
    """What the user follows in this position: None for the whole position, clause uids for clauses."""
    return set(session.scalars(select(Follow.clause_uid).where(Follow.user_id == user.id, Follow.position_id == position.id)))


def follow(session: Session, user: User, position: Position, uid: str | None = None) -> None:
    """Follow a position (uid None) or one of its clauses; following twice changes nothing."""
    if uid is not None:
        find_clause(session, position, uid)
    if uid not in follows(session, user, position):
        session.add(Follow(user_id=user.id, position_id=position.id, clause_uid=uid))
        session.flush()


def unfollow(session: Session, user: User, position: Position, uid: str | None = None) -> None:
    clause = Follow.clause_uid.is_(None) if uid is None else Follow.clause_uid == uid
    session.execute(delete(Follow).where(Follow.user_id == user.id, Follow.position_id == position.id, clause))
