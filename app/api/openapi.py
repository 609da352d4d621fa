"""The OpenAPI 3.1 document of the JSON API, built from the contracts the views declare next to them.

Each API view carries ``@documented(...)``: its request body (JSON or multipart form), query parameters,
responses (pydantic models or binary media types) and the error statuses it may answer. The document is
assembled with apispec by walking the application's URL map, so a route without a contract is an error,
not a silent gap; path parameters are typed from the routes' converters.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from apispec import APISpec
from flask import Flask, current_app, jsonify
from pydantic import BaseModel, RootModel

from app.api.base import PUBLIC_ENDPOINTS, bp
from app.api.parsing import MAX_ID
from app.api.shapes import ErrorOut

JSON = "application/json"
MULTIPART = "multipart/form-data"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CSV = "text/csv"
PDF = "application/pdf"
REF = "#/components/schemas/{model}"
SLUG = {"type": "string", "pattern": "^[A-Za-z0-9_-]+$", "minLength": 1, "maxLength": 64}

ERRORS = {
    400: "The body is not valid JSON.",
    401: "No valid bearer token (for POST /tokens: unknown email, wrong password or deactivated account).",
    403: "Your role or administration does not allow this.",
    404: "There is no such object.",
    409: "Conflict: someone changed it meanwhile, or the workflow or a consultation blocks it; details say why.",
    413: "The request is larger than the server accepts.",
    422: "Some fields, parameters or the uploaded file are wrong; details say which.",
    429: "Too many attempts; wait a moment and try again.",
    500: "Something went wrong on the server; it was logged and nothing was half-saved.",
    503: "The database is not reachable right now; nothing was saved.",
}
TAGS = {
    "Account": "Tokens, the caller and the administrations.",
    "Positions": "Negotiating positions.",
    "Drafting": "Clauses, versions and comparison (the pen-holder drafts).",
    "Review": "Comments, consultations, consents and approvals.",
    "Search": "Full-text search over everything the caller may see.",
    "Participants": "Member-state delegates invited to a position's EU phase.",
    "EU": "The EU phase: the EU text as Word, and the Belgian position beside it.",
    "Workflow": "Workflow transitions and the audit trail.",
    "Word": "Word export and import.",
    "Library": "The agreed-language library: wording with its provenance, and where it was reused.",
    "Official": "The Secretariat's official documents, links from clauses, coverage and the plenary tracker.",
    "Contract": "This description of the API.",
}
_CONVERTER = re.compile(r"<(?:(?P<converter>[a-zA-Z_]\w*)(?:\((?P<args>.*?)\))?:)?(?P<name>\w+)>")


class OpenApiDocument(RootModel[dict[str, Any]]):
    """An OpenAPI 3.1 document."""


@dataclass(frozen=True)
class Binary:
    """A file answer in one of these media types."""

    media_types: tuple[str, ...]
    description: str = "The file, as an attachment."


@dataclass(frozen=True)
class Contract:
    """What one API view accepts and answers."""

    tag: str
    responses: dict[int, type[BaseModel] | Binary]
    body: type[BaseModel] | None = None
    body_required: bool = True
    form: type[BaseModel] | None = None
    query: type[BaseModel] | None = None
    errors: tuple[int, ...] = ()


def documented(tag: str, responses: dict[int, type[BaseModel] | Binary], **kwargs: Any) -> Callable:
    """Declare a view's contract next to it; the OpenAPI document is built from these declarations."""
    contract = Contract(tag=tag, responses=responses, **kwargs)
    unknown = set(contract.errors) - set(ERRORS)
    if tag not in TAGS or unknown:
        raise ValueError(f"Unknown tag {tag!r} or error statuses {sorted(unknown)}")

    def mark(view: Callable) -> Callable:
        view.api_contract = contract
        return view

    return mark


class _Builder:
    """Collects the component schemas while operations are described."""

    def __init__(self) -> None:
        self.schemas: dict[str, dict[str, Any]] = {}

    def add(self, name: str, schema: dict[str, Any]) -> None:
        if self.schemas.setdefault(name, schema) != schema:
            raise ValueError(f"Two different schemas are called {name}; rename one of the models.")

    def ref(self, model: type[BaseModel], mode: str = "serialization") -> dict[str, str]:
        schema = model.model_json_schema(ref_template=REF, mode=mode)
        for name, sub in schema.pop("$defs", {}).items():
            self.add(name, sub)
        self.add(model.__name__, schema)
        return {"$ref": REF.format(model=model.__name__)}

    def operation(self, endpoint: str, view: Callable, path_params: list[dict[str, Any]]) -> dict[str, Any]:
        contract: Contract | None = getattr(view, "api_contract", None)
        if contract is None:
            raise LookupError(f"The API view {endpoint} has no @documented contract.")
        summary, _, description = (view.__doc__ or endpoint).strip().partition("\n")
        public = endpoint in PUBLIC_ENDPOINTS
        op: dict[str, Any] = {
            "operationId": endpoint.removeprefix("api."),
            "tags": [contract.tag],
            "summary": summary.strip(),
            "parameters": path_params + self.query_params(contract.query),
            "responses": self.responses(contract, public, bool(path_params)),
        }
        if description.strip():
            op["description"] = description.strip()
        if public:
            op["security"] = []
        if contract.body is not None:
            op["requestBody"] = {"required": contract.body_required, "content": {JSON: {"schema": self.ref(contract.body, "validation")}}}
        elif contract.form is not None:
            schema = contract.form.model_json_schema(ref_template=REF, mode="validation")
            schema["properties"] = {name: _without_null(prop) for name, prop in schema["properties"].items()}
            self.add(contract.form.__name__, schema)
            op["requestBody"] = {"required": True, "content": {MULTIPART: {"schema": {"$ref": REF.format(model=contract.form.__name__)}}}}
        return op

    def query_params(self, model: type[BaseModel] | None) -> list[dict[str, Any]]:
        if model is None:
            return []
        schema = model.model_json_schema(ref_template=REF, mode="validation")
        required = set(schema.get("required", ()))
        params = []
        for name, prop in schema["properties"].items():
            prop = {k: v for k, v in _without_null(prop).items() if k != "title"}
            param = {"in": "query", "name": name, "required": name in required, "schema": prop}
            if "description" in prop:
                param["description"] = prop.pop("description")
            params.append(param)
        return params

    def responses(self, contract: Contract, public: bool, has_path_params: bool) -> dict[str, Any]:
        answers: dict[str, Any] = {}
        for status, shape in contract.responses.items():
            if isinstance(shape, Binary):
                content = {media: {"schema": {"type": "string", "format": "binary"}} for media in shape.media_types}
                answers[str(status)] = {"description": shape.description, "content": content}
            else:
                text = (shape.__doc__ or "").strip().partition("\n")[0]
                answers[str(status)] = {"description": text or ("Created" if status == 201 else "OK"), "content": {JSON: {"schema": self.ref(shape)}}}
        errors = {500, 503, *contract.errors}
        if not public:
            errors.add(401)
        if has_path_params:
            errors.add(404)
        if contract.body is not None:
            errors |= {400, 413, 422}
        if contract.form is not None:
            errors |= {413, 422}
        if contract.query is not None:
            errors.add(422)
        error_schema = self.ref(ErrorOut)
        for status in sorted(errors):
            answers[str(status)] = {"description": ERRORS[status], "content": {JSON: {"schema": error_schema}}}
        return answers


def _without_null(schema: dict[str, Any]) -> dict[str, Any]:
    """Forms and query strings cannot send null: an optional parameter is simply left out."""
    options = [s for s in schema.get("anyOf", ()) if s != {"type": "null"}]
    if len(options) != 1:
        return schema
    rest = {k: v for k, v in schema.items() if k not in ("anyOf", "default") or (k == "default" and v is not None)}
    return {**options[0], **rest}


def _path_and_params(rule: str) -> tuple[str, list[dict[str, Any]]]:
    """Turn /x/<int:id> into /x/{id} and typed path parameters."""
    params = []
    for match in _CONVERTER.finditer(rule):
        converter = match["converter"] or "default"
        if converter == "int":
            schema: dict[str, Any] = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
        elif converter in ("default", "string"):
            schema = dict(SLUG)
        else:
            raise ValueError(f"No OpenAPI type for the URL converter {converter!r} in {rule}")
        params.append({"in": "path", "name": match["name"], "required": True, "schema": schema})
    return _CONVERTER.sub(lambda m: "{" + m["name"] + "}", rule), params


def build_document(app: Flask) -> dict[str, Any]:
    """The OpenAPI document of every route of the api blueprint."""
    spec = APISpec(
        title="Plenipo API",
        version="1",
        openapi_version="3.1.0",
        info={"description": (
            "JSON API of Plenipo. Get a token with POST /api/v1/tokens and send it as "
            "'Authorization: Bearer <token>'. Every error is "
            '{"error": {"code": "...", "message": "...", "details": {...}}} with an honest status code.'
        )},
    )
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer", "description": "A token from POST /api/v1/tokens."})
    builder = _Builder()
    paths: dict[str, dict[str, Any]] = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if not rule.endpoint.startswith(f"{bp.name}."):
            continue
        path, params = _path_and_params(rule.rule)
        operation = builder.operation(rule.endpoint, app.view_functions[rule.endpoint], params)
        methods = sorted(rule.methods - {"HEAD", "OPTIONS"})
        for method in methods:
            op = operation if len(methods) == 1 else {**operation, "operationId": f"{operation['operationId']}_{method.lower()}"}
            paths.setdefault(path, {})[method.lower()] = op
    for name, schema in sorted(builder.schemas.items()):
        spec.components.schema(name, schema)
    for name, description in TAGS.items():
        spec.tag({"name": name, "description": description})
    for path, operations in paths.items():
        spec.path(path=path, operations=operations)
    document = spec.to_dict()
    document["security"] = [{"bearer": []}]
    return document


def document(app: Flask) -> dict[str, Any]:
    """The document, built once per application."""
    cache = app.extensions.setdefault("plenipo_openapi", {})
    if "document" not in cache:
        cache["document"] = build_document(app)
    return cache["document"]


@bp.get("/openapi.json")
@documented("Contract", {200: OpenApiDocument})
def openapi():
    """This description of the API (OpenAPI 3.1), public."""
    return jsonify(document(current_app))
