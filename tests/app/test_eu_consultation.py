"""The EU consultation consults the invited member states (issue 17): delegates answer for their member state.

A consultation opened in the EU phase asks the member states whose delegates are invited to the position (and,
as the IPBES workflow says with `consults`, the Belgian administrations in the same round). Answers, silence,
reservations and consensus count for member states exactly as for administrations. A delegate answers on the
EU consultation page or the API, only for their own member state, never once revoked, and never sees a Belgian
administration's answer or a Belgian-phase consultation.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from positions.clock import now
from positions.errors import NotFound, PermissionDenied, ValidationFailed
from positions.models import Consultation, Position, User
from positions.services import approvals, consultations, participants, review_views, versions
from tests import factories
from tests.helpers import login, token
from workflows import eu_consultation
from workflows.service import fire_transition, transitions

DEADLINE = "2099-12-31"
PASSWORD = "ein sicheres Passwort"
BELGIAN_NAMES = ("Flemish", "Walloon", "Brussels", "VL-OMG", "SPW-ARNE", "BXL-ENV")


def agree_and_approve(session, people, pos, number):
    version = versions.get_version(session, pos, number)
    for official in (people.flemish, people.walloon, people.brussels):
        consultations.answer(session, official, pos, version, "agree")
    approvals.decide(session, people.lead, pos, version, "approve")
    session.commit()


@pytest.fixture
def world(session, people):
    """A position past its Belgian phase, with delegates of DE and FR invited; the EU text submitted (version 2)."""
    factories.administrations_eu(session)
    pos = factories.position(session, people.pen)
    fire_transition(pos, "submit", people.pen, deadline=DEADLINE)
    agree_and_approve(session, people, pos, 1)
    fire_transition(pos, "conclude", people.lead)
    fire_transition(pos, "start_eu", people.pen)
    delegates = {}
    for code, email, name in (("DE", "anna@bmuv.example.de", "Anna Schmidt"), ("FR", "claire@example.fr", "Claire Martin")):
        invited = participants.invite(session, people.pen, pos, email=email, name=name, administration=code)
        participants.accept(session, invited.secret, PASSWORD)
        delegates[code] = invited.participant
    session.commit()
    fire_transition(pos, "submit", people.pen, deadline=DEADLINE)  # version 2 of the position: EU version 1
    session.commit()
    return pos, delegates["DE"].user, delegates["FR"].user, delegates


def codes(consultation):
    return sorted(c.administration.code for c in consultation.consents)


def test_the_eu_consultation_asks_the_invited_member_states_and_the_belgian_administrations(session, people, world):
    pos, anna, claire, _ = world
    consultation = consultations.open_consultation_of(session, pos)
    assert codes(consultation) == ["BXL-ENV", "DE", "FR", "SPW-ARNE", "VL-OMG"]
    [eu_round] = eu_consultation.eu_rounds(session, pos)  # the Belgian round on version 1 is not an EU round
    assert eu_round.number == 1 and sorted(c.administration.code for c in eu_round.consents) == ["DE", "FR"]


def test_a_revoked_delegate_s_member_state_is_not_asked_and_an_eu_only_phase_needs_one(session, people, world):
    pos, anna, claire, delegates = world
    participants.revoke(session, people.pen, pos, delegates["FR"].id)
    version = versions.take_version(session, people.pen, pos, "again")
    fire_transition(pos, "revise", people.pen)
    parties = consultations.consulted_parties(session, pos, ("eu",))
    assert [a.code for a in parties] == ["DE"]
    participants.revoke(session, people.pen, pos, delegates["DE"].id)
    with pytest.raises(ValidationFailed, match="No member state is invited"):
        consultations.open_consultation(session, people.pen, pos, version, now() + timedelta(days=3), ("eu",))


def test_a_delegate_objects_then_agrees_with_reservation_counted_as_for_administrations(session, people, world):
    pos, anna, claire, _ = world
    consent = eu_consultation.answer(session, anna, pos, 1, "object", "Paragraph 1 goes too far for us.")
    session.commit()
    assert consent.administration.code == "DE" and consent.answered_by_id == anna.id
    current = eu_consultation.current_round(session, pos)
    assert current.verdict.state == "blocked" and "Paragraph 1 goes too far" in current.verdict.text
    reasons = " ".join(r for step in transitions(pos, people.lead) if step.name == "conclude" for r in step.blocked_by)
    assert "Germany objects to v2: Paragraph 1 goes too far for us." in reasons
    assert "waiting for" in reasons and "France" in reasons

    eu_consultation.answer(session, anna, pos, 1, "agree_with_reservation", "We keep our concern on paragraph 1.")
    for official in (people.flemish, people.walloon, people.brussels):
        consultations.answer(session, official, pos, versions.get_version(session, pos, 2), "agree")
    session.commit()
    assert eu_consultation.current_round(session, pos).verdict.state == "pending"  # France has not answered
    consultation = consultations.open_consultation_of(session, pos)
    consultation.deadline = now() - timedelta(minutes=1)  # the deadline passes: France's silence is agreement
    session.commit()
    current = eu_consultation.current_round(session, pos)
    session.commit()
    assert current.verdict.state == "consensus"
    assert current.verdict.text == "Consensus: 1 agree with reservation, 1 silent"
    assert consultations.verdict(consultation).text == "Consensus: 3 agree, 1 agree with reservation, 1 silent"


def test_a_delegate_answers_only_for_their_own_member_state_and_not_after_revocation(session, people, world):
    pos, anna, claire, delegates = world
    eu_consultation.answer(session, claire, pos, 1, "agree")
    consultation = consultations.open_consultation_of(session, pos)
    states = {c.administration.code: c.state for c in consultation.consents}
    assert states["FR"] == "agree" and states["DE"] == "pending"
    with pytest.raises(NotFound):
        eu_consultation.answer(session, anna, pos, 2, "agree")  # no EU version 2 under consultation
    participants.revoke(session, people.pen, pos, delegates["DE"].id)
    session.commit()
    with pytest.raises(PermissionDenied, match="delegate invited to this position"):
        eu_consultation.answer(session, anna, pos, 1, "agree")
    session.rollback()
    with pytest.raises(PermissionDenied):  # a Belgian consultation: the delegate's member state is not asked
        consultations.answer(session, claire, pos, versions.get_version(session, pos, 1), "agree")


def test_the_delegate_answers_on_the_eu_consultation_page(app, client, session, people, world):
    pos, anna, claire, _ = world
    login(client, anna, PASSWORD)
    page = client.get(f"/eu/positions/{pos.id}/consultation")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "EU version 1" in html and "Answer for DE on EU version 1" in html
    assert "Germany" in html and "France" in html
    for name in BELGIAN_NAMES:
        assert name not in html, name
    assert f'href="/eu/positions/{pos.id}/consultation"' in client.get(f"/eu/positions/{pos.id}").get_data(as_text=True)

    done = client.post(f"/eu/positions/{pos.id}/versions/1/consent", data={"state": "object", "note": "Too far."},
                       follow_redirects=True)
    assert "The answer of DE on EU version 1 is recorded." in done.get_data(as_text=True)
    refused = client.post(f"/eu/positions/{pos.id}/versions/1/consent", data={"state": "object"}, follow_redirects=True)
    assert "a note is required" in refused.get_data(as_text=True)
    client.post(f"/eu/positions/{pos.id}/versions/1/consent", data={"state": "agree_with_reservation", "note": "Our concern stays."})
    states = {c.administration.code: (c.state, c.note) for c in consultations.open_consultation_of(session, pos).consents}
    assert states["DE"] == ("agree_with_reservation", "Our concern stays.") and states["FR"] == ("pending", None)

    belgian = app.test_client()  # a Belgian reader of the EU text sees what the member states see, and no form
    login(belgian, people.flemish)
    html = belgian.get(f"/eu/positions/{pos.id}/consultation").get_data(as_text=True)
    assert "Our concern stays." in html and "Answer for" not in html and "Flemish" not in html


def test_past_the_deadline_the_pages_offer_no_answer_form_but_say_silence_applies(app, client, session, people, world):
    pos, anna, _, _ = world
    consultations.open_consultation_of(session, pos).deadline = now() - timedelta(minutes=1)
    session.commit()
    login(client, anna, PASSWORD)
    html = client.get(f"/eu/positions/{pos.id}/consultation").get_data(as_text=True)
    assert "Answer for DE" not in html and 'name="state"' not in html
    assert "has passed: the silence procedure applies." in html and "silent" in html
    flemish = app.test_client()  # the Belgian administration asked in the same round, on its own page
    login(flemish, people.flemish)
    html = flemish.get(f"/positions/{pos.id}/consultation").get_data(as_text=True)
    assert "Answer for VL-OMG" not in html and 'name="state"' not in html
    assert "has passed: the silence procedure applies." in html


def test_the_delegate_never_sees_a_belgian_consultation(client, session, people, world):
    pos, anna, claire, _ = world
    login(client, anna, PASSWORD)
    for url in (f"/positions/{pos.id}/consultation", f"/positions/{pos.id}"):
        assert client.get(url).status_code in (403, 404), url
    assert client.post(f"/positions/{pos.id}/versions/2/consent", data={"state": "agree"}).status_code in (403, 404)
    headers = {"Authorization": f"Bearer {token(client, anna, PASSWORD)}"}
    for url in (f"/api/v1/positions/{pos.id}/versions/1/consents", f"/api/v1/positions/{pos.id}/versions/2/consents"):
        assert client.get(url, headers=headers).status_code in (403, 404), url
    assert client.put(f"/api/v1/positions/{pos.id}/versions/2/consent", json={"state": "agree"}, headers=headers).status_code in (403, 404)
    # The EU answer API never names a Belgian administration, and there is no EU version 2 (Belgian version 1 is not one).
    state = client.get(f"/api/v1/eu/positions/{pos.id}/consultation", headers=headers).get_json()
    assert [c["administration"] for c in state["consents"]] == ["DE", "FR"]
    assert client.put(f"/api/v1/eu/positions/{pos.id}/versions/2/consent", json={"state": "agree"}, headers=headers).status_code == 404


def test_the_delegate_answers_through_the_api(client, session, people, world):
    pos, anna, claire, delegates = world
    headers = {"Authorization": f"Bearer {token(client, anna, PASSWORD)}"}
    url = f"/api/v1/eu/positions/{pos.id}/versions/1/consent"
    objected = client.put(url, json={"state": "object", "note": "Too far."}, headers=headers)
    assert objected.status_code == 200 and objected.get_json()["administration"] == "DE"
    state = client.get(f"/api/v1/eu/positions/{pos.id}/consultation", headers=headers).get_json()
    assert state["version"] == 1 and state["verdict"]["state"] == "blocked" and state["closed_at"] is None
    assert {c["administration"]: c["state"] for c in state["consents"]} == {"DE": "object", "FR": "pending"}
    reservation = client.put(url, json={"state": "agree_with_reservation", "note": "Our concern stays."}, headers=headers)
    assert reservation.get_json()["state"] == "agree_with_reservation"
    assert client.put(url, json={"state": "object"}, headers=headers).status_code == 422

    participants.revoke(session, people.pen, pos, delegates["DE"].id)
    session.commit()
    assert client.put(url, json={"state": "agree"}, headers=headers).status_code == 404
    assert client.get(f"/api/v1/eu/positions/{pos.id}/consultation", headers=headers).status_code == 404
    german = next(c for c in consultations.open_consultation_of(session, pos).consents if c.administration.code == "DE")
    assert german.state == "agree_with_reservation"


@pytest.mark.parametrize(("locale", "germany"), [("en", "Germany"), ("fr", "Allemagne"), ("nl", "Duitsland")])
def test_the_pen_holder_sees_the_member_states_answers_beside_the_administrations(client, session, people, world, locale, germany):
    pos, anna, claire, _ = world
    eu_consultation.answer(session, anna, pos, 1, "object", "Too far for Berlin.")
    session.commit()
    people.pen.locale = locale
    session.commit()
    login(client, people.pen)
    html = client.get(f"/positions/{pos.id}/consultation").get_data(as_text=True)
    assert germany in html and "Too far for Berlin." in html and "Flemish" in html
    matrix = review_views.matrix(session, pos)
    assert [a.code for a in matrix.administrations] == ["BXL-ENV", "SPW-ARNE", "VL-OMG", "DE", "FR"]


def test_a_workflow_phase_of_the_member_states_only_asks_them(session, people, world):
    pos, anna, claire, _ = world
    fire_transition(pos, "revise", people.pen)
    version = versions.take_version(session, people.pen, pos, "EU only")
    consultation = consultations.open_consultation(session, people.pen, pos, version, now() + timedelta(days=3), ("eu",))
    session.commit()
    assert codes(consultation) == ["DE", "FR"]
    rounds = eu_consultation.eu_rounds(session, pos)
    assert [r.number for r in rounds] == [1, 2] and rounds[0].verdict.state == "closed"  # withdrawn by revise
    assert session.scalar(select(Consultation.outcome).where(Consultation.id == rounds[0].consultation.id)) == "withdrawn"


def test_the_demo_position_s_eu_consultation_asks_germany_france_and_the_netherlands(runner, session):
    assert runner.invoke(args=["demo"]).exit_code == 0
    pos = session.scalar(select(Position).where(Position.document_symbol == "IPBES/12/6"))
    pen, lead = (session.scalar(select(User).where(User.email == e)) for e in ("penholder@plenipo.demo", "lead@plenipo.demo"))
    fire_transition(pos, "submit", pen, deadline=DEADLINE)
    consultation = consultations.open_consultation_of(session, pos)
    assert not {"DE", "FR", "NL"} & set(codes(consultation))  # the Belgian consultation asks the Belgian side only
    consultation.deadline = now() - timedelta(minutes=1)
    consultations.settle(session, consultation)
    approvals.decide(session, lead, pos, versions.get_version(session, pos, consultation.version.number), "approve")
    session.commit()
    for step, who in (("conclude", lead), ("start_eu", pen)):
        fire_transition(pos, step, who)
    fire_transition(pos, "submit", pen, deadline=DEADLINE)
    session.commit()
    [eu_round] = eu_consultation.eu_rounds(session, pos)
    assert [c.administration.code for c in eu_round.consents] == ["DE", "FR", "NL"]
