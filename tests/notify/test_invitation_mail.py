"""A new delegate's invitation travels by mail through the outbox: the link in it sets the password, once."""

from __future__ import annotations

from app.notify.worker import run_once
from positions.models import Notification
from tests import factories
from tests.helpers import bearer, login


def test_the_invitation_link_arrives_by_mail_and_sets_the_password(app, client, session, people, smtp):
    factories.administrations_eu(session)
    pos = factories.position(session, people.pen)
    answer = client.post(f"/api/v1/positions/{pos.id}/participants", headers=bearer(client, people.pen),
                         json={"email": "anna@bmuv.example.de", "name": "Anna Schmidt", "administration": "DE"})
    assert answer.status_code == 201 and answer.get_json()["state"] == "invited"
    assert "invitation" not in str(answer.get_json())  # the link goes to the delegate only, never to the pen-holder
    assert run_once().sent == 1
    [mail] = smtp.to("anna@bmuv.example.de")
    text = mail.get_body(preferencelist=("plain",)).get_content()
    assert "Anne Peeters" in text or people.pen.name in text
    assert pos.title in text and "Germany" in text
    link = next(word for word in text.split() if "/invitation/" in word)
    path = link.removeprefix("https://plenipo.example.be")
    anonymous = app.test_client()
    assert anonymous.post(path, data={"new_password": "ein sicheres Passwort", "confirm": "ein sicheres Passwort"}).status_code == 302
    anna = session.query(Notification).filter_by(kind="invitation").one().user
    login(anonymous, anna, "ein sicheres Passwort")
    assert run_once().sent == 0  # once


def test_an_existing_delegate_gets_no_new_link(client, session, people, smtp):
    factories.administrations_eu(session)
    first, second = factories.position(session, people.pen), factories.position(session, people.pen, title="Budget")
    for pos in (first, second):
        client.post(f"/api/v1/positions/{pos.id}/participants", headers=bearer(client, people.pen),
                    json={"email": "anna@bmuv.example.de", "name": "Anna Schmidt", "administration": "DE"})
    assert session.query(Notification).filter_by(kind="invitation").count() == 2  # no password set yet: a fresh link
    assert run_once().sent == 2
