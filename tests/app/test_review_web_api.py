"""Review in the browser and through the API: comments, consultation matrix, consent, approval."""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine

from positions.services import consultations, drafting, versions
from tests.factories import position
from tests.helpers import bearer, login

TEXT = "Belgium supports the scoping report of the second global assessment as presented by the Panel."
NOW = datetime(2030, 3, 1, 9, 0)



@pytest.fixture
def pos(session, people):
    return position(session, people.pen, clauses=[("heading", "Assessments", ""), ("line_to_take", "", TEXT)])


@pytest.fixture
def uid(session, pos):
    return drafting.draft(session, pos)[1].uid


def test_official_comments_on_selected_words_in_the_browser(client, session, people, pos, uid):
    login(client, people.walloon)
    form = client.get(f"/positions/{pos.id}/clauses/{uid}/comment?fragment=1&quote=second+global+assessment").get_data(as_text=True)
    assert 'value="second global assessment"' in form and "SPW-ARNE" in form
    response = client.post(f"/positions/{pos.id}/clauses/{uid}/comments", data={"kind": "reservation", "body": "Too *early*.", "quote": "second global assessment"})
    assert response.status_code == 302
    html = client.get(f"/positions/{pos.id}").get_data(as_text=True)
    assert "SPW-ARNE" in html and "Marie Lambert" in html and "Too <em>early</em>." in html and "“second global assessment”" in html
    bad = client.post(f"/positions/{pos.id}/clauses/{uid}/comments", data={"kind": "comment", "body": "x", "quote": "not there"}, follow_redirects=True)
    assert b"not in the clause" in bad.data


def test_amendment_accepted_in_the_browser(client, session, people, pos, uid):
    login(client, people.flemish)
    client.post(f"/positions/{pos.id}/clauses/{uid}/comments", data={"kind": "amendment", "body": "Clearer", "quote": "as presented", "proposed_text": "as revised"})
    client.post("/logout")
    login(client, people.pen)
    html = client.get(f"/positions/{pos.id}").get_data(as_text=True)
    assert "Accept" in html and "<del>" in html
    comment_id = int(html.split('id="comment-')[1].split('"')[0])
    response = client.post(f"/comments/{comment_id}/resolve", data={"status": "accepted", "note": "Agreed"}, follow_redirects=True)
    assert b"Amendment accepted" in response.data and b"as revised by the Panel" in response.data


def test_withdraw_own_comment_only(client, session, people, pos, uid):
    login(client, people.walloon)
    client.post(f"/positions/{pos.id}/clauses/{uid}/comments", data={"kind": "question", "body": "Why?"})
    html = client.get(f"/positions/{pos.id}").get_data(as_text=True)
    comment_id = int(html.split('id="comment-')[1].split('"')[0])
    client.post("/logout")
    login(client, people.flemish)
    assert client.post(f"/comments/{comment_id}/resolve", data={"status": "withdrawn"}).status_code == 403
    client.post("/logout")
    login(client, people.walloon)
    assert client.post(f"/comments/{comment_id}/resolve", data={"status": "withdrawn"}).status_code == 302


def test_comment_filters_page(client, session, people, pos, uid):
    api = bearer(client, people.walloon)
    client.post(f"/api/v1/positions/{pos.id}/clauses/{uid}/comments", headers=api, json={"kind": "question", "body": "Walloon question"})
    api = bearer(client, people.flemish)
    client.post(f"/api/v1/positions/{pos.id}/clauses/{uid}/comments", headers=api, json={"kind": "support", "body": "Flemish support"})
    login(client, people.viewer)
    html = client.get(f"/positions/{pos.id}/comments?administration=SPW-ARNE").get_data(as_text=True)
    assert "Walloon question" in html and "Flemish support" not in html


@time_machine.travel(NOW, tick=False)
def test_consultation_matrix_consent_and_approval_in_the_browser(client, session, people, pos):
    login(client, people.pen)
    assert client.post(f"/positions/{pos.id}/consultations", data={"deadline": "2030-03-08"}).status_code == 302
    client.post("/logout")
    login(client, people.walloon)
    dashboard = client.get("/").get_data(as_text=True)
    assert "Waiting for SPW-ARNE" in dashboard and "v1" in dashboard
    no_note = client.post(f"/positions/{pos.id}/versions/1/consent", data={"state": "object"}, follow_redirects=True)
    assert b"note is required" in no_note.data
    client.post(f"/positions/{pos.id}/versions/1/consent", data={"state": "object", "note": "Budget too high"})
    html = client.get(f"/positions/{pos.id}/consultation").get_data(as_text=True)
    assert "Blocked: Walloon" in html and "objects" in html and "Budget too high" in html
    assert "Waiting for" not in client.get("/").get_data(as_text=True)
    client.post("/logout")
    login(client, people.lead)
    response = client.post(f"/positions/{pos.id}/versions/1/approval", data={"decision": "approve"}, follow_redirects=True)
    v1 = versions.get_version(session, pos, 1)
    assert v1.content_hash[:12].encode() in response.data and b"approved" in response.data


@time_machine.travel(NOW, tick=False)
def test_consent_api_and_officials_never_answer_for_another_administration(client, session, people, pos):
    pen = bearer(client, people.pen)
    opened = client.post(f"/api/v1/positions/{pos.id}/consultations", headers=pen, json={"deadline": "2030-03-08"})
    assert opened.status_code == 201 and len(opened.get_json()["consents"]) == 3
    walloon = bearer(client, people.walloon)
    ok = client.put(f"/api/v1/positions/{pos.id}/versions/1/consent", headers=walloon, json={"state": "agree"})
    assert ok.status_code == 200 and ok.get_json()["administration"] == "SPW-ARNE"
    other = bearer(client, people.outsider)
    assert client.put(f"/api/v1/positions/{pos.id}/versions/1/consent", headers=other, json={"state": "agree"}).status_code == 403
    assert client.put(f"/api/v1/positions/{pos.id}/versions/1/consent", headers=pen, json={"state": "agree"}).status_code == 403
    missing = client.put(f"/api/v1/positions/{pos.id}/versions/1/consent", headers=walloon, json={"state": "object"})
    assert missing.status_code == 422
    listing = client.get(f"/api/v1/positions/{pos.id}/versions/1/consents", headers=walloon).get_json()
    assert {c["administration"]: c["state"] for c in listing["consents"]} == {"BXL-ENV": "pending", "SPW-ARNE": "agree", "VL-OMG": "pending"}
    with time_machine.travel(datetime(2030, 3, 9), tick=False):
        later = client.get(f"/api/v1/positions/{pos.id}/versions/1/consents", headers=walloon).get_json()
        assert later["verdict"]["state"] == "consensus" and later["verdict"]["counts"] == {"agree": 1, "silent": 2}
        late = client.put(f"/api/v1/positions/{pos.id}/versions/1/consent", headers=walloon, json={"state": "agree"})
        assert late.status_code == 409


def test_approval_api(client, session, people, pos):
    versions.take_version(session, people.pen, pos)
    session.commit()
    assert client.post(f"/api/v1/positions/{pos.id}/versions/1/approval", headers=bearer(client, people.pen), json={"decision": "approve"}).status_code == 403
    lead = bearer(client, people.lead)
    response = client.post(f"/api/v1/positions/{pos.id}/versions/1/approval", headers=lead, json={"decision": "approve", "note": "Go"})
    assert response.status_code == 201 and response.get_json()["content_hash"] == versions.get_version(session, pos, 1).content_hash
    assert client.post(f"/api/v1/positions/{pos.id}/versions/1/approval", headers=lead, json={"decision": "maybe"}).status_code == 422


def test_comments_api(client, session, people, pos, uid):
    walloon = bearer(client, people.walloon)
    posted = client.post(f"/api/v1/positions/{pos.id}/clauses/{uid}/comments", headers=walloon,
                         json={"kind": "amendment", "body": "", "quote": "as presented", "proposed_text": "as revised"})
    assert posted.status_code == 201 and posted.get_json()["administration"] == "SPW-ARNE"
    cid = posted.get_json()["id"]
    empty = client.post(f"/api/v1/positions/{pos.id}/clauses/{uid}/comments", headers=walloon, json={"kind": "comment", "body": ""})
    assert empty.status_code == 422
    unknown = client.post(f"/api/v1/positions/{pos.id}/clauses/nosuch/comments", headers=walloon, json={"kind": "comment", "body": "x"})
    assert unknown.status_code == 404
    listing = client.get(f"/api/v1/positions/{pos.id}/comments?status=open&clause={uid}", headers=walloon).get_json()
    assert [c["id"] for c in listing["comments"]] == [cid] and listing["comments"][0]["clause"] == uid
    assert client.post(f"/api/v1/comments/{cid}/resolve", headers=walloon, json={"status": "accepted"}).status_code == 403
    accepted = client.post(f"/api/v1/comments/{cid}/resolve", headers=bearer(client, people.pen), json={"status": "accepted", "note": "ok"})
    assert accepted.status_code == 200 and accepted.get_json()["applied_revision"]
    assert client.post(f"/api/v1/comments/{cid}/resolve", headers=bearer(client, people.pen), json={"status": "accepted"}).status_code == 409
    assert client.post("/api/v1/comments/99999/resolve", headers=walloon, json={"status": "withdrawn"}).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_what_changed_since_we_last_agreed(client, session, people, pos):
    v1 = versions.take_version(session, people.pen, pos)
    c1 = consultations.open_consultation(session, people.pen, pos, v1, datetime(2030, 3, 5))
    consultations.answer(session, people.walloon, pos, v1, "agree")
    consultations.close_consultation(session, people.pen, c1, "consensus")
    d = drafting.draft(session, pos)[1]
    from positions.services import editing

    editing.edit_clause(session, people.pen, pos, d.uid, base_revision=d.revision.id, body=TEXT.replace("Panel", "Bureau"))
    v2 = versions.take_version(session, people.pen, pos)
    consultations.open_consultation(session, people.pen, pos, v2, datetime(2030, 3, 20))
    session.commit()
    login(client, people.walloon)
    response = client.get(f"/positions/{pos.id}/since-agreed")
    assert response.status_code == 302 and "from=1" in response.headers["Location"] and "to=2" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Bureau" in page and "<ins>" in page


def test_accepting_an_amendment_after_a_conflicting_edit_shows_the_conflict_view(client, session, people, pos, uid):
    from positions.services import comments, editing

    amendment = comments.post_comment(session, people.flemish, pos, uid, kind="amendment", body="", quote="as presented", proposed_text="as revised")
    d = drafting.draft(session, pos)[1]
    editing.edit_clause(session, people.pen, pos, uid, base_revision=d.revision.id, body=TEXT.replace("as presented", "as amended"))
    session.commit()
    login(client, people.pen)
    response = client.post(f"/comments/{amendment.id}/resolve", data={"status": "accepted"})
    html = response.get_data(as_text=True)
    assert response.status_code == 409 and "Someone else changed the same words" in html
    assert f'name="accept_comment" value="{amendment.id}"' in html and "as revised" in html
    theirs = html.split('name="base_revision" value="')[1].split('"')[0]
    saved = client.post(f"/positions/{pos.id}/clauses/{uid}/edit", data={
        "kind": "line_to_take", "body": TEXT.replace("as presented", "as amended and revised"), "base_revision": theirs,
        "accept_comment": amendment.id,
    })
    assert saved.status_code == 302
    session.expire_all()
    assert comments.get_comment(session, amendment.id).status == "accepted"
    assert "as amended and revised" in drafting.draft(session, pos)[1].revision.body


def test_a_comment_form_sent_twice_posts_once(app, client, people, session):
    """A double click or a resent form (same submission id) gives one comment, even without JavaScript."""
    import re

    from sqlalchemy import func, select

    from positions.models import Clause, Comment

    pos = position(session, people.pen)
    session.commit()
    uid = pos_uid = session.scalars(select(Clause.uid).where(Clause.position_id == pos.id)).first()
    login(client, people.walloon)
    form = client.get(f"/positions/{pos.id}/clauses/{uid}/comment").get_data(as_text=True)
    submission = re.search(r'name="submission" value="([0-9a-f]{32})"', form).group(1)
    data = {"kind": "comment", "body": "Once only", "submission": submission}
    for _ in range(2):
        assert client.post(f"/positions/{pos.id}/clauses/{pos_uid}/comments", data=data).status_code == 302
    assert session.scalar(select(func.count(Comment.id)).where(Comment.body == "Once only")) == 1
    # another official replaying the same submission id cannot touch it, and a fresh id posts again
    other = app.test_client()
    login(other, people.flemish)
    other.post(f"/positions/{pos.id}/clauses/{pos_uid}/comments", data={**data, "body": "Mine"})
    assert session.scalar(select(func.count(Comment.id)).where(Comment.body == "Mine")) == 1
