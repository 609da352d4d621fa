"""Positions: one dossier moving through a workflow, with its consulted administrations."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from positions.models.administration import Administration
from positions.models.base import Base, created_at_column, in_list
from positions.models.user import User

CONFIDENTIALITY = ("public", "limited", "restricted")
# The longest text each field takes: the columns, the service's checks, the web forms and the API all read these.
TEXT_LIMITS = {"title": 300, "meeting": 200, "agenda_item": 200, "document_symbol": 100, "objective": 5000}

consulted_administration = Table(
    "position_consulted",
    Base.metadata,
    Column("position_id", ForeignKey("position.id", ondelete="CASCADE"), primary_key=True),
    Column("administration_id", ForeignKey("administration.id"), primary_key=True),
)


class Position(Base):
    """A negotiation position for one agenda item of one meeting."""

    __tablename__ = "position"
    __table_args__ = (CheckConstraint(in_list("confidentiality", CONFIDENTIALITY), name="confidentiality"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(TEXT_LIMITS["title"]))
    meeting: Mapped[str] = mapped_column(String(TEXT_LIMITS["meeting"]))
    agenda_item: Mapped[str] = mapped_column(String(TEXT_LIMITS["agenda_item"]))
    document_symbol: Mapped[str] = mapped_column(String(TEXT_LIMITS["document_symbol"]), default="")
    objective: Mapped[str] = mapped_column(default="")
    workflow_key: Mapped[str] = mapped_column(String(50), default="ipbes-position")
    stage: Mapped[str] = mapped_column(String(50))
    confidentiality: Mapped[str] = mapped_column(String(20), default="limited")
    # The language its text is written in (en, fr, nl); None: detected per clause (positions/search/language.py).
    language: Mapped[str | None] = mapped_column(String(10))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = created_at_column()
    # Set by the workflow's "freeze" effect: a final text takes no more edits, versions or comments.
    frozen_at: Mapped[datetime | None]

    created_by: Mapped[User] = relationship()
    consulted: Mapped[list[Administration]] = relationship(
        secondary=consulted_administration, order_by=Administration.code
    )

    def __repr__(self) -> str:
        return f"<Position {self.id} {self.title!r}>"
