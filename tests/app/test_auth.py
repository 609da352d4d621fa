"""Logging in and out, passwords, sessions, CSRF."""

from __future__ import annotations

import pytest

from app import create_app
from tests.conftest import _config_for
from tests.factories import PASSWORD, People
from tests.helpers import attempt_login, login


def test_login_and_logout(client, people):
    response = login(client, people.pen)
    assert response.status_code == 302 and response.headers["Location"].endswith("/")
    assert b"Anne" not in client.get("/login").data  # already logged in → redirect
    page = client.get("/")
    assert page.status_code == 200 and b"Positions" in page.data
    client.post("/logout")
    assert client.get("/").status_code == 302


def test_wrong_password_and_unknown_user_get_the_same_clear_message(client, people):
    wrong = attempt_login(client, people.pen, password="nope-nope-nope")
    unknown = client.post("/login", data={"email": "nobody@example.be", "password": "whatever-123"})
    for response in (wrong, unknown):
        assert response.status_code == 401
        assert b"Unknown email address or wrong password" in response.data


def test_inactive_account_is_told_so(client, session, people):
    people.viewer.active = False
    session.commit()
    response = attempt_login(client, people.viewer)
    assert response.status_code == 401 and b"deactivated" in response.data


def test_deactivation_ends_an_open_session(client, session, people):
    from positions.services import accounts

    login(client, people.flemish)
    assert client.get("/").status_code == 200
    accounts.update_user(session, people.admin, people.flemish, name=people.flemish.name, email=people.flemish.email,
                         administration_code="VL-OMG", role="official", active=False)
    session.commit()
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("target,expected", [
    ("/positions/new", "/positions/new"),
    ("https://evil.example/", "/"),
    ("//evil.example/", "/"),
    ("/\\evil.example", "/"),
    ("javascript:alert(1)", "/"),
])
def test_next_redirect_stays_on_site(client, people, target, expected):
    response = client.post(f"/login?next={target}", data={"email": people.pen.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == expected


def test_remember_me_sets_a_cookie(client, people):
    response = login(client, people.pen, remember="y")
    assert any("remember_token" in h for h in response.headers.getlist("Set-Cookie"))


def test_session_is_permanent_with_a_lifetime(client, people, app):
    login(client, people.pen)
    with client.session_transaction() as sess:
        assert sess.permanent
    assert app.permanent_session_lifetime.total_seconds() == 8 * 3600


def test_change_password(client, session, people):
    login(client, people.pen)
    bad = client.post("/account/password", data={"current_password": "wrong-wrong", "new_password": "a-new-secret-1", "confirm": "a-new-secret-1"})
    assert bad.status_code == 422 and b"current password is wrong" in bad.data
    short = client.post("/account/password", data={"current_password": PASSWORD, "new_password": "short", "confirm": "short"})
    assert short.status_code == 200 and b"between 10 and 200" in short.data
    ok = client.post("/account/password", data={"current_password": PASSWORD, "new_password": "a-new-secret-1", "confirm": "a-new-secret-1"})
    assert ok.status_code == 302
    client.post("/logout")
    assert attempt_login(client, people.pen).status_code == 401
    assert login(client, people.pen, password="a-new-secret-1").status_code == 302


def test_password_change_ends_other_sessions(app, session, people):
    first, second = app.test_client(), app.test_client()
    login(first, people.pen)
    login(second, people.pen)
    first.post("/account/password", data={"current_password": PASSWORD, "new_password": "a-new-secret-1", "confirm": "a-new-secret-1"})
    assert first.get("/").status_code == 200
    assert second.get("/").status_code == 302


def test_passwords_are_hashed(people):
    assert PASSWORD not in people.pen.password_hash
    assert people.pen.password_hash.startswith(("scrypt:", "pbkdf2:"))


def test_csrf_is_enforced_on_forms(backend, session):
    app = create_app(type("CSRFOn", (_config_for(backend),), {"WTF_CSRF_ENABLED": True}))
    with app.app_context():
        from app.extensions import db
        from positions.models import Base

        if backend == "sqlite":
            Base.metadata.create_all(db.engine)
        People(db.session)
        client = app.test_client()
        response = client.post("/login", data={"email": "pen_holder.bbpf@example.be", "password": PASSWORD})
        assert response.status_code == 400 and b"expired" in response.data
        page = client.get("/login").get_data(as_text=True)
        token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        ok = client.post("/login", data={"email": "pen_holder.bbpf@example.be", "password": PASSWORD, "csrf_token": token})
        assert ok.status_code == 302
        assert client.post("/logout").status_code == 400
        db.session.remove()
