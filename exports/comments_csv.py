"""The comments table as CSV: one row per comment, for spreadsheets (formulas neutralised)."""

from __future__ import annotations

import csv
import io

from exports.comment_threads import grouped_comments
from exports.fixed_texts import Labels
from exports.model import ExportDocument

_CSV_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell_text(value: str) -> str:
    """Neutralise spreadsheet formulas (CSV injection) by prefixing a quote."""
    return "'" + value if value.startswith(_CSV_FORMULA) else value


def endorsement_text(codes: tuple[str, ...]) -> str:
    """'2: BXL-ENV, SPW-ARNE' — how many administrations endorse a comment, and which ('' for none)."""
    return f"{len(codes)}: {', '.join(codes)}" if codes else ""


def comments_csv(doc: ExportDocument, labels: Labels = Labels()) -> str:  # noqa: B008
    """Return the comments table as CSV text; encode it as 'utf-8-sig' so Excel reads it as UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([labels.col_clause, labels.col_administration, labels.col_author, labels.col_kind,
                     labels.col_comment, labels.col_quote, labels.proposed_text, labels.col_status,
                     labels.col_response, labels.col_date, labels.col_endorsements])
    for clause_label, rows in grouped_comments(doc, labels):
        for comment, is_reply in rows:
            writer.writerow([_cell_text(v) for v in (
                clause_label, comment.admin_code, comment.author_name,
                labels.comment_kind_label(comment.kind),
                (labels.reply_prefix if is_reply else "") + comment.body,
                comment.quote or "", comment.proposed_text or "", labels.status_label(comment.status),
                comment.resolution_note or "", comment.created_at.isoformat(timespec="minutes"),
                endorsement_text(comment.endorsements),
            )])
    return out.getvalue()


def render_comments_csv(doc: ExportDocument, labels: Labels = Labels()) -> bytes:  # noqa: B008
    """The comments table as CSV bytes, UTF-8 with a byte order mark so Excel reads it as UTF-8."""
    return comments_csv(doc, labels).encode("utf-8-sig")
