"""Comments on clauses, per administration: remarks, questions, reservations, amendments."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from positions.models.administration import Administration
from positions.models.base import Base, created_at_column, in_list
from positions.models.user import User

COMMENT_KINDS = ("comment", "question", "support", "reservation", "amendment")
COMMENT_STATUSES = ("open", "resolved", "accepted", "rejected", "withdrawn")
COMMENT_AUDIENCES = ("belgian", "eu")  # eu: made on the EU text, read by the member states' delegates too


class Comment(Base):
    """A remark by an official, for their administration, on one clause."""

    __tablename__ = "comment"
    __table_args__ = (
        CheckConstraint(in_list("kind", COMMENT_KINDS), name="kind"),
        CheckConstraint(in_list("status", COMMENT_STATUSES), name="status"),
        CheckConstraint(in_list("audience", COMMENT_AUDIENCES), name="audience"),
        UniqueConstraint("position_id", "fingerprint"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    position_id: Mapped[int] = mapped_column(ForeignKey("position.id", ondelete="CASCADE"), index=True)
    clause_id: Mapped[int] = mapped_column(ForeignKey("clause.id", ondelete="CASCADE"), index=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("clause_revision.id"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comment.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    administration_id: Mapped[int] = mapped_column(ForeignKey("administration.id"))
    kind: Mapped[str] = mapped_column(String(20), default="comment")
    status: Mapped[str] = mapped_column(String(20), default="open")
    body: Mapped[str] = mapped_column(Text)
    proposed_text: Mapped[str | None] = mapped_column(Text)
    proposed_kind: Mapped[str | None] = mapped_column(String(20))  # set: the amendment proposes a new clause after this one
    quote: Mapped[str | None] = mapped_column(Text)
    prefix: Mapped[str | None] = mapped_column(String(200))
    suffix: Mapped[str | None] = mapped_column(String(200))
    resolution_note: Mapped[str | None] = mapped_column(Text)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    resolved_at: Mapped[datetime | None]
    fingerprint: Mapped[str | None] = mapped_column(String(64))
    audience: Mapped[str] = mapped_column(String(10), default="belgian", server_default="belgian")
    created_at: Mapped[datetime] = created_at_column()

    author: Mapped[User] = relationship(foreign_keys=[author_id])
    administration: Mapped[Administration] = relationship()
    resolved_by: Mapped[User | None] = relationship(foreign_keys=[resolved_by_id])
