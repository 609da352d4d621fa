"""The brief per official paragraph: official text, the Belgian lines linked to it, space for notes (Word, PDF)."""

from __future__ import annotations

import io

import docx
import pytest

from exports.pdf import converter
from tests.factories import position
from tests.helpers import bearer

from .documents import draft_decision, draft_decision_rev1
from .support import import_file, link, uids


def test_the_brief_lays_out_each_paragraph_with_its_lines_and_room_for_notes(client, session, people):
    pos = position(session, people.pen)
    kinds = uids(session, pos)
    doc = import_file(client, people.pen, draft_decision()).json["id"]
    link(client, people.pen, pos, kinds["line_to_take"], doc, "2 (a)")
    link(client, people.pen, pos, kinds["red_line"], doc, "2 (a)")
    link(client, people.pen, pos, kinds["fallback"], doc, "2 (a)")
    link(client, people.pen, pos, kinds["text"], doc, "2 (a)")  # the EU text's clause on it: the EU line
    link(client, people.pen, pos, kinds["internal_note"], doc, "1")  # never leaves the building
    import_file(client, people.pen, draft_decision_rev1(), symbol="IPBES/12/2/Rev.1", revision_of=doc)
    response = client.get(f"/api/v1/positions/{pos.id}/export.docx?layout=paragraph_brief", headers=bearer(client, people.flemish))
    assert response.status_code == 200
    texts = [p.text for p in docx.Document(io.BytesIO(response.get_data())).paragraphs]
    assert "IPBES/12/2/Rev.1" in texts and "IPBES/12/2" not in texts  # the newest revision only
    at = texts.index("2 (a)")
    block = texts[at:texts.index("2 (b)")]
    assert block[1:3] == ["Official text", "To publish the assessment of the interlinkages among biodiversity, water, food and health "
                                           "[by December 2027] in all official languages;"]
    assert block[block.index("Lines to take") + 1].startswith("Belgium supports the second global assessment")
    assert block[block.index("Fallback") + 1] == "Belgium can accept approval of chapters 1–4 only."
    assert block[block.index("Red lines") + 1] == "No reopening of the conceptual framework."
    from positions.services import drafting
    eu_text = next(c.revision.body for c in drafting.draft(session, pos) if c.uid == kinds["text"])
    assert block[block.index("EU line") + 1] == eu_text and block.index("Red lines") < block.index("EU line")
    assert "Other Belgian clauses" not in block
    assert block[block.index("Notes"):] == ["Notes", "", "", ""]
    one = texts[texts.index("1"):texts.index("2")]
    assert "No Belgian line on this paragraph." in one and "Check with BELSPO" not in " ".join(texts)


@pytest.mark.skipif(converter() is None, reason="LibreOffice (soffice) is not installed")
def test_the_paragraph_brief_converts_to_pdf(client, session, people):
    pos = position(session, people.pen)
    doc = import_file(client, people.pen, draft_decision()).json["id"]
    link(client, people.pen, pos, uids(session, pos)["line_to_take"], doc, "1")
    response = client.get(f"/api/v1/positions/{pos.id}/export.pdf?layout=paragraph_brief", headers=bearer(client, people.pen))
    assert response.status_code == 200 and response.get_data().startswith(b"%PDF")
    from pypdf import PdfReader
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.get_data())).pages)
    assert "Welcomes the progress report" in text and "Belgium supports" in text
