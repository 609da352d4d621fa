"""Consultation deadlines as people give them: a date (the end of that day) or an instant with its offset.

The OpenAPI document shows the same pattern (app/api/parsing.py); a time without an offset is refused.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

from positions.clock import end_of_day
from positions.errors import ValidationFailed
from positions.messages import Msg

DEADLINE_DAY = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
DEADLINE_PATTERN = rf"^{DEADLINE_DAY}(T[0-9]{{2}}:[0-9]{{2}}(:[0-9]{{2}}(\.[0-9]{{1,6}})?)?(Z|[+-][0-9]{{2}}:[0-9]{{2}}))?$"
DEADLINE_FORMATS = "YYYY-MM-DD (23:59 that day in the configured TIMEZONE, Europe/Brussels by default) or an instant with its offset, e.g. 2031-03-08T17:00:00+01:00"
_NAIVE_INSTANT = re.compile(rf"{DEADLINE_DAY}T[0-9]{{2}}:[0-9]{{2}}(:[0-9]{{2}}(\.[0-9]{{1,6}})?)?")


def parse_deadline(value: Any) -> datetime:
    """Read a deadline: a datetime, a date (23:59 that day in the local zone) or an ISO-8601 instant with offset; naive UTC."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value
    text = str(value or "").strip()
    if not text:
        raise ValidationFailed(Msg("Give a deadline for the consultation (YYYY-MM-DD)."), {"deadline": "required"})
    if _NAIVE_INSTANT.fullmatch(text):
        raise ValidationFailed(
            Msg("The deadline '%(value)s' has a time but no offset: add one, e.g. %(value)sZ for UTC or %(value)s+01:00.", value=text),
            {"deadline": text, "expected": DEADLINE_FORMATS},
        )
    try:
        if not re.fullmatch(DEADLINE_PATTERN, text):
            raise ValueError(text)
        if len(text) == 10:
            return end_of_day(date.fromisoformat(text))
        return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC).replace(tzinfo=None)
    except ValueError as exc:
        raise ValidationFailed(
            Msg("'%(value)s' is not a deadline: give a date (YYYY-MM-DD) or a date and time with its offset "
                "(2031-03-08T17:00:00+01:00).", value=text[:40]),
            {"deadline": text[:40], "expected": DEADLINE_FORMATS},
        ) from exc
    except OverflowError as exc:  # 9999-12-31T23:59:59-14:00 is in the year 10000 in UTC
        raise ValidationFailed(Msg("The deadline '%(value)s' falls outside the years 1 to 9999 once converted to UTC.", value=text),
                               {"deadline": text, "expected": DEADLINE_FORMATS}) from exc
