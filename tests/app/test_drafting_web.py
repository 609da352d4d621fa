"""Editing clauses in the browser (forms), history, versions and compare pages."""

from __future__ import annotations

import pytest

from positions.services import drafting, editing
from tests.factories import position
from tests.helpers import login

BUDGET = "The budget for 2027 is 5 million USD, to be reviewed at IPBES-13 by the Bureau."



@pytest.fixture
def pos(session, people):
    return position(session, people.pen, clauses=[("heading", "Budget", ""), ("text", "", BUDGET), ("fallback", "", "Accept [6] [7] million.")])


def _uids(session, pos):
    session.expire_all()
    return [d.uid for d in drafting.draft(session, pos)]


def test_pen_holder_sees_editing_tools_officials_do_not(client, session, people, pos):
    login(client, people.pen)
    html = client.get(f"/positions/{pos.id}").get_data(as_text=True)
    assert "edit-clause" in html and "Add a clause at the end" in html
    client.post("/logout")
    login(client, people.flemish)
    html = client.get(f"/positions/{pos.id}").get_data(as_text=True)
    assert "edit-clause" not in html and "Add a clause" not in html and "History" in html


def test_edit_in_place_fragment_and_save(client, session, people, pos):
    login(client, people.pen)
    uid = _uids(session, pos)[1]
    fragment = client.get(f"/positions/{pos.id}/clauses/{uid}/edit?fragment=1").get_data(as_text=True)
    assert fragment.lstrip().startswith("<form") and "<html" not in fragment and BUDGET in fragment
    base = fragment.split('name="base_revision" type="hidden" value="')[1].split('"')[0]
    response = client.post(f"/positions/{pos.id}/clauses/{uid}/edit", data={"kind": "line_to_take", "heading": "", "body": "Budget **capped**.", "base_revision": base})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"#clause-{uid}")
    page = client.get(f"/positions/{pos.id}").get_data(as_text=True)
    assert "Budget <strong>capped</strong>." in page and "Saved." in page


def test_concurrent_edit_on_other_words_is_merged_and_told(client, session, people, pos):
    login(client, people.pen)
    uid = _uids(session, pos)[1]
    c = drafting.draft(session, pos)[1]
    editing.edit_clause(session, people.pen, pos, uid, base_revision=c.revision.id, body=BUDGET.replace("2027", "2028"))
    session.commit()
    response = client.post(f"/positions/{pos.id}/clauses/{uid}/edit", data={"kind": "text", "body": BUDGET.replace("Bureau", "Plenary"), "base_revision": c.revision.id})
    assert response.status_code == 302
    page = client.get(f"/positions/{pos.id}").get_data(as_text=True)
    assert "both changes were kept" in page and "2028" in page and "Plenary" in page


def test_overlapping_edit_shows_the_conflict_view_and_keeps_both_texts(client, session, people, pos):
    login(client, people.pen)
    uid = _uids(session, pos)[1]
    c = drafting.draft(session, pos)[1]
    theirs = editing.edit_clause(session, people.pen, pos, uid, base_revision=c.revision.id, body=BUDGET.replace("5 million", "6 million"))
    session.commit()
    response = client.post(f"/positions/{pos.id}/clauses/{uid}/edit", data={"kind": "text", "body": BUDGET.replace("5 million", "7 million"), "base_revision": c.revision.id})
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone else changed the same words" in html and "6" in html and "7 million" in html
    assert f'name="base_revision" value="{theirs.revision.id}"' in html
    session.expire_all()
    assert drafting.draft(session, pos)[1].revision.body == BUDGET.replace("5 million", "6 million")
    chosen = client.post(f"/positions/{pos.id}/clauses/{uid}/edit", data={"kind": "text", "body": BUDGET.replace("5 million", "6.5 million"), "base_revision": theirs.revision.id})
    assert chosen.status_code == 302
    session.expire_all()
    assert "6.5 million" in drafting.draft(session, pos)[1].revision.body


def test_add_move_delete(client, session, people, pos):
    login(client, people.pen)
    response = client.post(f"/positions/{pos.id}/clauses", data={"kind": "red_line", "heading": "", "body": "Never below 5 million."})
    assert response.status_code == 302
    uids = _uids(session, pos)
    assert len(uids) == 4
    client.post(f"/positions/{pos.id}/clauses/{uids[3]}/move", data={"direction": "up"})
    assert _uids(session, pos) == [uids[0], uids[1], uids[3], uids[2]]
    client.post(f"/positions/{pos.id}/clauses/{uids[0]}/move", data={"direction": "down"})
    assert _uids(session, pos) == [uids[1], uids[0], uids[3], uids[2]]
    client.post(f"/positions/{pos.id}/clauses/{uids[3]}/delete")
    assert _uids(session, pos) == [uids[1], uids[0], uids[2]]


def test_empty_clause_is_refused_with_a_message(client, session, people, pos):
    login(client, people.pen)
    response = client.post(f"/positions/{pos.id}/clauses", data={"kind": "text", "body": "  "})
    assert response.status_code == 422 and b"clause text is required" in response.data


@pytest.mark.parametrize("who", ["flemish", "viewer", "lead"])
def test_others_cannot_edit(client, session, people, pos, who):
    login(client, getattr(people, who))
    uid = _uids(session, pos)[1]
    assert client.get(f"/positions/{pos.id}/clauses/{uid}/edit").status_code == 403
    assert client.post(f"/positions/{pos.id}/clauses", data={"kind": "text", "body": "x"}).status_code == 403
    assert client.post(f"/positions/{pos.id}/clauses/{uid}/delete").status_code == 403
    assert client.post(f"/positions/{pos.id}/clauses/{uid}/move", data={"direction": "up"}).status_code == 403
    assert client.post(f"/positions/{pos.id}/versions", data={"note": "x"}).status_code == 403


def test_unknown_clause_is_404(client, people, pos):
    login(client, people.pen)
    assert client.get(f"/positions/{pos.id}/clauses/nosuch/edit").status_code == 404
    assert client.get(f"/positions/{pos.id}/clauses/nosuch/history").status_code == 404


def test_history_shows_diffs_and_blame(client, session, people, pos):
    c = drafting.draft(session, pos)[1]
    editing.edit_clause(session, people.pen, pos, c.uid, base_revision=c.revision.id, body=BUDGET.replace("Bureau", "Plenary"))
    session.commit()
    login(client, people.flemish)
    html = client.get(f"/positions/{pos.id}/clauses/{c.uid}/history").get_data(as_text=True)
    assert "<del>" in html and "Bureau" in html and "<ins>" in html and "Plenary" in html
    assert "Who wrote what" in html and "blame-span" in html


def test_take_version_and_compare_inline_and_side_by_side(client, session, people, pos):
    login(client, people.pen)
    assert client.post(f"/positions/{pos.id}/versions", data={"note": "for CCIEP"}).status_code == 302
    c = drafting.draft(session, pos)[1]
    editing.edit_clause(session, people.pen, pos, c.uid, base_revision=c.revision.id, body=BUDGET.replace("5 million", "6 million"))
    drafting.add_clause(session, people.pen, pos, kind="background", body="Contribution in 2026: EUR 400,000.")
    session.commit()
    html = client.get(f"/positions/{pos.id}/versions").get_data(as_text=True)
    assert "v1" in html and "for CCIEP" in html
    inline = client.get(f"/positions/{pos.id}/compare?from=1&to=draft").get_data(as_text=True)
    assert "1 clause changed, 1 added" in inline
    assert "<del>" in inline and "<ins>" in inline and "inserted:" in inline
    side = client.get(f"/positions/{pos.id}/compare?from=1&to=draft&view=side").get_data(as_text=True)
    assert "col-md-6" in side
    bad = client.get(f"/positions/{pos.id}/compare?from=abc&to=draft")
    assert bad.status_code == 422
    missing = client.get(f"/positions/{pos.id}/compare?from=9&to=draft")
    assert missing.status_code == 404


def test_brackets_are_highlighted_and_counted(client, session, people, pos):
    login(client, people.viewer)
    html = client.get(f"/positions/{pos.id}").get_data(as_text=True)
    assert html.count('<mark class="bracket">') == 2
    assert 'id="bracket-total">2<' in html
