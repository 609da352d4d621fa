"""Administrations: the ministries and agencies that take part in a position."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from positions.member_states import BELGIAN_KINDS, EU_KINDS
from positions.models.base import Base, in_list

ADMINISTRATION_KINDS = BELGIAN_KINDS + EU_KINDS


class Administration(Base):
    """A ministry or agency, or an EU member state or institution, identified by a short unique code."""

    __tablename__ = "administration"
    __table_args__ = (CheckConstraint(in_list("kind", ADMINISTRATION_KINDS), name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(default=True)

    def __repr__(self) -> str:
        return f"<Administration {self.code}>"
