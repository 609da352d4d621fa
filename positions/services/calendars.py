"""Deadlines as calendars: which consultation deadlines concern a person, and their secret calendar address.

A personal calendar address carries a token `<user id>-<generation>-<signature>`: an HMAC, with the
application's secret, of the user and their `calendar_generation`. Nothing secret is stored, and renewing the
address (one more generation) makes every older one unknown. Changing the application's secret renews all.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from positions import audit
from positions.clock import now
from positions.models import Consent, Consultation, Position, User, Version
from positions.permissions import can_view
from positions.services.positions import visible_to

TOKEN = re.compile(r"([0-9]{1,18})-([0-9]{1,9})-([0-9a-f]{40})")
PAST_DAYS = 180  # deadlines further back than this leave the calendars


@dataclass(frozen=True)
class Deadline:
    """One consultation deadline: the consultation, its position and version, and whether it is over."""

    consultation: Consultation
    position: Position
    version_number: int

    @property
    def at(self) -> datetime:
        return self.consultation.deadline

    @property
    def closed(self) -> bool:
        return self.consultation.closed_at is not None


def _signature(secret: str, user_id: int, generation: int) -> str:
    return hmac.new(secret.encode(), f"calendar:{user_id}:{generation}".encode(), hashlib.sha256).hexdigest()[:40]


def calendar_token(user: User, secret: str) -> str:
    """The secret part of the user's calendar address."""
    return f"{user.id}-{user.calendar_generation}-{_signature(secret, user.id, user.calendar_generation)}"


def user_for_calendar(session: Session, token: str, secret: str) -> User | None:
    """The active user whose current calendar token this is; None for a renewed, forged or unknown one."""
    found = TOKEN.fullmatch(token or "")
    if not found:
        return None
    user_id, generation = int(found[1]), int(found[2])
    if not hmac.compare_digest(_signature(secret, user_id, generation), found[3]):
        return None
    user = session.get(User, user_id)
    if user is None or user.calendar_generation != generation or not user.is_active:
        return None
    return user


def renew_calendar(session: Session, user: User) -> User:
    """Give the user a new calendar address; the old one stops working at once."""
    user.calendar_generation += 1
    audit.record(session, user, "user.calendar_renewed", user)
    return user


def _rounds():
    """Consultations with their position and version number, in deadline order."""
    return (select(Consultation, Position, Version.number)
            .join(Position, Position.id == Consultation.position_id)
            .join(Version, Version.id == Consultation.version_id)
            .order_by(Consultation.deadline, Consultation.id))


def _deadlines(session: Session, query) -> list[Deadline]:
    return [Deadline(consultation, position, number) for consultation, position, number in session.execute(query)]


def deadlines_for_user(session: Session, user: User) -> list[Deadline]:
    """Deadlines that concern the user's administration: it is consulted, or it holds the pen; the lead sees all.

    Only positions the user may read; nothing for roles without positions (the admin). Deadlines more than
    PAST_DAYS ago are left out.
    """
    if not can_view(user):
        return []
    query = _rounds().where(visible_to(user)).where(Consultation.deadline >= now() - timedelta(days=PAST_DAYS))
    if user.role != "delegation_lead":
        consulted = select(Consent.id).where(Consent.consultation_id == Consultation.id,
                                             Consent.administration_id == user.administration_id).exists()
        holds_pen = select(User.id).where(User.id == Position.created_by_id,
                                          User.administration_id == user.administration_id).exists()
        query = query.where(or_(consulted, holds_pen))
    return _deadlines(session, query)


def deadlines_of_position(session: Session, position: Position) -> list[Deadline]:
    """Every consultation deadline of one position (the caller checked that it may be read)."""
    return _deadlines(session, _rounds().where(Consultation.position_id == position.id))
