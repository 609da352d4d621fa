"""A decision adopted in Word, its paragraphs numbered by typed numbers and by Word's numbering, into the library."""

from __future__ import annotations

import io

import pytest

from exports.imports.library_reader import parse_numbered_paragraphs
from exports.imports.safe_docx import DocxImportError
from positions.models import LibraryEntry
from tests.exports.fixtures.word_made import package, para, run
from tests.helpers import login


def decision_docx() -> bytes:
    """IPBES-11/1 as the Secretariat's Word file has it: a preamble, w:numPr paragraphs and sub-paragraphs, typed numbers."""
    return package("".join([
        para(run("Decision IPBES-11/1: Work programme of the Platform"), "Title", para_id="0B000001"),
        para(run("The Plenary of the Intergovernmental Science-Policy Platform on Biodiversity and Ecosystem Services,"),
             para_id="0B000002"),
        para(run("Recalling decision IPBES-10/1,"), para_id="0B000003"),
        para(run("Welcomes", bold=True) + run(" the nexus assessment and its summary for policymakers;"),
             "ListParagraph", (1, 0), "0B000004"),
        para(run("Requests the Executive Secretary:"), "ListParagraph", (1, 0), "0B000005"),
        para(run("to report on progress at its twelfth session;"), "ListParagraph", (1, 1), "0B000006"),
        para(run("to invite nominations of experts;"), "ListParagraph", (1, 1), "0B000007"),
        para(run("Decides to approve the budget for 2025."), "ListParagraph", (1, 0), "0B000008"),
        para(run("Annex"), "Heading1", para_id="0B000009"),
        para(run("7. Invites members to contribute to the trust fund;"), para_id="0B00000A"),
        para(run("(a) in cash;"), para_id="0B00000B"),
        para(run("including through multi-year pledges."), para_id="0B00000C"),
        para(run("a bullet that belongs to (a)"), "ListParagraph", (2, 0), "0B00000D"),
    ]), title="")


def test_the_reader_numbers_paragraphs_as_printed():
    document = parse_numbered_paragraphs(decision_docx())
    assert document.title == "Decision IPBES-11/1: Work programme of the Platform"
    assert [(p.number, p.text) for p in document.paragraphs] == [
        ("1", "**Welcomes** the nexus assessment and its summary for policymakers;"),
        ("2", "Requests the Executive Secretary:"),
        ("2 (a)", "to report on progress at its twelfth session;"),
        ("2 (b)", "to invite nominations of experts;"),
        ("3", "Decides to approve the budget for 2025."),
        ("7", "Invites members to contribute to the trust fund;"),
        ("7 (a)", "in cash;\n\nincluding through multi-year pledges.\n\na bullet that belongs to (a)"),
    ]
    assert any("preamble" in w for w in document.warnings)


def test_the_reader_refuses_what_is_not_a_word_file():
    with pytest.raises(DocxImportError):
        parse_numbered_paragraphs(b"%PDF-1.7 not a docx")


def _upload(client, data: bytes, **fields):
    form = {"meeting": "IPBES-11", "symbol": "IPBES-11/1", "source_date": "2024-12-16", "status": "adopted_plenary",
            "language": "en", "tags": "work programme", **fields, "file": (io.BytesIO(data), "decision.docx")}
    return client.post("/library/import", data=form, content_type="multipart/form-data")


def test_pen_holder_imports_a_decision_after_a_preview(client, session, people):
    login(client, people.pen)
    preview = _upload(client, decision_docx())
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "2 (a)" in page and "Add 7 entries" in page
    assert session.query(LibraryEntry).count() == 0  # nothing saved before the confirmation
    token = page.split('name="token" type="hidden" value="')[1].split('"')[0]
    form = {"token": token, "meeting": "IPBES-11", "symbol": "IPBES-11/1", "source_date": "2024-12-16",
            "status": "adopted_plenary", "language": "en", "tags": "work programme"}
    done = client.post("/library/import/confirm", data=form)
    assert done.status_code == 302
    entries = session.query(LibraryEntry).order_by(LibraryEntry.id).all()
    assert [e.paragraph for e in entries] == ["1", "2", "2 (a)", "2 (b)", "3", "7", "7 (a)"]
    assert {(e.symbol, e.status, str(e.source_date), tuple(e.tags)) for e in entries} == {
        ("IPBES-11/1", "adopted_plenary", "2024-12-16", ("work programme",))}
    assert entries[2].label == "IPBES-11/1, para. 2 (a)"
    again = client.post("/library/import/confirm", data=form)  # sent twice: imported once
    assert again.status_code in (404, 422) and session.query(LibraryEntry).count() == 7


def test_import_refusals_are_clear(app, client, session, people):
    login(client, people.pen)
    bad = _upload(client, b"not a word file")
    assert bad.status_code == 422 and "not a Word document" in bad.get_data(as_text=True)
    empty = _upload(client, package(para(run("Just a preamble."))))
    assert "No numbered paragraphs were found" in empty.get_data(as_text=True)
    official = app.test_client()
    login(official, people.flemish)
    assert _upload(official, decision_docx()).status_code == 403
    assert official.get("/library/import").status_code == 403
