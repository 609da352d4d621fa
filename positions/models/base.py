"""Declarative base shared by every model, with constraint names Alembic can follow."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, MetaData, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from positions.clock import now

MAX_INTEGER = 2**31 - 1  # ids and numbers are 32-bit integers in PostgreSQL: larger ones name nothing

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

JSONType = JSON().with_variant(JSONB(), "postgresql")
BinaryString = String().with_variant(String(collation="C"), "postgresql")


class Base(DeclarativeBase):
    """Base class of all Plenipo models."""

    metadata = MetaData(naming_convention=NAMING)


def created_at_column() -> Mapped[datetime]:
    """A creation timestamp in naive UTC."""
    return mapped_column(default=now, nullable=False)


def in_list(column: str, values: tuple[str, ...]) -> str:
    """SQL for a check constraint limiting a column to known values."""
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"
