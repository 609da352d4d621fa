"""Live position pages: the stream carries what others change (ids only), presence, and who may listen."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from app.extensions import db
from positions.services import comments, drafting, editing
from tests.conftest import PG_URL, mark_postgres_required
from tests.factories import position
from tests.helpers import bearer, login

ROOT = Path(__file__).resolve().parents[2]


def open_stream(client, position_id: int, headers=None):
    """The stream's response and an iterator over its frames (the hello frame already read)."""
    response = client.get(f"/positions/{position_id}/stream", headers=headers or {}, buffered=False)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "text/event-stream"
    frames = iter(response.response)
    hello = next(frames)
    assert b"event: hello" in (hello if isinstance(hello, bytes) else hello.encode())
    return response, frames


def next_message(frames, kind: str, seconds: float = 10) -> dict:
    """The next `event: <kind>` frame's data, skipping keep-alives and other kinds."""
    ends = time.monotonic() + seconds
    while time.monotonic() < ends:
        frame = next(frames)
        frame = frame.decode() if isinstance(frame, bytes) else frame
        if frame.startswith(f"event: {kind}\n"):
            return json.loads(frame.split("data: ", 1)[1])
    raise AssertionError(f"no {kind} message within {seconds} s")


def listening(app) -> None:
    assert app.extensions["live"].wait_listening(10)


def test_a_clause_edit_reaches_an_open_stream_with_ids_only(app, client, people, session):
    pos = position(session, people.pen)
    draft = drafting.draft(session, pos)
    login(client, people.walloon)
    response, frames = open_stream(client, pos.id)
    listening(app)
    secret = "Belgium insists on the word SECRET-TEXT."
    editing.edit_clause(session, people.pen, pos, draft[1].uid, base_revision=draft[1].revision.id, body=secret)
    session.commit()
    message = next_message(frames, "clause")
    assert message["position_id"] == pos.id and message["clause_uid"] == draft[1].uid
    assert message["actor"] == "Pen Holder BBPF (BBPF)" and message["actor_id"] == people.pen.id
    assert message["verb"] == "clause.edited"
    assert set(message) <= {"kind", "position_id", "clause_uid", "actor", "actor_id", "verb"}
    assert "SECRET" not in json.dumps(message)  # content is fetched through the permission-checked page
    comments.post_comment(session, people.flemish, pos, draft[2].uid, kind="question", body="Which plans?")
    session.commit()
    message = next_message(frames, "comment")
    assert message["clause_uid"] == draft[2].uid and message["actor"] == "Jan Janssens (VL-OMG)"
    response.close()
    assert app.extensions["live"].open_streams() == 0


def test_a_rolled_back_change_sends_nothing(app, client, people, session):
    pos = position(session, people.pen)
    draft = drafting.draft(session, pos)
    login(client, people.walloon)
    response, frames = open_stream(client, pos.id)
    listening(app)
    editing.edit_clause(session, people.pen, pos, draft[1].uid, base_revision=draft[1].revision.id, body="Never saved.")
    session.rollback()
    drafting.add_clause(session, people.pen, pos, kind="text", body="Saved.")
    session.commit()
    message = next_message(frames, "clause")
    assert message["verb"] == "clause.added"  # the first thing the stream says is the committed change
    response.close()


def test_presence_reaches_the_others(app, client, people, session):
    pos = position(session, people.pen)
    uid = drafting.draft(session, pos)[2].uid
    login(client, people.pen)
    response, frames = open_stream(client, pos.id)
    listening(app)
    walloon = app.test_client()
    login(walloon, people.walloon)
    assert walloon.post(f"/positions/{pos.id}/presence", data={"state": "viewing"}).status_code == 204
    message = next_message(frames, "presence")
    assert message == {"kind": "presence", "position_id": pos.id, "state": "viewing", "actor_id": people.walloon.id,
                       "actor": "Marie Lambert (SPW-ARNE)"}
    assert walloon.post(f"/positions/{pos.id}/presence", data={"state": "editing", "clause": uid}).status_code == 204
    assert next_message(frames, "presence")["clause_uid"] == uid
    assert walloon.post(f"/positions/{pos.id}/presence", data={"state": "dancing"}).status_code == 422
    assert walloon.post(f"/positions/{pos.id}/presence", data={"state": "editing", "clause": "<b>"}).status_code == 422
    response.close()


def test_who_may_listen(app, client, people, session):
    restricted = position(session, people.pen, confidentiality="restricted", consulted=("VL-OMG",))
    assert client.get(f"/positions/{restricted.id}/stream").status_code == 401
    login(client, people.outsider)  # FPS-FA is not in the circle of a restricted position
    assert client.get(f"/positions/{restricted.id}/stream").status_code == 404
    assert client.post(f"/positions/{restricted.id}/presence", data={"state": "viewing"}).status_code == 404
    assert client.get("/positions/99999/stream").status_code == 404
    admin = app.test_client()
    login(admin, people.admin)
    assert admin.get(f"/positions/{restricted.id}/stream").status_code == 403
    api = app.test_client()
    response, frames = open_stream(api, restricted.id, headers=bearer(api, people.flemish))  # a bearer token works too
    response.close()
    assert api.get(f"/positions/{restricted.id}/stream", headers={"Authorization": "Bearer forged"}).status_code == 401


def test_a_stream_ends_by_itself_so_the_reconnection_is_checked_again(app, client, people, session):
    app.config.update(LIVE_STREAM_SECONDS=1, LIVE_KEEPALIVE_SECONDS=0.2)
    pos = position(session, people.pen)
    login(client, people.flemish)
    response, frames = open_stream(client, pos.id)
    started = time.monotonic()
    rest = list(frames)  # ends
    assert time.monotonic() - started < 5 and ": keep-alive\n\n" in [f.decode() if isinstance(f, bytes) else f for f in rest]
    assert app.extensions["live"].open_streams() == 0
    response.close()


def test_the_position_page_offers_live_updates_to_scripts_only(client, people, session):
    pos = position(session, people.pen)
    login(client, people.flemish)
    page = client.get(f"/positions/{pos.id}").get_data(as_text=True)
    assert f'data-stream="/positions/{pos.id}/stream"' in page
    assert 'id="live" class="live-panel small text-muted mb-2 d-none"' in page  # hidden without JavaScript
    assert "js/live.js" in page


LISTENER = textwrap.dedent("""
    import json, sys, queue
    from app import create_app
    from config import TestConfig
    config = type("OtherHost", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": sys.argv[1]})
    app = create_app(config)
    hub = app.extensions["live"]
    inbox = hub.open(int(sys.argv[2]))
    assert hub.wait_listening(20)
    print("listening", flush=True)
    message = inbox.get(timeout=30)
    print(json.dumps(message), flush=True)
    hub.stop()
""")


@mark_postgres_required()
def test_listen_notify_reaches_another_process(app, backend, people, session):
    """Two hosts: an edit committed here reaches a stream registered in another process, through PostgreSQL."""
    if backend != "postgresql":
        pytest.skip("LISTEN/NOTIFY is PostgreSQL's")
    pos = position(session, people.pen)
    draft = drafting.draft(session, pos)
    other = subprocess.Popen([sys.executable, "-c", LISTENER, db.engine.url.render_as_string(hide_password=False), str(pos.id)],
                             cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        assert other.stdout.readline().strip() == "listening", other.stderr.read()
        editing.edit_clause(session, people.pen, pos, draft[1].uid, base_revision=draft[1].revision.id, body="Changed on host A.")
        session.commit()
        message = json.loads(other.stdout.readline())
    finally:
        other.kill()
        other.wait()
    assert message["kind"] == "clause" and message["clause_uid"] == draft[1].uid and message["position_id"] == pos.id
    assert PG_URL


def test_a_server_of_one_request_per_process_gets_no_stream(client, people, session):
    """gunicorn's sync workers would each be held by one stream: 204, and the browser stops asking."""
    pos = position(session, people.pen)
    login(client, people.flemish)
    assert client.get(f"/positions/{pos.id}/stream", environ_overrides={"wsgi.multithread": False, "gunicorn.socket": object()}).status_code == 204


def test_a_live_refresh_leaves_the_message_for_the_page_the_user_is_about_to_see(client, people, session):
    """The page's background refresh (X-Live) fetches the position page too; it must not take the flash."""
    pos = position(session, people.pen)
    draft = drafting.draft(session, pos)
    login(client, people.walloon)
    posted = client.post(f"/positions/{pos.id}/clauses/{draft[1].uid}/comments", data={"body": "Which plans?", "kind": "comment"})
    assert posted.status_code == 302
    background = client.get(f"/positions/{pos.id}", headers={"X-Live": "1"})
    assert "alert-success" not in background.get_data(as_text=True)
    page = client.get(posted.headers["Location"])
    assert "alert-success" in page.get_data(as_text=True)


def test_an_accepted_amendment_names_its_clause_so_an_open_editor_is_warned(app, client, people, session):
    pos = position(session, people.pen)
    uid = drafting.draft(session, pos)[1].uid
    amendment = comments.post_comment(session, people.walloon, pos, uid, kind="amendment", body="Clearer.",
                                      proposed_text="Belgium warmly thanks the Executive Secretary.")
    session.commit()
    login(client, people.flemish)
    response, frames = open_stream(client, pos.id)
    listening(app)
    comments.resolve(session, people.pen, pos, amendment, "accepted")
    session.commit()
    message = next_message(frames, "comment")
    assert message["verb"] == "comment.accepted" and message["clause_uid"] == uid  # live.js warns an editor open on it
    assert set(message) <= {"kind", "position_id", "clause_uid", "actor", "actor_id", "verb"}
    response.close()


def test_the_page_script_warns_an_open_editor_only_of_changes_to_the_text():
    script = (ROOT / "app/static/js/live.js").read_text(encoding="utf-8")
    assert 'verb === "comment.accepted"' in script and "changesText(message.verb)" in script
