"""Government comments on an official document: administrations comment per paragraph, the pen-holder merges the
Belgian set, exported as the Secretariat's table (Word, CSV and Excel)."""

from __future__ import annotations

import csv
import io

import docx
import openpyxl

from tests.helpers import bearer

from .documents import draft_decision
from .support import import_file

COLUMNS = ["Paragraph", "Page", "Line", "Comment", "Proposed text"]


def comment(client, user, doc: int, **body):
    return client.post(f"/api/v1/official-documents/{doc}/comments", headers=bearer(client, user), json=body)


def test_administrations_comment_and_the_pen_holder_merges_and_exports(client, people):
    doc = import_file(client, people.pen, draft_decision()).json["id"]
    flemish = comment(client, people.flemish, doc, paragraph="2 (a)", page=3, line="12-14", comment="A date is needed.",
                      proposed_text="[by December 2027]")
    assert flemish.status_code == 201 and flemish.json["administration"] == "VL-OMG" and not flemish.json["belgian"]
    walloon = comment(client, people.walloon, doc, paragraph="1", comment="=HYPERLINK(\"x\") welcome the report")
    assert walloon.json["administration"] == "SPW-ARNE"
    assert comment(client, people.viewer, doc, paragraph="1", comment="x").status_code == 403
    assert comment(client, people.flemish, doc, paragraph="99", comment="x").status_code == 404
    assert comment(client, people.flemish, doc, paragraph="1").status_code == 422  # nothing to say
    assert comment(client, people.flemish, doc, paragraph="1", comment="x", page=0).status_code == 422

    listed = client.get(f"/api/v1/official-documents/{doc}/comments", headers=bearer(client, people.viewer)).json["comments"]
    assert [c["paragraph"] for c in listed] == ["1", "2 (a)"]  # paragraph order

    adopt = f"/api/v1/official-comments/{flemish.json['id']}/adopt"
    assert client.post(adopt, headers=bearer(client, people.flemish), json={}).status_code == 403
    adopted = client.post(adopt, headers=bearer(client, people.pen), json={"comment": "Belgium proposes a date."})
    assert adopted.status_code == 201 and adopted.json["belgian"] and adopted.json["source"] == flemish.json["id"]
    assert adopted.json["proposed_text"] == "[by December 2027]" and adopted.json["page"] == 3
    other = client.post(f"/api/v1/official-comments/{walloon.json['id']}/adopt", headers=bearer(client, people.pen)).json
    assert client.post(f"/api/v1/official-comments/{adopted.json['id']}/adopt", headers=bearer(client, people.pen)).status_code == 404

    belgian = client.get(f"/api/v1/official-documents/{doc}/comments?set=belgian", headers=bearer(client, people.lead)).json
    assert [c["comment"] for c in belgian["comments"]] == ["=HYPERLINK(\"x\") welcome the report", "Belgium proposes a date."]

    table = client.get(f"/api/v1/official-documents/{doc}/comments.csv", headers=bearer(client, people.flemish))
    assert table.status_code == 200 and table.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(table.get_data().decode("utf-8-sig"))))
    assert rows == [COLUMNS, ["1", "", "", "'=HYPERLINK(\"x\") welcome the report", ""],
                    ["2 (a)", "3", "12-14", "Belgium proposes a date.", "[by December 2027]"]]

    word = client.get(f"/api/v1/official-documents/{doc}/comments.docx", headers=bearer(client, people.flemish))
    assert word.status_code == 200 and "IPBES_12_2-comments-BE.docx" in word.headers["Content-Disposition"]
    cells = [[cell.text for cell in row.cells] for row in docx.Document(io.BytesIO(word.get_data())).tables[0].rows]
    assert cells[0] == COLUMNS and cells[2] == ["2 (a)", "3", "12-14", "Belgium proposes a date.", "[by December 2027]"]

    excel = client.get(f"/api/v1/official-documents/{doc}/comments.xlsx", headers=bearer(client, people.flemish))
    assert excel.status_code == 200 and "IPBES_12_2-comments-BE.xlsx" in excel.headers["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(excel.get_data())).active
    assert sheet.title == "IPBES-12-2"
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        COLUMNS, ["1", None, None, "=HYPERLINK(\"x\") welcome the report", None],
        ["2 (a)", 3, "12-14", "Belgium proposes a date.", "[by December 2027]"]]
    assert sheet["D2"].data_type == "s"  # a comment, never a formula Excel would run

    drop = f"/api/v1/official-comments/{other['id']}"
    assert client.delete(drop, headers=bearer(client, people.flemish)).status_code == 403
    assert client.delete(drop, headers=bearer(client, people.pen)).json == {"id": other["id"], "deleted": True}
    assert client.delete(f"/api/v1/official-comments/{walloon.json['id']}", headers=bearer(client, people.pen)).status_code == 404
    assert len(client.get(f"/api/v1/official-documents/{doc}/comments?set=belgian", headers=bearer(client, people.pen)).json["comments"]) == 1
