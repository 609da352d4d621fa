"""Endorsements: an administration supports another administration's amendment or reservation."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from positions.models.administration import Administration
from positions.models.base import Base, created_at_column
from positions.models.user import User


class Endorsement(Base):
    """One administration's support of one comment; withdrawn rather than deleted, so the audit chain keeps it."""

    __tablename__ = "endorsement"
    __table_args__ = (UniqueConstraint("comment_id", "administration_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comment.id", ondelete="CASCADE"), index=True)
    administration_id: Mapped[int] = mapped_column(ForeignKey("administration.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    withdrawn: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = created_at_column()
    changed_at: Mapped[datetime | None]

    administration: Mapped[Administration] = relationship()
    user: Mapped[User] = relationship()
