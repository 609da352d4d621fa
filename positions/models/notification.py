"""Notifications: each one a row of the recipient's inbox and, while its mail waits, of the outbox.

A notification is written in the same transaction as the change that causes it (positions/notify/outbox.py),
so a change that rolls back notifies nobody and a committed one is never forgotten. Its `mail` column is the
outbox: `pending` (to send now), `digest` (waits for the recipient's daily digest), `sent`, `off` (the
recipient does not want this kind by mail) or `failed` (gave up after the retries; admins see it).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from positions.models.base import Base, JSONType, created_at_column, in_list
from positions.models.user import User

NOTIFICATION_KINDS = (
    "consultation_opened", "consultation_reminder", "silence_applied", "consultation_concluded",
    "amendment_decided", "reply", "mention", "approval_requested", "approval_decided", "followed_change",
)
# What a member-state delegate can be told of (workflows/eu_notices.py): their preferences offer these only.
DELEGATE_KINDS = ("consultation_opened", "consultation_reminder", "consultation_concluded", "amendment_decided", "reply")
ACCOUNT_KINDS = ("invitation",)  # mails about one's own account: always sent, no preference to set
MAIL_STATES = ("pending", "digest", "sent", "off", "failed")
MAIL_MODES = ("immediate", "digest", "off")


class Notification(Base):
    """Something that happened that one user should know about."""

    __tablename__ = "notification"
    __table_args__ = (
        CheckConstraint(in_list("kind", NOTIFICATION_KINDS + ACCOUNT_KINDS), name="kind"),
        CheckConstraint(in_list("mail", MAIL_STATES), name="mail"),
        Index("ix_notification_outbox", "mail", "next_attempt_at"),
        Index("ix_notification_inbox", "user_id", "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))
    position_id: Mapped[int | None] = mapped_column(ForeignKey("position.id", ondelete="CASCADE"), index=True)
    clause_uid: Mapped[str | None] = mapped_column(String(16))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id", ondelete="SET NULL"))
    template: Mapped[str] = mapped_column(Text)  # English, %(name)s placeholders: translated when shown
    params: Mapped[dict] = mapped_column(JSONType, default=dict)
    link: Mapped[str] = mapped_column(String(500), default="/")  # a path; mails prefix PUBLIC_URL
    dedupe_key: Mapped[str | None] = mapped_column(String(120), unique=True)  # reminders: once per user
    created_at: Mapped[datetime] = created_at_column()
    read_at: Mapped[datetime | None]
    mail: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = created_at_column()
    lease_owner: Mapped[str | None] = mapped_column(String(40))
    lease_until: Mapped[datetime | None]
    mailed_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)

    user: Mapped[User] = relationship()


class Follow(Base):
    """A user follows a whole position (clause_uid NULL) or one clause of it."""

    __tablename__ = "follow"
    __table_args__ = (UniqueConstraint("user_id", "position_id", "clause_uid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    position_id: Mapped[int] = mapped_column(ForeignKey("position.id", ondelete="CASCADE"), index=True)
    clause_uid: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = created_at_column()


class NotificationPreference(Base):
    """How one user wants each kind by mail; no row means every kind immediately, digest at 8:00."""

    __tablename__ = "notification_preference"

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True)
    email: Mapped[dict] = mapped_column(JSONType, default=dict)  # kind -> immediate | digest | off
    digest_hour: Mapped[int] = mapped_column(default=8)
    last_digest_at: Mapped[datetime | None]

    def mode(self, kind: str) -> str:
        return (self.email or {}).get(kind, "immediate")
