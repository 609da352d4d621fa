"""Layouts `brief` and `comments_table` (and its CSV)."""

from __future__ import annotations

import csv
import dataclasses
import io

from docx.enum.section import WD_ORIENT

from exports import comments_csv, render_brief, render_comments_table
from exports.model import ExportComment

from .helpers import NS, open_doc, q, text_of, xml


def test_brief_has_cover_objective_sections_and_annex(document):
    data = render_brief(document)
    paragraphs = open_doc(data).paragraphs
    headings = [p.text for p in paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Objective", "Lines to take", "Fallback", "Red lines", "Background",
                        "Annex: EU-coordinated text"]
    cover = [c.text for row in open_doc(data).tables[0].rows for c in row.cells]
    assert {"IPBES-12", "Item 7: work programme", "Hilde Eggermont", "9 May 2026"} <= set(cover)
    assert paragraphs[1].style.name == "Title" and paragraphs[1].text == document.title
    texts = [p.text for p in paragraphs]
    objective = texts.index("Objective")
    assert texts[objective + 1] == "Secure a sustainable work programme budget."
    lines = texts.index("Lines to take")
    assert texts[lines + 1].startswith("Budget")
    red = texts.index("Red lines")
    assert texts[red + 1].startswith("No reduction of the trust fund")
    annex = texts.index("Annex: EU-coordinated text")
    assert texts[annex + 1] == "The EU and its Member States welcome the work programme."
    assert paragraphs[annex + 1]._p.pPr.numPr is not None
    assert not any("Walloon Region may object" in t for t in texts)
    assert any(br.get(q("type")) == "page" for br in xml(data).iter(q("br")))


def test_brief_sections_restart_numbering(document):
    data = render_brief(document)
    numbering = xml(data, "word/numbering.xml")
    abstract = numbering.xpath("w:abstractNum[w:name/@w:val='Plenipo clauses']/@w:abstractNumId", namespaces=NS)[0]
    clause_nums = set(numbering.xpath(f"w:num[w:abstractNumId/@w:val='{abstract}']/@w:numId", namespaces=NS))
    used = [p.find(".//" + q("numId")).get(q("val")) for p in xml(data).xpath("//w:p[w:pPr/w:numPr]", namespaces=NS)]
    used_clause_nums = list(dict.fromkeys(n for n in used if n in clause_nums))
    assert len(used_clause_nums) == 5  # four sections and the annex, each restarting
    for num_id in used_clause_nums:
        num = numbering.xpath(f"w:num[@w:numId='{num_id}']", namespaces=NS)[0]
        assert num.find(f"{q('lvlOverride')}/{q('startOverride')}").get(q("val")) == "1"


def test_brief_has_page_furniture_and_watermark(document):
    data = render_brief(document)
    header = open_doc(data).sections[0].header._element
    assert header.findall(".//{urn:schemas-microsoft-com:vml}textpath")
    footer = open_doc(data).sections[0].footer._element
    assert [i.text.strip() for i in footer.iter(q("instrText"))] == ["PAGE", "NUMPAGES"]


def test_empty_brief_sections_say_none(document):
    data = render_brief(dataclasses.replace(document, clauses=document.clauses[:2]))
    texts = [p.text for p in open_doc(data).paragraphs]
    assert texts[texts.index("Red lines") + 1] == "None."


def test_comments_table_is_landscape_with_repeated_header(document):
    data = render_comments_table(document)
    section = open_doc(data).sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE and section.page_width > section.page_height
    table = xml(data).find(f".//{q('tbl')}")
    rows = table.findall(q("tr"))
    assert rows[0].find(f"{q('trPr')}/{q('tblHeader')}") is not None
    assert [text_of(c) for c in rows[0].findall(q("tc"))] == [
        "Clause", "Administration", "Kind", "Comment", "Status", "Response"]


def test_comments_table_groups_by_clause_in_clause_order(document):
    table = open_doc(render_comments_table(document)).tables[0]
    first_column = [row.cells[0].text for row in table.rows[1:]]
    assert first_column == [
        "1. Belgium welcomes the rolling work programme of IPBES, see t\u2026",
        "1. Belgium welcomes the rolling work programme of IPBES, see t\u2026",
        "2. Budget",
        "2.1 The nexus assessment should inform national biodiversity st\u2026",
        "3. No reduction of the trust fund contributions for developing\u2026",
    ]
    root = xml(render_comments_table(document))
    merges = [tc.find(f"{q('tcPr')}/{q('vMerge')}") for tc in root.xpath("//w:tr[position()>1]/w:tc[1]", namespaces=NS)]
    assert merges[0].get(q("val")) == "restart" and merges[1].get(q("val")) is None
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert rows[1][1] == "SPW-ARNE\nAnne Dubois" and rows[1][3].startswith("Re: ")
    budget = rows[2]
    assert budget[2:] == ["Reservation", "\u201cproposed budget\u201d\nBudget figures still under review.",
                          "Resolved", "Figures confirmed on 5 May."]


def test_comments_csv_has_same_columns_and_is_excel_safe(document):
    extra = ExportComment(9, "c6", "comment", "=HYPERLINK(\"http://evil\")", "Eve", "BBPF",
                          document.comments[0].created_at, "open")
    text = comments_csv(dataclasses.replace(document, comments=document.comments + (extra,)))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:2] == ["Clause", "Administration"] and "Response" in rows[0]
    assert rows[1][:5] == ["1. Belgium welcomes the rolling work programme of IPBES, see t\u2026", "VL-OMG",
                           "Jan Peeters", "Comment", "Please keep 'rolling'."]
    assert rows[-1][4].startswith("'=")
    assert not any("Secret remark" in cell for row in rows for cell in row)
    assert text.encode("utf-8-sig").startswith(b"\xef\xbb\xbf")


def test_comments_on_unknown_clauses_are_grouped_last(document):
    gone = ExportComment(10, "deleted-clause", "comment", "On a clause removed since.", "Eve", "BBPF",
                         document.comments[0].created_at, "open")
    rows = list(csv.reader(io.StringIO(comments_csv(dataclasses.replace(
        document, comments=(gone,) + document.comments)))))
    assert rows[-1][0] == "(clause not in this version)" and rows[-1][4] == "On a clause removed since."
