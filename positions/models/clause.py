"""Clauses and their append-only revisions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from positions.kinds import CLAUSE_KINDS  # noqa: F401  (re-exported: the kinds live in one table)
from positions.models.base import Base, BinaryString, created_at_column
from positions.models.user import User


class Clause(Base):
    """A stable identity inside a position; its text lives in revisions."""

    __tablename__ = "clause"
    __table_args__ = (UniqueConstraint("position_id", "uid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    position_id: Mapped[int] = mapped_column(ForeignKey("position.id", ondelete="CASCADE"), index=True)
    uid: Mapped[str] = mapped_column(String(16))
    # Cache of the newest revision: derived from the revisions, kept for one-query page loads.
    head_revision_id: Mapped[int | None] = mapped_column(
        ForeignKey("clause_revision.id", use_alter=True, name="fk_clause_head_revision"), index=True
    )
    lock_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = created_at_column()

    head: Mapped[ClauseRevision | None] = relationship(foreign_keys=[head_revision_id], post_update=True)

    __mapper_args__ = {"version_id_col": lock_version}


class ClauseRevision(Base):
    """One saved state of a clause: never updated, only added."""

    __tablename__ = "clause_revision"  # kind: one of positions.kinds, checked by the drafting service

    id: Mapped[int] = mapped_column(primary_key=True)
    clause_id: Mapped[int] = mapped_column(ForeignKey("clause.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    heading: Mapped[str] = mapped_column(String(500), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    sort_key: Mapped[str] = mapped_column(BinaryString)
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = created_at_column()
    base_revision_id: Mapped[int | None] = mapped_column(ForeignKey("clause_revision.id"))
    deleted: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(String(500), default="")

    clause: Mapped[Clause] = relationship(foreign_keys=[clause_id])
    author: Mapped[User] = relationship()
