"""A pen-holder changes a position's details after creation: web form and PATCH, audited, consultation-aware."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from positions.clock import now
from positions.models import Event
from positions.services import consultations
from tests.factories import position
from tests.helpers import bearer, login


def _events(session, pos, verb):
    return list(session.scalars(select(Event).where(Event.position_id == pos.id, Event.verb == verb)))


def test_pen_holder_renames_and_reclassifies_through_the_web(client, session, people):
    pos = position(session, people.pen)
    login(client, people.pen)
    page = client.get(f"/positions/{pos.id}/details").get_data(as_text=True)
    assert 'value="Belgian position on the work programme"' in page
    response = client.post(f"/positions/{pos.id}/details", data={
        "title": "Belgian position on the rolling work programme", "meeting": "IPBES-13", "agenda_item": "Item 7",
        "document_symbol": "IPBES/13/4", "confidentiality": "restricted", "consulted": ["VL-OMG", "SPW-ARNE", "BXL-ENV", "FPS-FA"],
    }, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Belgian position on the rolling work programme" in html and "IPBES/13/4" in html
    session.refresh(pos)
    assert (pos.meeting, pos.agenda_item, pos.confidentiality) == ("IPBES-13", "Item 7", "restricted")
    assert [a.code for a in pos.consulted] == ["BXL-ENV", "FPS-FA", "SPW-ARNE", "VL-OMG"]
    (event,) = _events(session, pos, "position.details_changed")
    assert event.data["meeting"] == ["IPBES-12", "IPBES-13"] and event.data["consulted"]["added"] == ["FPS-FA"]


def test_officials_cannot_change_details(client, session, people):
    pos = position(session, people.pen)
    login(client, people.flemish)
    assert client.get(f"/positions/{pos.id}/details").status_code == 403
    assert client.patch(f"/api/v1/positions/{pos.id}", json={"title": "Mine"}, headers=bearer(client, people.flemish)).status_code == 403


def test_patch_changes_only_what_is_sent_and_warns_about_unstaffed_administrations(client, session, people):
    pos = position(session, people.pen)
    headers = bearer(client, people.pen)
    response = client.patch(f"/api/v1/positions/{pos.id}", json={"agenda_item": "Item 8", "consulted": ["VL-OMG", "BELSPO"]}, headers=headers)
    assert response.status_code == 200, response.json
    body = response.json
    assert body["agenda_item"] == "Item 8" and body["title"] == "Belgian position on the work programme"
    assert body["consulted"] == ["BELSPO", "VL-OMG"]
    assert any("BELSPO has no active official" in w for w in body["warnings"])
    assert not any("VL-OMG" in w for w in body["warnings"])
    assert client.patch(f"/api/v1/positions/{pos.id}", json={"title": ""}, headers=headers).status_code == 422


def test_web_form_warns_about_an_administration_without_official(client, session, people):
    pos = position(session, people.pen)
    login(client, people.pen)
    response = client.post(f"/positions/{pos.id}/details", data={
        "title": pos.title, "meeting": pos.meeting, "agenda_item": pos.agenda_item, "confidentiality": "limited",
        "consulted": ["VL-OMG", "RBINS"]}, follow_redirects=True)
    assert "RBINS has no active official" in response.get_data(as_text=True)


def test_an_administration_that_answered_cannot_leave_the_running_consultation(client, session, people):
    pos = position(session, people.pen)
    consultations.consult(session, people.pen, pos, None, now() + timedelta(days=5))
    session.commit()
    version = consultations.open_consultation_of(session, pos).version
    consultations.answer(session, people.walloon, pos, version, "agree")
    session.commit()
    headers = bearer(client, people.pen)
    refused = client.patch(f"/api/v1/positions/{pos.id}", json={"consulted": ["VL-OMG", "BXL-ENV"]}, headers=headers)
    assert refused.status_code == 409 and "SPW-ARNE already answered" in refused.json["error"]["message"]
    # One that has not answered yet leaves the consultation; a newcomer joins it, pending.
    ok = client.patch(f"/api/v1/positions/{pos.id}", json={"consulted": ["VL-OMG", "SPW-ARNE", "FPS-FA"]}, headers=headers)
    assert ok.status_code == 200, ok.json
    session.expire_all()
    consents = {c.administration.code: c.state for c in consultations.open_consultation_of(session, pos).consents}
    assert consents == {"VL-OMG": "pending", "SPW-ARNE": "agree", "FPS-FA": "pending"}


def test_an_export_does_not_change_the_last_change(client, session, people):
    import time_machine

    from exports.documents import export_position, parse_options
    from positions.services.positions import list_positions

    with time_machine.travel("2030-03-01 09:00", tick=False):
        pos = position(session, people.pen)
    with time_machine.travel("2030-03-05 10:00", tick=False):
        export_position(session, people.lead, pos, parse_options({"layout": "position"}))
        session.commit()
        login(client, people.pen)
        client.get(f"/positions/{pos.id}/word/export?layout=comments_table&format=csv")
    (row,) = [r for r in list_positions(session, people.pen) if r.position.id == pos.id]
    assert row.last_change.day == 1
    api = client.get("/api/v1/positions", headers=bearer(client, people.pen)).json
    assert api["positions"][0]["last_change"].startswith("2030-03-01")
