"""The workflow in the browser: the panel, firing and refusing transitions, the full IPBES path, history."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from positions.audit import verify_chain
from positions.errors import Conflict
from positions.models import Event
from positions.services import approvals, comments, consultations, drafting, editing, versions
from tests.factories import position
from tests.helpers import login

DEADLINE = (date.today() + timedelta(days=14)).isoformat()
WALLOON = "Walloon Public Service — Agriculture, Natural Resources, Environment"



@pytest.fixture
def pos(session, people):
    return position(session, people.pen)


@pytest.fixture
def as_(app, people):
    """A logged-in browser per user."""
    clients = {}

    def browser(user):
        if user.email not in clients:
            clients[user.email] = app.test_client()
            assert login(clients[user.email], user).status_code == 302
        return clients[user.email]

    return browser


def step(client, pos, name, **form):
    return client.post(f"/positions/{pos.id}/transitions/{name}", data=form, follow_redirects=True)


def page(client, pos) -> str:
    response = client.get(f"/positions/{pos.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def stage(session, pos) -> str:
    session.expire_all()
    return pos.stage


def answer_all(session, people, pos, number: int) -> None:
    version = versions.get_version(session, pos, number)
    for official in (people.flemish, people.walloon, people.brussels):
        consultations.answer(session, official, pos, version, "agree")
    session.commit()


def approve(session, people, pos, number: int) -> None:
    approvals.decide(session, people.lead, pos, versions.get_version(session, pos, number), "approve")
    session.commit()


def test_panel_shows_stage_phase_and_every_step_with_reasons(session, people, pos, as_):
    html = page(as_(people.pen), pos)
    assert 'id="workflow"' in html and "Belgian draft" in html and "Belgian position" in html
    assert "EU coordination" in html and "Plenary brief" in html and 'aria-current="step"' in html
    assert "Submit for consultation" in html and 'type="date"' in html and "You can do this now." in html
    official = page(as_(people.flemish), pos)
    assert "Submit for consultation" in official and "disabled" in official
    assert "Not possible now:" in official and "only the pen-holder can do this" in official


def test_blocked_step_is_refused_with_the_reasons_in_a_message(session, people, pos, as_):
    response = step(as_(people.flemish), pos, "submit", deadline=DEADLINE)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Submit for consultation is not possible now:" in html
    assert "<li>only the pen-holder can do this</li>" in html
    assert stage(session, pos) == "be_draft" and versions.list_versions(session, pos) == []


def test_bad_input_is_told_clearly(session, people, pos, as_):
    pen = as_(people.pen)
    assert "&#39;soon&#39; is not a deadline: give a date (YYYY-MM-DD)" in step(pen, pos, "submit", deadline="soon").get_data(as_text=True)
    assert "Give a deadline" in step(pen, pos, "submit").get_data(as_text=True)
    assert "must be in the future" in step(pen, pos, "submit", deadline="2001-01-01").get_data(as_text=True)
    assert stage(session, pos) == "be_draft" and versions.list_versions(session, pos) == []
    assert pen.post(f"/positions/{pos.id}/transitions/teleport").status_code == 404
    step(pen, pos, "submit", deadline=DEADLINE)
    refused = step(as_(people.lead), pos, "conclude", deadline=DEADLINE).get_data(as_text=True)
    assert "does not take deadline; it takes note" in refused


def test_full_ipbes_path_through_the_browser(session, people, pos, as_):
    pen, lead, flemish = as_(people.pen), as_(people.lead), as_(people.flemish)

    done = step(pen, pos, "submit", deadline=DEADLINE, note="First round").get_data(as_text=True)
    assert "now at the stage Belgian consultation" in done
    assert [v.number for v in versions.list_versions(session, pos)] == [1]
    v1 = versions.get_version(session, pos, 1)
    consultations.answer(session, people.walloon, pos, v1, "object", "The budget line is missing.")
    session.commit()
    html = page(lead, pos)
    assert "waiting for Brussels Environment and Flemish Department of Environment" in html
    assert f"{WALLOON} objects to v1: The budget line is missing." in html
    assert "the delegation lead has not approved v1" in html
    assert "The budget line is missing." in step(lead, pos, "conclude").get_data(as_text=True)
    assert stage(session, pos) == "be_consultation"

    answer_all(session, people, pos, 1)
    approve(session, people, pos, 1)
    assert "only the pen-holder or delegation lead can do this" in step(flemish, pos, "conclude").get_data(as_text=True)
    assert "now at the stage Belgian position agreed" in step(lead, pos, "conclude").get_data(as_text=True)
    assert "only the pen-holder can do this" in step(flemish, pos, "start_eu").get_data(as_text=True)
    step(pen, pos, "start_eu")
    assert stage(session, pos) == "eu_draft" and "EU coordination" in page(pen, pos)

    clause = drafting.draft(session, pos)[1]
    editing.edit_clause(session, people.pen, pos, clause.uid, base_revision=clause.revision.id, body="The EU thanks the Secretariat.")
    session.commit()
    step(pen, pos, "submit", deadline=DEADLINE)
    answer_all(session, people, pos, 2)
    approve(session, people, pos, 2)
    step(pen, pos, "conclude")
    assert stage(session, pos) == "eu_agreed"
    step(pen, pos, "start_brief")
    step(pen, pos, "submit", deadline=DEADLINE)
    assert stage(session, pos) == "brief_review"

    refused = step(pen, pos, "approve").get_data(as_text=True)
    assert "only the delegation lead can do this" in refused and "the delegation lead has not approved v3" in refused
    approve(session, people, pos, 3)
    assert "now at the stage Final" in step(lead, pos, "approve").get_data(as_text=True)
    assert stage(session, pos) == "final" and pos.frozen_at is not None

    final = page(pen, pos)
    assert "Final: the text is frozen and read-only" in final and "Add a clause" not in final
    uid = drafting.draft(session, pos)[1].uid
    assert pen.post(f"/positions/{pos.id}/clauses/{uid}/edit", data={"kind": "text", "body": "Sneaky."}).status_code == 403
    assert pen.post(f"/positions/{pos.id}/versions", data={"note": "late"}).status_code in (403, 409)
    with pytest.raises(Conflict):
        comments.post_comment(session, people.flemish, pos, uid, kind="comment", body="Too late?")
    session.rollback()
    for url in ("", "/versions", "/compare?from=1&to=3", "/history"):
        assert pen.get(f"/positions/{pos.id}{url}").status_code == 200
    assert len(versions.list_versions(session, pos)) == 3

    assert "This is the last stage" in step(lead, pos, "archive").get_data(as_text=True)
    assert stage(session, pos) == "archived"
    fired = [e.data["transition"] for e in session.query(Event).filter_by(verb="transition.fired").order_by(Event.id)]
    assert fired == ["submit", "conclude", "start_eu", "submit", "conclude", "start_brief", "submit", "approve", "archive"]
    assert verify_chain(session).ok


def test_simple_review_path_through_the_browser(session, people, as_):
    pos = position(session, people.pen, workflow_key="simple-review", title="Short note")
    pen, lead = as_(people.pen), as_(people.lead)
    html = page(pen, pos)
    assert "Simple review" in html and "Submit for review" in html and 'type="date"' not in html
    step(pen, pos, "submit", note="Please check")
    assert stage(session, pos) == "review" and versions.get_version(session, pos, 1).note == "Please check"
    assert "This also records your approval" in page(lead, pos)
    assert "now at the stage Approved" in step(lead, pos, "approve").get_data(as_text=True)  # one step, no approval before
    assert approvals.latest_decision(session, versions.get_version(session, pos, 1)).approver_id == people.lead.id
    assert stage(session, pos) == "approved" and pos.frozen_at is not None


def test_history_page_filters_and_pages(session, people, pos, as_, monkeypatch):
    pen = as_(people.pen)
    step(pen, pos, "submit", deadline=DEADLINE)
    html = pen.get(f"/positions/{pos.id}/history").get_data(as_text=True)
    assert "History of this position" in html and "Submit for consultation: Belgian draft → Belgian consultation" in html
    assert html.index("transition.fired") < html.index("position.created")  # newest first
    only = pen.get(f"/positions/{pos.id}/history?verb=transition").get_data(as_text=True)
    assert "transition.fired" in only and "clause.added" not in only and "1 event" in only
    assert "clause.added" in pen.get(f"/positions/{pos.id}/history?actor={people.pen.id}").get_data(as_text=True)
    assert "No events match" in pen.get(f"/positions/{pos.id}/history?actor={people.lead.id}").get_data(as_text=True)
    assert "No events match" in pen.get(f"/positions/{pos.id}/history?until=2001-01-01").get_data(as_text=True)
    today = date.today().isoformat()
    assert "position.created" in pen.get(f"/positions/{pos.id}/history?since={today}&until={today}").get_data(as_text=True)
    monkeypatch.setattr("app.workflow.routes.PER_PAGE", 4)
    first = pen.get(f"/positions/{pos.id}/history").get_data(as_text=True)
    assert "page 1 of 3" in first and "Older" in first
    last = pen.get(f"/positions/{pos.id}/history?page=3").get_data(as_text=True)
    assert "position.created" in last and "transition.fired" not in last


def test_history_refuses_bad_filters_clearly(people, pos, as_):
    response = as_(people.pen).get(f"/positions/{pos.id}/history?since=yesterday&actor=bob&page=0")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "&#39;yesterday&#39; is not a date (use YYYY-MM-DD)" in html and "The actor must be a user id" in html
    assert "The page must be a whole number" in html


def test_history_is_readable_by_viewers_not_by_the_admin(people, pos, as_):
    assert as_(people.viewer).get(f"/positions/{pos.id}/history").status_code == 200
    assert as_(people.admin).get(f"/positions/{pos.id}/history").status_code == 403
    assert as_(people.viewer).get("/positions/999/history").status_code == 404


def test_history_page_shows_a_tampered_event(session, people, pos, as_):
    event = session.query(Event).filter_by(position_id=pos.id, verb="clause.added").order_by(Event.id).first()
    session.query(Event).filter_by(id=event.id).update({"data": {"body": "Something else"}})
    session.commit()
    html = as_(people.pen).get(f"/positions/{pos.id}/history").get_data(as_text=True)
    assert "The audit log has been altered outside Plenipo." in html
    assert f"Event {event.id}: its content does not match its hash." in html
    assert html.count("altered</strong>") == 1 and "intact" in html
