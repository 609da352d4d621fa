"""What a member-state delegate reads of a position: the EU text only (issue 17, third part).

The EU draft while the EU phase runs and the versions taken in it, numbered from "EU version 1"; only
headings and text, renumbered among themselves; nothing from before the EU phase, no Belgian line to take,
fallback, red line, background or internal note, no history, no other position.
"""

from __future__ import annotations

import pytest

from positions.services import approvals, consultations, drafting, editing, participants, versions
from tests import factories
from tests.helpers import login
from workflows.service import fire_transition

DEADLINE = "2099-12-31"
SECRET_WORDS = ("conceptual framework", "chapters 1–4", "BELSPO", "second global assessment with")


def agree_and_approve(session, people, pos, number):
    version = versions.get_version(session, pos, number)
    for official in (people.flemish, people.walloon, people.brussels):
        consultations.answer(session, official, pos, version, "agree")
    approvals.decide(session, people.lead, pos, version, "approve")
    session.commit()


@pytest.fixture
def world(session, people):
    """A position through its Belgian phase into the EU draft, a German delegate invited, a French one elsewhere."""
    factories.administrations_eu(session)
    pos = factories.position(session, people.pen)
    other = factories.position(session, people.pen, title="Budget of the Platform")
    fire_transition(pos, "submit", people.pen, deadline=DEADLINE)
    agree_and_approve(session, people, pos, 1)
    fire_transition(pos, "conclude", people.lead)
    anna = participants.invite(session, people.pen, pos, email="anna@bmuv.example.de", name="Anna Schmidt", administration="DE")
    claire = participants.invite(session, people.pen, other, email="claire@example.fr", name="Claire Martin", administration="FR")
    for invited in (anna, claire):
        participants.accept(session, invited.secret, "ein sicheres Passwort")
    session.commit()
    return pos, other, anna.participant.user, claire.participant.user


def get(client, user, url):
    login(client, user, "ein sicheres Passwort")
    return client.get(url)


def test_before_the_eu_phase_a_delegate_reads_nothing(client, session, people, world):
    pos, _, anna, _ = world
    assert get(client, anna, f"/eu/positions/{pos.id}").status_code == 404
    assert "has not started yet" in client.get("/").get_data(as_text=True)


def test_the_eu_draft_shows_headings_and_text_only_renumbered(client, session, people, world):
    pos, _, anna, _ = world
    fire_transition(pos, "start_eu", people.pen)
    session.commit()
    page = get(client, anna, f"/eu/positions/{pos.id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "EU draft" in html
    assert "Belgium thanks the Executive Secretary for the documentation." in html and "General remarks" in html
    for words in SECRET_WORDS:
        assert words not in html, words
    assert ">1.1<" in html and "1.2" not in html  # one text clause under the heading: no gap where Belgian lines were
    assert f'href="/eu/positions/{pos.id}"' in client.get("/").get_data(as_text=True)


def test_eu_versions_are_numbered_from_one_and_compared(client, session, people, world):
    pos, _, anna, _ = world
    fire_transition(pos, "start_eu", people.pen)
    text = drafting.draft(session, pos)[1]
    editing.edit_clause(session, people.pen, pos, text.uid, base_revision=text.revision.id,
                        body="The EU thanks the Executive Secretary for the documentation.")
    session.commit()
    fire_transition(pos, "submit", people.pen, deadline=DEADLINE)  # takes version 2 of the position: EU version 1
    session.commit()
    editing.edit_clause(session, people.pen, pos, text.uid, base_revision=drafting.draft(session, pos)[1].revision.id,
                        body="The EU warmly thanks the Executive Secretary for the documentation.")
    session.commit()
    v1 = get(client, anna, f"/eu/positions/{pos.id}/versions/1").get_data(as_text=True)
    assert "EU version 1" in v1 and "The EU thanks the Executive" in v1 and "version 2" not in v1.lower().replace("eu version", "")
    assert client.get(f"/eu/positions/{pos.id}/versions/2").status_code == 404
    compare = client.get(f"/eu/positions/{pos.id}/compare?from=1&to=draft").get_data(as_text=True)
    assert "warmly" in compare and "EU version 1" in compare
    for words in SECRET_WORDS:
        assert words not in compare
    assert client.get(f"/eu/positions/{pos.id}/compare?from=1&to=99").status_code == 404
    assert client.get(f"/eu/positions/{pos.id}/compare?from=x&to=draft").status_code == 422


def test_a_delegate_reads_only_the_positions_they_are_invited_to(client, session, people, world):
    pos, other, anna, claire = world
    fire_transition(pos, "start_eu", people.pen)
    session.commit()
    assert get(client, claire, f"/eu/positions/{pos.id}").status_code == 404
    assert client.get(f"/positions/{pos.id}").status_code in (403, 404)
    assert client.get(f"/positions/{pos.id}/clauses/{drafting.draft(session, pos)[1].uid}/history").status_code in (403, 404)


def test_a_revoked_delegate_reads_nothing_more(client, session, people, world):
    pos, _, anna, _ = world
    fire_transition(pos, "start_eu", people.pen)
    participants.revoke(session, people.pen, pos, participants.list_participants(session, people.pen, pos)[0].id)
    session.commit()
    assert get(client, anna, f"/eu/positions/{pos.id}").status_code == 404


def test_belgian_readers_see_what_the_delegates_see(client, session, people, world):
    pos, *_ = world
    fire_transition(pos, "start_eu", people.pen)
    session.commit()
    login(client, people.flemish)
    html = client.get(f"/eu/positions/{pos.id}").get_data(as_text=True)
    assert "Belgium thanks the Executive Secretary" in html and "conceptual framework" not in html
