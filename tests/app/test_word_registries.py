"""The registries drive the Word area: a new export format and a new clause kind need no other code."""

from __future__ import annotations

import pytest

from app.word.export_texts import word_labels
from exports import formats
from exports.imports.position_reader import parse_new_position
from positions import kinds
from positions.models import Event
from positions.services import drafting
from tests.exports.helpers import open_doc
from tests.exports.test_clause_kinds import QUESTION, add_kind
from tests.factories import position
from tests.helpers import bearer, login

from .word_support import web_download

PLAIN = formats.ExportFormat("txt", "Plain text", "text/plain; charset=utf-8", "txt", (
    formats.Layout("position", "Position (numbered clauses)",
                   lambda doc, labels: "\n".join(f"{c.number} {c.heading or c.body}" for c in doc.external_clauses()).encode()),
), "Text export")
CLAUSES = [("heading", "General remarks", ""), ("text", "", "Belgium thanks the Secretariat."),
           ("internal_note", "", "Not for the room."), ("heading", "Budget", ""), ("red_line", "", "No cuts.")]


@pytest.fixture
def plain_text_format(monkeypatch):
    """A trivial format registered at start-up, as a deployment would."""
    monkeypatch.setitem(formats.FORMATS, PLAIN.key, PLAIN)
    return PLAIN


def test_a_registered_format_is_offered_by_the_web_form(client, session, people, plain_text_format):
    pos = position(session, people.pen, clauses=CLAUSES)
    session.commit()
    login(client, people.viewer)
    html = client.get(f"/positions/{pos.id}/word").get_data(as_text=True)
    assert '<option value="txt">Plain text</option>' in html and '<option value="docx">Word (.docx)</option>' in html
    response = client.get(f"/positions/{pos.id}/word/export", query_string={"format": "txt"})
    assert response.status_code == 200 and response.mimetype == "text/plain"
    assert response.headers["Content-Disposition"].endswith("-draft-position.txt")
    assert response.get_data(as_text=True) == "1. General remarks\n1.1 Belgium thanks the Secretariat.\n2. Budget\n2.1 No cuts."
    history = client.get(f"/positions/{pos.id}/history").get_data(as_text=True)
    assert "Text export" in history and session.query(Event).filter_by(verb="export.txt").count() == 1


def test_a_registered_format_is_in_the_api_and_its_document(client, session, people, plain_text_format):
    pos = position(session, people.pen, clauses=CLAUSES)
    session.commit()
    document = client.get("/api/v1/openapi.json").get_json()
    parameters = {p["name"]: p["schema"] for p in document["paths"]["/api/v1/positions/{position_id}/export.docx"]["get"]["parameters"]}
    assert parameters["format"]["enum"] == ["docx", "csv", "pdf", "txt"]
    assert parameters["layout"]["enum"] == ["position", "brief", "paragraph_brief", "comments_table"]
    api = bearer(client, people.viewer)
    response = client.get(f"/api/v1/positions/{pos.id}/export.docx?format=txt", headers=api)
    assert response.status_code == 200 and response.get_data(as_text=True).startswith("1. General remarks")
    refused = client.get(f"/api/v1/positions/{pos.id}/export.docx?format=txt&layout=brief", headers=api)
    assert refused.status_code == 422
    assert refused.get_json()["error"]["message"] == "The 'txt' format offers only these layouts: position."


def test_a_registered_format_is_a_cli_choice(runner, session, people, tmp_path, plain_text_format):
    pos = position(session, people.pen, clauses=CLAUSES)
    session.commit()
    assert "docx|csv|pdf|txt" in runner.invoke(args=["export", "--help"]).output
    out = tmp_path / "position.txt"
    result = runner.invoke(args=["export", str(pos.id), "-o", str(out)])  # the format follows the file's extension
    assert result.exit_code == 0, result.output
    assert out.read_text().splitlines()[-1] == "2.1 No cuts."
    assert runner.invoke(args=["export", str(pos.id), "--format", "odt", "-o", str(out)]).exit_code == 2


def test_without_the_registration_the_format_is_refused(client, session, people):
    pos = position(session, people.pen, clauses=CLAUSES)
    session.commit()
    login(client, people.viewer)
    response = client.get(f"/positions/{pos.id}/word/export", query_string={"format": "txt"})
    assert response.status_code == 422 and "Unknown format &#39;txt&#39;. Choose one of: docx, csv, pdf." in response.get_data(as_text=True)


@pytest.fixture
def question_kind(monkeypatch):
    """A new row in the kinds table; also where the drafting service copied the table's names when it was imported."""
    add_kind(monkeypatch, QUESTION)
    monkeypatch.setattr(drafting, "CLAUSE_KINDS", kinds.CLAUSE_KINDS)
    monkeypatch.setattr(drafting, "KIND", kinds.KIND)
    return QUESTION


def test_a_new_clause_kind_goes_to_word_and_back(app, client, session, people, question_kind):
    pos = position(session, people.pen, clauses=[*CLAUSES, ("question_to_eu", "Funding", "Will the EU pledge?")])
    session.commit()
    login(client, people.pen)
    data = web_download(client, pos).data
    assert [(c.kind, c.heading, c.body) for c in parse_new_position(data).clauses][-1] == (
        "question_to_eu", "Funding", "Will the EU pledge?")
    brief = [p.text for p in open_doc(web_download(client, pos, layout="brief").data).paragraphs]
    assert brief[brief.index("Questions to the EU") + 2] == "Funding\nWill the EU pledge? (clause 2.2)"
    with app.test_request_context():
        labels = word_labels("fr")
    assert labels.kind_label("question_to_eu") == "Question to the EU"  # until the catalogues translate it

