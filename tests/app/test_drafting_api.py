"""Clauses, versions and compare through the JSON API."""

from __future__ import annotations

import pytest

from tests.factories import position
from tests.helpers import bearer

BUDGET = "The budget for 2027 is 5 million USD, to be reviewed at IPBES-13 by the Bureau."



@pytest.fixture
def pos(session, people):
    return position(session, people.pen, clauses=[("heading", "Budget", ""), ("text", "", BUDGET)])


@pytest.fixture
def pen(client, people):
    return bearer(client, people.pen)


def _clauses(client, headers, pos):
    return client.get(f"/api/v1/positions/{pos.id}", headers=headers).get_json()["clauses"]


def test_add_edit_move_delete_history(client, pos, pen):
    added = client.post(f"/api/v1/positions/{pos.id}/clauses", headers=pen, json={"kind": "red_line", "body": "No reserve below 15%.", "after": None})
    assert added.status_code == 201
    new = added.get_json()
    assert new["number"] == "1.2" and new["kind"] == "red_line"
    patched = client.patch(f"/api/v1/positions/{pos.id}/clauses/{new['uid']}", headers=pen, json={"body": "No reserve below 20%.", "base_revision": new["revision"]})
    assert patched.status_code == 200 and patched.get_json()["clause"]["body"] == "No reserve below 20%."
    first = _clauses(client, pen, pos)[0]
    moved = client.post(f"/api/v1/positions/{pos.id}/clauses/{new['uid']}/move", headers=pen, json={"after": None})
    assert moved.status_code == 200 and moved.get_json()["number"] == "1."
    assert _clauses(client, pen, pos)[1]["uid"] == first["uid"]
    history = client.get(f"/api/v1/positions/{pos.id}/clauses/{new['uid']}/history", headers=pen).get_json()
    assert [r["body"] for r in history["revisions"]] == ["No reserve below 15%.", "No reserve below 20%.", "No reserve below 20%."]
    deleted = client.delete(f"/api/v1/positions/{pos.id}/clauses/{new['uid']}", headers=pen)
    assert deleted.status_code == 200
    assert new["uid"] not in [c["uid"] for c in _clauses(client, pen, pos)]


def test_patch_merges_or_answers_409_with_base_theirs_yours(client, pos, pen):
    text = _clauses(client, pen, pos)[1]
    url = f"/api/v1/positions/{pos.id}/clauses/{text['uid']}"
    client.patch(url, headers=pen, json={"body": BUDGET.replace("5 million", "6 million"), "base_revision": text["revision"]})
    merged = client.patch(url, headers=pen, json={"body": BUDGET.replace("Bureau", "Plenary"), "base_revision": text["revision"]})
    assert merged.status_code == 200 and merged.get_json()["merged"] is True
    assert merged.get_json()["clause"]["body"] == BUDGET.replace("5 million", "6 million").replace("Bureau", "Plenary")
    conflict = client.patch(url, headers=pen, json={"body": BUDGET.replace("5 million", "7 million"), "base_revision": text["revision"]})
    assert conflict.status_code == 409
    details = conflict.get_json()["error"]["details"]
    assert details["base"]["body"] == BUDGET and "7 million" in details["yours"]["body"] and "6 million" in details["theirs"]["body"]


@pytest.mark.parametrize("payload,status,needle", [
    ({"body": "x"}, 422, "base_revision"),
    ({"body": "   ", "base_revision": "REV"}, 422, "required"),
    ({"body": "x", "base_revision": 999999}, 422, "not a revision"),
    ({"body": "x" * 200_000, "base_revision": "REV"}, 422, "at most 100,000"),
    ({"body": "x" * 1_000_001, "base_revision": "REV"}, 422, "fields"),
    ({"kind": "sonnet", "base_revision": "REV"}, 422, "Unknown clause kind"),
])
def test_bad_patches(client, pos, pen, payload, status, needle):
    text = _clauses(client, pen, pos)[1]
    payload = {k: (text["revision"] if v == "REV" else v) for k, v in payload.items()}
    response = client.patch(f"/api/v1/positions/{pos.id}/clauses/{text['uid']}", headers=pen, json=payload)
    assert response.status_code == status
    assert needle in str(response.get_json()["error"])


def test_huge_request_is_413(client, app, pos, pen):
    response = client.post(f"/api/v1/positions/{pos.id}/clauses", headers=pen, data="x" * (11 * 1024 * 1024), content_type="application/json")
    assert response.status_code == 413


def test_unknown_clause_and_bad_moves(client, pos, pen):
    uid = _clauses(client, pen, pos)[1]["uid"]
    assert client.patch(f"/api/v1/positions/{pos.id}/clauses/nosuch", headers=pen, json={"body": "x", "base_revision": 1}).status_code == 404
    itself = client.post(f"/api/v1/positions/{pos.id}/clauses/{uid}/move", headers=pen, json={"after": uid})
    assert itself.status_code == 422 and "after itself" in itself.get_json()["error"]["message"]
    assert client.post(f"/api/v1/positions/{pos.id}/clauses/{uid}/move", headers=pen, json={"after": "nosuch"}).status_code == 404
    assert client.delete(f"/api/v1/positions/{pos.id}/clauses/nosuch", headers=pen).status_code == 404


def test_officials_get_403_on_edits(client, people, pos):
    headers = bearer(client, people.flemish)
    text = _clauses(client, headers, pos)[1]
    assert client.patch(f"/api/v1/positions/{pos.id}/clauses/{text['uid']}", headers=headers, json={"body": "x", "base_revision": text["revision"]}).status_code == 403
    assert client.post(f"/api/v1/positions/{pos.id}/clauses", headers=headers, json={"kind": "text", "body": "x"}).status_code == 403
    assert client.post(f"/api/v1/positions/{pos.id}/versions", headers=headers, json={"note": ""}).status_code == 403
    assert client.delete(f"/api/v1/positions/{pos.id}/clauses/{text['uid']}", headers=headers).status_code == 403


def test_versions_and_compare(client, pos, pen):
    v1 = client.post(f"/api/v1/positions/{pos.id}/versions", headers=pen, json={"note": "first"})
    assert v1.status_code == 201 and v1.get_json()["number"] == 1 and len(v1.get_json()["content_hash"]) == 64
    text = _clauses(client, pen, pos)[1]
    client.patch(f"/api/v1/positions/{pos.id}/clauses/{text['uid']}", headers=pen, json={"body": BUDGET.replace("5", "6"), "base_revision": text["revision"]})
    client.post(f"/api/v1/positions/{pos.id}/clauses", headers=pen, json={"kind": "background", "body": "Context."})
    v2 = client.post(f"/api/v1/positions/{pos.id}/versions", headers=pen, json={"note": "second"}).get_json()
    assert v2["number"] == 2 and v2["content_hash"] != v1.get_json()["content_hash"]
    got = client.get(f"/api/v1/positions/{pos.id}/versions/1", headers=pen).get_json()
    assert got["clauses"][1]["body"] == BUDGET
    cmp = client.get(f"/api/v1/positions/{pos.id}/compare?from=1&to=2", headers=pen).get_json()
    assert cmp["summary"]["text"] == "1 clause changed, 1 added"
    statuses = {c["status"] for c in cmp["clauses"]}
    assert statuses == {"unchanged", "modified", "added"}
    modified = next(c for c in cmp["clauses"] if c["status"] == "modified")
    assert [-1, "5"] in modified["body_ops"] and [1, "6"] in modified["body_ops"]
    assert client.get(f"/api/v1/positions/{pos.id}/compare?from=1", headers=pen).get_json()["to"] == "draft"
    assert client.get(f"/api/v1/positions/{pos.id}/compare?from=x&to=1", headers=pen).status_code == 422
    assert client.get(f"/api/v1/positions/{pos.id}/versions/7", headers=pen).status_code == 404
