"""Request bodies of the JSON API, validated with pydantic."""

from __future__ import annotations

from typing import Any

from flask import request
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from positions.errors import ValidationFailed


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_max_length=1_000_000)


class TokenRequest(Body):
    email: str = Field(max_length=254)
    password: str = Field(max_length=200)


class PositionCreate(Body):
    title: str = Field(min_length=1, max_length=300)
    meeting: str = Field(min_length=1, max_length=200)
    agenda_item: str = Field(min_length=1, max_length=200)
    document_symbol: str = Field(default="", max_length=100)
    consulted: list[str] = Field(default_factory=list)
    confidentiality: str = "limited"
    workflow: str = "ipbes-position"
    objective: str = ""


def parse(model: type[Body]) -> Any:
    """Read the JSON body into a schema, or raise a clear 400/422."""
    if not request.is_json:
        raise ValidationFailed("Send a JSON body with 'Content-Type: application/json'.", {"content_type": request.content_type})
    data = request.get_json(silent=True)
    if data is None:
        from werkzeug.exceptions import BadRequest

        raise BadRequest("The body is not valid JSON.")
    if not isinstance(data, dict):
        raise ValidationFailed("The JSON body must be an object.")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        fields = {".".join(str(p) for p in err["loc"]) or "body": err["msg"] for err in exc.errors()}
        raise ValidationFailed("Some fields are missing or wrong.", {"fields": fields}) from exc


class ClauseCreate(Body):
    kind: str = "text"
    heading: str = ""
    body: str = ""
    after: str | None = None


class ClauseUpdate(Body):
    base_revision: int | None = None
    body: str | None = None
    heading: str | None = None
    kind: str | None = None


class ClauseMove(Body):
    after: str | None = None


class VersionCreate(Body):
    note: str = Field(default="", max_length=1000)
