"""The base of every JSON body Plenipo writes, the API's answers and the commands' `--json` output alike.

Kept apart from `app.api` so that a command can answer in the API's shapes without loading the whole API.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

Timestamp = Annotated[str, Field(description="ISO 8601, UTC", json_schema_extra={"format": "date-time"})]


class Out(BaseModel):
    """A response body: every field is declared, nothing else is sent."""

    model_config = ConfigDict(extra="forbid", validate_by_name=True, serialize_by_alias=True)


def iso(value) -> str | None:
    """A timestamp as ISO 8601 UTC."""
    return value.isoformat(timespec="seconds") + "Z" if value else None
