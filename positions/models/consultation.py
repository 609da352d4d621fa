"""Consultations of the consulted administrations on one version, and their answers."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from positions.models.administration import Administration
from positions.models.base import Base, created_at_column, in_list
from positions.models.user import User

if TYPE_CHECKING:
    from positions.models.version import Version

CONSENT_STATES = ("pending", "agree", "agree_with_reservation", "object", "silent")
CONSULTATION_OUTCOMES = ("consensus", "blocked", "withdrawn")


class Consultation(Base):
    """One round of asking the consulted administrations about one version."""

    __tablename__ = "consultation"
    __table_args__ = (
        CheckConstraint(
            "outcome IS NULL OR " + in_list("outcome", CONSULTATION_OUTCOMES), name="outcome"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    position_id: Mapped[int] = mapped_column(ForeignKey("position.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("version.id"), unique=True)
    deadline: Mapped[datetime]
    opened_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    opened_at: Mapped[datetime] = created_at_column()
    closed_at: Mapped[datetime | None]
    outcome: Mapped[str | None] = mapped_column(String(20))

    opened_by: Mapped[User] = relationship()
    version: Mapped[Version] = relationship()
    consents: Mapped[list[Consent]] = relationship(back_populates="consultation", order_by="Consent.id")


class Consent(Base):
    """One administration's answer in one consultation (so: on one version)."""

    __tablename__ = "consent"
    __table_args__ = (
        UniqueConstraint("consultation_id", "administration_id"),
        CheckConstraint(in_list("state", CONSENT_STATES), name="state"),
        CheckConstraint(
            "state NOT IN ('agree_with_reservation', 'object') OR (note IS NOT NULL AND note <> '')",
            name="note_required",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id", ondelete="CASCADE"))
    administration_id: Mapped[int] = mapped_column(ForeignKey("administration.id"))
    state: Mapped[str] = mapped_column(String(30), default="pending")
    note: Mapped[str | None] = mapped_column(Text)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    answered_at: Mapped[datetime | None]

    consultation: Mapped[Consultation] = relationship(back_populates="consents")
    administration: Mapped[Administration] = relationship()
    answered_by: Mapped[User | None] = relationship()
