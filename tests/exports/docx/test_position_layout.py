"""Layout `position`: numbering, headings, bookmarks, kinds, Markdown, page furniture, properties."""

from __future__ import annotations

import dataclasses

import pytest

from exports.docx.bookmarks import bookmark_name
from exports.docx.position_layout import render_position
from exports.fixed_texts import Labels
from exports.imports.ooxml_read import accept_all
from exports.model import ExportClause
from tests.exports.conftest import make_document
from tests.exports.helpers import (
    NS,
    bookmark_paragraphs,
    clause_scheme,
    open_doc,
    parts,
    q,
    text_of,
    word_numbers,
    xml,
)


@pytest.fixture
def position(document) -> bytes:
    return render_position(document)


def test_numbering_definition_has_two_levels_and_every_clause_uses_it(position):
    levels, num_ids = clause_scheme(position)
    assert levels == ["%1.", "%1.%2"]
    used = {(p.find(".//" + q("numId")).get(q("val")), p.find(".//" + q("ilvl")).get(q("val")))
            for p in xml(position).xpath("//w:p[w:pPr/w:numPr]", namespaces=NS)}
    assert {lvl for num, lvl in used if num in num_ids} == {"0", "1"}


def test_word_numbers_are_the_numbers_every_page_shows(position, document):
    expected = {bookmark_name(c.uid): c.number for c in document.external_clauses()}
    assert word_numbers(position) == expected
    assert expected[bookmark_name("lead")] == "1." and expected[bookmark_name("intro")] == "2."
    assert expected[bookmark_name("c4")] == "2.4" and expected[bookmark_name("c7")] == "3.3"


def test_sections_are_numbered_headings(position):
    document = open_doc(position)
    headings = [p for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert [(p.style.name, p.text) for p in headings] == [("Heading 1", "General considerations"), ("Heading 1", "Trust fund")]
    assert all(p._p.pPr.numPr.ilvl.val == 0 for p in headings)
    style = document.styles["Heading 1"].element
    assert style.find(f"{q('pPr')}/{q('outlineLvl')}").get(q("val")) == "0"


def test_every_exported_clause_is_wrapped_in_its_bookmark(position, document):
    spans = bookmark_paragraphs(xml(position))
    expected = {bookmark_name(c.uid) for c in document.clauses if c.kind != "internal_note"}
    assert len(expected) == len(document.clauses) - 1
    assert set(spans) == expected
    assert "Budget" in "".join(text_of(p) for p in spans[bookmark_name("c2")])
    assert "knowledge generation" in text_of(spans[bookmark_name("c2")][-1])


def test_internal_notes_and_their_comments_never_leave(document):
    data = render_position(document, comments=True)
    everything = b"".join(parts(data).values())
    assert b"Walloon Region may object" not in everything
    assert b"Secret remark" not in everything


def test_kinds_have_own_styles_and_visible_labels(position):
    document = open_doc(position)
    by_text = {p.text: p for p in document.paragraphs}
    line = next(p for t, p in by_text.items() if t.startswith("Line to take: Budget"))
    assert line.style.name == "Line to take"
    assert line.runs[0].text == "Line to take: " and line.runs[0].style.name == "Kind Label"
    assert next(p for t, p in by_text.items() if t.startswith("Fallback: ")).style.name == "Fallback"
    assert next(p for t, p in by_text.items() if t.startswith("Red line: ")).style.name == "Red line"
    assert next(p for t, p in by_text.items() if t.startswith("Background: ")).style.name == "Background"
    red = document.styles["Red line"].element
    border = red.find(f"{q('pPr')}/{q('pBdr')}/{q('left')}")
    assert border.get(q("val")) == "double"


def test_markdown_becomes_word_formatting(position):
    document = open_doc(position)
    clause = next(p for p in document.paragraphs if p.text.startswith("Belgium welcomes"))
    runs = {r.text: r for r in clause.runs}
    assert runs["welcomes"].bold and not runs["welcomes"].italic
    assert runs["rolling work programme"].italic
    link = clause._p.find(q("hyperlink"))
    assert text_of(link) == "the decision"
    rel = document.part.rels[link.get(f"{{{NS['r']}}}id")]
    assert rel.is_external and rel.target_ref == "https://ipbes.net/decisions"
    bullets = [p for p in document.paragraphs if p.text in ("capacity building", "knowledge generation")]
    assert len(bullets) == 2 and all(p._p.pPr.numPr is not None for p in bullets)


def test_raw_html_and_unsafe_links_stay_literal_text(position):
    document = open_doc(position)
    clause = next(p for p in document.paragraphs if p.text.startswith("Raw"))
    assert "<script>alert('x')</script>" in clause.text
    assert clause._p.find(q("hyperlink")) is None
    targets = [r.target_ref for r in document.part.rels.values() if r.is_external]
    assert not any(t.startswith("javascript") for t in targets)


def test_title_block_and_core_properties(position, document):
    docx_document = open_doc(position)
    cells = [c.text for row in docx_document.tables[0].rows for c in row.cells]
    for value in ("IPBES-12", "Item 7: work programme", "BE/IPBES-12/7", "Belgian consultation", "v3",
                  "9 May 2026", document.content_hash):
        assert value in cells
    props = docx_document.core_properties
    assert props.title == document.title
    assert props.author == document.author
    assert props.version == "v3" and props.revision == 3
    assert props.content_status == "Draft"
    assert "IPBES-12" in props.subject
    assert props.identifier == document.content_hash


def test_header_has_confidentiality_and_watermark_footer_has_page_fields(position):
    section = open_doc(position).sections[0]
    header = section.header._element
    assert "RESTRICTED" in text_of(header)
    textpaths = header.findall(".//{urn:schemas-microsoft-com:vml}textpath")
    assert [t.get("string") for t in textpaths if t.get("string")] == ["DRAFT"]
    footer = section.footer._element
    instructions = [i.text.strip() for i in footer.iter(q("instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert "Page " in text_of(footer) and " of " in text_of(footer)
    assert section.page_width.mm == pytest.approx(210, abs=0.5)


def test_final_version_has_no_watermark(document):
    data = render_position(dataclasses.replace(document, is_final=True))
    header = xml(data, "word/header1.xml")
    assert not header.findall(".//{urn:schemas-microsoft-com:vml}textpath")
    assert open_doc(data).core_properties.content_status == "Final"


def test_track_changes_is_switched_on_for_reviewers(position):
    assert xml(position, "word/settings.xml").find(q("trackRevisions")) is not None


def test_labels_are_translatable():
    labels = Labels(kind_labels={"line_to_take": "Ligne à défendre"}, label_separator=" : ", draft="PROJET",
                    page_before="Page ", page_between=" sur ", meeting="Réunion",
                    months=("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                            "septembre", "octobre", "novembre", "décembre"))
    data = render_position(make_document(), labels)
    text = [p.text for p in open_doc(data).paragraphs]
    assert any(t.startswith("Ligne à défendre : Budget") for t in text)
    header = xml(data, "word/header1.xml")
    assert header.find(".//{urn:schemas-microsoft-com:vml}shape/{urn:schemas-microsoft-com:vml}textpath").get("string") == "PROJET"
    cells = [c.text for c in open_doc(data).tables[0].columns[0].cells]
    assert "Réunion" in cells
    assert "9 mai 2026" in [c.text for c in open_doc(data).tables[0].columns[1].cells]


def test_control_characters_from_pasted_text_do_not_break_the_file():
    clause = ExportClause("x", "text", "Vertical\x0btab", "Pasted\x0b text\x00 with \x07 controls\r\nand CRLF.")
    doc = make_document(clauses=(clause,), comments=(), title="Title\x0c", author="Name\x01")
    data = render_position(doc, redline_from=make_document(clauses=(), comments=()))
    assert open_doc(data).core_properties.title == "Title"
    # NUL becomes U+FFFD (CommonMark); the CRLF is a soft break inside one Markdown paragraph
    assert accept_all(data, clauses_only=True) == ["Verticaltab\nPasted text\ufffd with  controls and CRLF."]
    assert render_position(doc, comments=True)[:2] == b"PK"
