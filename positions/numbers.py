"""Whole numbers and ids read from web forms and query strings, kept within the database's integers."""

from __future__ import annotations

from typing import Any

from positions.errors import ValidationFailed
from positions.messages import Amount, Msg
from positions.models.base import MAX_INTEGER

DIGITS = frozenset("0123456789")


def whole_number(value: Any) -> int | None:
    """The number a form value spells in ASCII digits, from 1 to MAX_INTEGER; None when empty or anything else."""
    text = str(value).strip() if value is not None else ""
    if not text or not DIGITS.issuperset(text):
        return None
    text = text.lstrip("0")
    if not text or len(text) > len(str(MAX_INTEGER)):  # checked before int(): no huge conversions
        return None
    number = int(text)
    return number if number <= MAX_INTEGER else None


def form_id(value: Any, field: str) -> int | None:
    """An optional id or number from a form: None when empty; a clear refusal when it is not one the database can hold."""
    if value is None or not str(value).strip():
        return None
    number = whole_number(value)
    if number is None:
        raise ValidationFailed(
            Msg("'%(field)s' must be a whole number from 1 to %(limit)s; '%(value)s' is not.",
                field=field, limit=Amount(MAX_INTEGER), value=str(value)[:20]),
            {field: str(value)[:20]},
        )
    return number
