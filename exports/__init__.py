"""Word exports and imports of positions: framework-free, fed with plain dataclasses."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .bookmarks import bookmark_name, uid_from_bookmark
from .brief import render_brief
from .comments_table import comments_csv, render_comments_table
from .docx_import import (
    ImportedAmendment,
    ImportedClause,
    ImportedComment,
    ImportedPosition,
    ReviewedImport,
    parse_new_position,
    parse_reviewed,
)
from .docx_position import render_position
from .model import ExportClause, ExportComment, ExportDocument, Labels
from .numbering import clause_numbers
from .redline import accept_all, reject_all
from .safe_docx import DocxImportError, open_docx

LAYOUTS: dict[str, Callable[..., bytes]] = {
    "position": render_position,
    "brief": render_brief,
    "comments_table": render_comments_table,
}
DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def render(layout: str, doc: ExportDocument, labels: Labels | None = None, **options: Any) -> bytes:
    """Render `doc` with a named layout; only `position` takes options (comments, redline_from)."""
    if layout not in LAYOUTS:
        raise ValueError(f"Unknown layout {layout!r}; choose one of {', '.join(LAYOUTS)}.")
    labels = labels or Labels()
    if layout == "position":
        return render_position(doc, labels, **options)
    unsupported = [name for name, value in options.items() if value]
    if unsupported:
        raise ValueError(f"Layout {layout!r} does not support: {', '.join(unsupported)}.")
    return LAYOUTS[layout](doc, labels)


__all__ = [
    "DOCX_MIMETYPE", "LAYOUTS", "DocxImportError", "ExportClause", "ExportComment", "ExportDocument",
    "ImportedAmendment", "ImportedClause", "ImportedComment", "ImportedPosition", "Labels",
    "ReviewedImport", "accept_all", "bookmark_name", "clause_numbers", "comments_csv", "open_docx",
    "parse_new_position", "parse_reviewed", "reject_all", "render", "render_brief",
    "render_comments_table", "render_position", "uid_from_bookmark",
]
