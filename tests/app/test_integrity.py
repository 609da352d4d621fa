"""Signed text stays signed: nothing changes a final position, the final text is the approved one,
officials act only for their current, active administration, and restricted positions stay in their circle."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from positions.audit import record, verify_chain
from positions.errors import ValidationFailed
from positions.models import Administration, Approval, Comment, Consent, Event
from positions.services import (
    accounts,
    approvals,
    comments,
    consultations,
    drafting,
    editing,
    versions,
)
from tests.factories import position
from tests.helpers import attempt_login, bearer, login
from workflows.service import fire_transition

DEADLINE = (date.today() + timedelta(days=10)).isoformat()
FINAL = "This position is final: its text, comments, answers and approvals can no longer change."


def events(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(Event))


@pytest.fixture
def brief(session, people):
    """A brief under review on v1, which the lead approved; SPW-ARNE made a reservation on it."""
    pos = position(session, people.pen)
    pos.stage = "brief_draft"
    fire_transition(pos, "submit", people.pen, deadline=DEADLINE)
    v1 = versions.get_version(session, pos, 1)
    consultations.answer(session, people.walloon, pos, v1, "agree_with_reservation", "Fallback too weak.")
    uid = drafting.draft(session, pos)[3].uid
    reservation = comments.post_comment(session, people.walloon, pos, uid, kind="reservation", body="We keep our reservation.")
    approvals.decide(session, people.lead, pos, v1, "approve")
    session.commit()
    pos.reservation_id = reservation.id
    return pos


@pytest.fixture
def final(session, people, brief):
    fire_transition(brief, "approve", people.lead)
    session.commit()
    assert brief.stage == "final" and brief.frozen_at is not None
    return brief


@pytest.mark.parametrize("archived", [False, True], ids=["final", "archived"])
def test_nothing_is_written_to_a_final_or_archived_position(client, session, people, final, archived):
    if archived:
        fire_transition(final, "archive", people.pen)
        session.commit()
    lead, walloon, pen = bearer(client, people.lead), bearer(client, people.walloon), bearer(client, people.pen)
    before = events(session), session.scalar(select(func.count()).select_from(Approval))
    url = f"/api/v1/positions/{final.id}"

    for headers, method, path, body in [
        (lead, "POST", "/versions/1/approval", {"decision": "approve"}),
        (lead, "POST", "/versions/1/approval", {"decision": "reject", "note": "Second thoughts."}),
        (walloon, "PUT", "/versions/1/consent", {"state": "object", "note": "Too late."}),
        (walloon, "POST", f"/clauses/{drafting.draft(session, final)[1].uid}/comments", {"body": "One more thing."}),
        (pen, "POST", "/versions", {"note": "late"}),
    ]:
        response = client.open(url + path, method=method, headers=headers, json=body)
        assert response.status_code == 409, (path, response.get_json())
        assert response.get_json()["error"]["message"] == FINAL
    withdrawn = client.post(f"/api/v1/comments/{final.reservation_id}/resolve", headers=walloon, json={"status": "withdrawn"})
    assert withdrawn.status_code == 409 and withdrawn.get_json()["error"]["message"] == FINAL
    assert (events(session), session.scalar(select(func.count()).select_from(Approval))) == before
    assert session.get(Comment, final.reservation_id).status == "open"


def test_the_web_refuses_the_same_writes_with_a_clear_page(client, session, people, final):
    login(client, people.walloon)
    before = events(session)
    page = client.post(f"/comments/{final.reservation_id}/resolve", data={"status": "withdrawn"})
    assert page.status_code == 409 and FINAL in page.get_data(as_text=True)
    client.post("/logout")
    login(client, people.lead)
    page = client.post(f"/positions/{final.id}/versions/1/approval", data={"decision": "approve"})
    assert page.status_code == 409 and FINAL in page.get_data(as_text=True)
    assert events(session) == before


def test_the_final_text_is_exactly_the_approved_one_whatever_the_definition_says(session, people, brief, monkeypatch):
    """Entering a frozen state re-checks the approval under the lock, even when no guard asks for it."""
    from workflows import service

    bare = service.workflow_for(brief)
    approve = bare.transition("approve", "brief_review")
    unguarded = type(approve)(approve.name, approve.label, approve.source, approve.target, approve.roles, (), approve.effects, approve.args)
    lenient = replace(bare, transitions=[unguarded if t is approve else t for t in bare.transitions])
    monkeypatch.setattr(service, "workflow_for", lambda position: lenient)
    clause = drafting.draft(session, brief)[1]
    editing.edit_clause(session, people.pen, brief, clause.uid, base_revision=clause.revision.id, body="Changed after approval.")
    session.commit()

    with pytest.raises(Exception) as refusal:
        fire_transition(brief, "approve", people.lead)
    assert "the text has changed since v1" in str(refusal.value.message)
    session.rollback()
    assert brief.stage == "brief_review" and brief.frozen_at is None


def test_rejections_are_recorded_as_such_and_old_misspelt_events_read_right(client, session, people, brief):
    approvals.decide(session, people.lead, brief, versions.get_version(session, brief, 1), "reject", "Not yet.")
    old = record(session, people.lead, "version.rejectd", ("approval", 99), position_id=brief.id, data={"version": 1})
    session.commit()
    verbs = session.scalars(select(Event.verb).where(Event.verb.like("version.rej%"))).all()
    assert sorted(verbs) == ["version.rejectd", "version.rejected"]
    api = client.get(f"/api/v1/positions/{brief.id}/events?verb=version.rejected", headers=bearer(client, people.pen)).get_json()
    assert [e["verb"] for e in api["events"]] == ["version.rejected", "version.rejected"]
    assert api["events"][0]["id"] == old.id and api["events"][0]["intact"] is True
    login(client, people.pen)
    page = client.get(f"/positions/{brief.id}/history?verb=version.rejected").get_data(as_text=True)
    assert page.count("version rejected") == 2 and "rejectd" not in page
    assert verify_chain(session).ok


def test_a_moved_official_acts_only_for_the_new_administration(client, session, people, brief):
    reservation = session.get(Comment, brief.reservation_id)
    accounts.update_user(session, people.admin, people.walloon, name=people.walloon.name, email=people.walloon.email,
                         administration_code="VL-OMG", role="official", active=True)
    session.commit()
    headers = bearer(client, people.walloon)

    refused = client.post(f"/api/v1/comments/{reservation.id}/resolve", headers=headers, json={"status": "withdrawn"})
    assert refused.status_code == 403
    assert refused.get_json()["error"]["message"] == (
        "Only its author can withdraw a comment, while still an official of its administration.")
    assert session.get(Comment, reservation.id).status == "open"
    assert session.get(Comment, reservation.id).administration.code == "SPW-ARNE"  # comments keep their administration
    uid = drafting.draft(session, brief)[1].uid
    posted = client.post(f"/api/v1/positions/{brief.id}/clauses/{uid}/comments", headers=headers, json={"body": "Now for Flanders."})
    assert posted.status_code == 201 and posted.get_json()["administration"] == "VL-OMG"


def test_a_deactivated_administration_can_no_longer_act(client, session, people, brief):
    headers = bearer(client, people.walloon)
    web = app_client = client.application.test_client()
    assert login(web, people.walloon).status_code == 302
    spw = session.scalar(select(Administration).where(Administration.code == "SPW-ARNE"))
    accounts.update_administration(session, people.admin, spw, name=spw.name, kind=spw.kind, active=False)
    session.commit()

    assert client.get("/api/v1/me", headers=headers).status_code == 401
    uid = drafting.draft(session, brief)[1].uid
    assert client.post(f"/api/v1/positions/{brief.id}/clauses/{uid}/comments", headers=headers, json={"body": "x"}).status_code == 401
    page = web.get(f"/positions/{brief.id}")
    assert page.status_code == 302 and "/login" in page.headers["Location"]
    again = attempt_login(app_client, people.walloon)
    assert again.status_code == 401 and "Your administration (SPW-ARNE) is no longer active" in again.get_data(as_text=True)
    token = client.post("/api/v1/tokens", json={"email": people.walloon.email, "password": "correct horse battery"})
    assert token.status_code == 401
    assert token.get_json()["error"]["message"] == "Your administration (SPW-ARNE) is no longer active in Plenipo. Ask an administrator."
    assert session.scalar(select(func.count()).select_from(Consent).where(Consent.state == "object")) == 0


def test_an_admin_cannot_deactivate_their_own_administration(session, people):
    bbpf = people.admin.administration
    with pytest.raises(ValidationFailed, match="your own administration"):
        accounts.update_administration(session, people.admin, bbpf, name=bbpf.name, kind=bbpf.kind, active=False)


@pytest.fixture
def restricted(session, people):
    """A restricted position of the pen-holder (BBPF) on which only VL-OMG is consulted."""
    pos = position(session, people.pen, consulted=("VL-OMG",), confidentiality="restricted", title="Sensitive budget line")
    versions.take_version(session, people.pen, pos, "v1")
    session.commit()
    return pos


@pytest.mark.parametrize("who,sees", [("pen", True), ("flemish", True), ("lead", True),
                                      ("outsider", False), ("viewer", False), ("walloon", False)])
def test_a_restricted_position_is_seen_only_by_its_circle(client, session, people, restricted, who, sees):
    user = getattr(people, who)
    headers = bearer(client, user)
    api = f"/api/v1/positions/{restricted.id}"
    listed = [p["id"] for p in client.get("/api/v1/positions", headers=headers).get_json()["positions"]]
    assert (restricted.id in listed) is sees
    for path in ("", "/events", "/comments", "/versions/1", "/export.docx?version=1", "/transitions"):
        response = client.get(api + path, headers=headers)
        assert response.status_code == (200 if sees else 404), path
        if not sees:
            assert response.get_json()["error"]["message"] == f"There is no position {restricted.id}."
    login(client, user)
    assert ("Sensitive budget line" in client.get("/").get_data(as_text=True)) is sees
    for path in ("", "/history", "/versions", "/word", "/consultation", "/comments"):
        assert client.get(f"/positions/{restricted.id}{path}").status_code == (200 if sees else 404), path


def test_the_meaning_of_confidentiality_is_shown_where_it_is_chosen(client, people):
    login(client, people.pen)
    page = client.get("/positions/new").get_data(as_text=True)
    assert "Restricted: only the pen-holder&#39;s administration, the consulted administrations and the delegation lead" in page
    assert 'aria-describedby="confidentiality-help"' in page
