"""The session cookie: page loads extend the login; a page's background requests never write an older cookie back.

A background request (the live refresh, a presence heartbeat, a preview) started before a form's answer and
ending after it used to re-send the session cookie as it had read it, erasing the message ("Clause added.")
the form's answer had stored for the next page.
"""

from __future__ import annotations

import pytest

from tests.factories import position
from tests.helpers import login


def _sets_session_cookie(response) -> bool:
    return any(h.startswith("session=") for h in response.headers.getlist("Set-Cookie"))


@pytest.mark.parametrize("mode", ["cors", "same-origin", "no-cors"])
def test_a_background_request_leaves_the_cookie_and_its_message_alone(client, session, people, mode):
    pos = position(session, people.pen)
    session.commit()
    login(client, people.pen)
    client.get(f"/positions/{pos.id}")  # the page the form is on (it keeps its CSRF token in the session)
    response = client.post(f"/positions/{pos.id}/clauses", data={"kind": "text", "heading": "", "body": "A new clause."})
    assert response.status_code == 302 and _sets_session_cookie(response)  # the message for the next page
    background = client.get(f"/positions/{pos.id}", headers={"Sec-Fetch-Mode": mode, "X-Live": "1"})
    assert background.status_code == 200 and not _sets_session_cookie(background)
    page = client.get(f"/positions/{pos.id}", headers={"Sec-Fetch-Mode": "navigate"})
    assert "Clause added." in page.get_data(as_text=True)


def test_a_page_load_extends_the_login(client, session, people):
    login(client, people.pen)
    assert _sets_session_cookie(client.get("/", headers={"Sec-Fetch-Mode": "navigate"}))
    assert _sets_session_cookie(client.get("/"))  # a client that does not say is loading a page
    assert not _sets_session_cookie(client.get("/", headers={"Sec-Fetch-Mode": "cors"}))
