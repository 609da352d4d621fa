"""The export-format registry: formats, their layouts and options, and rendering through it."""

from __future__ import annotations

import pytest

from exports import formats
from exports.fixed_texts import Labels


def test_the_registry_lists_formats_layouts_and_events():
    assert [(f.key, f.extension, [layout.key for layout in f.layouts]) for f in formats.formats()] == [
        ("docx", "docx", ["position", "brief", "paragraph_brief", "comments_table"]), ("csv", "csv", ["comments_table"]),
        ("pdf", "pdf", ["position", "brief", "paragraph_brief", "comments_table"])]
    assert [layout.key for layout in formats.layouts()] == ["position", "brief", "paragraph_brief", "comments_table"]
    assert formats.event_labels() == {"export.docx": "Word export", "export.csv": "CSV export", "export.pdf": "PDF export"}
    assert formats.FORMATS["pdf"].layout("position").options == ("comments", "redline_from", "library_sources")
    assert formats.FORMATS["docx"].layout("position").options == ("comments", "redline_from", "library_sources")
    assert formats.FORMATS["csv"].layout("position") is None


def test_render_dispatches_through_the_registry(document):
    assert formats.render("docx", "position", document)[:2] == b"PK"
    assert formats.render("docx", "position", document, Labels(), comments=True, redline_from=document)[:2] == b"PK"
    assert formats.render("csv", "comments_table", document).startswith(b"\xef\xbb\xbfClause,")
    with pytest.raises(ValueError):
        formats.render("docx", "poster", document)
    with pytest.raises(ValueError):
        formats.render("csv", "position", document)
    with pytest.raises(ValueError):
        formats.render("docx", "brief", document, comments=True)
