"""The Word export option that writes where library wording came from, as a Word comment or a footnote."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

from positions.services import drafting, library, library_uses
from tests import factories
from tests.helpers import bearer, login


@pytest.fixture
def pos_with_library_clause(session, people):
    entry = library.create_entry(session, people.pen, text="Decides to approve the work programme.",
                                 meeting="IPBES-11", symbol="IPBES-11/1", paragraph="3")
    pos = factories.position(session, people.pen)
    library_uses.insert_as_clause(session, people.pen, pos, entry.id, kind="line_to_take")
    session.commit()
    return pos


def _parts(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name).decode() for name in archive.namelist() if name.endswith((".xml", ".rels"))}


def test_sources_as_word_comments(client, people, pos_with_library_clause):
    login(client, people.flemish)
    answer = client.get(f"/positions/{pos_with_library_clause.id}/word/export?library_sources=comment")
    assert answer.status_code == 200
    document = docx.Document(io.BytesIO(answer.data))
    comments = list(document.comments)
    assert [(c.author, c.text) for c in comments] == [("Agreed-language library", "From the library: IPBES-11/1, para. 3")]
    body = _parts(answer.data)["word/document.xml"]
    assert body.count("<w:commentReference") == 1
    plain = client.get(f"/positions/{pos_with_library_clause.id}/word/export")
    assert "From the library" not in "".join(_parts(plain.data).values())


def test_sources_as_footnotes(client, session, people, pos_with_library_clause):
    login(client, people.flemish)
    answer = client.get(f"/positions/{pos_with_library_clause.id}/word/export?library_sources=footnote")
    assert answer.status_code == 200
    parts = _parts(answer.data)
    assert "IPBES-11/1, para. 3" in parts["word/footnotes.xml"]
    assert parts["word/document.xml"].count('<w:footnoteReference w:id="1"/>') == 1
    assert "footnotes" in parts["word/_rels/document.xml.rels"] and "footnotes+xml" in parts["[Content_Types].xml"]
    document = docx.Document(io.BytesIO(answer.data))  # still a valid package
    assert any("approve the work programme" in p.text for p in document.paragraphs)


def test_the_option_is_checked_and_offered_in_the_api(client, people, pos_with_library_clause):
    pen = bearer(client, people.pen)
    url = f"/api/v1/positions/{pos_with_library_clause.id}/export.docx"
    assert client.get(url + "?library_sources=footnote", headers=pen).status_code == 200
    bad = client.get(url + "?library_sources=margin", headers=pen)
    assert bad.status_code == 422 and "library_sources" in bad.get_json()["error"]["message"]
    assert client.get(url + "?layout=brief&library_sources=comment", headers=pen).status_code == 422
    spec = client.get("/api/v1/openapi.json").get_json()
    parameters = {p["name"]: p for p in spec["paths"]["/api/v1/positions/{position_id}/export.docx"]["get"]["parameters"]}
    assert parameters["library_sources"]["schema"]["enum"] == ["comment", "footnote"]


def test_a_version_taken_before_the_insert_carries_no_source(session, people, pos_with_library_clause):
    from exports.documents import ExportOptions, export_position
    from positions.actors import SYSTEM
    from positions.services import versions

    versions.take_version(session, people.pen, pos_with_library_clause)
    session.commit()
    entry = library.create_entry(session, people.pen, text="Later wording.", meeting="IPBES-12")
    first = drafting.draft(session, pos_with_library_clause)[1]
    library_uses.insert_into_clause(session, people.pen, pos_with_library_clause, first.uid, entry.id)
    session.commit()
    old = export_position(session, SYSTEM, pos_with_library_clause, ExportOptions(version=1, library_sources="comment"))
    assert "IPBES-12" not in _parts(old.data).get("word/comments.xml", "")
    new = export_position(session, SYSTEM, pos_with_library_clause, ExportOptions(library_sources="comment"))
    assert "IPBES-12" in _parts(new.data)["word/comments.xml"]
