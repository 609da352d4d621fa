"""The API: tokens, error format, me, administrations, positions."""

from __future__ import annotations

import pytest

from positions.models import ApiToken
from tests.factories import position
from tests.helpers import bearer, token


def error_of(response):
    body = response.get_json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}
    return body["error"]


def test_token_flow(client, people):
    headers = bearer(client, people.flemish)
    me = client.get("/api/v1/me", headers=headers).get_json()
    assert me["email"] == people.flemish.email and me["administration"]["code"] == "VL-OMG"


def test_bad_credentials(client, people):
    response = client.post("/api/v1/tokens", json={"email": people.pen.email, "password": "wrong-password"})
    assert response.status_code == 401 and error_of(response)["code"] == "unauthorized"


def test_missing_and_bogus_tokens_are_refused(client, people):
    for headers in ({}, {"Authorization": "Bearer nonsense"}, {"Authorization": "Basic abc"}):
        response = client.get("/api/v1/me", headers=headers)
        assert response.status_code == 401 and "Bearer" in error_of(response)["message"]


def test_revoked_token_and_deactivated_user_are_refused_at_once(client, session, people):
    raw = token(client, people.flemish)
    headers = {"Authorization": f"Bearer {raw}"}
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    session.query(ApiToken).update({"revoked_at": ApiToken.created_at})
    session.commit()
    assert client.get("/api/v1/me", headers=headers).status_code == 401
    raw = token(client, people.walloon)
    people.walloon.active = False
    session.commit()
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 401


def test_malformed_json_is_400(client, people):
    response = client.post("/api/v1/tokens", data="{not json", content_type="application/json")
    assert response.status_code == 400 and error_of(response)["code"] == "bad_request"


def test_wrong_fields_are_422_with_details(client, people):
    response = client.post("/api/v1/tokens", json={"email": "x"})
    err = error_of(response)
    assert response.status_code == 422 and "password" in err["details"]["fields"]
    response = client.post("/api/v1/tokens", json=["a"])
    assert response.status_code == 422


def test_not_json_is_422(client, people):
    response = client.post("/api/v1/tokens", data="email=x")
    assert response.status_code == 422 and "application/json" in error_of(response)["message"]


def test_unknown_path_and_method_give_json_errors(client, people):
    headers = bearer(client, people.viewer)
    response = client.get("/api/v1/nowhere", headers=headers)
    assert response.status_code == 404 and error_of(response)["code"] == "not_found"
    response = client.delete("/api/v1/me", headers=headers)
    assert response.status_code == 405 and error_of(response)["code"] == "method_not_allowed"
    response = client.get("/api/v1/positions/12345", headers=headers)
    assert response.status_code == 404 and error_of(response)["code"] == "not_found"


def test_oversized_request_is_413(client, app, people):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = client.post("/api/v1/tokens", data="x" * 5000, content_type="application/json")
    assert response.status_code == 413 and error_of(response)["code"] == "too_large"


def test_administrations(client, people):
    body = client.get("/api/v1/administrations", headers=bearer(client, people.viewer)).get_json()
    assert {a["code"] for a in body["administrations"]} >= {"BBPF", "SPW-ARNE", "RBINS"}


def test_positions_list_and_detail(client, session, people):
    pos = position(session, people.pen)
    headers = bearer(client, people.walloon)
    listing = client.get("/api/v1/positions", headers=headers).get_json()["positions"]
    assert [p["id"] for p in listing] == [pos.id] and listing[0]["stage"] == "be_draft"
    detail = client.get(f"/api/v1/positions/{pos.id}", headers=headers).get_json()
    assert [c["number"] for c in detail["clauses"]][:3] == ["1.", "1.1", "1.2"]
    assert all(isinstance(c["revision"], int) for c in detail["clauses"])
    assert detail["versions"] == []


def test_create_position_as_pen_holder(client, people):
    headers = bearer(client, people.pen)
    response = client.post("/api/v1/positions", headers=headers, json={
        "title": "Nexus", "meeting": "IPBES-12", "agenda_item": "Item 9", "consulted": ["VL-OMG", "spw-arne"],
    })
    assert response.status_code == 201
    assert response.get_json()["consulted"] == ["SPW-ARNE", "VL-OMG"]


def test_create_position_errors(client, people):
    headers = bearer(client, people.pen)
    unknown = client.post("/api/v1/positions", headers=headers, json={"title": "N", "meeting": "M", "agenda_item": "I", "consulted": ["XX"]})
    assert unknown.status_code == 422 and "XX" in error_of(unknown)["message"]
    missing = client.post("/api/v1/positions", headers=headers, json={"title": "N"})
    assert missing.status_code == 422 and "meeting" in error_of(missing)["details"]["fields"]
    extra = client.post("/api/v1/positions", headers=headers, json={"title": "N", "meeting": "M", "agenda_item": "I", "bogus": 1})
    assert extra.status_code == 422


@pytest.mark.parametrize("role", ["flemish", "lead", "viewer", "admin"])
def test_only_pen_holder_creates_positions(client, people, role):
    response = client.post("/api/v1/positions", headers=bearer(client, getattr(people, role)),
                           json={"title": "N", "meeting": "M", "agenda_item": "I"})
    assert response.status_code == 403 and error_of(response)["code"] == "forbidden"


def test_admin_cannot_read_positions_through_the_api(client, session, people):
    pos = position(session, people.pen)
    headers = bearer(client, people.admin)
    assert client.get("/api/v1/positions", headers=headers).status_code == 403
    assert client.get(f"/api/v1/positions/{pos.id}", headers=headers).status_code == 403
