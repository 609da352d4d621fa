"""Search through the page and the API, as the officials, the pen-holder and the lead use it (both databases)."""

from __future__ import annotations

import pytest

from positions.services import comments, drafting
from tests.factories import position
from tests.helpers import bearer, login

TEXT = "Belgium supports the recognition of indigenous and local knowledge in the negotiations."


@pytest.fixture
def world(session, people):
    open_ = position(session, people.pen, [("heading", "Knowledge", ""), ("line_to_take", "", TEXT),
                                           ("internal_note", "", "Do not mention the knowledge budget in the room.")],
                     title="Work programme", language="en")
    secret = position(session, people.pen, [("text", "", "Restricted knowledge of the negotiations <script>x</script>.")],
                      title="Restricted file", consulted=("VL-OMG",), confidentiality="restricted")
    uid = drafting.draft(session, open_)[1].uid
    comments.post_comment(session, people.walloon, open_, uid, kind="comment", body="The knowledge holders must be named.")
    session.commit()
    return {"open": open_, "secret": secret, "uid": uid}


def test_the_page_groups_hits_by_position_with_numbers_kinds_and_marks(client, people, world):
    login(client, people.flemish)
    html = client.get("/search?q=knowledge").get_data(as_text=True)
    assert "Work programme" in html and "Restricted file" in html
    assert "<mark>knowledge</mark>" in html and "<script>x" not in html  # escaped (SQLite) or dropped (PostgreSQL)
    assert f'href="/positions/{world["open"].id}#clause-{world["uid"]}"' in html and "1.1" in html
    assert "Line to take" in html and "#comment-" in html


def test_restricted_positions_never_show_up_for_others(client, people, world):
    login(client, people.walloon)  # not consulted on the restricted position
    html = client.get("/search?q=knowledge").get_data(as_text=True)
    assert "Restricted file" not in html and "Work programme" in html
    headers = bearer(client, people.outsider)
    hits = client.get("/api/v1/search?q=negotiations", headers=headers).get_json()["hits"]
    assert {h["position_id"] for h in hits} == {world["open"].id}


def test_search_in_this_position(client, people, world):
    login(client, people.lead)
    page = client.get(f"/positions/{world['open'].id}").get_data(as_text=True)
    assert 'name="position"' in page and "Search in this position" in page
    html = client.get(f"/search?q=knowledge&position={world['open'].id}").get_data(as_text=True)
    assert f'href="/positions/{world["secret"].id}#' not in html and f'href="/positions/{world["open"].id}#' in html


def test_api_shape_filters_and_bad_input(client, people, world):
    headers = bearer(client, people.pen)
    body = client.get("/api/v1/search?q=%22indigenous+and+local+knowledge%22", headers=headers).get_json()
    assert body["total"] == 1 and body["page"] == 1
    hit = body["hits"][0]
    assert {"type", "position_id", "clause_uid", "number", "title", "snippet"} <= set(hit)
    assert hit["type"] == "clause" and hit["number"] == "1.1" and hit["kind"] == "line_to_take" and "<mark>" in hit["snippet"]
    only_comments = client.get("/api/v1/search?q=knowledge&scope=comments", headers=headers).get_json()
    assert [h["type"] for h in only_comments["hits"]] == ["comment"]
    assert client.get("/api/v1/search?q=knowledge&administration=SPW-ARNE", headers=headers).get_json()["total"] == 1
    assert client.get("/api/v1/search?q=knowledge&kind=nonsense", headers=headers).status_code == 422
    for q in ("", '"unbalanced', "x" * 10_000, "-only", "or -", "*"):
        answer = client.get("/api/v1/search", query_string={"q": q}, headers=headers)
        assert answer.status_code == 200, q
    assert client.get("/api/v1/search?q=knowledge&per_page=5000", headers=headers).get_json()["per_page"] == 50
    empty = client.get("/api/v1/search?q=", headers=headers).get_json()
    assert empty["total"] == 0 and empty["notices"]


def test_bad_input_on_the_page_is_a_message_not_an_error(client, people, world):
    login(client, people.pen)
    for q in ("", "   ", '"open quote', "-", "x" * 10_000, "a or or b", "((("):
        assert client.get("/search", query_string={"q": q}).status_code == 200, q
    assert "Unknown clause kind" in client.get("/search?q=knowledge&kind=zz").get_data(as_text=True)


def test_a_position_created_in_french_through_the_api_is_stemmed_in_french(client, people):
    headers = bearer(client, people.pen)
    created = client.post("/api/v1/positions", headers=headers, json={
        "title": "Position sur les évaluations", "meeting": "IPBES-12", "agenda_item": "Point 6", "language": "fr"})
    assert created.status_code == 201
    pid = created.get_json()["id"]
    added = client.post(f"/api/v1/positions/{pid}/clauses", headers=headers,
                        json={"kind": "text", "body": "Les négociations continuent."})
    assert added.status_code == 201, added.get_json()
    hits = client.get("/api/v1/search?q=négociation&scope=clauses", headers=headers).get_json()["hits"]
    assert [h["position_id"] for h in hits] == [pid]
    assert client.post("/api/v1/positions", headers=headers, json={
        "title": "x", "meeting": "m", "agenda_item": "a", "language": "de"}).status_code == 422


def test_plenipo_search_reindex_rebuilds_the_index(runner, session, people, world):
    from positions.models import SearchEntry

    pen_id = people.pen.id
    session.execute(SearchEntry.__table__.delete())
    session.commit()
    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert "clause: 4 indexed" in result.output and "Reindexed" in result.output
    from positions.models import User
    from positions.search.service import search

    assert search(session, session.get(User, pen_id), "knowledge holders").total == 1  # reindex detaches loaded objects
