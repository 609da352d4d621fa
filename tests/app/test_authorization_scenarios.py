"""Authorization stories the matrix cannot tell in one request: acting for another administration,
deactivated users, revoked tokens and changed roles taking effect on the very next request."""

from __future__ import annotations

import io

import pytest

from exports.documents import export_position, parse_options
from exports.imports import uploads
from positions.models import Comment, Consent, Event
from positions.services import accounts, comments, drafting
from tests.exports.helpers import add_comment
from tests.factories import position
from tests.helpers import bearer, login
from workflows.service import fire_transition

DEADLINE = "2099-12-31"


@pytest.fixture
def pos(session, people):
    pos = position(session, people.pen)
    fire_transition(pos, "submit", people.pen, deadline=DEADLINE)
    session.commit()
    return pos


@pytest.fixture
def uid(session, pos):
    return drafting.draft(session, pos)[1].uid


def consent_states(session, pos) -> dict[str, str]:
    session.expire_all()
    return {c.administration.code: c.state for c in session.query(Consent).all()}


def test_an_official_answers_only_for_their_own_administration(client, session, people, pos):
    login(client, people.flemish)
    sneaky = {"state": "object", "note": "No.", "administration": "SPW-ARNE", "administration_id": people.walloon.administration_id}
    assert client.post(f"/positions/{pos.id}/versions/1/consent", data=sneaky).status_code == 302
    assert consent_states(session, pos) == {"VL-OMG": "object", "SPW-ARNE": "pending", "BXL-ENV": "pending"}
    api = bearer(client, people.flemish)
    refused = client.put(f"/api/v1/positions/{pos.id}/versions/1/consent", headers=api, json={"state": "agree", "administration": "SPW-ARNE"})
    assert refused.status_code == 422 and "administration" in str(refused.get_json()["error"]["details"])
    outsider = bearer(client, people.outsider)
    assert client.put(f"/api/v1/positions/{pos.id}/versions/1/consent", headers=outsider, json={"state": "agree"}).status_code == 403
    assert consent_states(session, pos) == {"VL-OMG": "object", "SPW-ARNE": "pending", "BXL-ENV": "pending"}


def test_comments_are_posted_for_the_authors_own_administration(client, session, people, pos, uid):
    login(client, people.flemish)
    client.post(f"/positions/{pos.id}/clauses/{uid}/comments", data={"kind": "comment", "body": "Ours.", "administration": "SPW-ARNE"})
    api = bearer(client, people.flemish)
    refused = client.post(f"/api/v1/positions/{pos.id}/clauses/{uid}/comments", headers=api,
                          json={"kind": "comment", "body": "Theirs?", "administration": "SPW-ARNE"})
    assert refused.status_code == 422
    assert [(c.body, c.administration.code) for c in session.query(Comment).all()] == [("Ours.", "VL-OMG")]


@pytest.mark.parametrize("status", ["withdrawn", "resolved"])
def test_nobody_withdraws_or_resolves_another_administrations_comment(client, session, people, pos, uid, status):
    theirs = comments.post_comment(session, people.walloon, pos, uid, kind="comment", body="Walloon remark.")
    session.commit()
    login(client, people.flemish)
    assert client.post(f"/comments/{theirs.id}/resolve", data={"status": status}).status_code == 403
    for person in (people.flemish, people.outsider, people.brussels, people.lead, people.viewer, people.admin):
        api = bearer(client, person)
        assert client.post(f"/api/v1/comments/{theirs.id}/resolve", headers=api, json={"status": status}).status_code == 403, person.email
    session.expire_all()
    assert session.get(Comment, theirs.id).status == "open"


def _reviewed(session, people, pos) -> bytes:
    docx = export_position(session, people.pen, pos, parse_options({"version": "1"})).data
    return add_comment(docx, "Executive Secretary", "Name the documents.", author="Marie Lambert")


def test_a_reviewed_file_is_imported_only_for_the_uploaders_administration(app, client, session, people, pos):
    reviewed = _reviewed(session, people, pos)  # written by the Walloon official in Word
    walloon_token = uploads.keep(session, people.walloon.id, f"reviewed:{pos.id}", "r.docx", reviewed)
    session.commit()
    login(client, people.flemish)
    stolen = client.post(f"/positions/{pos.id}/word/reviewed/confirm", data={"token": walloon_token})
    assert stolen.status_code == 422 and session.query(Comment).count() == 0
    client.post(f"/positions/{pos.id}/word/reviewed/cancel", data={"token": walloon_token})
    assert uploads.load(session, walloon_token, people.walloon.id, f"reviewed:{pos.id}").data == reviewed  # not cancelled
    api = bearer(client, people.outsider)
    files = {"file": (io.BytesIO(reviewed), "r.docx")}
    assert client.post(f"/api/v1/positions/{pos.id}/import", headers=api, data=files).status_code == 403
    api = bearer(client, people.flemish)
    done = client.post(f"/api/v1/positions/{pos.id}/import", headers=api, data={"file": (io.BytesIO(reviewed), "r.docx"),
                                                                               "administration": "SPW-ARNE"})
    assert done.status_code == 201 and done.get_json()["administration"] == "VL-OMG"
    assert {(c.administration.code, c.author_id) for c in session.query(Comment).all()} == {("VL-OMG", people.flemish.id)}


def test_a_deactivated_users_session_remember_cookie_and_tokens_are_refused_at_once(app, session, people, pos):
    browser, remembered, api_client = app.test_client(), app.test_client(), app.test_client()
    login(browser, people.flemish)
    login(remembered, people.flemish, remember="y")
    remembered.delete_cookie("session", domain="localhost")  # only the remember-me cookie is left
    token = bearer(api_client, people.flemish)
    assert browser.get(f"/positions/{pos.id}").status_code == 200
    assert remembered.get(f"/positions/{pos.id}").status_code == 200
    assert api_client.get("/api/v1/me", headers=token).status_code == 200
    admin = app.test_client()
    login(admin, people.admin)
    saved = admin.post(f"/admin/users/{people.flemish.id}", data={
        "name": people.flemish.name, "email": people.flemish.email, "administration": "VL-OMG", "role": "official"})
    assert saved.status_code == 302  # the unticked checkbox deactivates
    assert browser.get(f"/positions/{pos.id}").status_code == 302
    assert remembered.get(f"/positions/{pos.id}").status_code == 302
    assert api_client.get("/api/v1/me", headers=token).status_code == 401
    assert browser.post(f"/positions/{pos.id}/versions/1/consent", data={"state": "agree"}).status_code == 302
    assert consent_states(session, pos)["VL-OMG"] == "pending"


def test_a_revoked_token_is_refused_at_once_and_other_tokens_keep_working(client, session, people):
    raw = accounts.issue_token(session, people.walloon)
    other = accounts.issue_token(session, people.walloon)
    session.commit()
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 200
    accounts.revoke_token(session, people.walloon, raw)
    session.commit()
    refused = client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert refused.status_code == 401 and refused.get_json()["error"]["code"] == "unauthorized"
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {other}"}).status_code == 200
    with pytest.raises(Exception, match="Unknown token"):
        accounts.revoke_token(session, people.flemish, other)  # nobody revokes someone else's token


def test_a_password_reset_ends_sessions_and_tokens(app, session, people):
    browser, api_client = app.test_client(), app.test_client()
    login(browser, people.pen)
    token = bearer(api_client, people.pen)
    accounts.reset_password(session, people.admin, people.pen, "a brand new password")
    session.commit()
    assert browser.get("/").status_code == 302
    assert api_client.get("/api/v1/me", headers=token).status_code == 401


def test_a_changed_role_takes_effect_on_the_next_request(app, session, people, pos, uid):
    browser = app.test_client()
    login(browser, people.pen)
    token = bearer(browser, people.pen)
    accounts.update_user(session, people.admin, people.pen, name=people.pen.name, email=people.pen.email,
                         administration_code="BBPF", role="viewer", active=True)
    session.commit()
    assert browser.post(f"/positions/{pos.id}/clauses/{uid}/delete").status_code == 403
    assert browser.delete(f"/api/v1/positions/{pos.id}/clauses/{uid}", headers=token).status_code == 403
    assert session.query(Event).filter(Event.verb == "clause.deleted").count() == 0


def test_refused_web_workflow_steps_change_nothing(client, session, people, pos):
    for person in (people.viewer, people.flemish, people.outsider, people.lead):
        client.post("/logout")
        login(client, person)
        client.post(f"/positions/{pos.id}/transitions/revise", data={"note": "Back"})
        session.expire_all()
        assert pos.stage == "be_consultation", person.email
