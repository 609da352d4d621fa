"""Layout `comments_table`: landscape, repeated header, grouped by clause with the clause's number."""

from __future__ import annotations

from docx.enum.section import WD_ORIENT

from exports.docx.comments_table import render_comments_table
from tests.exports.helpers import NS, open_doc, q, text_of, xml


def test_comments_table_is_landscape_with_repeated_header(document):
    data = render_comments_table(document)
    section = open_doc(data).sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE and section.page_width > section.page_height
    table = xml(data).find(f".//{q('tbl')}")
    rows = table.findall(q("tr"))
    assert rows[0].find(f"{q('trPr')}/{q('tblHeader')}") is not None
    assert [text_of(c) for c in rows[0].findall(q("tc"))] == [
        "Clause", "Administration", "Kind", "Comment", "Status", "Response"]


def test_comments_table_groups_by_clause_with_the_numbers_every_page_shows(document):
    table = open_doc(render_comments_table(document)).tables[0]
    first_column = [row.cells[0].text for row in table.rows[1:]]
    assert first_column == [
        "2.1 Belgium welcomes the rolling work programme of IPBES, see t\u2026",
        "2.1 Belgium welcomes the rolling work programme of IPBES, see t\u2026",
        "2.2 Budget",
        "2.3 The nexus assessment should inform national biodiversity st\u2026",
        "3.1 No reduction of the trust fund contributions for developing\u2026",
    ]
    root = xml(render_comments_table(document))
    merges = [tc.find(f"{q('tcPr')}/{q('vMerge')}") for tc in root.xpath("//w:tr[position()>1]/w:tc[1]", namespaces=NS)]
    assert merges[0].get(q("val")) == "restart" and merges[1].get(q("val")) is None
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert rows[1][1] == "SPW-ARNE\nAnne Dubois" and rows[1][3].startswith("Re: ")
    budget = rows[2]
    assert budget[2:] == ["Reservation", "\u201cproposed budget\u201d\nBudget figures still under review.",
                          "Resolved", "Figures confirmed on 5 May."]
