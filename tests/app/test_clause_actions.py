"""The pen-holder's tools on the position page: one Actions menu per clause (a page without JavaScript), and a page
whose weight per clause stays bounded (a 400-clause page must stay light)."""

from __future__ import annotations

import re

from positions.services import drafting
from tests.factories import position
from tests.helpers import login

# Bytes a clause of the clauses below adds to the page: measured 667 for the pen-holder (2,197 when every clause
# carried every tool as its own links and buttons), 825 for an official (Comment and Suggest beside each clause).
PER_CLAUSE_LIMIT = {"pen_holder": 800, "official": 1000}


def _position(session, people, n: int):
    clauses = [("heading", f"Part {i}", "") if i % 10 == 0 else ("line_to_take", "", f"Clause {i} says [this] or [that].") for i in range(n)]
    pos = position(session, people.pen, clauses=clauses, title=f"Weight {n}")
    session.commit()
    return pos


def _weight(client, pos) -> int:
    return len(client.get(f"/positions/{pos.id}").data)


def test_page_weight_per_clause_is_bounded(app, session, people):
    small, large = _position(session, people, 20), _position(session, people, 40)
    for who in (people.pen, people.flemish):
        client = app.test_client()
        login(client, who)
        per_clause = (_weight(client, large) - _weight(client, small)) / 20
        assert per_clause < PER_CLAUSE_LIMIT[who.role], (who.role, per_clause)


def test_each_clause_has_edit_and_one_actions_menu(client, session, people):
    pos = position(session, people.pen)
    draft = drafting.draft(session, pos)
    login(client, people.pen)
    page = client.get(f"/positions/{pos.id}").get_data(as_text=True)
    base = f"/positions/{pos.id}/clauses/"
    for d in draft:
        assert f'href="{base}{d.uid}/edit"' in page and f'href="{base}{d.uid}/actions"' in page
        assert f'{base}{d.uid}/delete' not in page and f'{base}{d.uid}/move' not in page  # in the menu, not repeated
    menu = page.split('<template id="clause-menu">')[1].split("</template>")[0]  # the one menu the script fills in
    for action in ("{uid}/history", "new?after={uid}", "{uid}/move", "{uid}/delete", "{uid}/comment", "{uid}/suggest"):
        assert base + action in menu, action
    assert page.count('name="csrf_token"') < len(draft)  # not one per clause


def test_actions_page_without_javascript(client, session, people):
    pos = position(session, people.pen)
    draft = drafting.draft(session, pos)
    login(client, people.pen)
    base = f"/positions/{pos.id}/clauses/"
    first = client.get(f"{base}{draft[0].uid}/actions").get_data(as_text=True)
    assert re.search(r'value="up"\s+disabled', first) and not re.search(r'value="down"\s+disabled', first)
    second = client.get(f"{base}{draft[1].uid}/actions").get_data(as_text=True)
    assert "Actions on clause 1.1" in second
    for action in ("/edit", "/history", "/move", "/delete", "/comment", "/suggest"):
        assert f"{base}{draft[1].uid}{action}" in second, action
    assert f"{base[:-1]}/new?after={draft[1].uid}" in second and 'id="clause-actions"' in second
    response = client.post(f"{base}{draft[1].uid}/move", data={"direction": "down"})  # the page's Down button
    assert response.status_code == 302 and drafting.draft(session, pos)[2].uid == draft[1].uid
    last = client.get(f"{base}{draft[-1].uid}/actions").get_data(as_text=True)
    assert re.search(r'value="down"\s+disabled', last)
    assert client.get(f"{base}nosuchuid/actions").status_code == 404


def test_a_reader_has_a_menu_of_their_own_and_only_the_pen_holder_the_tools(client, session, people):
    pos = position(session, people.pen)
    uid = drafting.draft(session, pos)[1].uid
    login(client, people.flemish)
    page = client.get(f"/positions/{pos.id}").get_data(as_text=True)
    assert f"/clauses/{uid}/actions" in page and f"/clauses/{uid}/comment" in page  # Comment stays beside the clause
    menu = page.split('<template id="clause-menu">')[1].split("</template>")[0]
    for action in ("{uid}/history", "{uid}/suggest", 'form="clause-follow"'):
        assert action in menu, action
    for tool in ("/edit", "/move", "/delete", "new?after="):
        assert tool not in menu and tool not in page.split('<ol class="list-unstyled clauses"')[1], tool
    actions = client.get(f"/positions/{pos.id}/clauses/{uid}/actions").get_data(as_text=True)
    assert "Actions on clause 1.1" in actions and f"/clauses/{uid}/history" in actions and f"/clauses/{uid}/suggest" in actions
    assert "/move" not in actions and "/delete" not in actions and f"/clauses/{uid}/edit" not in actions
