"""Files made here must survive LibreOffice: PDF conversion, and a re-save of a reviewed file."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from exports.docx.brief_layout import render_brief
from exports.docx.comments_table import render_comments_table
from exports.docx.markdown_docx import plain_text
from exports.docx.position_layout import render_position
from exports.fixed_texts import Labels
from exports.imports.ooxml_read import accept_all, reject_all
from exports.imports.reviewed_reader import parse_reviewed
from exports.model import ExportClause, numbered
from tests.exports.conftest import make_document
from tests.exports.docx.test_redline import _expected, _newer
from tests.exports.helpers import accept_changes, add_comment, reject_changes, track_replace

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = [pytest.mark.slow, pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")]


def _convert(files: dict[str, bytes], target: str, workdir: Path) -> dict[str, Path]:
    """Convert several files in one soffice run; return outputs by stem."""
    source, out = workdir / f"in-{target}", workdir / f"out-{target}"
    source.mkdir()
    paths = []
    for name, data in files.items():
        path = source / f"{name}.docx"
        path.write_bytes(data)
        paths.append(str(path))
    profile = (workdir / "profile").as_uri()
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", target,
         "--outdir", str(out), *paths],
        check=True, capture_output=True, timeout=300,
    )
    return {name: out / f"{name}.{target}" for name in files}


def _pdf_text(path: Path) -> str | None:
    if shutil.which("pdftotext") is None:
        return None
    result = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True)
    return " ".join(result.stdout.split())


def _edge_document():
    """Clauses before any section, empty sections, notes between, a section at the end: the numbering's corners."""
    kinds = ["text", "line_to_take", "heading", "heading", "text", "internal_note", "fallback", "heading",
             "internal_note", "text", "red_line", "heading"]
    clauses = numbered(ExportClause(f"e{i}", kind, f"Section {i}" if kind == "heading" else "", f"Clause body {i}.")
                       for i, kind in enumerate(kinds))
    return make_document(clauses=clauses, comments=())


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    document = make_document()
    redline = render_position(_newer(document), redline_from=document)
    files = {
        "position": render_position(document, comments=True),
        "edge": render_position(_edge_document()),
        "redline": redline,
        "redline_accepted": accept_changes(redline),
        "redline_rejected": reject_changes(redline),
        "brief": render_brief(document),
        "comments_table": render_comments_table(document),
    }
    return _convert(files, "pdf", tmp_path_factory.mktemp("pdf"))


def _first_words(clause: ExportClause, labels: Labels = Labels()) -> str:  # noqa: B008
    """How a clause's numbered paragraph starts on the page (without its number)."""
    if clause.is_section:
        return clause.heading
    text = labels.kind_prefix(clause.kind) + (clause.heading or plain_text(clause.body))
    return " ".join(text.split()[:3])


def _numbers_in_order(text: str, doc) -> None:
    """Every exported clause's number, as every page shows it, stands before its first words, in clause order."""
    at = 0
    for clause in doc.external_clauses():
        snippet = f"{clause.number} {_first_words(clause)}".lower()
        found = text.lower().find(snippet, at)
        assert found >= 0, (snippet, text[at:at + 300])
        at = found + len(snippet)


@pytest.mark.parametrize(("layout", "expected"), [
    ("position", ["Belgian position on the IPBES work programme", "RESTRICTED", "Line to take:",
                  "1. Belgium thanks", "2. General considerations", "2.1 Belgium welcomes the rolling work programme",
                  "2.3 The nexus assessment", "2.4 Fallback:", "3. Trust fund", "3.1 Red line:",
                  "Raw <script>alert('x')</script>", "Page 1 of 1"]),
    ("redline", ["warmly welcomes", "A new clause."]),
    ("brief", ["Plenary brief", "Objective", "Position 1. Belgium thanks", "(clause 1)", "2. General considerations",
               "Lines to take 2. General considerations 1. Budget", "[2027]. (clause 2.2)",
               "Fallback 2. General considerations 1. Accept a delay", "(clause 2.4)",
               "Red lines 3. Trust fund 1. No reduction", "(clause 3.1)", "Confidentiality RESTRICTED",
               "Annex: EU-coordinated text 1. Work programme 1.1 The EU", "Hilde Eggermont", "Page 1 of 3"]),
    ("comments_table", ["Administration", "VL-OMG", "Figures confirmed on 5 May.", "2.2 Budget"]),
])
def test_every_layout_converts_to_pdf(pdfs, layout, expected):
    pdf = pdfs[layout]
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 1000
    text = _pdf_text(pdf)
    if text is None:
        pytest.skip("pdftotext not installed; only checked the PDF is non-empty")
    for snippet in expected:
        assert snippet.lower() in text.lower(), snippet  # kind labels are in small capitals
    assert "Walloon Region may object" not in text


@pytest.mark.parametrize(("name", "version"), [
    ("position", "v3"), ("edge", "edge"), ("redline_accepted", "v4"), ("redline_rejected", "v3")])
def test_libreoffice_shows_the_numbers_every_page_shows(pdfs, name, version):
    text = _pdf_text(pdfs[name])
    if text is None:
        pytest.skip("pdftotext not installed")
    document = make_document()
    doc = {"v3": document, "v4": _newer(document), "edge": _edge_document()}[version]
    _numbers_in_order(text, doc)


@pytest.fixture(scope="module")
def resaved(tmp_path_factory) -> dict[str, Path]:
    document = make_document()
    reviewed = add_comment(render_position(document), "national biodiversity strategies", "Please also mention NBSAP updates.")
    reviewed = track_replace(reviewed, "No reduction", "No cut or freeze")
    files = {
        "reviewed": reviewed,
        "commented": render_position(document, comments=True),
        "redline": render_position(_newer(document), redline_from=document),
    }
    return _convert(files, "docx", tmp_path_factory.mktemp("docx"))


def test_reviewed_file_resaved_by_libreoffice_keeps_comment_and_change(resaved):
    document = make_document()
    result = parse_reviewed(resaved["reviewed"].read_bytes(), list(document.clauses))
    assert [(c.clause_uid, c.quote, c.body, c.match) for c in result.comments] == [
        ("c3", "national biodiversity strategies", "Please also mention NBSAP updates.", "bookmark")]
    assert [(a.clause_uid, a.old_text, a.new_text) for a in result.amendments] == [(
        "c5", "No reduction of the trust fund contributions for developing countries.",
        "No cut or freeze of the trust fund contributions for developing countries.")]
    assert result.unmatched == []


def test_exported_comments_survive_libreoffice(resaved):
    result = parse_reviewed(resaved["commented"].read_bytes(), list(make_document().clauses))
    assert {c.exported_id: (c.clause_uid, c.quote) for c in result.comments if c.exported_id != 5} == {
        1: ("c1", "rolling work programme"), 2: ("c1", "rolling work programme"),
        3: ("c2", "proposed budget"), 4: ("c5", "developing countries")}


def test_redline_resaved_by_libreoffice_still_accepts_and_rejects(resaved):
    document = make_document()
    data = resaved["redline"].read_bytes()
    assert accept_all(data, clauses_only=True) == _expected(_newer(document))
    assert reject_all(data, clauses_only=True) == _expected(document)


@pytest.fixture(scope="module")
def pdf_format(tmp_path_factory) -> dict[str, Path]:
    """The PDF export format itself (exports.pdf), for the layouts the room prints."""
    from exports import formats

    folder = tmp_path_factory.mktemp("pdf-format")
    document = make_document()
    files = {"position": formats.render("pdf", "position", document, comments=True),
             "brief": formats.render("pdf", "brief", document),
             "comments_table": formats.render("pdf", "comments_table", document)}
    for name, data in files.items():
        (folder / f"{name}.pdf").write_bytes(data)
    return {name: folder / f"{name}.pdf" for name in files}


@pytest.mark.parametrize("layout", ["position", "brief", "comments_table"])
def test_the_pdf_format_is_the_word_file_as_printed(pdfs, pdf_format, layout):
    assert pdf_format[layout].read_bytes().startswith(b"%PDF")
    text, printed = _pdf_text(pdf_format[layout]), _pdf_text(pdfs[layout])
    if text is None:
        pytest.skip("pdftotext not installed")
    assert text == printed  # same content, numbering and page furniture as the Word file
    if layout == "position":
        _numbers_in_order(text, make_document())
        assert "RESTRICTED" in text and "Page 1 of 1" in text and "BE/IPBES-12/7 · v3" in text
