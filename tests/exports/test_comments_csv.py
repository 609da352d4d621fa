"""The comments table as CSV: same rows and numbers as the Word table, safe for spreadsheets."""

from __future__ import annotations

import csv
import dataclasses
import io

from exports.comments_csv import comments_csv, render_comments_csv
from exports.model import ExportComment


def test_comments_csv_has_same_columns_and_is_excel_safe(document):
    extra = ExportComment(9, "c6", "comment", "=HYPERLINK(\"http://evil\")", "Eve", "BBPF",
                          document.comments[0].created_at, "open")
    text = comments_csv(dataclasses.replace(document, comments=document.comments + (extra,)))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:2] == ["Clause", "Administration"] and "Response" in rows[0]
    assert rows[1][:5] == ["2.1 Belgium welcomes the rolling work programme of IPBES, see t\u2026", "VL-OMG",
                           "Jan Peeters", "Comment", "Please keep 'rolling'."]
    assert [row[0].split()[0] for row in rows[1:]] == ["2.1", "2.1", "2.2", "2.3", "3.1", "3.2"]
    assert rows[-1][4].startswith("'=")
    assert not any("Secret remark" in cell for row in rows for cell in row)
    assert render_comments_csv(document).startswith(b"\xef\xbb\xbf")


def test_comments_on_unknown_clauses_are_grouped_last(document):
    gone = ExportComment(10, "deleted-clause", "comment", "On a clause removed since.", "Eve", "BBPF",
                         document.comments[0].created_at, "open")
    rows = list(csv.reader(io.StringIO(comments_csv(dataclasses.replace(
        document, comments=(gone,) + document.comments)))))
    assert rows[-1][0] == "(clause not in this version)" and rows[-1][4] == "On a clause removed since."
