"""Adding a clause kind is one row in positions/kinds.py: Word styles, labels, the brief and the import follow."""

from __future__ import annotations

import io

import docx
import pytest

from exports.docx.brief_layout import render_brief
from exports.docx.position_layout import render_position
from exports.imports.position_reader import parse_new_position
from exports.model import ExportClause, numbered
from positions import kinds
from positions.kinds import ClauseKind, Look
from tests.exports.conftest import make_document
from tests.exports.helpers import open_doc, q

QUESTION = ClauseKind("question_to_eu", "Question to the EU", "clause", True, "Questions to the EU",
                      "Question to the EU", True, Look("dashed", 12, "1565C0", "E3F2FD"))


def add_kind(monkeypatch, kind: ClauseKind) -> None:
    """The kinds table with one more row (before internal notes), as if it had been written in positions/kinds.py."""
    table = (*kinds.KINDS[:-1], kind, kinds.KINDS[-1])
    monkeypatch.setattr(kinds, "KINDS", table)
    monkeypatch.setattr(kinds, "KIND", {k.code: k for k in table})
    monkeypatch.setattr(kinds, "CLAUSE_KINDS", tuple(k.code for k in table))
    monkeypatch.setattr(kinds, "EXPORTED_KINDS", tuple(k.code for k in table if k.exported))
    monkeypatch.setattr(kinds, "BRIEF_KINDS", tuple(k.code for k in table if k.brief_section and k.exported))


@pytest.fixture
def with_question_kind(monkeypatch):
    add_kind(monkeypatch, QUESTION)
    return QUESTION


def _document():
    clauses = numbered((
        ExportClause("h", "heading", "Work programme", ""),
        ExportClause("t", "text", "", "Belgium welcomes the work programme."),
        ExportClause("q", "question_to_eu", "Funding", "Will the EU **pledge** before IPBES-12?"),
        ExportClause("r", "red_line", "", "No cut to the trust fund."),
    ))
    return make_document(clauses=clauses, comments=())


def test_a_new_kind_gets_its_style_and_label_in_word(with_question_kind):
    data = render_position(_document())
    document = open_doc(data)
    question = next(p for p in document.paragraphs if "Will the EU" in p.text)
    assert question.style.name == "Question to the EU"
    assert question.text.startswith("Question to the EU: Funding")
    border = document.styles["Question to the EU"].element.find(f"{q('pPr')}/{q('pBdr')}/{q('left')}")
    assert (border.get(q("val")), border.get(q("color"))) == ("dashed", "1565C0")


def test_a_new_kind_comes_back_from_word_as_itself(with_question_kind):
    imported = parse_new_position(render_position(_document()))
    assert [(c.kind, c.heading, c.body) for c in imported.clauses] == [
        ("heading", "Work programme", ""),
        ("text", "", "Belgium welcomes the work programme."),
        ("question_to_eu", "Funding", "Will the EU **pledge** before IPBES-12?"),
        ("red_line", "", "No cut to the trust fund."),
    ]


def test_a_new_kind_with_a_brief_section_gets_its_section(with_question_kind):
    texts = [p.text for p in open_doc(render_brief(_document())).paragraphs]
    section = texts.index("Questions to the EU")
    assert texts[section + 1:section + 3] == ["1. Work programme", "Funding\nWill the EU pledge before IPBES-12? (clause 1.2)"]
    assert texts.index("Background") < section  # in the table's order: its row comes after background


def test_a_typed_label_of_the_new_kind_is_recognised(with_question_kind):
    document = docx.Document()
    document.add_paragraph("Question to the EU: Will the EU pledge?", style="List Number")
    out = io.BytesIO()
    document.save(out)
    assert [(c.kind, c.body) for c in parse_new_position(out.getvalue()).clauses] == [
        ("question_to_eu", "Will the EU pledge?")]
