"""The EU text as Word (issue 17): an EU-phase export carries only EU content — the clauses shared with the member
states, numbered among themselves — for Belgian readers and for the delegates invited to the position."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile

import docx
import pytest

from positions.services import (
    approvals,
    comments,
    consultations,
    drafting,
    editing,
    participants,
    versions,
)
from tests import factories
from tests.helpers import bearer, login, token
from workflows.service import fire_transition

DEADLINE = "2099-12-31"
PASSWORD = "ein sicheres Passwort"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
BELGIAN_ONLY = ("LTT-MARKER", "FALLBACK-MARKER", "REDLINE-MARKER", "BACKGROUND-MARKER", "NOTE-MARKER", "COMMENT-MARKER",
                "Walloon", "Jan Peeters")
CLAUSES = [
    ("heading", "General remarks", ""),
    ("text", "", "Belgium thanks the Executive Secretary for the documentation."),
    ("line_to_take", "", "LTT-MARKER Belgium **supports** the second global assessment."),
    ("fallback", "", "FALLBACK-MARKER Belgium can accept approval of chapters 1–4 only."),
    ("red_line", "", "REDLINE-MARKER No reopening of the conceptual framework."),
    ("internal_note", "", "NOTE-MARKER Check with BELSPO before the meeting."),
    ("heading", "Budget", ""),
    ("background", "", "BACKGROUND-MARKER The Walloon Region asked for figures."),
    ("text", "", "The Platform keeps its budget."),
]


@pytest.fixture
def world(session, people):
    """A position with a Belgian comment, agreed in its Belgian phase, in its EU draft; a German delegate invited."""
    factories.administrations_eu(session)
    pos = factories.position(session, people.pen, clauses=CLAUSES)
    fire_transition(pos, "submit", people.pen, deadline=DEADLINE)
    comments.post_comment(session, people.flemish, pos, drafting.draft(session, pos)[1].uid, kind="comment",
                          body="COMMENT-MARKER Flanders would thank the Secretariat instead.")
    version = versions.get_version(session, pos, 1)
    for official in (people.flemish, people.walloon, people.brussels):
        consultations.answer(session, official, pos, version, "agree")
    approvals.decide(session, people.lead, pos, version, "approve")
    session.commit()
    fire_transition(pos, "conclude", people.lead)
    anna = participants.invite(session, people.pen, pos, email="anna@bmuv.example.de", name="Anna Schmidt", administration="DE")
    participants.accept(session, anna.secret, PASSWORD)
    session.commit()
    return pos, anna.participant.user


def start_eu(session, people, pos):
    fire_transition(pos, "start_eu", people.pen)
    text = drafting.draft(session, pos)[1]
    editing.edit_clause(session, people.pen, pos, text.uid, base_revision=text.revision.id,
                        body="The EU thanks the Executive Secretary for the documentation.")
    session.commit()


def every_text(data: bytes) -> str:
    """All the text of the package: body, headers, footers, properties (a marker must be nowhere)."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return " ".join(package.read(name).decode("utf-8", "replace") for name in package.namelist() if name.endswith(".xml"))


def paragraphs(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs if p.text.strip()]


def test_a_delegate_exports_the_eu_draft_with_eu_content_only(client, session, people, world):
    pos, anna = world
    start_eu(session, people, pos)
    login(client, anna, PASSWORD)
    answer = client.get(f"/eu/positions/{pos.id}/export.docx")
    assert answer.status_code == 200 and answer.mimetype.endswith("wordprocessingml.document")
    assert "eu-draft.docx" in answer.headers["Content-Disposition"]
    data = answer.data
    shown = paragraphs(data)
    assert shown[0] == "EU text — Belgian position on the work programme"
    assert any("The EU thanks the Executive Secretary" in p for p in shown) and any("The Platform keeps" in p for p in shown)
    assert docx.Document(io.BytesIO(data)).core_properties.title == "EU text — Belgian position on the work programme"
    text = every_text(data)
    for marker in BELGIAN_ONLY:
        assert marker not in text, marker
    document = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "EU draft" in text and "Line to take" not in document and "Red line" not in document
    assert "w:comment " not in text and not any(n.startswith("word/comments") for n in zipfile.ZipFile(io.BytesIO(data)).namelist())
    assert f'href="/eu/positions/{pos.id}/export.docx?version=draft"' in client.get(f"/eu/positions/{pos.id}").get_data(as_text=True)


def test_belgian_readers_export_an_eu_version_through_the_api(client, session, people, world):
    pos, _ = world
    start_eu(session, people, pos)
    fire_transition(pos, "submit", people.pen, deadline=DEADLINE)  # EU version 1
    session.commit()
    headers = bearer(client, people.flemish)
    answer = client.get(f"/api/v1/positions/{pos.id}/eu-text.docx?version=1", headers=headers)
    assert answer.status_code == 200 and "eu-v1.docx" in answer.headers["Content-Disposition"]
    text = every_text(answer.data)
    assert "EU version 1" in text
    for marker in BELGIAN_ONLY:
        assert marker not in text, marker
    login(client, people.flemish)  # the history names the export in words, not codes
    history = client.get(f"/positions/{pos.id}/history").get_data(as_text=True)
    assert "layout: EU text" in history and "version: EU version 1" in history and "eu_text" not in history
    missing = client.get(f"/api/v1/positions/{pos.id}/eu-text.docx?version=2", headers=headers)
    assert missing.status_code == 404 and "no EU version 2" in missing.get_json()["error"]["message"]
    assert client.get(f"/api/v1/positions/{pos.id}/eu-text.docx?version=x", headers=headers).status_code == 422


def test_before_the_eu_phase_there_is_no_eu_text_to_export(client, session, people, world):
    pos, anna = world
    answer = client.get(f"/api/v1/positions/{pos.id}/eu-text.docx", headers=bearer(client, people.pen))
    assert answer.status_code == 404 and answer.get_json()["error"]["message"] == f"There is no EU text {pos.id}."
    delegate = client.get(f"/api/v1/positions/{pos.id}/eu-text.docx",
                          headers={"Authorization": f"Bearer {token(client, anna, PASSWORD)}"})
    assert delegate.status_code == 404


def test_a_delegate_of_another_position_exports_nothing(client, session, people, world):
    pos, _ = world
    start_eu(session, people, pos)
    other = factories.position(session, people.pen, title="Budget of the Platform")
    claire = participants.invite(session, people.pen, other, email="claire@example.fr", name="Claire Martin", administration="FR")
    participants.accept(session, claire.secret, PASSWORD)
    session.commit()
    login(client, claire.participant.user, PASSWORD)
    assert client.get(f"/eu/positions/{pos.id}/export.docx").status_code == 404


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_converts_the_eu_text(client, session, people, world, tmp_path):
    pos, anna = world
    start_eu(session, people, pos)
    login(client, anna, PASSWORD)
    source = tmp_path / "eu-text.docx"
    source.write_bytes(client.get(f"/eu/positions/{pos.id}/export.docx").data)
    profile = (tmp_path / "profile").as_uri()
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir",
                    str(tmp_path), str(source)], check=True, capture_output=True, timeout=300)
    pdf = tmp_path / "eu-text.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout.split())
        assert "EU text — Belgian position" in text and "The EU thanks the Executive Secretary" in text
        # numbered among themselves: 1. General remarks, 1.1, 2. Budget, 2.1 (no gap where the Belgian lines were)
        assert "1.1 The EU thanks" in text and "2.1 The Platform keeps" in text and "1.2" not in text, text
        for marker in BELGIAN_ONLY:
            assert marker not in text, marker


def test_with_comments_the_eu_comments_ride_along_signed_by_member_state(client, session, people, world):
    from workflows import eu_comments

    pos, anna = world
    start_eu(session, people, pos)
    uid = drafting.draft(session, pos)[1].uid
    asked = eu_comments.post(session, anna, pos.id, uid, body="DE-MARKER Germany asks which documentation is meant.")
    eu_comments.post(session, people.pen, pos.id, uid, body="BE-REPLY-MARKER The documents of IPBES-12.", parent_id=asked.id)
    comments.resolve(session, people.pen, pos, asked, "resolved", "RESOLUTION-MARKER settled with Germany.")
    session.commit()

    login(client, anna, PASSWORD)
    answer = client.get(f"/eu/positions/{pos.id}/export.docx?comments=1")
    assert answer.status_code == 200
    package = zipfile.ZipFile(io.BytesIO(answer.data))
    notes = package.read("word/comments.xml").decode()
    assert "DE-MARKER" in notes and "BE-REPLY-MARKER" in notes and "Anna Schmidt" in notes and "Belgium" in notes
    text = every_text(answer.data)
    for marker in (*BELGIAN_ONLY, "RESOLUTION-MARKER", people.pen.name, "BBPF"):
        assert marker not in text, marker  # the Belgian comment, the pen-holder's name and the resolution note stay home
    assert "comments=1" in client.get(f"/eu/positions/{pos.id}").get_data(as_text=True)

    belgian = client.get(f"/api/v1/positions/{pos.id}/eu-text.docx?comments=true", headers=bearer(client, people.flemish))
    notes = zipfile.ZipFile(io.BytesIO(belgian.data)).read("word/comments.xml").decode()
    assert "DE-MARKER" in notes and people.pen.name in notes and "COMMENT-MARKER" not in notes  # only the EU comments
    plain = client.get(f"/api/v1/positions/{pos.id}/eu-text.docx", headers=bearer(client, people.flemish))
    assert not any(n.startswith("word/comments") for n in zipfile.ZipFile(io.BytesIO(plain.data)).namelist())
