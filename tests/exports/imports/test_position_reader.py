"""Reading a .docx as a new position: headings and numbered paragraphs become clauses."""

from __future__ import annotations

import io

import docx

from exports.docx.position_layout import render_position
from exports.imports.position_reader import parse_new_position


def test_own_export_reads_back_as_the_same_clauses(document):
    imported = parse_new_position(render_position(document))
    assert imported.title == document.title
    got = [(c.kind, c.heading, c.body, c.level) for c in imported.clauses]
    assert got == [
        ("text", "", "Belgium thanks the Secretariat for the documents.", 0),
        ("heading", "General considerations", "", 0),
        ("text", "", "Belgium **welcomes** the *rolling work programme* of IPBES, see "
                     "[the decision](https://ipbes.net/decisions).", 1),
        ("line_to_take", "Budget", "Belgium supports the proposed budget for [2026] [2027].\n\n"
                                   "- capacity building\n- knowledge generation", 1),
        ("text", "", "The nexus assessment should inform national biodiversity strategies and action plans.", 1),
        ("fallback", "", "Accept a delay of one year if the budget is otherwise protected.", 1),
        ("heading", "Trust fund", "", 0),
        ("red_line", "", "No reduction of the trust fund contributions for *developing countries*.", 1),
        ("background", "History", "IPBES-11 (Windhoek, 2024) adopted the transformative change assessment.", 1),
        ("text", "", "Raw <script>alert('x')</script> and a [bad link](javascript:alert(1)) stay text.", 1),
    ]
    assert imported.warnings == []


def _handmade() -> bytes:
    document = docx.Document()
    document.core_properties.title = ""
    document.add_paragraph("Position on pollinators", style="Title")
    document.add_paragraph("Prepared by the focal point.")
    document.add_heading("Introduction", level=1)
    p = document.add_paragraph("Belgium ", style="List Number")
    p.add_run("strongly").bold = True
    p.add_run(" supports the ")
    p.add_run("assessment").italic = True
    p.add_run(".")
    document.add_paragraph("A second paragraph belongs to the clause above.")
    document.add_paragraph("Line to take: Stress the role of wild pollinators.", style="List Number")
    document.add_paragraph("2.1 Typed sub-numbering works too.")
    document.add_paragraph("(a) And letters.")
    document.add_paragraph("Red line: No weakening of the 2030 targets.")
    document.add_paragraph("- not a bullet, just text * with a star")
    document.add_heading("Annex details", level=2)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_handmade_word_file_becomes_clauses():
    imported = parse_new_position(_handmade())
    assert imported.title == "Position on pollinators"
    got = [(c.kind, c.heading, c.body, c.level) for c in imported.clauses]
    assert got == [
        ("text", "", "Prepared by the focal point.", 0),
        ("heading", "Introduction", "", 0),
        ("text", "", "Belgium **strongly** supports the *assessment*.\n\n"
                     "A second paragraph belongs to the clause above.", 0),
        ("line_to_take", "", "Stress the role of wild pollinators.", 0),
        ("text", "", "Typed sub-numbering works too.", 1),
        ("text", "", "And letters.", 2),
        ("red_line", "", "No weakening of the 2030 targets.\n\n\\- not a bullet, just text \\* with a star", 0),
        ("heading", "Annex details", "", 1),
    ]
    assert any("before the first heading" in w for w in imported.warnings)
