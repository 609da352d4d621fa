"""The Belgian position beside the EU text (issue 17): each EU clause with the Belgian lines of its section, and
the EU changes that touch a red line flagged — for Belgian readers only; a delegate is told nothing is there."""

from __future__ import annotations

import pytest

from positions.services import approvals, consultations, drafting, editing, participants, versions
from tests import factories
from tests.helpers import bearer, login, token
from workflows.service import fire_transition

DEADLINE = "2099-12-31"
CLAUSES = [
    ("heading", "General remarks", ""),
    ("text", "", "Belgium thanks the Executive Secretary for the documentation."),
    ("text", "", "Belgium recalls the conceptual framework."),
    ("line_to_take", "", "Belgium **supports** the second global assessment."),
    ("fallback", "", "Belgium can accept approval of chapters 1–4 only."),
    ("red_line", "", 'No reopening of the conceptual framework nor of "shall not".'),
    ("internal_note", "", "Check with BELSPO before the meeting."),
    ("heading", "Budget", ""),
    ("text", "", "The Platform keeps its budget and shall not cut it."),
    ("red_line", "", "No cut of the trust fund."),
]


@pytest.fixture
def world(session, people):
    """A position agreed in its Belgian phase (version 1), a German delegate invited to it."""
    factories.administrations_eu(session)
    pos = factories.position(session, people.pen, clauses=CLAUSES)
    fire_transition(pos, "submit", people.pen, deadline=DEADLINE)
    version = versions.get_version(session, pos, 1)
    for official in (people.flemish, people.walloon, people.brussels):
        consultations.answer(session, official, pos, version, "agree")
    approvals.decide(session, people.lead, pos, version, "approve")
    session.commit()
    fire_transition(pos, "conclude", people.lead)
    anna = participants.invite(session, people.pen, pos, email="anna@bmuv.example.de", name="Anna Schmidt", administration="DE")
    participants.accept(session, anna.secret, "ein sicheres Passwort")
    session.commit()
    return pos, anna.participant.user


def edit(session, people, pos, index, body):
    clause = drafting.draft(session, pos)[index]
    editing.edit_clause(session, people.pen, pos, clause.uid, base_revision=clause.revision.id, body=body)
    session.commit()


def eu_changes(session, people, pos):
    """In the EU phase: one clause writes in a word of its section's red line, one in another section loses a phrase
    quoted by a red line that is not its section's, one clause that named the conceptual framework is struck out."""
    fire_transition(pos, "start_eu", people.pen)
    session.commit()
    edit(session, people, pos, 1, "Belgium thanks the Executive Secretary for the documentation and the revised framework.")
    edit(session, people, pos, 8, "The Platform keeps its whole budget and should not cut it.")
    editing.delete_clause(session, people.pen, pos, drafting.draft(session, pos)[2].uid)
    session.commit()


def bearer_for(client, user, password):
    return {"Authorization": f"Bearer {token(client, user, password)}"}


def test_before_the_eu_phase_the_check_says_so(client, session, people, world):
    pos, _ = world
    login(client, people.flemish)
    page = client.get(f"/positions/{pos.id}/eu-check")
    assert page.status_code == 409 and "EU phase of this position has not started yet" in page.get_data(as_text=True)
    answer = client.get(f"/api/v1/positions/{pos.id}/eu-check", headers=bearer(client, people.flemish))
    assert answer.status_code == 409 and "has not started yet" in answer.get_json()["error"]["message"]


def test_a_delegate_never_sees_the_check(client, session, people, world):
    pos, anna = world
    eu_changes(session, people, pos)
    login(client, anna, "ein sicheres Passwort")
    assert client.get(f"/positions/{pos.id}/eu-check").status_code == 404
    assert "Belgian position and EU text" not in client.get(f"/eu/positions/{pos.id}").get_data(as_text=True)
    api = client.get(f"/api/v1/positions/{pos.id}/eu-check", headers=bearer_for(client, anna, "ein sicheres Passwort"))
    assert api.status_code == 404 and "red line" not in api.get_data(as_text=True)


def test_each_eu_clause_stands_beside_the_belgian_lines_of_its_section(client, session, people, world):
    pos, _ = world
    eu_changes(session, people, pos)
    answer = client.get(f"/api/v1/positions/{pos.id}/eu-check", headers=bearer(client, people.flemish))
    assert answer.status_code == 200
    check = answer.get_json()
    assert check["start_version"] == 1 and check["eu_version"] is None and check["flagged"] == 2
    general, budget = check["sections"]
    assert [c["number"] for c in general["clauses"]] == ["1.", "1.1", None]  # EU numbers; the struck clause has none
    assert [c["was_number"] for c in general["clauses"]] == ["1.", "1.1", "1.2"]
    assert [(line["kind"], line["number"]) for line in general["belgian_lines"]] == [
        ("line_to_take", "1.2"), ("fallback", "1.3"), ("red_line", "1.4")]  # numbers in the full text
    assert [line["kind"] for line in budget["belgian_lines"]] == ["red_line"]
    assert "BELSPO" not in answer.get_data(as_text=True)  # internal notes are not Belgian lines to take

    heading, thanks, struck = general["clauses"]
    assert heading["status"] == "unchanged" and not heading["touches_red_line"]
    assert thanks["status"] == "modified" and thanks["touches"] == [
        {"red_line": general["belgian_lines"][2]["uid"], "number": "1.4", "words": ["framework"], "phrases": []}]
    assert struck["status"] == "removed" and struck["touches"][0]["words"] == ["conceptual", "framework"]
    budget_text = budget["clauses"][1]
    assert budget_text["number"] == "2.1" and budget_text["touches_red_line"] is False  # "whole" and "should": not its words
    assert [t["phrases"] for t in general["clauses"][1]["touches"]] == [[]]


def test_a_quoted_phrase_of_a_red_line_guards_its_section_only(client, session, people, world):
    pos, _ = world
    eu_changes(session, people, pos)
    # "shall not" is quoted in the red line of General remarks; the Budget clause lost it, but Budget's red line
    # does not quote it: the Budget clause is not flagged. Moved into General remarks, the same change is.
    budget_text = drafting.draft(session, pos)[7]
    editing.move_clause(session, people.pen, pos, budget_text.uid, after=drafting.draft(session, pos)[1].uid)
    session.commit()
    check = client.get(f"/api/v1/positions/{pos.id}/eu-check", headers=bearer(client, people.lead)).get_json()
    moved = next(c for c in check["sections"][0]["clauses"] if c["uid"] == budget_text.uid)
    assert moved["number"] == "1.2" and moved["touches"][0]["phrases"] == ["shall not"]
    login(client, people.lead)
    assert "quoted phrases “shall not”" in client.get(f"/positions/{pos.id}/eu-check").get_data(as_text=True)


def test_the_page_flags_the_clause_and_links_both_ways(client, session, people, world):
    pos, _ = world
    eu_changes(session, people, pos)
    login(client, people.viewer)
    html = client.get(f"/positions/{pos.id}/eu-check").get_data(as_text=True)
    assert "2 EU clauses change words of a Belgian red line." in html
    assert html.count("Touches a red line") == 2 and "changed words framework" in html
    assert "Belgium **supports**" not in html and "<strong>supports</strong>" in html  # lines rendered, beside
    assert "No cut of the trust fund." in html and "BELSPO" not in html
    assert f'href="/positions/{pos.id}/eu-check"' in client.get(f"/positions/{pos.id}").get_data(as_text=True)
    assert f'href="/positions/{pos.id}/eu-check"' in client.get(f"/eu/positions/{pos.id}").get_data(as_text=True)


def test_after_the_eu_phase_the_newest_eu_version_is_checked(client, session, people, world):
    pos, _ = world
    eu_changes(session, people, pos)
    fire_transition(pos, "submit", people.pen, deadline=DEADLINE)  # EU version 1 (version 2 of the position)
    session.commit()
    check = client.get(f"/api/v1/positions/{pos.id}/eu-check", headers=bearer(client, people.pen)).get_json()
    assert check["start_version"] == 1 and check["eu_version"] is None and check["flagged"] == 2
    pos.stage = "brief_draft"  # the EU phase is over: its last EU version is what Belgium checks
    edit(session, people, pos, 1, "Belgium thanks the Executive Secretary for the documentation and the revised framework. Brief.")
    check = client.get(f"/api/v1/positions/{pos.id}/eu-check", headers=bearer(client, people.pen)).get_json()
    assert check["start_version"] == 1 and check["eu_version"] == 1 and check["flagged"] == 2
    assert "Brief." not in str(check)
