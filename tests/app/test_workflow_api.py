"""The workflow through the JSON API: transitions with reasons, the full IPBES path, events."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from positions.audit import verify_chain
from positions.models import Event, Position
from positions.services import approvals, consultations, drafting, editing, versions
from tests.factories import position
from tests.helpers import bearer

DEADLINE = (date.today() + timedelta(days=10)).isoformat()



@pytest.fixture
def pos(session, people):
    return position(session, people.pen)


@pytest.fixture
def auth(client, people):
    """Bearer headers per user, fetched once."""
    headers = {}

    def of(user):
        if user.email not in headers:
            headers[user.email] = bearer(client, user)
        return headers[user.email]

    return of


def fire(client, headers, pos, name, **body):
    return client.post(f"/api/v1/positions/{pos.id}/transitions/{name}", headers=headers, json=body)


def answer_all(session, people, pos, number: int) -> None:
    version = versions.get_version(session, pos, number)
    for official in (people.flemish, people.walloon, people.brussels):
        consultations.answer(session, official, pos, version, "agree")
    approvals.decide(session, people.lead, pos, version, "approve")
    session.commit()


def test_transitions_list_allowed_and_blocked_with_reasons(client, people, pos, auth):
    response = client.get(f"/api/v1/positions/{pos.id}/transitions", headers=auth(people.pen))
    assert response.status_code == 200
    assert response.get_json() == [{
        "name": "submit", "label": "Submit for consultation", "target": "be_consultation",
        "target_label": "Belgian consultation", "allowed": True, "blocked_by": [], "args": ["deadline", "note"], "warnings": [],
    }]
    [official] = client.get(f"/api/v1/positions/{pos.id}/transitions", headers=auth(people.flemish)).get_json()
    assert official["allowed"] is False and official["blocked_by"] == ["only the pen-holder can do this"]
    assert client.get(f"/api/v1/positions/{pos.id}/transitions").status_code == 401
    assert client.get("/api/v1/positions/999/transitions", headers=auth(people.pen)).status_code == 404


def test_errors_are_honest(client, session, people, pos, auth):
    pen = auth(people.pen)
    wrong_role = fire(client, auth(people.flemish), pos, "submit", deadline=DEADLINE)
    assert wrong_role.status_code == 403
    assert wrong_role.get_json()["error"]["details"]["reasons"] == ["only the pen-holder can do this"]
    unknown = fire(client, pen, pos, "teleport")
    assert unknown.status_code == 404 and "no step 'teleport'" in unknown.get_json()["error"]["message"]
    assert fire(client, pen, pos, "submit", colour="red").status_code == 422
    assert fire(client, pen, pos, "submit", deadline=20311203).status_code == 422
    bad_date = fire(client, pen, pos, "submit", deadline="soon")
    assert bad_date.status_code == 422 and bad_date.get_json()["error"]["message"] == (
        "'soon' is not a deadline: give a date (YYYY-MM-DD) or a date and time with its offset (2031-03-08T17:00:00+01:00).")
    assert "Give a deadline" in fire(client, pen, pos, "submit").get_json()["error"]["message"]
    assert fire(client, pen, pos, "submit", deadline=DEADLINE, note="x" * 1001).status_code == 422
    not_json = client.post(f"/api/v1/positions/{pos.id}/transitions/submit", headers=pen, data="deadline=soon",
                           content_type="text/plain")
    assert not_json.status_code == 422 and "JSON" in not_json.get_json()["error"]["message"]
    assert versions.list_versions(session, pos) == []
    assert fire(client, pen, pos, "submit", deadline=DEADLINE).status_code == 200
    blocked = fire(client, auth(people.lead), pos, "conclude")
    error = blocked.get_json()["error"]
    assert blocked.status_code == 409 and error["code"] == "conflict"
    assert error["details"]["transition"] == "conclude" and "the delegation lead has not approved v1" in error["details"]["reasons"]
    assert error["details"]["reasons"][0].startswith("waiting for Brussels Environment")
    takes_no_deadline = fire(client, auth(people.lead), pos, "conclude", deadline=DEADLINE)
    assert takes_no_deadline.status_code == 422 and "does not take deadline" in takes_no_deadline.get_json()["error"]["message"]


def test_full_ipbes_path_through_the_api(client, session, people, pos, auth):
    pen, lead, flemish = auth(people.pen), auth(people.lead), auth(people.flemish)

    submitted = fire(client, pen, pos, "submit", deadline=DEADLINE, note="First round")
    assert submitted.status_code == 200
    assert submitted.get_json() == {
        "transition": "submit", "from": "be_draft", "stage": "be_consultation", "stage_label": "Belgian consultation",
        "phase": "Belgian position", "frozen": False, "warnings": [],
    }
    answer_all(session, people, pos, 1)
    assert fire(client, flemish, pos, "conclude").status_code == 403
    assert fire(client, lead, pos, "conclude", note="Consensus").get_json()["stage"] == "be_agreed"
    assert fire(client, lead, pos, "start_eu").status_code == 403
    assert fire(client, pen, pos, "start_eu").get_json()["phase"] == "EU coordination"
    fire(client, pen, pos, "submit", deadline=DEADLINE)
    assert fire(client, pen, pos, "conclude").status_code == 409  # nobody answered yet
    answer_all(session, people, pos, 2)
    assert fire(client, pen, pos, "conclude").get_json()["stage"] == "eu_agreed"
    fire(client, pen, pos, "start_brief")
    assert fire(client, pen, pos, "submit", deadline=DEADLINE).get_json()["stage"] == "brief_review"
    assert fire(client, pen, pos, "approve").status_code == 403
    listed = client.get(f"/api/v1/positions/{pos.id}/transitions", headers=lead).get_json()
    bracketed = ["2 square-bracketed passages are still open, in clause 1.2"]
    assert [(s["name"], s["allowed"], s["warnings"]) for s in listed] == [("revise", False, []), ("approve", True, bracketed)]
    final = fire(client, lead, pos, "approve").get_json()  # one step: approving v3 and making it final, with a warning
    assert final["stage"] == "final" and final["frozen"] is True and final["warnings"] == bracketed
    v3 = versions.get_version(session, pos, 3)
    decision = approvals.latest_decision(session, v3)
    assert (decision.decision, decision.approver_id, decision.content_hash) == ("approve", people.lead.id, v3.content_hash)

    uid = client.get(f"/api/v1/positions/{pos.id}", headers=pen).get_json()["clauses"][1]["uid"]
    assert client.patch(f"/api/v1/positions/{pos.id}/clauses/{uid}", headers=pen, json={"body": "Late change."}).status_code == 409
    assert client.post(f"/api/v1/positions/{pos.id}/versions", headers=pen, json={"note": "late"}).status_code == 409
    assert client.get(f"/api/v1/positions/{pos.id}/versions/3", headers=flemish).status_code == 200
    assert [t["name"] for t in client.get(f"/api/v1/positions/{pos.id}/transitions", headers=pen).get_json()] == ["archive"]
    assert fire(client, pen, pos, "archive").get_json()["stage"] == "archived"
    assert client.get(f"/api/v1/positions/{pos.id}/transitions", headers=pen).get_json() == []
    assert verify_chain(session).ok


def test_simple_review_path_through_the_api(client, session, people, auth):
    pen, lead = auth(people.pen), auth(people.lead)
    created = client.post("/api/v1/positions", headers=pen, json={
        "title": "Short note", "meeting": "IPBES-12", "agenda_item": "Item 2", "workflow": "simple-review"})
    pos = session.get(Position, created.get_json()["id"])
    client.post(f"/api/v1/positions/{pos.id}/clauses", headers=pen, json={"kind": "text", "body": "Belgium agrees."})
    assert fire(client, pen, pos, "submit", deadline=DEADLINE).status_code == 422  # no consultation in this workflow
    assert fire(client, pen, pos, "submit").get_json()["stage"] == "review"
    assert fire(client, pen, pos, "revise").get_json()["stage"] == "draft"
    assert fire(client, pen, pos, "submit", note="Again").get_json()["stage"] == "review"
    clause = drafting.draft(session, pos)[0]
    editing.edit_clause(session, people.pen, pos, clause.uid, base_revision=clause.revision.id, body="Belgium agrees, mostly.")
    session.commit()
    reasons = fire(client, lead, pos, "approve").get_json()["error"]["details"]["reasons"]
    assert "the text has changed since v2: go back to drafting and submit it again" in reasons
    assert approvals.latest_decision(session, versions.get_version(session, pos, 2)) is None  # refused: nothing recorded
    clause = drafting.draft(session, pos)[0]
    editing.edit_clause(session, people.pen, pos, clause.uid, base_revision=clause.revision.id, body="Belgium agrees.")
    session.commit()
    assert fire(client, lead, pos, "approve").get_json() == {
        "transition": "approve", "from": "review", "stage": "approved", "stage_label": "Approved", "phase": "Review", "frozen": True, "warnings": [],
    }


def test_events_are_paginated_filtered_and_checked(client, session, people, pos, auth):
    pen = auth(people.pen)
    fire(client, pen, pos, "submit", deadline=DEADLINE)
    url = f"/api/v1/positions/{pos.id}/events"
    body = client.get(url, headers=pen).get_json()
    assert body["total"] == 10 and body["page"] == 1 and body["pages"] == 1
    newest = body["events"][0]
    assert newest["verb"] == "transition.fired" and newest["intact"] is True and newest["problem"] is None
    assert newest["data"]["to"] == "be_consultation" and newest["actor"]["administration"] == "BBPF"
    assert [e["id"] for e in body["events"]] == sorted((e["id"] for e in body["events"]), reverse=True)
    second = client.get(f"{url}?per_page=4&page=2", headers=pen).get_json()
    assert second["pages"] == 3 and len(second["events"]) == 4 and second["events"][0]["id"] == body["events"][4]["id"]
    assert [e["verb"] for e in client.get(f"{url}?verb=consultation", headers=pen).get_json()["events"]] == ["consultation.opened"]
    assert client.get(f"{url}?actor={people.lead.id}", headers=pen).get_json()["total"] == 0
    assert client.get(f"{url}?since=2001-01-01&until={date.today().isoformat()}", headers=pen).get_json()["total"] == 10
    for bad in ("per_page=0", "per_page=500", "page=-1", "since=soon", "verb=DROP TABLE", "since=2030-01-02&until=2030-01-01"):
        response = client.get(f"{url}?{bad}", headers=pen)
        assert response.status_code == 422, bad
        assert response.get_json()["error"]["message"], bad


def test_events_show_the_tampered_event(client, session, people, pos, auth):
    event = session.query(Event).filter_by(position_id=pos.id, verb="clause.added").order_by(Event.id).offset(2).first()
    session.query(Event).filter_by(id=event.id).update({"data": {"tampered": True}})
    session.commit()
    events = client.get(f"/api/v1/positions/{pos.id}/events", headers=auth(people.viewer)).get_json()["events"]
    broken = [e for e in events if not e["intact"]]
    assert [e["id"] for e in broken] == [event.id]
    assert broken[0]["problem"] == "its content does not match its hash"
    report = verify_chain(session)
    assert report.broken_at == event.id
