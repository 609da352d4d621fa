"""Request bodies of the JSON API, validated with pydantic."""

from __future__ import annotations

from typing import Annotated, Any

from flask import request
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from positions.errors import ValidationFailed
from positions.models.base import MAX_INTEGER
from positions.models.clause import CLAUSE_KINDS
from positions.models.position import CONFIDENTIALITY
from positions.services.positions import MAX_CONSULTED
from workflows.guards import DEADLINE_FORMATS, DEADLINE_PATTERN

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


class TokenRequest(Body):
    model_config = examples({"email": "pen.holder@example.be", "password": "correct horse battery"},
                            {"email": "pen.holder@example.be", "password": "correct horse battery", "label": "Laptop script"})

    email: str = Field(max_length=254)
    password: str = Field(max_length=200)
    label: str | None = Field(default=None, max_length=100, description="A name to tell your tokens apart.")


class PositionCreate(Body):
    model_config = examples({"title": "Belgian position on the work programme", "meeting": "IPBES-12",
                             "agenda_item": "Item 6", "consulted": ["VL-OMG", "SPW-ARNE"]})

    title: str = Field(min_length=1, max_length=300)
    meeting: str = Field(min_length=1, max_length=200)
    agenda_item: str = Field(min_length=1, max_length=200)
    document_symbol: str = Field(default="", max_length=100)
    consulted: list[str] = Field(default_factory=list, description="Administration codes.",
                                 json_schema_extra={"maxItems": MAX_CONSULTED})  # the domain refuses more, with its own message
    confidentiality: str = one_of(CONFIDENTIALITY, "limited", description=(
        "public and limited: every user can read it (limited: not to be shared outside the administrations); "
        "restricted: only the pen-holder's administration, the consulted administrations and the delegation lead."))
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
    model_config = examples({"kind": "line_to_take", "body": "Belgium **supports** the assessment."})

    kind: str = one_of(CLAUSE_KINDS, "text")
    heading: str = ""
    body: str = ""
    after: str | None = Field(default=None, description="Insert after this clause uid (default: at the end).")


class ClauseUpdate(Body):
    base_revision: Id | None = Field(default=None, description="The revision the edit starts from (required).")
    body: str | None = None
    heading: str | None = None
    kind: str | None = one_of(CLAUSE_KINDS, None, nullable=True)


class ClauseMove(Body):
    after: str | None = Field(default=None, description="Move after this clause uid; null: to the top.")


class VersionCreate(Body):
    model_config = examples({"note": "For the coordination meeting"})

    note: str = Field(default="", max_length=1000)


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


class CompareQuery(Query):
    from_: str = Field(alias="from", description="A version number.", json_schema_extra={"pattern": "^[0-9]+$"})
    to: str = Field(default="draft", description="A version number or 'draft'.", json_schema_extra={"pattern": "^([0-9]+|draft)$"})
