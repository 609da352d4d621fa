"""Reading requests: JSON bodies and query strings checked with pydantic, with clear 400/422 refusals."""

from __future__ import annotations

from typing import Annotated, Any

from flask import request
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from positions.errors import ValidationFailed
from positions.models.base import MAX_INTEGER
from positions.services.deadlines import DEADLINE_FORMATS, DEADLINE_PATTERN

MAX_ID = MAX_INTEGER


Id = Annotated[int, Field(ge=1, le=MAX_ID)]


DEADLINE = {"pattern": DEADLINE_PATTERN, "examples": ["2031-03-08", "2031-03-08T17:00:00+01:00"]}


DEADLINE_HELP = f"{DEADLINE_FORMATS}. A time without an offset is refused."


def one_of(values, default: Any = ..., nullable: bool = False, **kwargs: Any) -> Any:
    """A field the document declares as an enum; the domain still checks it with its own message."""
    return Field(default, json_schema_extra={"enum": [*values, *([None] if nullable else [])]}, **kwargs)


def examples(*values: dict) -> ConfigDict:
    """Request examples for the document (schemathesis sends them too)."""
    return ConfigDict(json_schema_extra={"examples": list(values)})


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_max_length=1_000_000)


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


class Query(BaseModel):
    """Query-string parameters: declared for the OpenAPI document and checked by parse_query."""

    model_config = ConfigDict(validate_by_name=True)


def parse_query(model: type[Query]) -> Any:
    """Check the query string against its model (types and bounds), or raise a clear 422."""
    try:
        return model.model_validate(request.args.to_dict())
    except ValidationError as exc:
        fields = {".".join(str(p) for p in err["loc"]): err["msg"] for err in exc.errors()}
        raise ValidationFailed("Some query parameters are wrong.", {"fields": fields}) from exc
