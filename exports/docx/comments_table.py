"""Layout `comments_table`: clause × administration × comment × status × response, landscape (CSV: exports.csv)."""

from __future__ import annotations

from lxml import etree

from exports.comment_threads import grouped_comments
from exports.comments_csv import endorsement_text
from exports.fixed_texts import Labels
from exports.model import ExportDocument

from .ooxml import make, paragraph, text_run
from .page import new_document, save
from .writer import RenderContext, empty_paragraph

# Landscape A4 minus 2 cm margins: 14570 twips.
_WIDTHS = (2600, 1900, 1500, 4270, 1100, 3200)
_HEADER_FILL = "D9E2F3"


def render_comments_table(doc: ExportDocument, labels: Labels = Labels()) -> bytes:  # noqa: B008
    """Render all comments as a landscape table, header row repeated on every page."""
    ctx = new_document(doc, labels, landscape=True)
    text_run(f"{labels.comments_title}: {doc.title}", parent=ctx.append(paragraph("Title")))
    info = " \u00b7 ".join(x for x in (doc.meeting, doc.agenda_item, doc.document_symbol,
                                       doc.version_label, labels.format_date(doc.date)) if x)
    text_run(info, parent=ctx.append(paragraph()))
    ctx.append(_table(ctx, doc))
    empty_paragraph(ctx)
    return save(ctx)


def _table(ctx: RenderContext, doc: ExportDocument) -> etree._Element:
    labels = ctx.labels
    tbl = make("tbl")
    tbl_pr = make("tblPr", tbl)
    make("tblStyle", tbl_pr, val="TableGrid")
    make("tblW", tbl_pr, w=str(sum(_WIDTHS)), type="dxa")
    make("tblLayout", tbl_pr, type="fixed")
    grid = make("tblGrid", tbl)
    for width in _WIDTHS:
        make("gridCol", grid, w=str(width))
    header = _row(tbl, header=True)
    for width, title in zip(_WIDTHS, (labels.col_clause, labels.col_administration, labels.col_kind,
                                      labels.col_comment, labels.col_status, labels.col_response),
                            strict=True):
        _cell(header, width, fill=_HEADER_FILL).append(_para(title, bold=True))
    for clause_label, rows in grouped_comments(doc, labels):
        for index, (comment, is_reply) in enumerate(rows):
            tr = _row(tbl)
            first = _cell(tr, _WIDTHS[0], merge="restart" if index == 0 else "continue")
            first.append(_para(clause_label if index == 0 else "", bold=True))
            admin = _cell(tr, _WIDTHS[1])
            admin.append(_para(comment.admin_code, bold=True))
            admin.append(_para(comment.author_name))
            _cell(tr, _WIDTHS[2]).append(_para(labels.comment_kind_label(comment.kind)))
            body = _cell(tr, _WIDTHS[3])
            if comment.quote:
                body.append(_para(f"\u201c{comment.quote}\u201d", italic=True))
            body.append(_para((labels.reply_prefix if is_reply else "") + comment.body))
            if comment.proposed_text:
                p = _para(labels.proposed_text + labels.label_separator, bold=True)
                text_run(comment.proposed_text, parent=p)
                body.append(p)
            status = _cell(tr, _WIDTHS[4])
            status.append(_para(labels.status_label(comment.status)))
            if comment.endorsements:
                status.append(_para(f"{labels.col_endorsements}{labels.label_separator}{endorsement_text(comment.endorsements)}"))
            _cell(tr, _WIDTHS[5]).append(_para(comment.resolution_note or ""))
    return tbl


def _row(tbl: etree._Element, header: bool = False) -> etree._Element:
    tr = make("tr", tbl)
    if header:
        tr_pr = make("trPr", tr)
        make("cantSplit", tr_pr)
        make("tblHeader", tr_pr)
    return tr


def _cell(tr: etree._Element, width: int, *, fill: str | None = None, merge: str | None = None) -> etree._Element:
    tc = make("tc", tr)
    tc_pr = make("tcPr", tc)
    make("tcW", tc_pr, w=str(width), type="dxa")
    if merge == "restart":
        make("vMerge", tc_pr, val="restart")
    elif merge == "continue":
        make("vMerge", tc_pr)
    if fill:
        make("shd", tc_pr, val="clear", color="auto", fill=fill)
    return tc


def _para(text: str, *, bold: bool = False, italic: bool = False) -> etree._Element:
    p = paragraph("TitleBlock")
    if text:
        text_run(text, bold=bold, italic=italic, parent=p)
    return p
