"""Word in the browser: export pages and downloads, new-position import, reviewed-file round trip."""

from __future__ import annotations

import re

import pytest

from exports.imports.ooxml_read import accept_all, reject_all
from positions.clock import now
from positions.models import Clause, Comment, Event, PendingUpload, Position
from positions.services import comments, drafting
from tests.exports.helpers import add_comment, build, open_doc, parts, track_replace, word_numbers
from tests.factories import position
from tests.helpers import login

from .word_support import (
    SECRET,
    SOFFICE,
    bad_files,
    bookmarks,
    clause_bookmark,
    commented_position,
    counts,
    document_text,
    expected_paragraphs,
    form_token,
    resave_with_libreoffice,
    uids,
    upload,
    web_download,
    word_comments,
)


@pytest.fixture
def pos(session, people):
    return commented_position(session, people)


def pending(session) -> int:
    """Uploads awaiting confirmation, in the database."""
    session.expire_all()
    return session.query(PendingUpload).count()


def test_menu_offers_what_each_person_may_do(client, people, pos):
    login(client, people.viewer)
    html = client.get(f"/positions/{pos.id}").get_data(as_text=True)
    assert "Word export" in html and "Download the draft" in html
    assert "Import a reviewed Word file" not in html and "New position from Word" not in html
    client.post("/logout")
    login(client, people.flemish)
    html = client.get(f"/positions/{pos.id}").get_data(as_text=True)
    assert "Import a reviewed Word file" in html and "New position from Word" not in html
    client.post("/logout")
    login(client, people.pen)
    html = client.get(f"/positions/{pos.id}").get_data(as_text=True)
    assert "New position from Word" in html and "Import a reviewed Word file" not in html


def test_export_page_lists_versions_and_layouts(client, people, pos):
    login(client, people.outsider)
    html = client.get(f"/positions/{pos.id}/word").get_data(as_text=True)
    assert '<option value="2">v2' in html and "Plenary brief" in html and "Comments table" in html
    assert 'id="import-reviewed"' in html and 'enctype="multipart/form-data"' not in html


def test_draft_download_is_a_word_file_with_bookmarks_and_no_internal_note(client, session, people, pos):
    login(client, people.viewer)
    response = web_download(client, pos)
    assert response.mimetype.endswith("wordprocessingml.document")
    assert 'filename=belgian-position-on-the-work-programme-draft-position.docx' in response.headers["Content-Disposition"]
    data = response.data
    document = open_doc(data)
    assert document.core_properties.title == pos.title
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert any("General remarks" in h for h in headings)
    external = uids(session, pos)[:-1]
    assert {clause_bookmark(uid) for uid in external} <= bookmarks(data)
    assert clause_bookmark(uids(session, pos)[-1]) not in bookmarks(data)
    assert SECRET not in document_text(data) and "warmly thanks" in document_text(data)
    event = session.query(Event).filter_by(verb="export.docx").one()
    assert event.actor_id == people.viewer.id and event.data["version"] == "draft" and event.data["layout"] == "position"


def test_version_with_comments_as_word_comments(client, people, pos):
    login(client, people.lead)
    data = web_download(client, pos, version=2, comments=1).data
    found = word_comments(data)
    authors = [author for author, _ in found]
    assert "Jan Janssens (VL-OMG)" in authors and "Marie Lambert (SPW-ARNE)" in authors
    assert any("Which biennium?" in text for _, text in found)
    text = " ".join(t for _, t in found)
    assert "Withdrawn remark." not in text and "Note remark stays inside." not in text
    assert "v2" in open_doc(data).core_properties.version


def test_redline_accepts_to_the_newer_and_rejects_to_the_older_version(client, session, people, pos):
    login(client, people.flemish)
    data = web_download(client, pos, version=2, redline_from=1).data
    assert accept_all(data, clauses_only=True) == expected_paragraphs(session, pos, 2)
    assert reject_all(data, clauses_only=True) == expected_paragraphs(session, pos, 1)


def test_brief_and_comments_table_and_csv(client, session, people, pos):
    login(client, people.pen)
    brief = open_doc(web_download(client, pos, layout="brief").data)
    text = "\n".join(p.text for p in brief.paragraphs) + " ".join(c.text for t in brief.tables for r in t.rows for c in r.cells)
    assert "Plenary brief" in text and "Lines to take" in text and people.lead.name in text and SECRET not in text
    table = web_download(client, pos, layout="comments_table").data
    assert "Which biennium?" in document_text(table) and "Note remark" not in document_text(table)
    csv = web_download(client, pos, layout="comments_table", format="csv")
    assert csv.mimetype == "text/csv" and csv.data.startswith(b"\xef\xbb\xbf")
    body = csv.data.decode("utf-8-sig")
    assert "VL-OMG" in body and "SPW-ARNE" in body and "Note remark" not in body and "Withdrawn" not in body
    assert session.query(Event).filter_by(verb="export.csv").count() == 1


def test_final_text_has_no_draft_watermark(client, session, people, pos):
    login(client, people.viewer)
    draft = web_download(client, pos).data
    assert b"DRAFT" in parts(draft)["word/header1.xml"] and open_doc(draft).core_properties.content_status == "Draft"
    pos.stage, pos.frozen_at = "final", now()
    session.commit()
    final = web_download(client, pos, version=2).data
    assert b"DRAFT" not in parts(final)["word/header1.xml"] and open_doc(final).core_properties.content_status == "Final"
    assert "Final" in open_doc(final).core_properties.comments


def test_bad_export_options_are_explained_and_only_readers_export(client, people, pos):
    login(client, people.pen)
    response = client.get(f"/positions/{pos.id}/word/export?layout=brief&comments=1")
    assert response.status_code == 422 and "position" in response.get_data(as_text=True)
    assert client.get(f"/positions/{pos.id}/word/export?layout=poster").status_code == 422
    assert client.get(f"/positions/{pos.id}/word/export?version=9").status_code == 404
    client.post("/logout")
    assert client.get(f"/positions/{pos.id}/word/export").status_code == 302
    login(client, people.admin)
    assert client.get(f"/positions/{pos.id}/word/export").status_code == 403


def _reviewed_file(client, session, pos) -> bytes:
    data = web_download(client, pos, version=2).data
    data = add_comment(data, "chapters one to four", "Please add chapter five.", author="Jan Janssens")
    return track_replace(data, "trust fund", "trust fund and the capacity-building fund", author="Jan Janssens")


def test_reviewed_file_round_trip(client, session, people, pos):
    login(client, people.flemish)
    reviewed = _reviewed_file(client, session, pos)
    preview = upload(client, f"/positions/{pos.id}/word/reviewed", reviewed)
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "Please add chapter five." in html and "capacity-building fund" in html
    assert "New: 2" in html and "Import 2 item(s)" in html
    assert session.query(Comment).count() == 4 and pending(session) == 1
    done = client.post(f"/positions/{pos.id}/word/reviewed/confirm", data={"token": form_token(html)})
    assert done.status_code == 302
    assert pending(session) == 0
    clause_uids = uids(session, pos)
    created = session.query(Comment).filter(Comment.id > 4).order_by(Comment.id).all()
    by_uid = {c.clause_id: c for c in created}
    fallback = session.query(Clause).filter_by(uid=clause_uids[3]).one()
    red_line = session.query(Clause).filter_by(uid=clause_uids[4]).one()
    comment, amendment = by_uid[fallback.id], by_uid[red_line.id]
    assert (comment.kind, comment.body, comment.quote) == ("comment", "Please add chapter five.", "chapters one to four")
    assert amendment.kind == "amendment" and amendment.quote in red_line.head.body
    assert red_line.head.body.replace(amendment.quote, amendment.proposed_text) == (
        "No reduction of the trust fund and the capacity-building fund contributions for *developing countries*.")
    for c in created:
        assert c.administration.code == "VL-OMG" and c.author_id == people.flemish.id and c.status == "open"
    event = session.query(Event).filter_by(verb="import.reviewed").one()
    assert event.data["administration"] == "VL-OMG" and len(event.data["created"]) == 2
    page = client.get(f"/positions/{pos.id}").get_data(as_text=True)
    assert "Imported for VL-OMG: 1 comment(s) and 1 amendment(s)" in page

    again = upload(client, f"/positions/{pos.id}/word/reviewed", reviewed).get_data(as_text=True)
    assert "already imported" in again and "Import 2 item(s)" not in again and "New: 0" in again
    assert session.query(Comment).count() == 6


def test_confirming_twice_or_with_someone_elses_token_imports_nothing_more(client, session, people, pos):
    login(client, people.flemish)
    html = upload(client, f"/positions/{pos.id}/word/reviewed", _reviewed_file(client, session, pos)).get_data(as_text=True)
    token = form_token(html)
    client.post("/logout")
    login(client, people.walloon)
    stolen = client.post(f"/positions/{pos.id}/word/reviewed/confirm", data={"token": token})
    assert stolen.status_code == 422 and "expired" in stolen.get_data(as_text=True)
    assert client.post(f"/positions/{pos.id}/word/reviewed/confirm", data={"token": "../../etc/passwd"}).status_code == 422
    client.post("/logout")
    login(client, people.flemish)
    assert client.post(f"/positions/{pos.id}/word/reviewed/confirm", data={"token": token}).status_code == 302
    assert client.post(f"/positions/{pos.id}/word/reviewed/confirm", data={"token": token}).status_code == 422
    assert session.query(Comment).count() == 6


def test_unmatched_items_are_listed_not_dropped(client, session, people, pos):
    login(client, people.flemish)
    data = web_download(client, pos).data
    data = add_comment(data, "Item 6: Work programme", "Wrong agenda item number?")
    html = upload(client, f"/positions/{pos.id}/word/reviewed", data).get_data(as_text=True)
    assert "Not matched to any clause" in html and "Wrong agenda item number?" in html


def test_only_officials_of_consulted_administrations_import_reviewed_files(client, session, people, pos):
    login(client, people.pen)
    reviewed = _reviewed_file(client, session, pos)
    for person in (people.pen, people.outsider, people.viewer, people.lead):
        client.post("/logout")
        login(client, person)
        assert upload(client, f"/positions/{pos.id}/word/reviewed", reviewed).status_code == 403, person.email
    assert session.query(Comment).count() == 4


BAD_FILE_MESSAGES = {"not_docx": "not a Word document", "corrupt": "damaged", "zip_bomb": "cannot be imported",
                     "xml_entities": "not allowed", "encrypted": "password-protected"}


@pytest.mark.parametrize("kind", list(BAD_FILE_MESSAGES))
def test_bad_files_get_a_clear_error_and_nothing_is_kept(client, session, people, pos, kind):
    login(client, people.pen)
    bad = bad_files(web_download(client, pos).data)[kind]
    before = counts(session)
    as_new = upload(client, "/positions/import", bad)
    assert as_new.status_code == 422 and BAD_FILE_MESSAGES[kind] in as_new.get_data(as_text=True)
    client.post("/logout")
    login(client, people.flemish)
    reviewed = upload(client, f"/positions/{pos.id}/word/reviewed", bad)
    assert reviewed.status_code == 422 and BAD_FILE_MESSAGES[kind] in reviewed.get_data(as_text=True)
    assert counts(session) == before
    assert pending(session) == 0


def test_file_over_the_upload_limit_is_refused(app, client, session, people, pos):
    login(client, people.flemish)
    good = web_download(client, pos).data
    app.config["MAX_CONTENT_LENGTH"] = len(good) // 2
    before = counts(session)
    response = upload(client, f"/positions/{pos.id}/word/reviewed", good)
    assert response.status_code == 413 and "larger than" in response.get_data(as_text=True)
    client.post("/logout")
    login(client, people.pen)
    assert upload(client, "/positions/import", good).status_code == 413
    assert counts(session) == before


def test_new_position_from_word_preview_then_confirm(client, session, people, pos):
    login(client, people.pen)
    exported = web_download(client, pos, version=2).data
    assert client.get("/positions/import").status_code == 200
    preview = upload(client, "/positions/import", exported, name="belgian-position.docx")
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and 'value="IPBES-12"' in html and "Item 6: Work programme" in html
    assert "Belgium warmly thanks" in html and "Create the position with 5 clause(s)" in html and SECRET not in html
    assert re.findall(r'<span class="clause-number fw-bold">([^<]*)</span>', html) == ["1.", "1.1", "1.2", "1.3", "1.4"]
    assert session.query(Position).count() == 1
    token = form_token(html)
    form = {"token": token, "title": "Imported position", "meeting": "IPBES-12", "agenda_item": "Item 6",
            "confidentiality": "restricted", "workflow": "ipbes-position", "consulted": ["VL-OMG", "BXL-ENV"]}
    done = client.post("/positions/import/confirm", data=form)
    assert done.status_code == 302
    created = session.query(Position).filter_by(title="Imported position").one()
    assert [a.code for a in created.consulted] == ["BXL-ENV", "VL-OMG"] and created.confidentiality == "restricted"
    got = [(d.revision.kind, d.revision.heading, d.revision.body) for d in drafting.draft(session, created)]
    assert got[0] == ("heading", "General remarks", "") and got[2] == (
        "line_to_take", "Budget", "Belgium **supports** the proposed budget for the biennium.")
    assert len(got) == 5 and pending(session) == 0
    event = session.query(Event).filter_by(verb="import.position").one()
    assert event.position_id == created.id and event.data["clauses"] == 5 and event.data["file"] == "belgian-position.docx"
    assert client.post("/positions/import/confirm", data=form).status_code == 422
    assert session.query(Position).count() == 2


def test_new_position_form_errors_keep_theupload(client, session, people, pos):
    login(client, people.pen)
    html = upload(client, "/positions/import", web_download(client, pos).data).get_data(as_text=True)
    form = {"token": form_token(html), "title": "X", "meeting": "", "agenda_item": "Y", "confidentiality": "limited",
            "workflow": "ipbes-position"}
    response = client.post("/positions/import/confirm", data=form)
    assert response.status_code == 422 and "Create the position" in response.get_data(as_text=True)
    assert client.post("/positions/import/confirm", data=form | {"meeting": "M", "consulted": ["NOPE"]}).status_code == 422
    assert session.query(Position).count() == 1


def test_only_the_pen_holder_imports_new_positions(client, session, people, pos):
    login(client, people.flemish)
    assert client.get("/positions/import").status_code == 403
    assert upload(client, "/positions/import", b"whatever").status_code == 403
    assert client.post("/positions/import/confirm", data={"token": "x" * 22}).status_code == 403


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_reviewed_file_resaved_by_libreoffice_imports_through_the_web(client, session, people, pos, tmp_path):
    login(client, people.walloon)
    resaved = resave_with_libreoffice(_reviewed_file(client, session, pos), tmp_path)
    html = upload(client, f"/positions/{pos.id}/word/reviewed", resaved).get_data(as_text=True)
    assert "New: 2" in html, html
    client.post(f"/positions/{pos.id}/word/reviewed/confirm", data={"token": form_token(html)})
    created = session.query(Comment).filter(Comment.id > 4).all()
    assert {(c.kind, c.administration.code) for c in created} == {("comment", "SPW-ARNE"), ("amendment", "SPW-ARNE")}


def test_hidden_characters_removed_from_word_files_are_named_in_the_previews(app, client, session, people, pos):
    login(client, people.flemish)
    data = add_comment(web_download(client, pos, version=2).data, "Executive Secretary", "Which\u200b one?\ufeff")
    preview = upload(client, f"/positions/{pos.id}/word/reviewed", data)
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "Which one?" in html and "Which\u200b" not in html
    assert "Hidden characters (U+200B, U+FEFF) were removed from the Word text" in html
    pen = app.test_client()
    login(pen, people.pen)
    files = parts(web_download(pen, pos, version=2).data)
    files["word/document.xml"] = files["word/document.xml"].decode().replace("Executive Secretary", "Executive\u200b Secretary").encode()
    new = upload(pen, "/positions/import", build(files)).get_data(as_text=True)
    assert 'id="import-warnings"' in new and "Hidden characters (U+200B) were removed from the Word text" in new
    assert "Executive\u200b" not in new


def test_the_page_word_comments_table_and_csv_show_the_same_numbers(client, session, people):
    clauses = [("text", "", "Before any section."), ("heading", "General remarks", ""), ("text", "", "Thanks."),
               ("internal_note", "", SECRET), ("line_to_take", "", "Support the budget."), ("heading", "Budget", ""),
               ("red_line", "", "No cuts.")]
    pos = position(session, people.pen, clauses=clauses)
    draft = drafting.draft(session, pos)
    comments.post_comment(session, people.flemish, pos, draft[4].uid, kind="comment", body="On the line to take.")
    comments.post_comment(session, people.flemish, pos, draft[6].uid, kind="comment", body="On the red line.")
    session.commit()
    login(client, people.viewer)
    page = client.get(f"/positions/{pos.id}").get_data(as_text=True)
    on_page = re.findall(r'<span class="clause-number">([^<]*)</span>', page)
    assert on_page == ["1.", "2.", "2.1", "", "2.2", "3.", "3.1"]
    expected = {clause_bookmark(d.uid): d.number for d in draft if d.revision.kind != "internal_note"}
    assert word_numbers(web_download(client, pos).data) == expected
    table = open_doc(web_download(client, pos, layout="comments_table").data).tables[0]
    assert [row.cells[0].text.split()[0] for row in table.rows[1:]] == ["2.2", "3.1"]
    csv_text = web_download(client, pos, layout="comments_table", format="csv").data.decode("utf-8-sig")
    assert [line.split()[0] for line in csv_text.splitlines()[1:]] == ["2.2", "3.1"]
