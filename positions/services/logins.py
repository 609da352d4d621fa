"""Logins: one record per browser login, so that logging out ends it on every host and for every copy of its cookies."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from positions.clock import now
from positions.models import LoginSession, User
from positions.models.base import MAX_INTEGER


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def start_login(session: Session, user: User, lifetime: timedelta) -> str:
    """Record a new login of the user, lasting at most `lifetime`; its key goes into the cookies, only its hash here."""
    moment = now()
    session.execute(delete(LoginSession).where(LoginSession.user_id == user.id, LoginSession.expires_at <= moment))
    key = secrets.token_urlsafe(32)
    session.add(LoginSession(user_id=user.id, key_hash=_digest(key), expires_at=moment + lifetime))
    session.flush()
    user.login_key = key
    return key


def user_for_login(session: Session, login_id: str) -> User | None:
    """The active user of a live login named "user:nonce:key" (User.get_id), found with one query."""
    try:
        user_part, nonce_part, key = login_id.split(":")
        user_id, nonce = int(user_part), int(nonce_part)
    except ValueError:
        return None
    if not key or not 0 < user_id <= MAX_INTEGER:
        return None
    user = session.scalar(
        select(User).join(LoginSession, LoginSession.user_id == User.id)
        .where(User.id == user_id, LoginSession.key_hash == _digest(key), LoginSession.expires_at > now())
    )
    if user is None or not user.is_active or user.session_nonce != nonce:
        return None
    user.login_key = key
    return user


def end_login(session: Session, user: User) -> None:
    """Log out: delete the login the user object was loaded for; its session and remember cookies log nobody in again."""
    if user.login_key:
        session.execute(delete(LoginSession).where(LoginSession.user_id == user.id, LoginSession.key_hash == _digest(user.login_key)))
    user.login_key = None


def end_all_logins(session: Session, user: User) -> None:
    """Delete every login of the user (a password change, a reset or a deactivation)."""
    session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))
