"""Odd values and database hiccups get clear answers, never a 500: huge ids, odd digits, deadlocks."""

from __future__ import annotations

from tests.factories import position as make_position
from tests.helpers import login


def test_huge_path_id_is_404(client, people):
    login(client, people.pen)
    assert client.get("/positions/99999999999").status_code == 404


def test_compare_refuses_unicode_digits_and_huge_versions(client, people, session):
    position = make_position(session, people.pen)
    session.commit()
    login(client, people.pen)
    for value in ("²", "99999999999", "v٣"):
        response = client.get(f"/positions/{position.id}/compare?from={value}&to=draft")
        assert response.status_code in (404, 422), value
        assert "not a version number" in response.get_data(as_text=True)


def test_history_filters_refuse_huge_actor_and_last_day(client, people, session):
    position = make_position(session, people.pen)
    session.commit()
    login(client, people.pen)
    for query in ("actor=2661743846", "until=9999-12-31", "actor=%C2%B2"):
        response = client.get(f"/positions/{position.id}/history?{query}")
        assert response.status_code == 422, query


def test_a_deadlock_is_a_conflict_not_an_outage(app, client, people, monkeypatch):
    """PostgreSQL's deadlock/serialisation errors (SQLSTATE 40xxx) ask to retry (409), they are not 'database down'."""
    from sqlalchemy.exc import OperationalError

    from app.api import core

    class Deadlock(Exception):
        sqlstate = "40P01"

    def deadlocked(*args, **kwargs):
        raise OperationalError("UPDATE …", {}, Deadlock("deadlock detected"))

    monkeypatch.setattr(core, "list_positions", deadlocked)
    from tests.helpers import bearer

    response = client.get("/api/v1/positions", headers=bearer(client, people.pen))
    assert response.status_code == 409
    assert "same moment" in response.get_json()["error"]["message"]
