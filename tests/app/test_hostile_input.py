"""Hostile input through the web and the API: any Unicode in clause text, 1 MB bodies, NUL characters,
script in clauses and comments, damaged Word files. Clear refusals, nothing saved, no server errors."""

from __future__ import annotations

import io
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.word_documents import export_position, parse_options
from positions.models import ClauseRevision, Comment, Event, Position
from tests.factories import position
from tests.helpers import bearer, login
from tests.positions.text.test_hostile_markdown import FRAGMENTS, Collector, problems

FIXTURES_OK = settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
TRICKY = st.sampled_from(["\u200f", "\u202e", "\u2066", "\u200b", "\u200d", "\ufeff", "\u0301", "\U0001F1E7\U0001F1EA",
                          "\U00020000", "\ufffd", "\uffff", "\x01", "\x7f", "\t", "\r\n", "\u2028", "\x00", "ﷺ", "עברית", "العربية"])
UNICODE_TEXT = st.lists(st.one_of(TRICKY, st.text(max_size=8)), min_size=1, max_size=15).map("".join)


def counts(session) -> tuple[int, int, int]:
    session.expire_all()
    return tuple(session.scalar(select(func.count()).select_from(m)) for m in (ClauseRevision, Comment, Event))


@FIXTURES_OK
@given(body=UNICODE_TEXT)
def test_any_unicode_clause_text_round_trips_or_is_clearly_refused(client, session, people, body):
    pos = session.scalar(select(Position)) or position(session, people.pen, clauses=[])
    api = bearer(client, people.pen)
    before = counts(session)
    response = client.post(f"/api/v1/positions/{pos.id}/clauses", headers=api, json={"kind": "text", "body": body})
    if "\x00" in body:
        assert response.status_code == 422 and "NUL" in response.get_json()["error"]["message"]
        assert counts(session)[:2] == before[:2]
        return
    if not body.strip():
        assert response.status_code == 422 and response.get_json()["error"]["message"] == "The clause text is required."
        assert counts(session)[:2] == before[:2]
        return
    assert response.status_code == 201, response.get_json()
    uid = response.get_json()["uid"]
    stored = {c["uid"]: c["body"] for c in client.get(f"/api/v1/positions/{pos.id}", headers=api).get_json()["clauses"]}
    assert stored[uid] == body.replace("\r\n", "\n").rstrip()  # the only cleaning: line ends and trailing blanks


def test_nul_characters_are_refused_on_the_web_and_the_api_before_anything_is_saved(client, session, people):
    pos = position(session, people.pen)
    api = bearer(client, people.pen)
    before = counts(session)
    refused = client.post(f"/api/v1/positions/{pos.id}/clauses", headers=api, json={"kind": "text", "body": "a\x00b"})
    assert refused.status_code == 422 and refused.get_json()["error"]["details"] == {"characters": "U+0000"}
    assert client.get(f"/api/v1/positions/{pos.id}/comments?clause=%00", headers=api).status_code == 422
    login(client, people.pen)
    page = client.post(f"/positions/{pos.id}/clauses", data={"kind": "text", "body": "a\x00b"})
    assert page.status_code == 422 and "NUL" in page.get_data(as_text=True)
    assert counts(session) == before


def test_a_one_megabyte_clause_is_refused_clearly_on_the_web_and_the_api(client, session, people):
    pos = position(session, people.pen)
    huge = "Belgium " * (2**20 // 8)
    api = bearer(client, people.pen)
    before = counts(session)
    by_api = client.post(f"/api/v1/positions/{pos.id}/clauses", headers=api, json={"kind": "text", "body": huge})
    assert by_api.status_code == 422 and "body" in by_api.get_json()["error"]["details"]["fields"]
    uid = client.get(f"/api/v1/positions/{pos.id}", headers=api).get_json()["clauses"][1]["uid"]
    edited = client.patch(f"/api/v1/positions/{pos.id}/clauses/{uid}", headers=api, json={"body": huge})
    assert edited.status_code == 422
    just_over = client.post(f"/api/v1/positions/{pos.id}/clauses", headers=api, json={"kind": "text", "body": "x" * 100_001})
    assert just_over.status_code == 422 and "at most 100,000" in just_over.get_json()["error"]["message"]
    login(client, people.pen)
    by_web = client.post(f"/positions/{pos.id}/clauses", data={"kind": "text", "body": huge})
    assert by_web.status_code == 422 and "Split it into several clauses" in by_web.get_data(as_text=True)
    assert counts(session) == before


def test_script_in_clauses_and_comments_never_reaches_the_page(client, session, people):
    attack = "\n\n".join(FRAGMENTS[:30])
    pos = position(session, people.pen, clauses=[("text", "<script>alert('heading')</script>", attack)])
    uid = client.get(f"/api/v1/positions/{pos.id}", headers=bearer(client, people.pen)).get_json()["clauses"][0]["uid"]
    api = bearer(client, people.flemish)
    for fragment in FRAGMENTS[:30:3]:
        assert client.post(f"/api/v1/positions/{pos.id}/clauses/{uid}/comments", headers=api,
                           json={"kind": "comment", "body": fragment}).status_code == 201
    login(client, people.flemish)
    for url in (f"/positions/{pos.id}", f"/positions/{pos.id}/comments", f"/positions/{pos.id}/clauses/{uid}/history",
                f"/positions/{pos.id}/versions"):
        html = client.get(url).get_data(as_text=True)
        parser = Collector()
        parser.feed(html)
        scripts = [dict(attrs).get("src") or "" for tag, attrs in parser.tags if tag == "script"]
        assert all(src.startswith(("/static/", "/bootstrap/")) for src in scripts), (url, scripts)
        assert not [p for p in problems(html) if not p.startswith(("<script>", "<link>", "<meta>", "<form>", "<input>"))], url
        assert "alert(1)</script>" not in html and "onerror=alert" not in html.replace("onerror=alert(1)&gt;", "")


def _export(session, people, pos) -> bytes:
    return export_position(session, people.pen, pos, parse_options({})).data


@settings(FIXTURES_OK, max_examples=25)
@given(cut=st.floats(min_value=0.0, max_value=0.999))
def test_truncated_word_files_through_the_api_get_a_clear_error_and_save_nothing(client, session, people, cut):
    pos = session.scalar(select(Position)) or position(session, people.pen)
    good = _export(session, people, pos)
    bad = good[: int(len(good) * cut)]
    api = bearer(client, people.flemish)
    pen = bearer(client, people.pen)
    before = counts(session)
    started = time.perf_counter()
    new = client.post("/api/v1/positions/import", headers=pen, data={"file": (io.BytesIO(bad), "x.docx"), "title": "T",
                                                                     "meeting": "M", "agenda_item": "A"})
    reviewed = client.post(f"/api/v1/positions/{pos.id}/import", headers=api, data={"file": (io.BytesIO(bad), "x.docx")})
    assert time.perf_counter() - started < 20
    for response in (new, reviewed):
        assert response.status_code in (413, 422), response.get_json()
        assert response.get_json()["error"]["message"]
    assert counts(session)[:2] == before[:2]
