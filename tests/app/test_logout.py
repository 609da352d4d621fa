"""Logging out ends the login on the server: copies of its session cookie or remember cookie log nobody in, on any host."""

from __future__ import annotations

from sqlalchemy import func, select

from app import create_app
from app.extensions import db
from positions.models import Base, LoginSession
from positions.services import logins
from tests.app.test_query_counts import count_queries
from tests.conftest import _config_for
from tests.factories import People
from tests.helpers import login

COOKIES = ("session", "remember_token")


def _copy(client) -> dict[str, str]:
    return {name: client.get_cookie(name).value for name in COOKIES}


def _replay(app, name: str, value: str):
    """A fresh browser (or another host) sending only this one stolen cookie."""
    other = app.test_client()
    other.set_cookie(name, value)
    return other.get("/")


def _sent_to_login(response) -> bool:
    return response.status_code == 302 and "/login" in response.headers["Location"]


def test_copies_of_the_session_and_remember_cookies_stop_working_at_logout(app, session, people):
    browser = app.test_client()
    assert login(browser, people.lead, remember="y").status_code == 302
    copied = _copy(browser)
    for name, value in copied.items():
        assert _replay(app, name, value).status_code == 200, name  # each copy alone logs in, until...
    assert _sent_to_login(browser.post("/logout"))
    for name, value in copied.items():
        assert _sent_to_login(_replay(app, name, value)), name
    assert _sent_to_login(browser.get("/"))
    assert session.scalar(select(func.count()).select_from(LoginSession)) == 0


def test_logging_out_in_one_browser_leaves_the_users_other_logins_alone(app, people):
    office, laptop = app.test_client(), app.test_client()
    login(office, people.pen)
    login(laptop, people.pen)
    office.post("/logout")
    assert _sent_to_login(office.get("/"))
    assert laptop.get("/").status_code == 200
    assert login(office, people.pen).status_code == 302 and office.get("/").status_code == 200


def test_logout_on_one_host_ends_the_login_on_the_others(backend, tmp_path):
    """Two app hosts (two processes' worth of app objects) on one database."""
    url = f"sqlite:///{tmp_path / 'shared.sqlite'}" if backend == "sqlite" else _config_for(backend).SQLALCHEMY_DATABASE_URI
    config = type("Shared", (_config_for(backend),), {"SQLALCHEMY_DATABASE_URI": url, "SQLALCHEMY_ENGINE_OPTIONS": {}})
    host_a, host_b = create_app(config), create_app(config)
    with host_a.app_context():
        if backend == "postgresql":
            from tests.conftest import _reset_postgres

            _reset_postgres()
        else:
            Base.metadata.create_all(db.engine)
        people = People(db.session)
        browser = host_a.test_client()
        login(browser, people.flemish, remember="y")
        copied = _copy(browser)
        with host_b.app_context():
            assert all(_replay(host_b, name, value).status_code == 200 for name, value in copied.items())
        browser.post("/logout")
        with host_b.app_context():
            for name, value in copied.items():
                assert _sent_to_login(_replay(host_b, name, value)), name
            db.session.remove()
            db.engine.dispose()
        db.session.remove()
        db.engine.dispose()


def test_a_session_id_without_a_live_login_logs_nobody_in(app, session, people):
    browser = app.test_client()
    for session_id in (people.pen.get_id(), f"{people.pen.id}:0", f"{people.pen.id}:0:made-up-key", "x:y:z", f"{2**40}:0:k"):
        with browser.session_transaction() as cookie:
            cookie["_user_id"], cookie["_fresh"] = session_id, True
        assert _sent_to_login(browser.get("/")), session_id


def test_loading_the_user_of_a_login_is_one_query(app, session, people):
    from datetime import timedelta

    logins.start_login(session, people.pen, timedelta(hours=1))
    session.commit()
    login_id = people.pen.get_id()
    session.expunge_all()
    with count_queries() as statements:
        user = logins.user_for_login(session, login_id)
    assert user.email == people.pen.email and user.administration.code == "BBPF"
    assert len(statements) == 1, statements


def test_a_password_change_still_ends_the_other_logins_and_keeps_this_one(app, people):
    here, there = app.test_client(), app.test_client()
    login(here, people.walloon, remember="y")
    login(there, people.walloon, remember="y")
    copied = _copy(there)
    changed = here.post("/account/password", data={"current_password": "correct horse battery", "new_password": "a-new-secret-1",
                                                   "confirm": "a-new-secret-1"})
    assert changed.status_code == 302
    assert here.get("/").status_code == 200
    assert _sent_to_login(there.get("/"))
    for name, value in copied.items():
        assert _sent_to_login(_replay(app, name, value)), name
