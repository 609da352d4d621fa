"""API tokens: listed and revoked by their owner (API and profile page), a configurable lifetime, last use recorded."""

from __future__ import annotations

from datetime import datetime, timedelta

import time_machine

from positions.models import ApiToken
from tests.app.test_query_counts import count_queries
from tests.factories import PASSWORD
from tests.helpers import login

FIELDS = {"id", "label", "created_at", "last_used_at", "expires_at", "current"}


def _issue(client, user, label: str | None = None) -> tuple[dict, dict[str, str]]:
    response = client.post("/api/v1/tokens", json={"email": user.email, "password": PASSWORD, **({"label": label} if label else {})})
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    return body, {"Authorization": f"Bearer {body['token']}"}


def _at(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp.removesuffix("Z"))


def test_the_owner_lists_their_tokens_without_secrets(client, people):
    laptop, laptop_auth = _issue(client, people.pen, "Laptop script")
    server, server_auth = _issue(client, people.pen)
    _issue(client, people.flemish, "Someone else's")
    response = client.get("/api/v1/tokens", headers=server_auth)
    assert response.status_code == 200
    tokens = response.get_json()["tokens"]
    assert [set(t) for t in tokens] == [FIELDS, FIELDS]
    assert [(t["id"], t["label"], t["current"]) for t in tokens] == [(server["id"], None, True), (laptop["id"], "Laptop script", False)]
    assert laptop["token"] not in response.get_data(as_text=True) and server["token"] not in response.get_data(as_text=True)
    assert laptop["label"] == "Laptop script" and laptop["expires_at"] == tokens[1]["expires_at"]
    assert tokens[0]["last_used_at"] is not None and tokens[1]["last_used_at"] is None  # laptop's token was never used
    assert client.get("/api/v1/tokens", headers=laptop_auth).get_json()["tokens"][1]["current"] is True


def test_a_label_that_is_too_long_is_refused(client, people):
    response = client.post("/api/v1/tokens", json={"email": people.pen.email, "password": PASSWORD, "label": "x" * 101})
    assert response.status_code == 422 and response.get_json()["error"]["code"] == "invalid"


def test_revoking_the_current_token_logs_it_out(client, people):
    _, auth = _issue(client, people.walloon)
    other, other_auth = _issue(client, people.walloon)
    response = client.delete("/api/v1/tokens/current", headers=auth)
    assert response.status_code == 200 and response.get_json()["revoked"] is True
    refused = client.get("/api/v1/me", headers=auth)
    assert refused.status_code == 401 and refused.get_json()["error"]["code"] == "unauthorized"
    assert client.get("/api/v1/me", headers=other_auth).status_code == 200
    assert [t["id"] for t in client.get("/api/v1/tokens", headers=other_auth).get_json()["tokens"]] == [other["id"]]


def test_revoking_a_token_by_id_and_someone_elses_is_not_found(client, people):
    mine, auth = _issue(client, people.pen)
    old, old_auth = _issue(client, people.pen, "old script")
    theirs, theirs_auth = _issue(client, people.lead)
    refused = client.delete(f"/api/v1/tokens/{theirs['id']}", headers=auth)
    assert refused.status_code == 404
    assert refused.get_json()["error"] == {"code": "not_found", "message": "Unknown token.", "details": {}}
    assert client.get("/api/v1/me", headers=theirs_auth).status_code == 200
    assert client.delete(f"/api/v1/tokens/{old['id']}", headers=auth).get_json() == {"id": old["id"], "revoked": True}
    assert client.get("/api/v1/me", headers=old_auth).status_code == 401
    assert client.get("/api/v1/me", headers=auth).status_code == 200
    again = client.delete(f"/api/v1/tokens/{old['id']}", headers=auth)
    assert again.status_code == 404 and again.get_json()["error"]["message"] == "Unknown token."


def test_the_token_lifetime_comes_from_the_configuration(app, client, people):
    app.config["API_TOKEN_DAYS"] = 2
    with time_machine.travel(datetime(2031, 3, 1, 12, 0), tick=False):
        body, auth = _issue(client, people.viewer)
        assert _at(body["expires_at"]) == datetime(2031, 3, 3, 12, 0)
    with time_machine.travel(datetime(2031, 3, 3, 11, 59), tick=False):
        assert client.get("/api/v1/me", headers=auth).status_code == 200
    with time_machine.travel(datetime(2031, 3, 3, 12, 1), tick=False):
        assert client.get("/api/v1/me", headers=auth).status_code == 401


def test_last_use_is_written_at_most_once_a_minute(client, session, people):
    start = datetime(2031, 5, 2, 9, 0)
    with time_machine.travel(start, tick=False):
        body, auth = _issue(client, people.flemish)
        with count_queries() as first:
            assert client.get("/api/v1/me", headers=auth).status_code == 200
        with count_queries() as second:
            assert client.get("/api/v1/me", headers=auth).status_code == 200
    with time_machine.travel(start + timedelta(seconds=59), tick=False), count_queries() as within_a_minute:
        assert client.get("/api/v1/me", headers=auth).status_code == 200
    session.expire_all()
    assert session.get(ApiToken, body["id"]).last_used_at == start
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        client.get("/api/v1/me", headers=auth)
    session.expire_all()
    assert session.get(ApiToken, body["id"]).last_used_at == start + timedelta(seconds=61)
    writes = [sum(s.lstrip().upper().startswith("UPDATE") for s in run) for run in (first, second, within_a_minute)]
    assert writes == [1, 0, 0]


def test_the_profile_page_lists_and_revokes_the_users_tokens(client, people):
    mine, auth = _issue(client, people.flemish, "Sync job")
    theirs, theirs_auth = _issue(client, people.walloon, "Walloon job")
    login(client, people.flemish)
    page = client.get("/profile").get_data(as_text=True)
    assert "API tokens" in page and "Sync job" in page and "Walloon job" not in page
    assert f'action="/profile/tokens/{mine["id"]}/revoke"' in page
    refused = client.post(f"/profile/tokens/{theirs['id']}/revoke")
    assert refused.status_code == 404 and "Unknown token." in refused.get_data(as_text=True)
    assert client.get("/api/v1/me", headers=theirs_auth).status_code == 200
    revoked = client.post(f"/profile/tokens/{mine['id']}/revoke", follow_redirects=True)
    assert revoked.status_code == 200 and "The token was revoked" in revoked.get_data(as_text=True)
    assert "Sync job" not in revoked.get_data(as_text=True) and "You have no API tokens" in revoked.get_data(as_text=True)
    assert client.get("/api/v1/me", headers=auth).status_code == 401
