"""Layout `brief`: cover, objective, one flat-numbered section per brief kind with clause references, annex."""

from __future__ import annotations

import dataclasses

from exports.docx.brief_layout import render_brief
from exports.fixed_texts import Labels
from tests.exports.helpers import NS, open_doc, q, xml


def test_brief_has_cover_objective_sections_and_annex(document):
    data = render_brief(document)
    paragraphs = open_doc(data).paragraphs
    headings = [p.text for p in paragraphs if p.style.name == "Heading 1" and p._p.pPr.numPr is None]
    assert headings == ["Objective", "Position", "Lines to take", "Fallback", "Red lines", "Background",
                        "Annex: EU-coordinated text"]
    cover = [[c.text for c in row.cells] for row in open_doc(data).tables[0].rows]
    assert cover == [["Meeting", "IPBES-12"], ["Agenda item", "Item 7: work programme"], ["Document symbol", "BE/IPBES-12/7"],
                     ["Stage", "Belgian consultation"], ["Version", "v3"], ["Date", "9 May 2026"],
                     ["Content hash", "9f2c" * 16], ["Delegation lead", "Hilde Eggermont"], ["Confidentiality", "RESTRICTED"]]
    assert paragraphs[1].style.name == "Title" and paragraphs[1].text == document.title
    texts = [p.text for p in paragraphs]
    objective = texts.index("Objective")
    assert texts[objective + 1] == "Secure a sustainable work programme budget."
    lines = texts.index("Lines to take")
    assert texts[lines + 1:lines + 3] == ["2. General considerations", texts[lines + 2]] and texts[lines + 2].startswith("Budget")
    red = texts.index("Red lines")
    assert texts[red + 1:red + 3] == ["3. Trust fund", texts[red + 2]] and texts[red + 2].startswith("No reduction of the")
    annex = texts.index("Annex: EU-coordinated text")
    assert texts[annex + 1:annex + 4] == ["Work programme", "The EU and its Member States welcome the work programme.",
                                          "The EU stresses [the need for] sustainable funding."]
    assert all(p._p.pPr.numPr is not None for p in paragraphs[annex + 1:annex + 4])
    assert not any("Walloon Region may object" in t for t in texts)
    assert any(br.get(q("type")) == "page" for br in xml(data).iter(q("br")))


def _numbered(data: bytes) -> list[tuple[str, str, str]]:
    """(numId, level, text) of every numbered paragraph of the body."""
    return [(p.find(".//" + q("numId")).get(q("val")), p.find(".//" + q("ilvl")).get(q("val")),
             "".join(t.text or "" for t in p.iter(q("t"))))
            for p in xml(data).xpath("//w:body/w:p[w:pPr/w:numPr]", namespaces=NS)]


def test_brief_sections_number_flat_and_restart(document):
    data = render_brief(document)
    numbering = xml(data, "word/numbering.xml")
    abstract = numbering.xpath("w:abstractNum[w:name/@w:val='Plenipo clauses']/@w:abstractNumId", namespaces=NS)[0]
    clause_nums = set(numbering.xpath(f"w:num[w:abstractNumId/@w:val='{abstract}']/@w:numId", namespaces=NS))
    numbered = [row for row in _numbered(data) if row[0] in clause_nums]
    used_clause_nums = list(dict.fromkeys(num for num, _, _ in numbered))
    assert len(used_clause_nums) == 6  # the position's own clauses, four brief kinds and the annex, each restarting
    for num_id in used_clause_nums:
        num = numbering.xpath(f"w:num[@w:numId='{num_id}']", namespaces=NS)[0]
        assert num.find(f"{q('lvlOverride')}/{q('startOverride')}").get(q("val")) == "1"
    lines = [row for row in numbered if row[0] in used_clause_nums[:5]]
    assert {level for _, level, _ in lines} == {"0"}  # 1., 2., 3.: no false 1.1 in the brief


def test_each_line_says_which_clause_it_comes_from(document):
    with_two_lines = dataclasses.replace(document, clauses=document.clauses + (
        dataclasses.replace(document.clauses[3], uid="c8", heading="", body="Insist on open access.", number="3.4"),))
    paragraphs = open_doc(render_brief(with_two_lines)).paragraphs
    texts = [p.text for p in paragraphs]
    lines = texts.index("Lines to take")
    assert texts[lines + 1:lines + 7] == [
        "2. General considerations", "Budget\nBelgium supports the proposed budget for [2026] [2027]. (clause 2.2)",
        "capacity building", "knowledge generation",  # its list, then the next topic and line
        "3. Trust fund", "Insist on open access. (clause 3.4)"]
    assert texts[texts.index("Red lines") + 2].endswith("for developing countries. (clause 3.1)")
    assert texts[texts.index("Background") + 2].endswith("transformative change assessment. (clause 3.2)")
    reference = next(r for p in paragraphs for r in p.runs if r.text == " (clause 2.2)")
    assert reference.style.name == "Clause Reference"


def test_the_brief_has_every_clause_that_leaves_the_building_and_topic_headings(document):
    texts = [p.text for p in open_doc(render_brief(document)).paragraphs]
    position = texts[texts.index("Position") + 1:texts.index("Lines to take")]
    assert position == [
        "Belgium thanks the Secretariat for the documents. (clause 1)", "2. General considerations",
        "Belgium welcomes the rolling work programme of IPBES, see the decision. (clause 2.1)",
        "The nexus assessment should inform national biodiversity strategies and action plans. (clause 2.3)",
        "3. Trust fund", "Raw <script>alert('x')</script> and a [bad link](javascript:alert(1)) stay text. (clause 3.3)"]
    assert not any("Walloon Region may object" in t for t in texts)


def test_the_cover_shows_the_classification_once(document):
    data = render_brief(document)
    section = open_doc(data).sections[0]
    assert section.different_first_page_header_footer
    first_header = section.first_page_header._element
    assert "RESTRICTED" not in "".join(first_header.itertext()) and first_header.findall(".//{urn:schemas-microsoft-com:vml}textpath")
    assert "RESTRICTED" in "".join(section.header._element.itertext())  # every other page
    cover = xml(data).find(f"{q('body')}")
    before_break = []
    for p in cover.iter(q("p")):
        before_break.append("".join(t.text or "" for t in p.iter(q("t"))))
        if p.find(f".//{q('br')}[@{q('type')}='page']") is not None:
            break
    assert " ".join(before_break).count("RESTRICTED") == 1
    assert [i.text.strip() for i in section.first_page_footer._element.iter(q("instrText"))] == ["PAGE", "NUMPAGES"]


def test_clause_references_are_translated(document):
    labels = Labels(clause_reference="(point %(number)s)", brief_titles={"line_to_take": "Lignes à défendre"})
    texts = [p.text for p in open_doc(render_brief(document, labels)).paragraphs]
    assert texts[texts.index("Lignes à défendre") + 2].endswith("(point 2.2)")


def test_empty_brief_sections_say_none(document):
    data = render_brief(dataclasses.replace(document, clauses=document.clauses[:2]))
    texts = [p.text for p in open_doc(data).paragraphs]
    assert texts[texts.index("Red lines") + 1] == "None."


def test_brief_has_page_furniture_and_watermark(document):
    data = render_brief(document)
    header = open_doc(data).sections[0].header._element
    assert header.findall(".//{urn:schemas-microsoft-com:vml}textpath")
    footer = open_doc(data).sections[0].footer._element
    assert [i.text.strip() for i in footer.iter(q("instrText"))] == ["PAGE", "NUMPAGES"]
