"""Word without surprises (issue 14), end to end: languages, doubled text, Word's comment 0, new clauses, dates, PDF, hosts."""

from __future__ import annotations

import io

import pytest

from app import create_app
from app.extensions import db
from app.word.export_texts import import_languages
from exports.imports.reviewed import apply_reviewed, plan_reviewed
from positions.models import Comment, Position
from positions.services import comments, drafting, editing, versions
from tests.exports.fixtures.word_made import pollinators_position
from tests.exports.fixtures.word_reviews import new_paragraph_after, reviewed_by_word
from tests.exports.helpers import track_replace
from tests.helpers import bearer, login

from .word_support import SOFFICE, commented_position, form_token, upload, web_download


@pytest.fixture
def pos(session, people):
    return commented_position(session, people)


def _export(client, headers, pos, path="export.docx", **params):
    response = client.get(f"/api/v1/positions/{pos.id}/{path}", headers=headers, query_string=params)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.data


def _post(client, headers, url, data):
    return client.post(url, headers=headers, data={"file": (io.BytesIO(data), "f.docx")}, content_type="multipart/form-data")


def test_a_french_export_reimported_keeps_no_french_labels(client, session, people, pos):
    people.pen.locale = "fr"
    session.commit()
    pen = bearer(client, people.pen)
    data = _export(client, pen, pos, version=2)
    preview = _post(client, pen, "/api/v1/positions/import?dry_run=1", data).get_json()
    assert [c["kind"] for c in preview["clauses"]] == ["heading", "text", "line_to_take", "fallback", "red_line"]
    assert not any("Ligne" in c["body"] or "repli" in c["body"] or "rouge" in c["body"] for c in preview["clauses"])
    assert preview["meeting"] == "IPBES-12"  # the French title block is read too


def test_the_api_preview_of_a_word_made_file_gives_the_numbers_and_levels_the_position_will_show(client, people, pos):
    preview = _post(client, bearer(client, people.pen), "/api/v1/positions/import?dry_run=1", pollinators_position()).get_json()
    assert [(c["number"], c["level"]) for c in preview["clauses"]] == [
        ("1.", 0), ("1.1", 1), ("1.2", 1), ("2.", 0), ("2.1", 1), ("3.", 0), ("3.1", 1)]


def test_our_own_french_redline_sent_back_creates_no_amendments(client, session, people, pos):
    people.flemish.locale = "fr"
    session.commit()
    flemish = bearer(client, people.flemish)
    redline = _export(client, flemish, pos, version=2, redline_from=1)
    dry = _post(client, flemish, f"/api/v1/positions/{pos.id}/import?dry_run=1", redline).get_json()
    assert dry["items"] == [] and "Plenipo's own redline" in " ".join(dry["warnings"])
    edited = track_replace(redline, "chapters one to four", "chapters one to five", author="Jan Janssens")
    dry = _post(client, flemish, f"/api/v1/positions/{pos.id}/import?dry_run=1", edited).get_json()
    assert [(i["quote"], i["proposed_text"]) for i in dry["items"]] == [("four", "five")]
    assert not any("repli" in (i["proposed_text"] or "") for i in dry["items"])


def test_a_change_already_in_the_draft_is_not_proposed_again(client, session, people, pos):
    flemish = bearer(client, people.flemish)
    old = _export(client, flemish, pos, version=1)  # reviewed against v1: "Belgium thanks …"
    reviewed = track_replace(old, "Belgium thanks", "Belgium warmly thanks", author="Jan Janssens")
    dry = _post(client, flemish, f"/api/v1/positions/{pos.id}/import?dry_run=1", reviewed).get_json()
    assert [(i["status"], i["note"][:27]) for i in dry["items"]] == [("skipped", "Already in the current text")]
    assert dry["counts"]["new"] == 0


def test_a_change_too_long_to_post_is_skipped_in_the_preview_and_the_rest_imports(client, session, people, pos):
    """The preview says what the import would refuse (a pasted report), and the import keeps the file's other changes."""
    flemish = bearer(client, people.flemish)
    data = track_replace(_export(client, flemish, pos, version=2), "chapters one to four",
                         "chapters one to four " + "and more " * 12_000, author="Jan Janssens")
    data = track_replace(data, "No reduction", "No cut", author="Jan Janssens")
    dry = _post(client, flemish, f"/api/v1/positions/{pos.id}/import?dry_run=1", data).get_json()
    assert [(i["number"], i["status"], i["note"]) for i in dry["items"]] == [
        ("1.3", "skipped", "Longer than 100,000 characters."), ("1.4", "new", "")]
    imported = _post(client, flemish, f"/api/v1/positions/{pos.id}/import", data)
    assert imported.status_code == 201 and len(imported.get_json()["created"]) == 1


def test_a_reply_to_words_first_comment_keeps_its_thread_and_dates(session, people, pos, app):
    from datetime import timedelta

    from positions.clock import now

    written = now() - timedelta(minutes=42)
    dates = (written.strftime("%Y-%m-%dT%H:%M:00Z"), (written + timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:00Z"))
    data = reviewed_by_word(_word_export(app, session, people, pos), phrase="the Executive Secretary", dates=dates)
    outcome = apply_reviewed(session, people.flemish, pos, data)
    session.commit()
    first, reply = sorted(outcome.created, key=lambda c: c.id)
    assert reply.parent_id == first.id and first.parent_id is None
    assert first.created_at.strftime("%Y-%m-%dT%H:%M:00Z") == dates[0]  # the Word date, kept


def _word_export(app, session, people, pos) -> bytes:
    from exports.documents import export_position, parse_options

    return export_position(session, people.flemish, pos, parse_options({"version": "2"})).data


def test_a_tracked_new_paragraph_becomes_a_proposed_clause_and_accepting_adds_it(session, people, pos, app):
    data = new_paragraph_after(_word_export(app, session, people, pos), "chapters one to four",
                               "Belgium asks for a review of chapter five in 2027.")
    plan = plan_reviewed(session, people.flemish, pos, data)
    assert plan.unmatched == []
    [item] = plan.items
    assert (item.kind, item.proposed_kind, item.proposed_text) == ("amendment", "fallback",
                                                                  "Belgium asks for a review of chapter five in 2027.")
    assert "after 1.3 Belgium can accept" in item.body and "wv" not in item.body
    outcome = apply_reviewed(session, people.flemish, pos, data)
    comments.resolve(session, people.pen, pos, outcome.created[0], "accepted")
    session.commit()
    texts = [(d.number, d.revision.kind, d.revision.body) for d in drafting.draft(session, pos)]
    assert texts[4] == ("1.4", "fallback", "Belgium asks for a review of chapter five in 2027.")


def test_a_new_paragraph_the_draft_already_has_as_a_clause_is_not_proposed_again(client, session, people, pos, app):
    """Reviewed against v2, the reviewer types a paragraph the pen-holder has since added as a clause: no doubled text."""
    text = "Belgium asks for a review of chapter five in 2027."
    data = new_paragraph_after(_word_export(app, session, people, pos), "chapters one to four", text)
    drafting.add_clause(session, people.pen, pos, kind="fallback", body="Belgium asks for a **review** of chapter five in 2027.",
                        after=drafting.draft(session, pos)[3].uid)
    session.commit()
    flemish = bearer(client, people.flemish)
    dry = _post(client, flemish, f"/api/v1/positions/{pos.id}/import?dry_run=1", data).get_json()
    assert [(i["status"], i["note"]) for i in dry["items"]] == [
        ("skipped", "Already in the current text: a clause already reads like this.")]
    assert _post(client, flemish, f"/api/v1/positions/{pos.id}/import", data).get_json()["created"] == []


def test_a_proposed_clause_whose_clause_was_deleted_since_goes_where_that_clause_stood(session, people, pos, app):
    data = new_paragraph_after(_word_export(app, session, people, pos), "chapters one to four", "First new paragraph.")
    [proposal] = apply_reviewed(session, people.flemish, pos, data).created
    editing.delete_clause(session, people.pen, pos, drafting.draft(session, pos)[3].uid)
    comments.resolve(session, people.pen, pos, proposal, "accepted")  # was: "There is no clause '<uid>' …"
    session.commit()
    assert [(d.number, d.revision.body) for d in drafting.draft(session, pos)][2:5] == [
        ("1.2", "Belgium **supports** the proposed budget for the biennium."), ("1.3", "First new paragraph."),
        ("1.4", "No reduction of the trust fund contributions for *developing countries*.")]


def test_the_web_preview_names_a_proposed_clause_by_its_kind_and_the_clause_it_follows(client, session, people, pos, app):
    data = new_paragraph_after(_word_export(app, session, people, pos), "chapters one to four", "Red line: No cut at all.")
    login(client, people.flemish)
    html = upload(client, f"/positions/{pos.id}/word/reviewed", data).get_data(as_text=True)
    item = html[html.index('class="border-start'):]
    item = item[:item.index("</li>")]
    assert 'kind-badge-red_line">Red line</span>' in item and "<ins>No cut at all.</ins>" in item
    assert "after 1.3 Belgium can accept" in item and drafting.draft(session, pos)[3].uid not in item


@pytest.mark.parametrize("order", [(0, 1), (1, 0)])
def test_two_new_paragraphs_typed_one_after_another_keep_their_order_whichever_is_accepted_first(session, people, pos, app, order):
    one = new_paragraph_after(_word_export(app, session, people, pos), "chapters one to four", "First new paragraph.")
    data = new_paragraph_after(one, "First new paragraph.", "Second new paragraph.")
    created = apply_reviewed(session, people.flemish, pos, data).created
    for index in order:
        comments.resolve(session, people.pen, pos, created[index], "accepted")
    session.commit()
    assert [d.revision.body for d in drafting.draft(session, pos)][3:6] == [
        "Belgium can accept approval of chapters one to four only.", "First new paragraph.", "Second new paragraph."]


def test_accepting_an_amendment_made_in_bold_text_keeps_the_markdown(client, session, people, pos):
    flemish = bearer(client, people.flemish)
    data = track_replace(_export(client, flemish, pos, version=2), "supports", "strongly supports", author="Jan Janssens")
    created = _post(client, flemish, f"/api/v1/positions/{pos.id}/import", data).get_json()["created"]
    comment = session.get(Comment, created[0]["id"])
    comments.resolve(session, people.pen, pos, comment, "accepted")
    session.commit()
    assert drafting.draft(session, pos)[2].revision.body == "Belgium **strongly supports** the proposed budget for the biennium."


def test_the_pdf_export_and_its_refusal_without_a_converter(client, session, people, pos, monkeypatch, runner, tmp_path):
    viewer = bearer(client, people.viewer)
    if SOFFICE is not None:
        response = client.get(f"/api/v1/positions/{pos.id}/export.pdf?version=2&layout=brief", headers=viewer)
        assert response.status_code == 200 and response.mimetype == "application/pdf" and response.data[:4] == b"%PDF"
        out = tmp_path / "brief.pdf"
        result = runner.invoke(args=["export", str(pos.id), "--layout", "brief", "-o", str(out)])
        assert result.exit_code == 0 and out.read_bytes()[:4] == b"%PDF", result.output
    import exports.pdf

    monkeypatch.setattr(exports.pdf, "converter", lambda: None)
    refused = client.get(f"/api/v1/positions/{pos.id}/export.pdf", headers=viewer)
    error = refused.get_json()["error"]
    assert refused.status_code == 503 and error["code"] == "unavailable" and "needs LibreOffice" in error["message"]
    cli = runner.invoke(args=["export", str(pos.id), "--format", "pdf", "-o", str(tmp_path / "x.pdf")])
    assert cli.exit_code == 1 and "needs LibreOffice on the server" in cli.output


def test_the_web_export_gives_the_pdf_or_says_the_server_lacks_its_converter(client, session, people, pos, monkeypatch):
    login(client, people.viewer)
    query = {"version": 2, "layout": "brief", "format": "pdf"}
    if SOFFICE is not None:
        response = web_download(client, pos, **query)
        assert response.mimetype == "application/pdf" and response.data[:4] == b"%PDF"
        assert response.headers["Content-Disposition"].endswith("-v2-brief.pdf")
    import exports.pdf

    monkeypatch.setattr(exports.pdf, "converter", lambda: None)
    refused = client.get(f"/positions/{pos.id}/word/export", query_string=query)
    assert refused.status_code == 503 and "PDF export needs LibreOffice on the server" in refused.get_data(as_text=True)


def test_a_preview_on_one_host_is_confirmed_on_another(tmp_path, backend):
    """Two app instances sharing one database: the upload previewed on the first is imported on the second."""
    from config import TestConfig
    from positions.models import Base
    from tests.factories import PASSWORD, People

    url = f"sqlite:///{tmp_path / 'shared.sqlite'}"
    config = type("SharedConfig", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False})
    first, second = create_app(config), create_app(config)
    with first.app_context():
        Base.metadata.create_all(db.engine)
        people = People(db.session)
        pos = commented_position(db.session, people)
        pos_id, email = pos.id, people.pen.email
        editing  # noqa: B018 - imported for the factories' services
        versions.list_versions(db.session, pos)
        data = _word_export(first, db.session, people, pos)
    one, two = first.test_client(), second.test_client()
    for client in (one, two):
        assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code in (302, 200)
    preview = upload(one, "/positions/import", data)
    assert preview.status_code == 200, preview.get_data(as_text=True)[:300]
    token = form_token(preview.get_data(as_text=True))
    confirmed = two.post("/positions/import/confirm", data={"token": token, "title": "From host one", "meeting": "IPBES-12",
                                                           "agenda_item": "6", "confidentiality": "limited",
                                                           "workflow": "ipbes-position"})
    assert confirmed.status_code == 302, confirmed.get_data(as_text=True)[:500]
    with second.app_context():
        assert db.session.query(Position).filter_by(title="From host one").count() == 1
        assert pos_id


REVIEWED_IN_LIBREOFFICE = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:body><office:text><text:tracked-changes>
<text:changed-region text:id="ct1"><text:deletion><office:change-info><dc:creator>Marie Lambert</dc:creator>
<dc:date>2026-05-20T10:00:00</dc:date></office:change-info><text:p>four</text:p></text:deletion></text:changed-region>
<text:changed-region text:id="ct2"><text:insertion><office:change-info><dc:creator>Marie Lambert</dc:creator>
<dc:date>2026-05-20T10:00:00</dc:date></office:change-info></text:insertion></text:changed-region></text:tracked-changes>
<text:p text:style-name="Title">Belgian position on the work programme</text:p>
<text:h text:outline-level="1">General remarks</text:h>
<text:p>Belgium warmly thanks the Executive Secretary for the documentation.</text:p>
<text:p>Ligne à défendre : Budget</text:p>
<text:p>Belgium supports the <office:annotation office:name="a1"><dc:creator>Marie Lambert</dc:creator><dc:date>2026-05-20T09:00:00</dc:date>
<text:p>Which biennium exactly?</text:p></office:annotation>proposed budget<office:annotation-end office:name="a1"/> for the biennium.</text:p>
<text:p>Position de repli : Belgium can accept approval of chapters one to <text:change text:change-id="ct1"/><text:change-start
 text:change-id="ct2"/>five<text:change-end text:change-id="ct2"/> only.</text:p>
<text:p>Ligne rouge : No reduction of the trust fund contributions for developing countries.</text:p>
</office:text></office:body></office:document>"""


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_a_review_typed_in_libreoffice_lands_on_the_clauses_by_their_words(session, people, pos, tmp_path):
    """A LibreOffice-authored review (flat ODT saved as .docx, no bookmarks, French labels): a comment and a change."""
    import subprocess

    (tmp_path / "review.fodt").write_text(REVIEWED_IN_LIBREOFFICE)
    subprocess.run([SOFFICE, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--convert-to",
                    "docx:MS Word 2007 XML", "--outdir", str(tmp_path), str(tmp_path / "review.fodt")],
                   check=True, capture_output=True, timeout=300)
    data = (tmp_path / "review.docx").read_bytes()
    plan = plan_reviewed(session, people.walloon, pos, data, import_languages())
    assert [(plan.clauses[i.clause_uid].number, i.kind, i.quote, i.proposed_text, i.status) for i in plan.items] == [
        ("1.2", "comment", "proposed budget", None, "new"), ("1.3", "amendment", "four", "five", "new")]
    assert plan.unmatched == [] and plan.items[0].written_at.isoformat() == "2026-05-20T09:00:00+00:00"
    amendment = apply_reviewed(session, people.walloon, pos, data, languages=import_languages()).created[1]
    comments.resolve(session, people.pen, pos, amendment, "accepted")
    session.commit()
    assert drafting.draft(session, pos)[3].revision.body == "Belgium can accept approval of chapters one to five only."
