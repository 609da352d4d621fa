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

    from app.api import positions as core

    class Deadlock(Exception):
        sqlstate = "40P01"

    def deadlocked(*args, **kwargs):
        raise OperationalError("UPDATE …", {}, Deadlock("deadlock detected"))

    monkeypatch.setattr(core, "list_positions", deadlocked)
    from tests.helpers import bearer

    response = client.get("/api/v1/positions", headers=bearer(client, people.pen))
    assert response.status_code == 409
    assert "same moment" in response.get_json()["error"]["message"]


FAR_OFFSET = "9999-12-31T23:59:59-14:00"  # the year 10000 once in UTC


def consultation_count(session) -> int:
    from sqlalchemy import func, select

    from positions.models import Consultation

    session.expire_all()
    return session.scalar(select(func.count()).select_from(Consultation))


def test_deadlines_beyond_the_year_9999_or_without_offset_are_clear_422s(client, people, session):
    from tests.helpers import bearer

    position = make_position(session, people.pen)
    pen = bearer(client, people.pen)
    base = f"/api/v1/positions/{position.id}"
    far = "The deadline '9999-12-31T23:59:59-14:00' falls outside the years 1 to 9999 once converted to UTC."
    for url in (base + "/consultations", base + "/transitions/submit"):
        response = client.post(url, headers=pen, json={"deadline": FAR_OFFSET})
        assert response.status_code == 422 and response.get_json()["error"]["message"] == far, url
        naive = client.post(url, headers=pen, json={"deadline": "2031-03-08T17:00"})
        assert naive.status_code == 422 and "has a time but no offset: add one" in naive.get_json()["error"]["message"], url
    login(client, people.pen)
    page = client.post(f"/positions/{position.id}/consultations", data={"deadline": FAR_OFFSET})
    assert page.status_code == 422 and "falls outside the years 1 to 9999" in page.get_data(as_text=True)
    step = client.post(f"/positions/{position.id}/transitions/submit", data={"deadline": FAR_OFFSET}, follow_redirects=True)
    assert "falls outside the years 1 to 9999" in step.get_data(as_text=True)
    assert consultation_count(session) == 0 and position.stage == "be_draft"
    opened = client.post(f"/positions/{position.id}/consultations", data={"deadline": "2031-03-08T17:00:00+01:00"})
    assert opened.status_code == 302 and consultation_count(session) == 1


def test_the_documented_deadline_pattern_is_exactly_what_the_server_accepts(client):
    import re

    from positions.errors import ValidationFailed
    from positions.services.deadlines import parse_deadline

    document = client.get("/api/v1/openapi.json").get_json()
    schemas = document["components"]["schemas"]
    patterns = {schemas[name]["properties"]["deadline"].get("pattern") or
                next(s["pattern"] for s in schemas[name]["properties"]["deadline"]["anyOf"] if "pattern" in s)
                for name in ("ConsultationOpen", "TransitionRequest")}
    assert len(patterns) == 1
    pattern = re.compile(patterns.pop())
    for accepted in ("2031-03-08", "2031-03-08T17:00Z", "2031-03-08T17:00:00+01:00", "2031-03-08T17:00:00.123456-14:00"):
        assert pattern.fullmatch(accepted) and parse_deadline(accepted), accepted
    for refused in ("2031-03-08T17:00", "2031-03-08T17:00:00", "2031-03-08 17:00Z", "20310308", "2031-03-08T17:00+0100", "soon"):
        assert not pattern.fullmatch(refused), refused
        try:
            parse_deadline(refused)
        except ValidationFailed:
            continue
        raise AssertionError(refused)


def test_form_integers_beyond_the_database_integers_are_refused_clearly(client, people, session):
    """On PostgreSQL these reached the database as 'integer out of range' (500)."""
    from sqlalchemy import func, select

    from positions.models import ClauseRevision, Comment, Version
    from positions.services import drafting

    position = make_position(session, people.pen)
    uid = drafting.draft(session, position)[1].uid
    session.commit()

    def stored() -> tuple[int, ...]:
        session.expire_all()
        return tuple(session.scalar(select(func.count()).select_from(m)) for m in (ClauseRevision, Comment, Version))

    before = stored()
    login(client, people.flemish)
    reply = client.post(f"/positions/{position.id}/clauses/{uid}/comments",
                        data={"kind": "comment", "body": "A reply", "parent_id": "99999999999"}, follow_redirects=True)
    assert "&#39;parent_id&#39; must be a whole number from 1 to 2,147,483,647; &#39;99999999999&#39; is not." in reply.get_data(as_text=True)
    assert client.get(f"/positions/{position.id}/clauses/{uid}/comment?parent=99999999999").status_code == 200
    export = client.get(f"/positions/{position.id}/word/export?version=99999999999")
    assert export.status_code == 422 and "must be a version number (1, 2, …) or &#39;draft&#39;" in export.get_data(as_text=True)
    pen = client.application.test_client()
    login(pen, people.pen)
    for field in ("base_revision", "accept_comment"):
        data = {"kind": "text", "heading": "", "body": "Belgium thanks the Secretariat.", "base_revision": "1", field: "2147483648"}
        edited = pen.post(f"/positions/{position.id}/clauses/{uid}/edit", data=data)
        assert edited.status_code == 422, field
        assert f"&#39;{field}&#39; must be a whole number from 1 to 2,147,483,647" in edited.get_data(as_text=True)
    version = pen.post(f"/positions/{position.id}/consultations", data={"version": "99999999999", "deadline": "2031-03-08"})
    assert version.status_code == 422 and "&#39;version&#39; must be a whole number" in version.get_data(as_text=True)
    assert stored() == before and consultation_count(session) == 0


def test_one_shared_reader_for_form_numbers():
    from positions.numbers import whole_number

    assert [whole_number(v) for v in ("1", " 42 ", "007", "2147483647")] == [1, 42, 7, 2147483647]
    assert [whole_number(v) for v in (None, "", "0", "-1", "2147483648", "1e3", "²", "٣", "1" * 5000, "0" * 5000)] == [None] * 10


def test_a_huge_consulted_list_is_refused_by_the_domain_with_a_clear_message(client, people, session):
    """200,000 codes used to reach PostgreSQL as one IN list and come back as a misleading 503."""
    from sqlalchemy import func, select

    from positions.errors import ValidationFailed
    from positions.models import Position
    from positions.services.positions import MAX_CONSULTED, create_position
    from tests.helpers import bearer

    pen = bearer(client, people.pen)
    body = {"title": "Nexus", "meeting": "IPBES-12", "agenda_item": "Item 9"}
    huge = client.post("/api/v1/positions", headers=pen, json=body | {"consulted": [f"X{i:06d}" for i in range(200_000)]})
    assert huge.status_code == 422, huge.get_json()
    assert huge.get_json()["error"] == {"code": "invalid", "details": {"consulted": "too many", "limit": 100},
                                        "message": "A position can consult at most 100 administrations; 200,000 codes were sent."}
    odd = client.post("/api/v1/positions", headers=pen, json=body | {"consulted": ["VL-OMG", "X" * 500]})
    assert odd.status_code == 422 and "is not an administration code" in odd.get_json()["error"]["message"]
    try:
        create_position(session, people.pen, consulted=["VL-OMG"] * (MAX_CONSULTED + 1), workflow_key="ipbes-position",
                        stage="be_draft", **body)
    except ValidationFailed as error:
        assert error.details["consulted"] == "too many"
    else:
        raise AssertionError("not refused")
    session.rollback()
    repeated = client.post("/api/v1/positions", headers=pen, json=body | {"consulted": ["VL-OMG", "vl-omg ", "VL-OMG"]})
    assert repeated.status_code == 201 and repeated.get_json()["consulted"] == ["VL-OMG"]
    assert session.scalar(select(func.count()).select_from(Position)) == 1


def test_unsupported_methods_are_405_with_allow(client, people):
    from tests.helpers import bearer

    api = bearer(client, people.pen)
    for method in ("TRACE", "PUT", "DELETE"):
        response = client.open("/api/v1/positions", method=method, headers=api)
        assert response.status_code == 405, method
        assert response.get_json()["error"]["code"] == "method_not_allowed"
        assert set(response.headers["Allow"].split(", ")) >= {"GET", "POST"}, method
    login(client, people.pen)
    page = client.open("/positions/new", method="TRACE")
    assert page.status_code == 405 and {"GET", "POST"} <= set(page.headers["Allow"].split(", "))
