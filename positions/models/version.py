"""Versions: immutable, numbered snapshots pointing at exact clause revisions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from positions.models.base import Base, created_at_column
from positions.models.clause import ClauseRevision
from positions.models.user import User


class Version(Base):
    """A numbered snapshot of a position with the hash of its content."""

    __tablename__ = "version"
    __table_args__ = (UniqueConstraint("position_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    position_id: Mapped[int] = mapped_column(ForeignKey("position.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    stage: Mapped[str] = mapped_column(String(50))
    note: Mapped[str] = mapped_column(String(1000), default="")
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = created_at_column()
    content_hash: Mapped[str] = mapped_column(String(64))

    author: Mapped[User] = relationship()

    @property
    def label(self) -> str:
        return f"v{self.number}"


class VersionClause(Base):
    """One clause revision that belongs to a version, at its place in the order."""

    __tablename__ = "version_clause"

    version_id: Mapped[int] = mapped_column(ForeignKey("version.id", ondelete="CASCADE"), primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("clause_revision.id"), primary_key=True, index=True)  # the versions of a text
    ordinal: Mapped[int]

    revision: Mapped[ClauseRevision] = relationship()
