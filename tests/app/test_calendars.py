"""Calendars: the personal secret address and a position's .ics, read back with the icalendar library."""

from __future__ import annotations

from datetime import UTC, datetime

from icalendar import Calendar

from positions.models import Consultation
from tests.factories import position
from tests.helpers import bearer, login
from workflows.service import fire_transition

DEADLINE = "2099-03-08T17:00:00+01:00"


def consulted_position(session, people, **kwargs):
    pos = position(session, people.pen, **kwargs)
    fire_transition(pos, "submit", people.pen, deadline=DEADLINE)
    session.commit()
    return pos


def personal_url(client, user) -> str:
    login(client, user)
    url = client.get("/api/v1/me/calendar", headers=bearer(client, user)).get_json()["calendar_url"]
    assert url.startswith("http://localhost/calendar/") and url.endswith(".ics")
    return url.removeprefix("http://localhost")


def events_of(response) -> list:
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.content_type == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.data)
    assert str(calendar["PRODID"]).startswith("-//Plenipo//") and str(calendar["VERSION"]) == "2.0"
    assert str(calendar["METHOD"]) == "PUBLISH"
    events = list(calendar.walk("VEVENT"))
    for event in events:
        assert event["UID"] and event.decoded("DTSTAMP").tzinfo is not None
        assert event.decoded("DTSTART").utcoffset().total_seconds() == 0  # UTC: no VTIMEZONE needed
    return events


def test_the_personal_calendar_lists_the_deadlines_of_ones_administration(app, client, people, session):
    pos = consulted_position(session, people)
    url = personal_url(client, people.walloon)
    anonymous = app.test_client()  # a calendar program: no login, the address is the credential
    (event,) = events_of(anonymous.get(url))
    assert event.decoded("DTEND") == datetime(2099, 3, 8, 16, 0, tzinfo=UTC)
    assert str(event["SUMMARY"]) == "Deadline: Belgian position on the work programme (version 1)"
    assert str(event["URL"]) == f"http://localhost/positions/{pos.id}/consultation"
    consultation_id = session.query(Consultation).one().id
    assert str(event["UID"]) == f"consultation-{consultation_id}@plenipo"
    assert "Europe/Brussels" in str(event["DESCRIPTION"])
    # The pen-holder's administration sees it too; one that is not consulted does not.
    assert len(events_of(anonymous.get(personal_url(app.test_client(), people.pen)))) == 1
    assert events_of(anonymous.get(personal_url(app.test_client(), people.outsider))) == []


def test_a_restricted_position_stays_out_of_calendars_outside_its_circle(app, people, session):
    consulted_position(session, people, confidentiality="restricted", consulted=("VL-OMG",))
    assert len(events_of(app.test_client().get(personal_url(app.test_client(), people.flemish)))) == 1
    assert events_of(app.test_client().get(personal_url(app.test_client(), people.walloon))) == []
    assert len(events_of(app.test_client().get(personal_url(app.test_client(), people.lead)))) == 1


def test_the_calendar_is_in_the_readers_language(app, client, people, session):
    consulted_position(session, people)
    people.walloon.locale = "fr"
    session.commit()
    (event,) = events_of(app.test_client().get(personal_url(client, people.walloon)))
    assert "version 1" in str(event["SUMMARY"])


def test_renewing_the_address_revokes_the_old_one(app, client, people, session):
    consulted_position(session, people)
    old = personal_url(client, people.walloon)
    page = client.get("/profile").get_data(as_text=True)
    assert f'value="http://localhost{old}"' in page
    assert client.post("/profile/calendar/renew").status_code == 302
    assert app.test_client().get(old).status_code == 404
    new = client.get("/profile").get_data(as_text=True).split('id="calendar-url" type="text" readonly value="http://localhost')[1].split('"')[0]
    assert new != old and app.test_client().get(new).status_code == 200
    api = app.test_client()
    headers = bearer(api, people.walloon)
    renewed = api.post("/api/v1/me/calendar/reset", headers=headers).get_json()["calendar_url"]
    assert app.test_client().get(new).status_code == 404
    assert app.test_client().get(renewed.removeprefix("http://localhost")).status_code == 200


def test_nobody_reads_another_users_calendar(app, client, people, session):
    consulted_position(session, people)
    mine = personal_url(client, people.walloon)
    user_id, generation, signature = mine.removeprefix("/calendar/").removesuffix(".ics").split("-")
    for forged in (f"{people.flemish.id}-{generation}-{signature}", f"{user_id}-{int(generation) + 1}-{signature}",
                   f"{user_id}-{generation}-{'0' * 40}", "1", "../profile"):
        assert app.test_client().get(f"/calendar/{forged}.ics").status_code == 404, forged
    people.walloon.active = False  # a deactivated account's calendar stops too
    session.commit()
    assert app.test_client().get(mine).status_code == 404


def test_a_position_offers_its_deadlines(app, client, people, session):
    pos = consulted_position(session, people)
    login(client, people.flemish)
    page = client.get(f"/positions/{pos.id}").get_data(as_text=True)
    assert f"/positions/{pos.id}/deadlines.ics" in page
    response = client.get(f"/positions/{pos.id}/deadlines.ics")
    (event,) = events_of(response)
    assert 'filename="position-' in response.headers["Content-Disposition"]
    assert event.decoded("DTEND") == datetime(2099, 3, 8, 16, 0, tzinfo=UTC)
    restricted = consulted_position(session, people, confidentiality="restricted", consulted=("VL-OMG",))
    outsider = app.test_client()
    login(outsider, people.outsider)
    assert outsider.get(f"/positions/{restricted.id}/deadlines.ics").status_code == 404
