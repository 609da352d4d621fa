"""Hostile input through the web and the API: any Unicode in clause text, 1 MB bodies, NUL characters,
script in clauses and comments, damaged Word files. Clear refusals, nothing saved, no server errors."""

from __future__ import annotations

import io
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from exports.documents import export_position, parse_options
from positions.hidden_characters import HIDDEN
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
    if hidden := HIDDEN.search(body):
        error = response.get_json()["error"]
        assert response.status_code == 422 and error["details"] == {"field": "body", "character": f"U+{ord(hidden.group()):04X}"}
        assert f"The clause text contains the hidden character U+{ord(hidden.group()):04X} (" in error["message"]
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


def deeply_nested(levels: int) -> str:
    return "[" * levels + "]" * levels


def test_deeply_nested_json_is_refused_before_authentication_without_a_traceback(client, session, people, caplog):
    api = bearer(client, people.pen)
    before = counts(session)
    for levels in (65, 400, 1_000, 100_000):
        for url, headers in (("/api/v1/tokens", {}), ("/api/v1/positions", {}), ("/api/v1/positions", api)):
            response = client.post(url, data=deeply_nested(levels), content_type="application/json", headers=headers)
            assert response.status_code == 400, (levels, url, response.get_json())
            assert response.get_json()["error"] == {
                "code": "bad_request", "details": {"max_depth": 64},
                "message": "The JSON body is nested more than 64 levels deep. Send a flatter body; nothing was saved."}
    web = client.post("/login", data='{"email": ' + deeply_nested(500) + "}", content_type="application/json")
    assert web.status_code == 400 and "nested more than 64 levels deep" in web.get_data(as_text=True)
    assert counts(session) == before
    assert "RecursionError" not in caplog.text and "Unhandled error" not in caplog.text


def test_json_nesting_within_the_limit_and_brackets_inside_strings_pass_the_depth_check(client, people):
    from app.request_guards import json_too_deep

    assert not json_too_deep(b'{"body": "' + b"[{" * 10_000 + b'", "a": [[1]]}')
    assert not json_too_deep(b'{"body": "\\\"[[[[[[", "kind": "text"}', limit=2)
    assert json_too_deep(b'["a\\\\", [[1]]]', limit=2) and not json_too_deep(b'["a\\\\", [[1]]]', limit=3)
    assert json_too_deep(deeply_nested(65).encode()) and not json_too_deep(deeply_nested(64).encode())
    assert json_too_deep(('["\\"", ' + deeply_nested(70) + "]").encode("utf-16"))
    nested_ok = client.post("/api/v1/tokens", data='{"email": ' + deeply_nested(60) + "}", content_type="application/json")
    assert nested_ok.status_code == 422 and "email" in nested_ok.get_json()["error"]["details"]["fields"]


def test_a_nul_in_a_path_segment_is_a_clear_404_not_a_database_error(client, session, people):
    pos = position(session, people.pen)
    api = bearer(client, people.pen)
    for url in (f"/api/v1/positions/{pos.id}/clauses/a%00b/history", f"/api/v1/positions/{pos.id}/clauses/%00"):
        response = client.get(url, headers=api)
        assert response.status_code == 404, url
        assert response.get_json()["error"]["message"] == "There is nothing at this address: it contains a NUL character (U+0000)."
    patched = client.patch(f"/api/v1/positions/{pos.id}/clauses/x%00", headers=api, json={"body": "x", "base_revision": 1})
    assert patched.status_code == 404
    login(client, people.pen)
    for url in (f"/positions/{pos.id}/clauses/a%00b/history", f"/positions/{pos.id}/clauses/a%00b/edit"):
        page = client.get(url)
        assert page.status_code == 404 and "it contains a NUL character (U+0000)" in page.get_data(as_text=True), url
    before = counts(session)
    posted = client.post(f"/positions/{pos.id}/clauses/a%00b/comments", data={"kind": "comment", "body": "Hello"})
    assert posted.status_code == 404 and counts(session) == before


def test_hidden_characters_are_refused_on_the_web_and_the_api_naming_the_character_and_the_field(client, session, people):
    pos = position(session, people.pen)
    pen, flemish = bearer(client, people.pen), bearer(client, people.flemish)
    uid = client.get(f"/api/v1/positions/{pos.id}", headers=pen).get_json()["clauses"][1]["uid"]
    before = counts(session)
    titled = client.post("/api/v1/positions", headers=pen,
                         json={"title": "Position on \u202eecnalab", "meeting": "IPBES-12", "agenda_item": "Item 6"})
    assert titled.status_code == 422 and titled.get_json()["error"]["details"] == {"field": "title", "character": "U+202E"}
    assert titled.get_json()["error"]["message"].startswith("The title contains the hidden character U+202E (RIGHT-TO-LEFT OVERRIDE)")
    commented = client.post(f"/api/v1/positions/{pos.id}/clauses/{uid}/comments", headers=flemish,
                            json={"kind": "comment", "body": "Agreed\u200b."})
    assert commented.status_code == 422 and "The comment contains the hidden character U+200B (ZERO WIDTH SPACE)" in (
        commented.get_json()["error"]["message"])
    login(client, people.pen)
    page = client.post(f"/positions/{pos.id}/clauses", data={"kind": "heading", "heading": "\u2066General", "body": ""})
    assert page.status_code == 422 and "The clause heading contains the hidden character U+2066 (LEFT-TO-RIGHT ISOLATE)" in page.get_data(as_text=True)
    assert counts(session)[:2] == before[:2] and session.scalar(select(func.count()).select_from(Position)) == 1
