"""The people of other EU member states and institutions taking part in a position's EU phase."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from positions.models.administration import Administration
from positions.models.base import Base, created_at_column
from positions.models.user import User


class Participant(Base):
    """A delegate invited to one position's EU phase, for their member state or institution, until revoked."""

    __tablename__ = "participant"
    __table_args__ = (UniqueConstraint("position_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    position_id: Mapped[int] = mapped_column(ForeignKey("position.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    administration_id: Mapped[int] = mapped_column(ForeignKey("administration.id"))
    invited_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    invited_at: Mapped[datetime] = created_at_column()
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(foreign_keys=[user_id], lazy="joined")
    administration: Mapped[Administration] = relationship(lazy="joined")


class Invitation(Base):
    """A single-use, expiring link with which a new delegate sets their password; only its hash is kept."""

    __tablename__ = "invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = created_at_column()
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(lazy="joined")
