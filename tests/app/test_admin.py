"""The admin pages: users and administrations."""

from __future__ import annotations

import pytest

from positions.models import Administration, Event, User
from tests.helpers import login


@pytest.mark.parametrize("role", ["pen", "lead", "viewer", "flemish"])
def test_only_admins_reach_admin_pages(client, people, role):
    login(client, getattr(people, role))
    for url in ("/admin/users", "/admin/users/new", "/admin/administrations", "/admin/administrations/new"):
        assert client.get(url).status_code == 403
    assert client.post("/admin/users/new", data={"name": "X"}).status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get("/admin/users")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_admin_creates_edits_and_deactivates_a_user(client, session, people):
    login(client, people.admin)
    response = client.post("/admin/users/new", data={
        "name": "New Official", "email": "New.Official@Example.be", "administration": "BELSPO",
        "role": "official", "password": "long-enough-pw",
    })
    assert response.status_code == 302
    user = session.query(User).filter_by(email="new.official@example.be").one()
    assert user.administration.code == "BELSPO" and user.check_password("long-enough-pw")
    response = client.post(f"/admin/users/{user.id}", data={
        "name": "Renamed", "email": user.email, "administration": "VL-OMG", "role": "viewer",
    })
    assert response.status_code == 302
    session.refresh(user)
    assert (user.name, user.administration.code, user.role, user.active) == ("Renamed", "VL-OMG", "viewer", False)
    verbs = [e.verb for e in session.query(Event).order_by(Event.id)]
    assert "user.created" in verbs and "user.updated" in verbs


def test_duplicate_email_is_refused_clearly(client, people):
    login(client, people.admin)
    response = client.post("/admin/users/new", data={
        "name": "Dup", "email": people.pen.email, "administration": "BBPF", "role": "official", "password": "long-enough-pw",
    })
    assert response.status_code == 422 and b"already exists" in response.data


def test_new_user_needs_a_password(client, people):
    login(client, people.admin)
    response = client.post("/admin/users/new", data={"name": "No Pw", "email": "nopw@example.be", "administration": "BBPF", "role": "official"})
    assert response.status_code == 422 and b"needs a password" in response.data


def test_admin_cannot_deactivate_themselves(client, people):
    login(client, people.admin)
    response = client.post(f"/admin/users/{people.admin.id}", data={
        "name": people.admin.name, "email": people.admin.email, "administration": "BBPF", "role": "admin",
    })
    assert response.status_code == 422 and b"cannot deactivate yourself" in response.data


def test_admin_manages_administrations(client, session, people):
    login(client, people.admin)
    assert client.post("/admin/administrations/new", data={"code": "dgo3", "name": "DGO3", "kind": "regional"}).status_code == 302
    created = session.query(Administration).filter_by(code="DGO3").one()
    dup = client.post("/admin/administrations/new", data={"code": "DGO3", "name": "Again", "kind": "regional"})
    assert dup.status_code == 422 and b"already exists" in dup.data
    edit = client.post(f"/admin/administrations/{created.id}", data={"code": "DGO3", "name": "Walloon DGO3", "kind": "regional"})
    assert edit.status_code == 302
    session.refresh(created)
    assert created.name == "Walloon DGO3" and created.active is False


def test_admin_has_no_content_rights(client, people, session):
    from tests.factories import position

    pos = position(session, people.pen)
    login(client, people.admin)
    assert client.get(f"/positions/{pos.id}").status_code == 403
    assert client.get("/").status_code == 302
