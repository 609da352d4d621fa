"""The OpenAPI document: complete (every API route), valid OpenAPI 3.1, served as generated."""

from __future__ import annotations

import copy
import re

import jsonschema_rs
import pytest
import schemathesis

from app.api.openapi import build_document, document
from app.api.shapes import ClauseOut

OPEN = "/api/v1/openapi.json"


def _api_routes(app) -> set[tuple[str, str]]:
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api."):
            path = re.sub(r"<(?:[^:>]+:)?(\w+)>", r"{\1}", rule.rule)
            routes |= {(path, m.lower()) for m in rule.methods - {"HEAD", "OPTIONS"}}
    return routes


def test_every_api_route_is_in_the_document_with_its_methods(app):
    doc = build_document(app)
    documented = {(path, method) for path, ops in doc["paths"].items() for method in ops}
    assert documented == _api_routes(app)
    assert len(documented) >= 29
    ids = [op["operationId"] for ops in doc["paths"].values() for op in ops.values()]
    assert len(ids) == len(set(ids))


def test_the_document_is_valid_openapi_3_1(app):
    doc = build_document(app)
    assert doc["openapi"] == "3.1.0"
    schemathesis.openapi.from_dict(copy.deepcopy(doc)).validate()  # the official OpenAPI 3.1 meta-schema
    for name, schema in doc["components"]["schemas"].items():
        assert jsonschema_rs.meta.is_valid(schema), name  # each component is valid JSON Schema 2020-12


def test_the_validator_does_refuse_a_broken_document(app):
    broken = copy.deepcopy(build_document(app))
    broken["paths"]["/api/v1/me"]["get"]["responses"] = "none"
    with pytest.raises(jsonschema_rs.ValidationError):
        schemathesis.openapi.from_dict(broken).validate()


def test_served_document_is_public_and_equals_the_generated_one(app, client):
    response = client.get(OPEN)  # no token
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.get_json() == build_document(app) == document(app)


def test_operations_declare_auth_errors_tags_and_summaries(app):
    doc = build_document(app)
    assert doc["components"]["securitySchemes"]["bearer"] == {
        "type": "http", "scheme": "bearer", "description": "A token from POST /api/v1/tokens."}
    assert doc["security"] == [{"bearer": []}]
    tags = {t["name"] for t in doc["tags"]}
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            where = f"{method.upper()} {path}"
            assert op["summary"] and set(op["tags"]) <= tags, where
            public = (method, path) in (("post", "/api/v1/tokens"), ("get", OPEN))
            assert (op.get("security") == []) is public, where
            assert public or "401" in op["responses"], where
            assert "503" in op["responses"], where
            for status, answer in op["responses"].items():
                if int(status) >= 400:
                    assert answer["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorOut"}, where
                assert answer["description"], where
            if "{" in path:
                assert "404" in op["responses"], where


def test_error_shape_matches_what_errors_py_sends(app, client):
    doc = build_document(app)
    error = client.get("/api/v1/me").get_json()  # 401 without a token
    validator = jsonschema_rs.validator_for({"$ref": "#/components/schemas/ErrorOut", "components": doc["components"]})
    assert validator.is_valid(error) and set(error["error"]) == {"code", "message", "details"}


def test_binary_and_multipart_operations(app):
    paths = build_document(app)["paths"]
    docx = paths["/api/v1/positions/{position_id}/export.docx"]["get"]["responses"]["200"]["content"]
    assert set(docx) == {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "text/csv",
                         "application/pdf"}  # ?format= picks any format of the registry
    assert set(paths["/api/v1/positions/{position_id}/export.csv"]["get"]["responses"]["200"]["content"]) == {"text/csv"}
    assert set(paths["/api/v1/positions/{position_id}/export.pdf"]["get"]["responses"]["200"]["content"]) == {"application/pdf"}
    for path in ("/api/v1/positions/import", "/api/v1/positions/{position_id}/import"):
        body = paths[path]["post"]["requestBody"]["content"]
        assert list(body) == ["multipart/form-data"], path
        schema = build_document(app)["components"]["schemas"][body["multipart/form-data"]["schema"]["$ref"].rsplit("/", 1)[-1]]
        assert (schema["properties"]["file"]["type"], schema["properties"]["file"]["format"]) == ("string", "binary")
        assert "file" in schema["required"], path


def test_path_parameters_are_typed_from_the_converters(app):
    op = build_document(app)["paths"]["/api/v1/positions/{position_id}/clauses/{uid}"]["patch"]
    params = {p["name"]: p for p in op["parameters"] if p["in"] == "path"}
    assert params["position_id"]["schema"]["type"] == "integer"
    assert params["uid"]["schema"]["type"] == "string"


def test_a_view_without_a_contract_is_refused(app):
    app.view_functions["api.me"] = lambda: None  # as if someone added a route and forgot @documented
    with pytest.raises(LookupError, match="api.me"):
        build_document(app)


def test_response_models_refuse_fields_they_do_not_declare():
    with pytest.raises(ValueError):
        ClauseOut(uid="a", number="1", level=0, kind="text", heading="", body="", revision=1, brackets=0,
                  updated_at=None, surprise=True)


def test_ids_beyond_a_database_integer_are_clear_answers_not_server_errors(client, session, people):
    """What schemathesis found: huge or exotic numbers reached the database (500 on PostgreSQL or SQLite)."""
    from tests import factories
    from tests.helpers import bearer

    pos = factories.position(session, people.pen)
    pen, base = bearer(client, people.pen), f"/api/v1/positions/{pos.id}"
    assert client.get("/api/v1/positions/99999999999", headers=pen).status_code == 404
    assert client.get(f"{base}/versions/99999999999/consents", headers=pen).status_code == 404
    for url in (f"{base}/compare?from=99999999999", f"{base}/compare?from=\u00b2", f"{base}/events?actor=99999999999",
                f"{base}/events?until=9999-12-31", f"{base}/export.docx?version=99999999999"):
        response = client.get(url, headers=pen)
        assert response.status_code == 422 and response.get_json()["error"]["code"] == "invalid", url
    too_big = client.patch(f"{base}/clauses/x", headers=pen, json={"body": "x", "base_revision": 2**40})
    assert too_big.status_code == 422
