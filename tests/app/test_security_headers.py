"""Security headers on every kind of response, cookie flags, and CSRF on every web form route."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app import create_app
from app.extensions import db
from config import ProductionConfig
from positions.models import Base
from positions.services import logins
from tests.app.test_authorization_matrix import ROWS, events, routes, world_with_every_setup
from tests.conftest import _config_for
from tests.factories import PASSWORD, People
from tests.helpers import bearer, login

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def assert_security_headers(response, secure: bool = False) -> None:
    for name, value in HEADERS.items():
        assert response.headers.get(name) == value, (name, response.status_code)
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert ("Strict-Transport-Security" in response.headers) is secure


def test_headers_on_pages_api_errors_and_static_files(client, people):
    login(client, people.pen)
    api = bearer(client, people.pen)
    responses = {
        "page": client.get("/"),
        "login page": client.get("/login"),
        "page 404": client.get("/no/such/page"),
        "page 403": client.get("/admin/users"),
        "api": client.get("/api/v1/me", headers=api),
        "api 401": client.get("/api/v1/me"),
        "api 404": client.get("/api/v1/positions/999", headers=api),
        "api 405": client.delete("/api/v1/me", headers=api),
        "static": client.get("/static/css/app.css"),
        "bootstrap static": client.get("/bootstrap/static/css/bootstrap.min.css"),
    }
    for name, response in responses.items():
        assert response.status_code in (200, 302, 401, 403, 404, 405), name
        assert_security_headers(response)


def test_hsts_only_over_https(client):
    assert_security_headers(client.get("/login", base_url="https://localhost"), secure=True)
    hsts = client.get("/login", base_url="https://localhost").headers["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts
    assert_security_headers(client.get("/login"), secure=False)


def _cookies(response) -> dict[str, str]:
    return {h.split("=", 1)[0]: h for h in response.headers.getlist("Set-Cookie")}


def test_session_and_remember_cookies_are_httponly_and_samesite_lax(client, people):
    cookies = _cookies(login(client, people.pen, remember="y"))
    for name in ("session", "remember_token"):
        flags = cookies[name]
        assert "HttpOnly" in flags and "SameSite=Lax" in flags, flags
        assert "Secure" not in flags  # development over plain http


def test_production_cookies_are_secure(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "s" * 48)
    config = type("Prod", (ProductionConfig,), {"SQLALCHEMY_DATABASE_URI": "sqlite://", "WTF_CSRF_ENABLED": False})
    app = create_app(config)
    with app.app_context():
        Base.metadata.create_all(db.engine)
        People(db.session)
        client = app.test_client()
        response = client.post("/login", data={"email": "pen_holder.bbpf@example.be", "password": PASSWORD, "remember": "y"},
                               base_url="https://plenipo.example")
        assert response.status_code == 302
        cookies = _cookies(response)
        for name in ("session", "remember_token"):
            assert "Secure" in cookies[name] and "HttpOnly" in cookies[name] and "SameSite=Lax" in cookies[name]
        assert_security_headers(response, secure=True)
        db.session.remove()


WEB_FORMS = sorted({(r.method, r.rule) for r in ROWS if not r.rule.startswith("/api/") and r.method in ("POST", "PUT", "PATCH", "DELETE")})
# Posted without a form by design, each carrying its own authority: mail programs' one-click unsubscribe (RFC 8058)
# holds a signed token — a forged one changes nothing (the matrix's rows check that).
NO_FORM = {("POST", "/notifications/unsubscribe/<token>")}


@pytest.fixture
def csrf_app(backend, tmp_path):
    app = create_app(type("CSRFOn", (_config_for(backend),), {"WTF_CSRF_ENABLED": True}))
    with app.app_context():
        if backend == "sqlite":
            Base.metadata.create_all(db.engine)
        else:
            from tests.conftest import _reset_postgres

            _reset_postgres()
        yield app
        db.session.remove()


def test_every_web_form_route_refuses_a_post_without_csrf_token(csrf_app):
    world = world_with_every_setup(csrf_app, db.session, files=True)
    missing = [key for key in routes(csrf_app) if not key[1].startswith("/api/") and key[0] != "GET" and key not in WEB_FORMS]
    assert not missing, f"web form routes not in the matrix: {missing}"
    for role in ("pen", "official", "admin"):
        client = csrf_app.test_client()
        user = world.users[role]
        logins.start_login(db.session, user, timedelta(hours=1))
        db.session.commit()
        with client.session_transaction() as session:
            session["_user_id"], session["_fresh"] = user.get_id(), True
        assert client.get("/account/password").status_code == 200  # logged in without the login form
        for row in ROWS:
            if (row.method, row.rule) not in WEB_FORMS or (row.method, row.rule) not in routes(csrf_app) or (row.method, row.rule) in NO_FORM:
                continue
            before = events(db.session)
            kwargs = row.body(world, role) if row.body else {}
            response = client.open(row.url.format(**world.ids), method=row.method, **kwargs)
            assert response.status_code == 400, (role, row.method, row.rule, response.status_code)
            assert "Form expired" in response.get_data(as_text=True)
            assert events(db.session) == before, (role, row.rule)


def test_every_answer_to_a_logged_in_user_and_every_api_answer_is_no_store(app, client, session):
    world = world_with_every_setup(app, session, files=False)
    assert "no-store" not in client.get("/login").headers.get("Cache-Control", "")  # nothing private yet
    anonymous_api = client.get("/api/v1/positions")
    assert anonymous_api.status_code == 401 and anonymous_api.headers["Cache-Control"] == "no-store"
    login(client, world.users["pen"])
    api = bearer(client, world.users["pen"])
    checked = 0
    for row in ROWS:
        if row.method != "GET" or "static" in row.rule:
            continue
        headers = api if row.rule.startswith("/api/") else {}
        response = client.get(row.url.format(**world.ids), headers=headers)
        assert response.headers.get("Cache-Control") == "no-store", (row.rule, response.status_code)
        checked += 1
    assert checked > 30
    for url in ("/no/such/page", "/admin/users", "/api/v1/no/such/thing"):
        assert client.get(url, headers=api).headers["Cache-Control"] == "no-store", url
    for url in ("/static/css/app.css", "/bootstrap/static/css/bootstrap.min.css", "/static/js/app.js"):
        static = client.get(url)
        assert static.status_code == 200 and "no-store" not in static.headers.get("Cache-Control", ""), url
        assert static.headers.get("ETag") or static.headers.get("Last-Modified"), url
    client.post("/logout")
    assert "no-store" not in client.get("/login").headers.get("Cache-Control", "")
