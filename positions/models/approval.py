"""The delegation lead's decisions on exact versions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from positions.models.base import Base, created_at_column, in_list
from positions.models.user import User

DECISIONS = ("approve", "reject")


class Approval(Base):
    """An approval or rejection of one version, bound to its content hash."""

    __tablename__ = "approval"
    __table_args__ = (CheckConstraint(in_list("decision", DECISIONS), name="decision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("version.id", ondelete="CASCADE"), index=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    decision: Mapped[str] = mapped_column(String(10))
    note: Mapped[str | None] = mapped_column(Text)
    approver_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = created_at_column()

    approver: Mapped[User] = relationship()
