"""The Belgian comments on an official document in the Secretariat's shape: a Word table, a CSV and an Excel file.

Columns: paragraph, page, line, comment, proposed text (the template the Secretariat circulates for
government comments). CSV cells that a spreadsheet would run as formulas are neutralised.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

import docx
from docx.shared import Cm, Pt

from exports.comments_csv import _cell_text
from positions.models import OfficialComment, OfficialDocument

COLUMNS = ("Paragraph", "Page", "Line", "Comment", "Proposed text")
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cells(row: OfficialComment) -> tuple[str, str, str, str, str]:
    return (row.paragraph.number or "", str(row.page) if row.page else "", row.line, row.comment, row.proposed_text)


def comments_csv(rows: Sequence[OfficialComment], columns: Sequence[str] = COLUMNS) -> bytes:
    """CSV bytes, UTF-8 with a byte order mark so spreadsheets read it as UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell_text(value) for value in _cells(row)])
    return out.getvalue().encode("utf-8-sig")


def comments_docx(document: OfficialDocument, rows: Sequence[OfficialComment], title: str, columns: Sequence[str] = COLUMNS) -> bytes:
    """A Word file: the document's symbol and title, then the five-column table, landscape."""
    out = docx.Document()
    section = out.sections[0]
    section.page_width, section.page_height = section.page_height, section.page_width
    section.left_margin = section.right_margin = Cm(2)
    out.add_heading(title, level=1)
    out.add_paragraph(f"{document.label} — {document.title}")
    table = out.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, columns, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        for cell, text in zip(table.add_row().cells, _cells(row), strict=True):
            cell.text = text
    for row in table.rows:
        for width, cell in zip((Cm(2), Cm(1.5), Cm(1.5), Cm(10), Cm(9)), row.cells, strict=True):
            cell.width = width
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(10)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def comments_xlsx(document: OfficialDocument, rows: Sequence[OfficialComment], columns: Sequence[str] = COLUMNS) -> bytes:
    """An Excel workbook (openpyxl): one sheet named after the symbol, a bold header row, wrapped text.

    Every cell is written as text (a comment starting with '=' stays a comment, never a formula); the page is a
    number so the Secretariat can sort on it.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = _sheet_title(document.label)
    sheet.append(list(columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        number, page, line, comment, proposed = _cells(row)
        sheet.append([number, row.page or None, line, comment, proposed])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, even when it starts with '='
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDE", (12, 8, 8, 60, 60), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet_title(label: str) -> str:
    """Excel sheet names: at most 31 characters, none of : \\ / ? * [ ]."""
    return "".join("-" if ch in ':\\/?*[]' else ch for ch in label)[:31] or "Comments"
