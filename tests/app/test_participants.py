"""Member-state delegates invited to a position's EU phase: invitations, the set-password link, revocation,
and a delegate who sees nothing Belgian (issue 17, second part: the EU-phase pages come next)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from positions.errors import Conflict, NotFound, ValidationFailed
from positions.models import Event, User
from positions.services import participants
from tests import factories
from tests.helpers import attempt_login, login, token


@pytest.fixture
def pos(session, people):
    factories.administrations_eu(session)
    return factories.position(session, people.pen)


def invite(session, people, pos, email="anna.schmidt@bmuv.example.de", name="Anna Schmidt", administration="DE"):
    invited = participants.invite(session, people.pen, pos, email=email, name=name, administration=administration)
    session.commit()
    return invited


def test_a_new_address_gets_a_delegate_account_and_a_single_use_link(client, session, people, pos):
    invited = invite(session, people, pos)
    anna = invited.participant.user
    assert anna.role == "delegate" and anna.administration.code == "DE" and invited.secret
    assert participants.state_of(invited.participant) == "invited"
    assert attempt_login(client, anna, "").status_code != 302  # no password yet: no way in
    page = client.get(f"/invitation/{invited.secret}")
    assert page.status_code == 200 and "Anna Schmidt" in page.get_data(as_text=True)
    short = client.post(f"/invitation/{invited.secret}", data={"new_password": "short", "confirm": "short"})
    assert short.status_code == 422
    done = client.post(f"/invitation/{invited.secret}", data={"new_password": "ein sicheres Passwort", "confirm": "ein sicheres Passwort"})
    assert done.status_code == 302 and "/login" in done.headers["Location"]
    session.expire_all()
    assert participants.state_of(invited.participant) == "active"
    again = client.get(f"/invitation/{invited.secret}")
    assert again.status_code == 410 and "already been used" in again.get_data(as_text=True)
    assert login(client, anna, "ein sicheres Passwort").status_code == 302


def test_an_expired_link_says_so(client, session, people, pos):
    invited = invite(session, people, pos)
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=15), tick=False):
        page = client.get(f"/invitation/{invited.secret}")
    assert page.status_code == 410 and "expired" in page.get_data(as_text=True)
    assert client.get("/invitation/made-up").status_code == 404


def test_an_existing_delegate_gains_one_more_position_without_a_new_link(session, people, pos):
    first = invite(session, people, pos)
    participants.accept(session, first.secret, "ein sicheres Passwort")
    other = factories.position(session, people.pen, title="Budget")
    second = participants.invite(session, people.pen, other, email="ANNA.SCHMIDT@bmuv.example.de", name="", administration="de")
    session.commit()
    assert second.secret is None and second.participant.user.id == first.participant.user.id
    assert {p.id for p in participants.invited_positions(session, first.participant.user)} == {pos.id, other.id}


@pytest.mark.parametrize(("email", "administration", "error", "words"), [
    ("official.vl-omg@example.be", "DE", Conflict, "belongs to a Belgian account"),
    ("new@example.de", "XX", ValidationFailed, "'XX' is not a member state or EU institution"),
    ("new@example.de", "VL-OMG", ValidationFailed, "'VL-OMG' is not a member state"),
    ("not an address", "DE", ValidationFailed, ""),
    ("new@example.de", "DE", ValidationFailed, "name is required"),
])
def test_bad_invitations_are_refused_and_create_nothing(session, people, pos, email, administration, error, words):
    users, events = session.query(User).count(), session.query(Event).count()
    with pytest.raises(error, match=words or None):
        participants.invite(session, people.pen, pos, email=email, name="" if "name" in words else "X", administration=administration)
    session.rollback()
    assert (session.query(User).count(), session.query(Event).count()) == (users, events)


def test_inviting_twice_or_for_another_country_is_refused(session, people, pos):
    invite(session, people, pos)
    with pytest.raises(Conflict, match="already invited"):
        invite(session, people, pos)
    session.rollback()
    with pytest.raises(Conflict, match="already the delegate of DE"):
        invite(session, people, pos, administration="FR")


def test_only_the_pen_holder_invites(session, people, pos):
    for person in (people.flemish, people.lead, people.viewer, people.admin):
        with pytest.raises(Exception, match="Only the pen-holder"):
            participants.invite(session, person, pos, email="x@example.de", name="X", administration="DE")
        session.rollback()


def test_revoked_delegates_lose_the_position_and_can_be_invited_again(session, people, pos):
    invited = invite(session, people, pos)
    participants.revoke(session, people.pen, pos, invited.participant.id)
    session.commit()
    assert participants.state_of(invited.participant) == "revoked"
    assert participants.invited_positions(session, invited.participant.user) == []
    with pytest.raises(NotFound):
        participants.revoke(session, people.pen, factories.position(session, people.pen, title="Other"), invited.participant.id)
    session.rollback()
    again = invite(session, people, pos)
    assert participants.state_of(again.participant) == "invited" and again.participant.id == invited.participant.id


def test_a_delegate_sees_nothing_belgian(client, session, people, pos):
    invited = invite(session, people, pos)
    participants.accept(session, invited.secret, "ein sicheres Passwort")
    session.commit()
    anna = invited.participant.user
    login(client, anna, "ein sicheres Passwort")
    home = client.get("/").get_data(as_text=True)
    assert pos.title in home and "VL-OMG" not in home and "Flemish" not in home
    assert 'href="/library"' not in home and 'href="/official-documents"' not in home and 'name="q"' not in home
    # The Belgian side of a position is not there for a delegate: 404, as for a position that does not exist.
    for url in (f"/positions/{pos.id}", f"/positions/{pos.id}/comments", f"/positions/{pos.id}/history",
                f"/positions/{pos.id}/consultation", f"/positions/{pos.id}/participants", f"/positions/{pos.id}/versions",
                "/positions/999999"):
        assert client.get(url).status_code == 404, url
    headers = {"Authorization": f"Bearer {token(client, anna, 'ein sicheres Passwort')}"}
    codes = {a["code"] for a in client.get("/api/v1/administrations", headers=headers).get_json()["administrations"]}
    assert "DE" in codes and "COM" in codes and not codes & {"VL-OMG", "SPW-ARNE", "BBPF", "FPS-ENV"}
    assert client.get("/api/v1/positions", headers=headers).status_code == 403
    assert client.get(f"/api/v1/positions/{pos.id}/participants", headers=headers).status_code == 404


def test_the_pen_holder_picks_a_member_state_by_its_name(client, session, people, pos):
    login(client, people.pen)
    page = client.get(f"/positions/{pos.id}/participants").get_data(as_text=True)
    assert '<option value="DE">DE — Germany</option>' in page and '<option value="COM">COM — ' in page


def test_belgian_users_see_the_participants(client, session, people, pos):
    invite(session, people, pos)
    login(client, people.flemish)
    page = client.get(f"/positions/{pos.id}/participants").get_data(as_text=True)
    assert "Anna Schmidt" in page and "Deutschland" not in page and "Germany" in page and "Invite a delegate" not in page
