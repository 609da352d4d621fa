"""The pen-holder inserts a clause after any clause and moves one to any place, without JavaScript."""

from __future__ import annotations

from positions.services import drafting
from tests.factories import position
from tests.helpers import login


def _order(session, pos):
    return [(d.number, d.revision.body or d.revision.heading) for d in drafting.draft(session, pos)]


def test_insert_a_clause_after_any_clause(client, session, people):
    pos = position(session, people.pen)
    draft = drafting.draft(session, pos)
    login(client, people.pen)
    page = client.get(f"/positions/{pos.id}").get_data(as_text=True)
    assert f'/positions/{pos.id}/clauses/{draft[1].uid}/actions' in page  # the clause's Actions menu, a page without JS
    actions = client.get(f"/positions/{pos.id}/clauses/{draft[1].uid}/actions").get_data(as_text=True)
    assert f'/positions/{pos.id}/clauses/new?after={draft[1].uid}' in actions
    form = client.get(f"/positions/{pos.id}/clauses/new?after={draft[1].uid}").get_data(as_text=True)
    assert "It will come after clause 1.1." in form and f'value="{draft[1].uid}"' in form
    response = client.post(f"/positions/{pos.id}/clauses", data={"kind": "text", "body": "Belgium also welcomes the budget.",
                                                                  "after": draft[1].uid})
    assert response.status_code == 302
    assert _order(session, pos)[2] == ("1.2", "Belgium also welcomes the budget.")


def test_move_a_clause_to_a_chosen_place(client, session, people):
    pos = position(session, people.pen)
    draft = drafting.draft(session, pos)
    login(client, people.pen)
    page = client.get(f"/positions/{pos.id}/clauses/{draft[3].uid}/move").get_data(as_text=True)
    assert "Move clause 1.3" in page and "(at the top)" in page and "1.4 No reopening of the conceptual framework." in page
    assert draft[3].uid not in page.split('id="move-after"')[1].split("</select>")[0]
    response = client.post(f"/positions/{pos.id}/clauses/{draft[3].uid}/move", data={"after": draft[4].uid}, follow_redirects=True)
    assert "Clause moved." in response.get_data(as_text=True)
    assert [body for _, body in _order(session, pos)][3:5] == ["No reopening of the conceptual framework.",
                                                              "Belgium can accept approval of chapters 1–4 only."]


def test_a_script_moving_a_clause_gets_the_new_numbers(client, session, people):
    pos = position(session, people.pen)
    draft = drafting.draft(session, pos)
    login(client, people.pen)
    response = client.post(f"/positions/{pos.id}/clauses/{draft[1].uid}/move", data={"after": draft[3].uid},
                           headers={"Accept": "application/json"})
    assert response.status_code == 200
    order = response.json["order"]
    assert [o["uid"] for o in order][1:4] == [draft[2].uid, draft[3].uid, draft[1].uid]
    assert order[3]["number"] == "1.3"


def test_officials_cannot_arrange(client, session, people):
    pos = position(session, people.pen)
    uid = drafting.draft(session, pos)[1].uid
    login(client, people.flemish)
    assert client.get(f"/positions/{pos.id}/clauses/{uid}/move").status_code == 403
    assert client.get(f"/positions/{pos.id}/clauses/new?after={uid}").status_code == 403
    assert "/move\"" not in client.get(f"/positions/{pos.id}").get_data(as_text=True)


def test_the_preview_renders_markdown_without_raw_html(client, session, people):
    pos = position(session, people.pen)
    login(client, people.pen)
    response = client.post(f"/positions/{pos.id}/preview", data={"body": "Belgium **supports** it.<script>alert(1)</script>"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<strong>supports</strong>" in html and "<script>" not in html
    form = client.get(f"/positions/{pos.id}/clauses/new").get_data(as_text=True)
    assert "data-toolbar=" in form and "penholder.js" in form and "&#34;bold&#34;: &#34;Bold&#34;" in form.replace("&quot;", "&#34;")
