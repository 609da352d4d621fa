"""Read an official document's paragraphs from a text-based PDF (pypdf): lines by position, paragraphs by spacing.

A PDF has no paragraphs: the text comes as positioned pieces. They are gathered into lines (same baseline),
and a new paragraph starts where the gap to the previous line is clearly wider than the document's usual
line spacing, at a new page's first line after a full stop, or where a line opens with an official number. The
file is checked first (size, PDF header, encryption, page count), and a scan without text is named as such.
"""

from __future__ import annotations

import io
import logging
import statistics

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from exports.imports.safe_docx import DocxImportError, _mb
from positions.messages import Msg
from positions.official.numbering import HEADING, KEY_MESSAGE, MAIN, SUB, ReadParagraph

MAX_BYTES = 10 * 2**20
MAX_PAGES = 500
MIN_GAP = 4  # points: smaller steps are super- or subscripts on the same line
WIDER = 1.35  # a gap this many times the usual line spacing separates two paragraphs
logging.getLogger("pypdf").setLevel(logging.ERROR)  # damaged files are reported to the user, not the log


def _refuse(message: str, code: str) -> DocxImportError:
    return DocxImportError(message, code)


def _page_lines(page) -> list[tuple[float, str]]:
    """(baseline, text) of each line of a page, top to bottom."""
    pieces: dict[float, list[str]] = {}

    def visit(text, cm, tm, font, size):  # noqa: ARG001 (pypdf's visitor signature)
        if text and text.strip("\n"):
            y = round(tm[5] * cm[3] + tm[4] * cm[1] + cm[5], 0)
            pieces.setdefault(y, []).append(text.replace("\n", " "))

    page.extract_text(visitor_text=visit)
    return [(y, " ".join("".join(pieces[y]).split())) for y in sorted(pieces, reverse=True) if "".join(pieces[y]).strip()]


def _starts_numbered(line: str) -> bool:
    return any(p.match(line) for p in (KEY_MESSAGE, MAIN, SUB)) or bool(HEADING.match(line) and len(line) < 120)


def read_pdf_paragraphs(data: bytes, max_bytes: int = MAX_BYTES) -> list[ReadParagraph]:
    """The paragraphs of a text-based PDF, in reading order (see the module's doc)."""
    data = bytes(data)
    if not data:
        raise _refuse(Msg("The file is empty."), "empty")
    if len(data) > max_bytes:
        raise _refuse(Msg("The file is too large (%(size)s); the limit is %(limit)s.", size=_mb(len(data)), limit=_mb(max_bytes)), "too_large")
    if not data.lstrip()[:5] == b"%PDF-":
        raise _refuse(Msg("The file is neither a Word document (.docx) nor a PDF."), "not_pdf")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise _refuse(Msg("The PDF is password-protected. Upload a copy without a password."), "encrypted")
        if len(reader.pages) > MAX_PAGES:
            raise _refuse(Msg("The PDF has more than %(limit)s pages and cannot be imported.", limit=MAX_PAGES), "too_large")
        pages = [_page_lines(page) for page in reader.pages]
    except DocxImportError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError, RecursionError) as exc:
        raise _refuse(Msg("The PDF is damaged and cannot be read."), "corrupt") from exc
    if not any(pages):
        raise _refuse(Msg("The PDF has no text layer (a scan?). Upload the Word file or a PDF made from it."), "no_text")
    return _paragraphs(pages)


def _paragraphs(pages: list[list[tuple[float, str]]]) -> list[ReadParagraph]:
    gaps = sorted(a[0] - b[0] for lines in pages for a, b in zip(lines, lines[1:], strict=False) if a[0] - b[0] >= MIN_GAP)
    usual = statistics.median(gaps[: max(1, len(gaps) // 4)]) if gaps else 0.0  # the tighter gaps: lines within a paragraph
    out: list[list[str]] = []
    for lines in pages:
        previous_y = None
        for y, line in lines:
            gap = previous_y - y if previous_y is not None else None
            new_page_break = gap is None and (not out or out[-1][-1].endswith((".", ";", ":")))
            wide = gap is not None and usual and gap > usual * WIDER
            if not out or wide or new_page_break or _starts_numbered(line):
                out.append([line])
            else:
                out[-1].append(line)
            previous_y = y
    return [ReadParagraph(" ".join(lines)) for lines in out]
