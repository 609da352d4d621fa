"""Export formats: ONE registry that the web export form, the API, the CLI, the history and the audit verbs read.

Adding a format is registering one ExportFormat here (or at start-up) and translating its labels.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from exports.fixed_texts import Labels
from exports.model import ExportDocument
from exports.pdf import PDF_MEDIA_TYPE, docx_to_pdf
from positions.messages import N_

OPTIONS = ("comments", "redline_from", "library_sources")  # every layout option there is (ExportOptions fields)
DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CSV_MEDIA_TYPE = "text/csv; charset=utf-8"


@dataclass(frozen=True)
class Layout:
    """One way a format lays a position out; `render(doc, labels, **options)` returns the file's bytes."""

    key: str
    label: str  # English; the app translates it
    render: Callable[..., bytes]
    options: tuple[str, ...] = ()  # of OPTIONS: what this layout accepts
    with_comments: bool = False  # it always shows the comments (the comments table)
    with_annex: bool = False  # it shows the EU-coordinated text as an annex (the brief)
    with_official: bool = False  # it shows the official paragraphs the clauses are linked to (the paragraph brief)


@dataclass(frozen=True)
class ExportFormat:
    """A file format: its key (the `format` parameter), label, media type, file extension and layouts."""

    key: str
    label: str
    media_type: str
    extension: str
    layouts: tuple[Layout, ...]
    event_label: str  # its export event in the history, e.g. 'Word export'

    @property
    def event_verb(self) -> str:
        """The audit event recorded for each export in this format."""
        return f"export.{self.key}"

    def layout(self, key: str) -> Layout | None:
        """The layout with this key, if this format offers it."""
        return next((layout for layout in self.layouts if layout.key == key), None)


FORMATS: dict[str, ExportFormat] = {}


def renderer(module: str, name: str) -> Callable[..., bytes]:
    """A layout's render function, imported when a file is first rendered with it.

    Listing the formats (the export form, the CLI's choices, the history's labels) then costs no layout's imports,
    and a command exporting one layout loads only that one.
    """

    def render(*args: Any, **options: Any) -> bytes:
        return getattr(importlib.import_module(module), name)(*args, **options)

    render.__qualname__ = render.__name__ = name
    return render


def register(export_format: ExportFormat) -> ExportFormat:
    """Add (or replace) a format in the registry."""
    FORMATS[export_format.key] = export_format
    return export_format


def formats() -> list[ExportFormat]:
    """Every registered format, in registration order."""
    return list(FORMATS.values())


def layouts() -> list[Layout]:
    """Every layout some format offers, once each, in order (the first format's label wins)."""
    seen: dict[str, Layout] = {}
    for export_format in FORMATS.values():
        for layout in export_format.layouts:
            seen.setdefault(layout.key, layout)
    return list(seen.values())


def event_labels() -> dict[str, str]:
    """The English words of each format's export event, by audit verb."""
    return {f.event_verb: f.event_label for f in FORMATS.values()}


def render(format_key: str, layout_key: str, doc: ExportDocument, labels: Labels | None = None, **options: Any) -> bytes:
    """Render `doc` in a format and layout; ValueError for an unknown one or an option the layout does not take."""
    export_format = FORMATS.get(format_key)
    layout = export_format.layout(layout_key) if export_format is not None else None
    if layout is None:
        raise ValueError(f"Unknown format and layout {format_key!r}/{layout_key!r}.")
    unsupported = [name for name, value in options.items() if value and name not in layout.options]
    if unsupported:
        raise ValueError(f"Layout {layout_key!r} does not support: {', '.join(unsupported)}.")
    taken = {name: value for name, value in options.items() if name in layout.options}
    return layout.render(doc, labels or Labels(), **taken)


register(ExportFormat("docx", N_("Word (.docx)"), DOCX_MEDIA_TYPE, "docx", (
    Layout("position", N_("Position (numbered clauses)"), renderer("exports.docx.position_layout", "render_position"),
           options=OPTIONS),
    Layout("brief", N_("Plenary brief"), renderer("exports.docx.brief_layout", "render_brief"), with_annex=True),
    Layout("paragraph_brief", N_("Brief per official paragraph"),
           renderer("exports.docx.paragraph_brief", "render_paragraph_brief"), with_official=True),
    Layout("comments_table", N_("Comments table"), renderer("exports.docx.comments_table", "render_comments_table"),
           with_comments=True),
), N_("Word export")))
register(ExportFormat("csv", N_("CSV (comments table only)"), CSV_MEDIA_TYPE, "csv", (
    Layout("comments_table", N_("Comments table"), renderer("exports.comments_csv", "render_comments_csv"),
           with_comments=True),
), N_("CSV export")))


def as_pdf(render_docx: Callable[..., bytes]) -> Callable[..., bytes]:
    """A Word layout's renderer that gives the same file as PDF (LibreOffice converts it: exports.pdf)."""

    def render_pdf(doc: ExportDocument, labels: Labels, **options: Any) -> bytes:
        return docx_to_pdf(render_docx(doc, labels, **options))

    return render_pdf


register(ExportFormat("pdf", N_("PDF (as printed)"), PDF_MEDIA_TYPE, "pdf", tuple(
    Layout(layout.key, layout.label, as_pdf(layout.render), layout.options, layout.with_comments, layout.with_annex,
           layout.with_official)
    for layout in FORMATS["docx"].layouts
), N_("PDF export")))
