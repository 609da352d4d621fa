"""The debrief after a plenary (Word): what happened to each official paragraph, the chair's texts, the red lines touched.

Built from the plenary tracker (positions.services.plenary): a summary of outcomes, the red lines touched
first, then one row per paragraph — number, outcome, the Belgian line, the chair's text and the note.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

import docx
from docx.shared import Cm, Pt, RGBColor

from positions.messages import N_
from positions.models import OfficialDocument, Position
from positions.services.plenary import TrackerRow

TITLE, SUMMARY, TOUCHED = N_("Debrief"), N_("Outcomes"), N_("Red lines touched")
COLUMNS = (N_("Paragraph"), N_("Outcome"), N_("Belgian line"), N_("Chair's text"), N_("Note"))
OUTCOMES = {"pending": N_("Pending"), "agreed": N_("Agreed"), "bracketed": N_("Bracketed"), "deleted": N_("Deleted")}
NONE = N_("None.")
RED = RGBColor(0xB0, 0x00, 0x20)


def _outcome(row: TrackerRow) -> str:
    return row.outcome.outcome if row.outcome is not None else "pending"


def _lines(row: TrackerRow, kind_label: Callable[[str], str]) -> str:
    return "\n".join(f"{kind_label(kind)}: {link.clause.head.body}" for kind, links in row.lines.items() for link in links)


def render_debrief(position: Position, document: OfficialDocument, rows: Sequence[TrackerRow],
                   translate: Callable[[str], str] = str, kind_label: Callable[[str], str] = str) -> bytes:
    """The debrief as .docx bytes (translate: the reader's language for the fixed words)."""
    rows = [r for r in rows if r.covered.paragraph.number and r.covered.paragraph.kind != "heading"]
    out = docx.Document()
    out.add_heading(f"{translate(TITLE)}: {position.title}", level=0)
    out.add_paragraph(f"{document.label} — {document.title}" + (f" ({document.meeting})" if document.meeting else ""))
    out.add_heading(translate(SUMMARY), level=1)
    for key, label in OUTCOMES.items():
        out.add_paragraph(f"{translate(label)}: {sum(1 for r in rows if _outcome(r) == key)}", style="List Bullet")
    out.add_heading(translate(TOUCHED), level=1)
    touched = [r for r in rows if r.red_line_touched]
    if not touched:
        out.add_paragraph(translate(NONE))
    for row in touched:
        p = out.add_paragraph(style="List Bullet")
        run = p.add_run(f"{row.covered.paragraph.number} — {translate(OUTCOMES[_outcome(row)])}: ")
        run.bold, run.font.color.rgb = True, RED
        p.add_run(" / ".join(link.clause.head.body for link in row.lines.get("red_line", [])))
    table = out.add_table(rows=1, cols=len(COLUMNS))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, COLUMNS, strict=True):
        cell.text = translate(text)
        cell.paragraphs[0].runs[0].bold = True
    for row in rows:
        cells = table.add_row().cells
        values = (row.covered.paragraph.number, translate(OUTCOMES[_outcome(row)]), _lines(row, kind_label),
                  row.outcome.chair_text if row.outcome else "", row.outcome.note if row.outcome else "")
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
        if row.red_line_touched:
            for run in cells[1].paragraphs[0].runs:
                run.bold, run.font.color.rgb = True, RED
    for row in table.rows:
        for width, cell in zip((Cm(1.8), Cm(2.2), Cm(5), Cm(4.5), Cm(3.5)), row.cells, strict=True):
            cell.width = width
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(9)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()
