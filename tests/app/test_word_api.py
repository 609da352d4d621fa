"""Word through the API: export.docx/csv, import as a new position, reviewed-file import with dry run."""

from __future__ import annotations

import io
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy.orm import Session

from app.extensions import db
from exports.imports.ooxml_read import accept_all, reject_all
from exports.imports.reviewed import apply_reviewed
from positions.clock import now
from positions.errors import Conflict
from positions.hidden_characters import HIDDEN
from positions.models import Comment, Event, Position, User
from positions.services import comments, drafting, editing, versions
from tests.exports.helpers import (
    add_comment,
    build,
    open_doc,
    parts,
    strip_bookmarks,
    track_replace,
)
from tests.factories import position
from tests.helpers import bearer

from .test_query_counts import count_queries
from .word_support import (
    SECRET,
    SOFFICE,
    add_reply,
    bad_files,
    commented_position,
    counts,
    document_text,
    expected_paragraphs,
    resave_with_libreoffice,
    to_pdf_text,
    uids,
    word_comments,
)


@pytest.fixture
def pos(session, people):
    return commented_position(session, people)


def _export(client, headers, pos, path="export.docx", **params):
    response = client.get(f"/api/v1/positions/{pos.id}/{path}", headers=headers, query_string=params)
    assert response.status_code == 200, response.get_json()
    return response


def _post(client, headers, url, data, name="file.docx", **form):
    return client.post(url, headers=headers, data={"file": (io.BytesIO(data), name), **form},
                       content_type="multipart/form-data")


def _reviewed(client, headers, pos) -> bytes:
    data = _export(client, headers, pos, version=2, comments=1).data
    data = add_comment(data, "Executive Secretary", "Say which Executive Secretary.", author="Jan Janssens (VL-OMG)")
    return track_replace(data, "chapters one to four", "chapters one to five", author="Jan Janssens (VL-OMG)")


def test_export_docx_with_every_option(client, session, people, pos):
    headers = bearer(client, people.viewer)
    draft = _export(client, headers, pos)
    assert draft.mimetype.endswith("wordprocessingml.document") and "attachment" in draft.headers["Content-Disposition"]
    assert SECRET not in document_text(draft.data)
    commented = _export(client, headers, pos, version=2, comments="true").data
    assert ("Jan Janssens (VL-OMG)", "Question: Which biennium?Status: Open · #1") in word_comments(commented)
    redline = _export(client, headers, pos, version=2, redline_from=1).data
    assert accept_all(redline, clauses_only=True) == expected_paragraphs(session, pos, 2)
    assert reject_all(redline, clauses_only=True) == expected_paragraphs(session, pos, 1)
    brief = open_doc(_export(client, headers, pos, layout="brief").data)
    assert brief.core_properties.title == pos.title
    csv = _export(client, headers, pos, path="export.csv")
    assert csv.mimetype == "text/csv" and "Which biennium?" in csv.data.decode("utf-8-sig")
    same = _export(client, headers, pos, layout="comments_table", format="csv")
    assert same.data == csv.data
    verbs = [e.verb for e in session.query(Event).filter(Event.verb.like("export.%")).order_by(Event.id)]
    assert verbs == ["export.docx"] * 4 + ["export.csv"] * 2


def test_brief_has_the_eu_text_as_annex(client, session, people, pos):
    pos.stage = "eu_draft"
    first = drafting.draft(session, pos)[1]
    editing.edit_clause(session, people.pen, pos, first.uid, base_revision=first.revision.id,
                        body="The EU and its Member States thank the Executive Secretary.")
    versions.take_version(session, people.pen, pos, "EU text")
    pos.stage = "brief_draft"
    session.commit()
    brief = open_doc(_export(client, bearer(client, people.lead), pos, layout="brief").data)
    text = "\n".join(p.text for p in brief.paragraphs)
    assert "Annex: EU-coordinated text" in text and "The EU and its Member States thank" in text


@pytest.mark.parametrize(("params", "status", "code"), [
    ({"layout": "poster"}, 422, "invalid"),
    ({"layout": "brief", "comments": "1"}, 422, "invalid"),
    ({"format": "csv"}, 422, "invalid"),
    ({"version": "abc"}, 422, "invalid"),
    ({"version": "7"}, 404, "not_found"),
    ({"redline_from": "7"}, 404, "not_found"),
])
def test_export_errors_are_json(client, people, pos, params, status, code):
    response = client.get(f"/api/v1/positions/{pos.id}/export.docx", headers=bearer(client, people.pen), query_string=params)
    assert response.status_code == status and response.get_json()["error"]["code"] == code


def test_export_needs_a_reader(client, people, pos):
    assert client.get(f"/api/v1/positions/{pos.id}/export.docx").status_code == 401
    assert client.get(f"/api/v1/positions/{pos.id}/export.docx", headers=bearer(client, people.admin)).status_code == 403
    assert client.get("/api/v1/positions/999/export.docx", headers=bearer(client, people.pen)).status_code == 404


def test_export_queries_do_not_grow_with_clauses(client, session, people):
    sizes = []
    for n in (5, 60):
        clauses = [("line_to_take", "", f"Clause {i} says [this].") for i in range(n)]
        pos = position(session, people.pen, clauses=clauses, title=f"P{n}")
        versions.take_version(session, people.pen, pos)
        for d in drafting.draft(session, pos)[:3]:
            comments.post_comment(session, people.flemish, pos, d.uid, kind="comment", body="Noted.", quote="says")
        session.commit()
        headers = bearer(client, people.viewer)
        with count_queries() as statements:
            _export(client, headers, pos, version=1, comments=1, redline_from=1)
        sizes.append(len(statements))
    assert sizes[0] == sizes[1], sizes


def test_import_new_position_dry_run_then_for_real(client, session, people, pos):
    headers = bearer(client, people.pen)
    exported = _export(client, headers, pos, version=2).data
    before = counts(session)
    preview = _post(client, headers, "/api/v1/positions/import?dry_run=1", exported)
    body = preview.get_json()
    assert preview.status_code == 200 and body["meeting"] == "IPBES-12" and body["title"] == pos.title
    assert [c["kind"] for c in body["clauses"]] == ["heading", "text", "line_to_take", "fallback", "red_line"]
    assert [c["number"] for c in body["clauses"]] == ["1.", "1.1", "1.2", "1.3", "1.4"]  # as the position will show them
    assert counts(session) == before
    created = _post(client, headers, "/api/v1/positions/import", exported, consulted="VL-OMG,SPW-ARNE", title="From Word")
    data = created.get_json()
    assert created.status_code == 201 and data["title"] == "From Word" and data["clauses"] == 5
    assert data["consulted"] == ["SPW-ARNE", "VL-OMG"] and data["agenda_item"] == "Item 6: Work programme"
    new = session.get(Position, data["id"])
    assert [d.revision.body for d in drafting.draft(session, new)][1] == "Belgium warmly thanks the Executive Secretary for the documentation."
    assert session.query(Event).filter_by(verb="import.position", position_id=new.id).count() == 1


def test_import_new_position_errors(client, session, people, pos):
    pen = bearer(client, people.pen)
    exported = _export(client, pen, pos).data
    before = counts(session)
    missing = client.post("/api/v1/positions/import", headers=pen, data={}, content_type="multipart/form-data")
    assert missing.status_code == 422 and "file" in missing.get_json()["error"]["message"]
    forbidden = _post(client, bearer(client, people.flemish), "/api/v1/positions/import", exported)
    assert forbidden.status_code == 403
    unknown = _post(client, pen, "/api/v1/positions/import", exported, consulted="NOPE")
    assert unknown.status_code == 422 and "NOPE" in unknown.get_json()["error"]["message"]
    assert counts(session) == before


def test_only_the_pen_holder_may_preview_a_new_position_and_before_the_file_is_read(client, session, people, pos, monkeypatch):
    exported = _export(client, bearer(client, people.pen), pos).data
    import exports.imports.new_position as word_imports

    read = []
    monkeypatch.setattr(word_imports, "parse_new_position", lambda *args: read.append(args) or pytest.fail("parsed"))
    for person in (people.admin, people.viewer, people.flemish, people.lead):
        response = _post(client, bearer(client, person), "/api/v1/positions/import?dry_run=1", exported)
        assert response.status_code == 403, person.email
        assert response.get_json()["error"]["message"] == "Only the pen-holder can import a Word file as a new position."
    not_a_file = client.post("/api/v1/positions/import?dry_run=1", headers=bearer(client, people.viewer), data={},
                             content_type="multipart/form-data")
    assert not_a_file.status_code == 403 and read == []


def with_hidden_characters(data: bytes) -> bytes:
    """The file as real-world Word files often are: a byte order mark and zero width spaces inside the text."""
    files = parts(data)
    document = files["word/document.xml"].decode()
    assert "Executive Secretary" in document and "developing countries" in document
    document = document.replace("Executive Secretary", "\ufeffExecutive\u200b Secretary", 1)
    files["word/document.xml"] = document.replace("developing countries", "developing\u2060 countries\u202e", 1).encode()
    return build(files)


def test_word_files_with_hidden_characters_import_without_them_and_say_so(client, session, people, pos):
    pen = bearer(client, people.pen)
    data = with_hidden_characters(_export(client, pen, pos, version=2).data)
    preview = _post(client, pen, "/api/v1/positions/import?dry_run=1", data).get_json()
    assert "Hidden characters (U+200B, U+202E, U+2060, U+FEFF) were removed from the Word text" in " ".join(preview["warnings"])
    bodies = [c["body"] for c in preview["clauses"]]
    assert bodies[1] == "Belgium warmly thanks the Executive Secretary for the documentation."
    created = _post(client, pen, "/api/v1/positions/import", data)
    assert created.status_code == 201, created.get_json()
    assert any("U+FEFF" in w for w in created.get_json()["warnings"])
    texts = [d.revision.body for d in drafting.draft(session, session.get(Position, created.get_json()["id"]))]
    assert texts[4] == "No reduction of the trust fund contributions for *developing countries*."
    assert not any(HIDDEN.search(t) for t in texts)


def test_reviewed_files_with_hidden_characters_import_without_them_and_say_so(client, session, people, pos):
    flemish = bearer(client, people.flemish)
    data = _export(client, flemish, pos, version=2).data
    data = add_comment(data, "Executive Secretary", "\ufeffSay which\u200b Executive Secretary.", author="Jan\u200b Janssens")
    data = track_replace(data, "chapters one to four", "chapters one to \u2066five\u2069", author="Jan Janssens")
    dry = _post(client, flemish, f"/api/v1/positions/{pos.id}/import?dry_run=1", data).get_json()
    assert dry["warnings"] == ["Hidden characters (U+200B, U+2066, U+2069, U+FEFF) were removed from the Word text: "
                               "they can make text display differently from what is stored."]
    imported = _post(client, flemish, f"/api/v1/positions/{pos.id}/import", data)
    assert imported.status_code == 201, imported.get_json()
    new = session.query(Comment).filter(Comment.id.in_([c["id"] for c in imported.get_json()["created"]])).all()
    assert {c.body.split("\n")[0] for c in new if c.kind == "comment"} == {"Say which Executive Secretary."}
    assert [c.proposed_text for c in new if c.kind == "amendment"] == ["five"]


@pytest.mark.parametrize("kind", ["not_docx", "corrupt", "zip_bomb", "xml_entities", "encrypted"])
def test_bad_files_are_clear_422s_and_change_nothing(client, session, people, pos, kind):
    pen, flemish = bearer(client, people.pen), bearer(client, people.flemish)
    bad = bad_files(_export(client, pen, pos).data)[kind]
    before = counts(session)
    for headers, url in ((pen, "/api/v1/positions/import"), (flemish, f"/api/v1/positions/{pos.id}/import"),
                         (flemish, f"/api/v1/positions/{pos.id}/import?dry_run=1")):
        response = _post(client, headers, url, bad)
        error = response.get_json()["error"]
        assert response.status_code == 422 and error["code"] == kind and error["message"], (url, error)
    assert counts(session) == before


def test_upload_over_the_limit_is_413(app, client, session, people, pos):
    pen = bearer(client, people.pen)
    exported = _export(client, pen, pos).data
    app.config["MAX_CONTENT_LENGTH"] = len(exported) // 2
    before = counts(session)
    response = _post(client, pen, "/api/v1/positions/import", exported)
    assert response.status_code == 413 and response.get_json()["error"]["code"] == "too_large"
    assert counts(session) == before


def test_reviewed_import_dry_run_then_import_then_again(client, session, people, pos):
    flemish = bearer(client, people.flemish)
    reviewed = _reviewed(client, flemish, pos)
    url = f"/api/v1/positions/{pos.id}/import"
    before = counts(session)
    dry = _post(client, flemish, url + "?dry_run=1", reviewed).get_json()
    assert counts(session) == before
    assert dry["administration"] == "VL-OMG" and dry["counts"]["new"] == 2 and dry["counts"]["exported"] == 2
    new = {item["clause"]: item for item in dry["items"] if item["status"] == "new"}
    clause_uids = uids(session, pos)
    assert set(new) == {clause_uids[1], clause_uids[3]}
    assert new[clause_uids[1]]["quote"] == "Executive Secretary" and new[clause_uids[1]]["kind"] == "comment"
    assert (new[clause_uids[3]]["quote"], new[clause_uids[3]]["proposed_text"]) == ("four", "five")
    first = _post(client, flemish, url, reviewed, name="review-VL.docx")
    assert first.status_code == 201 and len(first.get_json()["created"]) == 2
    again = _post(client, flemish, url, reviewed)
    assert again.status_code == 200 and again.get_json()["created"] == [] and again.get_json()["counts"]["duplicate"] == 2
    assert session.query(Comment).count() == 6
    fuzzy = _post(client, flemish, url + "?dry_run=1", strip_bookmarks(reviewed)).get_json()
    assert {i["match"] for i in fuzzy["items"]} == {"fuzzy"} and fuzzy["counts"]["new"] == 0


def test_comments_go_to_the_uploaders_administration_never_another(client, session, people, pos):
    walloon = bearer(client, people.walloon)
    reviewed = _reviewed(client, walloon, pos)  # the Word authors claim to be VL-OMG
    assert _post(client, walloon, f"/api/v1/positions/{pos.id}/import", reviewed).status_code == 201
    created = session.query(Comment).filter(Comment.id > 4).all()
    assert {(c.administration.code, c.author_id) for c in created} == {("SPW-ARNE", people.walloon.id)}
    flemish_import = _post(client, bearer(client, people.flemish), f"/api/v1/positions/{pos.id}/import", reviewed)
    assert flemish_import.status_code == 201 and len(flemish_import.get_json()["created"]) == 2


def test_only_consulted_officials_import_and_not_into_a_final_text(client, session, people, pos):
    reviewed = _reviewed(client, bearer(client, people.flemish), pos)
    for person in (people.pen, people.lead, people.viewer, people.outsider):
        response = _post(client, bearer(client, person), f"/api/v1/positions/{pos.id}/import?dry_run=1", reviewed)
        assert response.status_code == 403, person.email
    pos.frozen_at = now()
    session.commit()
    assert _post(client, bearer(client, people.flemish), f"/api/v1/positions/{pos.id}/import", reviewed).status_code == 409


def test_word_reply_to_an_exported_comment_becomes_a_reply(client, session, people, pos):
    flemish = bearer(client, people.flemish)
    data = _export(client, flemish, pos, version=2, comments=1).data
    data = add_reply(data, "the biennium", "2026-2027, see the budget note.", parent_index=0)
    response = _post(client, flemish, f"/api/v1/positions/{pos.id}/import", data).get_json()
    assert [(c["kind"], c["parent_id"]) for c in response["created"]] == [("comment", 1)]


def test_unmatched_items_are_reported(client, session, people, pos):
    flemish = bearer(client, people.flemish)
    data = add_comment(_export(client, flemish, pos).data, "Item 6: Work programme", "Wrong item?")
    body = _post(client, flemish, f"/api/v1/positions/{pos.id}/import", data).get_json()
    assert body["counts"]["unmatched"] == 1 and "Wrong item?" in body["unmatched"][0] and body["created"] == []


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_every_layout_and_resaved_reviews_import(client, session, people, pos, tmp_path):
    flemish = bearer(client, people.flemish)
    files = {
        "position": _export(client, flemish, pos, version=2, comments=1).data,
        "redline": _export(client, flemish, pos, version=2, redline_from=1).data,
        "brief": _export(client, flemish, pos, layout="brief").data,
        "table": _export(client, flemish, pos, layout="comments_table").data,
    }
    texts = to_pdf_text(files, tmp_path)
    assert "warmly thanks" in texts["position"] and "Page 1 of" in texts["position"]
    assert "Plenary brief" in texts["brief"] and "VL-OMG" in texts["table"]
    assert all(SECRET not in text for text in texts.values())
    resaved = resave_with_libreoffice(_reviewed(client, flemish, pos), tmp_path)
    body = _post(client, flemish, f"/api/v1/positions/{pos.id}/import", resaved).get_json()
    assert sorted(c["kind"] for c in body["created"]) == ["amendment", "comment"], body


def test_the_same_file_imported_twice_at_once_is_imported_once(client, backend, session, people, pos):
    if backend != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite runs one writer at a time anyway")
    reviewed = _reviewed(client, bearer(client, people.flemish), pos)
    engine, barrier = db.engine, threading.Barrier(2)

    def import_at_once():
        with Session(engine, expire_on_commit=False) as own:
            actor, target = own.get(User, people.flemish.id), own.get(Position, pos.id)
            barrier.wait(10)
            try:
                outcome = apply_reviewed(own, actor, target, reviewed)
            except Conflict:
                own.rollback()
                return "conflict"
            own.commit()
            return str(len(outcome.created))

    with ThreadPoolExecutor(2) as pool:
        results = sorted(pool.map(lambda _: import_at_once(), range(2)))
    assert results in (["0", "2"], ["2", "conflict"])
    session.expire_all()
    assert session.query(Comment).count() == 6
