"""Word-made and LibreOffice-made files: what the audit found (issue 14), on files written the way those programs write."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exports.docx.position_layout import render_position
from exports.fixed_texts import Labels
from exports.imports.new_position import preview_new_position
from exports.imports.position_reader import parse_new_position
from exports.imports.reviewed_reader import parse_reviewed
from exports.imports.safe_docx import DocxImportError
from exports.model import ExportClause, numbered
from positions.errors import ValidationFailed
from positions.text.rendering import render_clause_body
from tests.exports.conftest import make_document
from tests.exports.fixtures.word_made import (
    POLLINATOR_TEXT,
    package,
    para,
    pollinators_position,
    run,
    words,
)
from tests.exports.helpers import build, parts, q, xml

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


NOTE_MARKS = str.maketrans({c: " " for c in "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"})


def kept_share(imported, source_text: str) -> float:
    """The share of the source's words (with repeats) found in the imported title and clauses.

    A kind label the import turned into the clause's kind ("Line to take:") counts as kept; note marks are not words.
    """
    labels = Labels()
    text = " ".join([imported.title, *(f"{labels.kind_label(c.kind)} {c.heading} {c.body}" for c in imported.clauses)])
    got = words(text.translate(NOTE_MARKS))
    pool: dict[str, int] = {}
    for word in got:
        pool[word] = pool.get(word, 0) + 1
    wanted = words(source_text)
    found = 0
    for word in wanted:
        if pool.get(word, 0):
            pool[word] -= 1
            found += 1
    return found / len(wanted)


def test_a_word_made_position_keeps_its_words_tables_and_notes():
    imported = parse_new_position(pollinators_position())
    assert kept_share(imported, POLLINATOR_TEXT) >= 0.98
    bodies = [c.body for c in imported.clauses]
    table = next(b for b in bodies if "| Deliverable |" in b)
    assert "| Nexus assessment | 1,250,000 | Task force on scenarios |" in table
    assert "<table>" in render_clause_body(table) and "<td>Capacity building | fellowships</td>" in render_clause_body(table)
    assert "pollinators\u00b9 and its summary" in bodies[1]
    assert imported.clauses[-2].heading == "Notes" and imported.clauses[-1].body.startswith("\u00b9 IPBES/11/INF/2")
    assert any("footnote(s) and endnote(s) were kept" in w for w in imported.warnings)
    assert not any("Tables were not imported" in w for w in imported.warnings)


def test_a_markdown_table_goes_back_to_word_as_a_table():
    body = "Budget lines:\n\n| Deliverable | USD |\n| --- | --- |\n| Nexus | 1,250,000 |"
    doc = make_document(clauses=numbered([ExportClause("t", "line_to_take", "", body)]), comments=())
    root = xml(render_position(doc))
    tables = root.findall(f".//{q('tbl')}")
    cells = [["".join(t.text for t in tc.iter(q("t"))) for tc in tr.iter(q("tc"))] for tr in tables[-1].iter(q("tr"))]
    assert cells == [["Deliverable", "USD"], ["Nexus", "1,250,000"]]
    again = parse_new_position(render_position(doc))
    assert again.clauses[0].body == body


@pytest.mark.parametrize("broken", [
    pollinators_position(core_twice=True),  # POI's OPCCompliance_CoreProperties_OnlyOneCorePropertiesPartFAIL.docx
    pollinators_position(merged_first_row=True),  # a vertical-merge continuation in a table's first row
    pollinators_position(list_level="1.5"),  # a non-integer list level in numbering.xml
])
def test_malformed_packages_import_or_say_why(broken):
    imported = parse_new_position(broken)
    assert imported.title == "Belgian position on pollinators and food security"
    assert kept_share(imported, POLLINATOR_TEXT) >= 0.95
    preview_new_position(broken)
    parse_reviewed(broken, list(make_document().clauses))


_ATTRIBUTES = st.sampled_from(["val", "ilvl", "numId", "id", "w", "type", "abstractNumId", "gridSpan"])
_JUNK = st.sampled_from(["", "-1", "1.5", "x", "99999999999", "\u00e9", "0", " 2 ", "NaN"])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(part=st.sampled_from(["word/document.xml", "word/numbering.xml", "word/styles.xml", "word/footnotes.xml"]),
       changes=st.lists(st.tuples(st.integers(0, 10_000), _ATTRIBUTES, _JUNK), min_size=1, max_size=6),
       drops=st.lists(st.integers(0, 10_000), max_size=3))
def test_mutated_real_packages_never_crash(part, changes, drops):
    """Attributes set to junk and elements dropped in a Word-made package: a result or a DocxImportError, nothing else."""
    from lxml import etree

    files = parts(pollinators_position())
    root = etree.fromstring(files[part])
    elements = list(root.iter())
    for index, name, value in changes:
        elements[index % len(elements)].set(q(name), value)
    for index in drops:
        element = elements[index % len(elements)]
        if element.getparent() is not None:
            element.getparent().remove(element)
    files[part] = etree.tostring(root)
    data = build(files)
    for read in (parse_new_position, lambda d: parse_reviewed(d, list(make_document().clauses))):
        try:
            read(data)
        except DocxImportError as error:
            assert error.message


def test_typed_numbers_above_999_start_clauses():
    body = para(run("1000. The thousandth paragraph.")) + para(run("1001. And the next one.")) + \
        para(run("1000.2 A sub-paragraph."))
    imported = parse_new_position(package(body, title="Long"))
    assert [(c.body, c.level) for c in imported.clauses] == [
        ("The thousandth paragraph.", 0), ("And the next one.", 0), ("A sub-paragraph.", 1)]


def test_the_preview_refuses_what_the_import_would_refuse():
    huge = "word " * 120_000
    data = package(para(run("Heading text"), "Heading1") + para(run(huge.strip())), title="Huge")
    with pytest.raises(ValidationFailed) as refused:
        preview_new_position(data)
    assert "Clause 1: The text is" in refused.value.message and "Split it into several clauses" in refused.value.message


def test_an_odt_file_is_refused_with_what_to_do():
    odt = build({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>",
                 "META-INF/manifest.xml": b"<m/>"})
    with pytest.raises(DocxImportError) as refused:
        parse_new_position(odt)
    assert refused.value.code == "odt" and "Save As" in refused.value.message and ".docx" in refused.value.message


def test_comments_from_word_start_at_id_0_and_replies_to_it_keep_their_thread():
    from tests.exports.fixtures.word_reviews import reviewed_by_word

    result = parse_reviewed(reviewed_by_word(render_position(make_document(comments=()))), list(make_document().clauses))
    by_id = {c.word_comment_id: c for c in result.comments}
    assert sorted(by_id) == [0, 1] and by_id[1].parent_word_id == 0
    assert by_id[0].date is not None and by_id[0].date.isoformat() == "2026-05-20T09:30:00+00:00"


FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:body><office:text>
<text:p text:style-name="Title">Belgian position on ocean acidification</text:p>
<text:h text:outline-level="1">Science</text:h>
<text:list><text:list-item><text:p>Belgium welcomes the assessment<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>IPBES/12/INF/4.</text:p></text:note-body></text:note> of ocean acidification.</text:p></text:list-item>
<text:list-item><text:p>Line to take: Support monitoring in the North Sea.</text:p></text:list-item></text:list>
<table:table><table:table-column table:number-columns-repeated="2"/>
<table:table-row><table:table-cell><text:p>Station</text:p></table:table-cell><table:table-cell><text:p>pH</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell><text:p>Ostend</text:p></table:table-cell><table:table-cell><text:p>8.05</text:p></table:table-cell></table:table-row>
</table:table>
<text:h text:outline-level="1">Funding</text:h>
<text:p>Fallback: Accept voluntary contributions only.</text:p>
</office:text></office:body></office:document>"""
FODT_TEXT = ("Belgian position on ocean acidification Science Belgium welcomes the assessment of ocean acidification. "
             "IPBES/12/INF/4. Line to take: Support monitoring in the North Sea. Station pH Ostend 8.05 Funding "
             "Fallback: Accept voluntary contributions only.")


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_a_libreoffice_made_file_keeps_its_words_table_and_note(tmp_path):
    source = tmp_path / "ocean.fodt"
    source.write_text(FODT)
    subprocess.run([SOFFICE, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=300)
    imported = parse_new_position((tmp_path / "ocean.docx").read_bytes())
    assert kept_share(imported, FODT_TEXT) >= 0.98
    kinds = [c.kind for c in imported.clauses]
    assert "line_to_take" in kinds and "fallback" in kinds
    assert any("| Ostend | 8.05 |" in c.body for c in imported.clauses)
    assert dataclasses.replace(imported.clauses[-1]).body.startswith("\u00b9 IPBES/12/INF/4.")
