"""The inbox, preferences and follows, on the web and through the API: each user sees and changes only their own."""

from __future__ import annotations

import re
from datetime import timedelta

from positions.clock import now
from positions.models import NOTIFICATION_KINDS
from positions.services import consultations, drafting, editing
from positions.services import notifications as service
from tests.factories import position
from tests.helpers import bearer, login


def _consultation(session, people):
    pos = position(session, people.pen)
    consultations.consult(session, people.pen, pos, None, now() + timedelta(days=3))
    session.commit()
    return pos


def test_api_inbox_lists_and_marks_only_the_callers_notifications(client, session, people):
    pos = _consultation(session, people)
    flemish, walloon = bearer(client, people.flemish), bearer(client, people.walloon)
    mine = client.get("/api/v1/me/notifications", headers=flemish).get_json()
    assert mine["unread"] == 1
    [note] = mine["notifications"]
    assert set(note) == {"id", "kind", "position_id", "clause_uid", "text", "url", "created_at", "read_at"}
    assert note["kind"] == "consultation_opened" and note["position_id"] == pos.id
    assert note["url"] == f"/positions/{pos.id}/consultation" and "asks your administration" in note["text"]
    theirs = client.get("/api/v1/me/notifications", headers=walloon).get_json()["notifications"]
    assert note["id"] not in [n["id"] for n in theirs]
    # Someone else's id is not yours to mark.
    assert client.post("/api/v1/me/notifications/read", json={"ids": [note["id"]]}, headers=walloon).get_json()["marked"] == 0
    assert client.get("/api/v1/me/notifications?unread=1", headers=flemish).get_json()["unread"] == 1
    assert client.post("/api/v1/me/notifications/read", json={"ids": [note["id"]]}, headers=flemish).get_json() == {"marked": 1, "unread": 0}
    assert client.get("/api/v1/me/notifications?unread=1", headers=flemish).get_json()["notifications"] == []
    assert client.post("/api/v1/me/notifications/read", json={}, headers=flemish).status_code == 422
    assert client.get("/api/v1/me/notifications?unread=yes", headers=flemish).status_code == 422


def test_preferences_round_trip_and_invalid_ones_are_refused_whole(client, session, people):
    headers = bearer(client, people.flemish)
    got = client.get("/api/v1/me/preferences", headers=headers).get_json()
    assert got["digest_hour"] == 8 and set(got["email"]) == set(NOTIFICATION_KINDS)
    assert set(got["email"].values()) == {"immediate"}
    put = client.put("/api/v1/me/preferences", json={"email": {"reply": "off", "followed_change": "digest"}, "digest_hour": 7}, headers=headers)
    assert put.status_code == 200
    assert put.get_json()["email"]["reply"] == "off" and put.get_json()["digest_hour"] == 7
    for bad in ({"email": {"reply": "sometimes"}}, {"email": {"gossip": "off"}}, {"digest_hour": 24}, {"colour": "blue"},
                {"email": {"reply": "off", "nonsense": "digest"}}):
        assert client.put("/api/v1/me/preferences", json=bad, headers=headers).status_code == 422, bad
    assert client.get("/api/v1/me/preferences", headers=headers).get_json()["email"]["reply"] == "off"  # unchanged
    assert client.get("/api/v1/me/preferences", headers=bearer(client, people.walloon)).get_json()["email"]["reply"] == "immediate"


def test_follow_and_unfollow_a_position_or_a_clause(client, session, people):
    pos = position(session, people.pen)
    uid = drafting.draft(session, pos)[1].uid
    headers = bearer(client, people.flemish)
    assert client.post(f"/api/v1/positions/{pos.id}/follow", headers=headers).get_json()["following"] == [None]
    assert client.post(f"/api/v1/positions/{pos.id}/follow?clause={uid}", headers=headers).get_json()["following"] == [None, uid]
    assert client.post(f"/api/v1/positions/{pos.id}/follow?clause=nope", headers=headers).status_code == 404
    assert client.delete(f"/api/v1/positions/{pos.id}/follow", headers=headers).get_json()["following"] == [uid]
    assert client.post(f"/api/v1/positions/{pos.id}/follow", headers=bearer(client, people.admin)).status_code == 403


def test_web_inbox_badge_mark_read_and_profile_preferences(client, session, people):
    pos = _consultation(session, people)
    login(client, people.flemish)
    page = client.get(f"/positions/{pos.id}").get_data(as_text=True)
    assert 'id="unread-count"' in page and ">1</span>" in page
    inbox = client.get("/notifications").get_data(as_text=True)
    assert f'href="/positions/{pos.id}/consultation"' in inbox and "asks your administration" in inbox
    assert client.post("/notifications/read", data={"all": "1"}).status_code == 302
    assert ">0</span>" in client.get("/notifications").get_data(as_text=True)
    profile = client.get("/profile").get_data(as_text=True)
    assert 'id="notification-preferences"' in profile
    data = {f"mode_{k}": "digest" for k in NOTIFICATION_KINDS} | {"digest_hour": "6"}
    assert client.post("/profile/notifications", data=data).status_code == 302
    answer = client.get("/api/v1/me/preferences", headers=bearer(client, people.flemish)).get_json()
    assert answer.pop("calendar_url").endswith(".ics")  # the personal calendar address (tests/app/test_calendars.py)
    assert answer == {"email": dict.fromkeys(NOTIFICATION_KINDS, "digest"), "digest_hour": 6}
    assert 'selected value="digest"' in client.get("/profile").get_data(as_text=True)
    assert client.post(f"/positions/{pos.id}/follow", data={}).status_code == 302
    assert "Unfollow" in client.get(f"/positions/{pos.id}").get_data(as_text=True)


def test_follow_a_clause_from_the_position_page_and_hear_of_its_changes(client, session, people):
    pos = position(session, people.pen)
    draft = drafting.draft(session, pos)
    uid, other = draft[1].uid, draft[2].uid
    login(client, people.flemish)
    page = client.get(f"/positions/{pos.id}").get_data(as_text=True)
    # Each clause's Actions menu (one template for the page, filled in by clause_menu.js) offers Follow or Unfollow.
    assert f'<form id="clause-follow" method="post" action="/positions/{pos.id}/follow" hidden>' in page
    menu = page.split('<template id="clause-menu">')[1].split("</template>")[0]
    assert 'form="clause-follow" name="clause" value="{uid}">Follow<' in menu and 'form="clause-unfollow"' in menu
    assert page.count('class="clause-menu"') == len(draft) and "data-followed" not in page
    # Without JavaScript, the clause's actions page does the same.
    actions = client.get(f"/positions/{pos.id}/clauses/{uid}/actions").get_data(as_text=True)
    assert re.search(rf'form="clause-follow" name="clause" value="{uid}">Follow<', actions) and "Unfollow" not in actions
    assert f'<form id="clause-follow" method="post" action="/positions/{pos.id}/follow" hidden>' in actions
    assert client.post(f"/positions/{pos.id}/follow", data={"clause": uid}).headers["Location"].endswith(f"#clause-{uid}")
    assert service.follows(session, people.flemish, pos) == {uid}
    page = client.get(f"/positions/{pos.id}").get_data(as_text=True)
    assert f'id="clause-{uid}" data-followed>' in page and f'id="clause-{other}">' in page
    actions = client.get(f"/positions/{pos.id}/clauses/{uid}/actions").get_data(as_text=True)
    assert f'form="clause-unfollow" name="clause" value="{uid}">Unfollow<' in actions and ">Follow<" not in actions
    assert 'id="follow-position"' in page and '<button class="btn btn-sm btn-outline-primary" type="submit">Follow</button>' in page

    editing.edit_clause(session, people.pen, pos, other, base_revision=draft[2].revision.id, body="Not followed.")
    editing.edit_clause(session, people.pen, pos, uid, base_revision=draft[1].revision.id, body="Belgium thanks the Secretariat.")
    session.commit()
    [news] = [n for n in service.inbox(session, people.flemish) if n.kind == "followed_change"]
    assert news.clause_uid == uid and news.link == f"/positions/{pos.id}#clause-{uid}"

    assert client.post(f"/positions/{pos.id}/follow", data={"clause": uid, "unfollow": "1"}).status_code == 302
    assert service.follows(session, people.flemish, pos) == set()
    editing.edit_clause(session, people.pen, pos, uid, base_revision=drafting.draft(session, pos)[1].revision.id, body="Again.")
    session.commit()
    assert len([n for n in service.inbox(session, people.flemish) if n.kind == "followed_change"]) == 1
