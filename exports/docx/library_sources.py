"""Where a clause's wording came from (the agreed-language library), written as a Word comment or a footnote."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

from exports.model import ExportClause

from .bookmarks import last_paragraph
from .ooxml import NSDECLS, make, paragraph, text_run, w, w_datetime, xml_safe
from .writer import RenderContext

SOURCE_STYLES = ("comment", "footnote")  # the values of the export option `library_sources`
CT_FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
RT_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"


def add_library_sources(ctx: RenderContext, rendered: dict[str, list[etree._Element]], clauses: Sequence[ExportClause],
                        style: str) -> int:
    """Mark each rendered clause taken from the library with its source; return how many were marked."""
    marked = [(c, rendered[c.uid]) for c in clauses if c.source and rendered.get(c.uid)]
    if not marked:
        return 0
    texts = [xml_safe(ctx.labels.library_source.replace("%(source)s", c.source)) for c, _ in marked]
    if style == "footnote":
        _footnotes(ctx, [p for _, p in marked], texts)
    else:
        _comments(ctx, [p for _, p in marked], texts)
    return len(marked)


def _end_of(paragraphs: list[etree._Element]) -> etree._Element:
    last = last_paragraph(paragraphs[-1])
    return last


def _append_in(p: etree._Element, element: etree._Element) -> None:
    """Put a run or range mark at the end of a paragraph, before a closing bookmark."""
    if len(p) and p[-1].tag == w("bookmarkEnd"):
        p[-1].addprevious(element)
    else:
        p.append(element)


def _comments(ctx: RenderContext, clauses: list[list[etree._Element]], texts: list[str]) -> None:
    root = ctx.document.part._comments_part.element  # python-docx has no public accessor
    author = xml_safe(ctx.labels.library_author)
    for paragraphs, text in zip(clauses, texts, strict=True):
        wid = str(ctx.ids.next())
        first = paragraphs[0] if paragraphs[0].tag == w("p") else next(paragraphs[0].iter(w("p")))
        index = 0
        while index < len(first) and first[index].tag in (w("pPr"), w("bookmarkStart")):
            index += 1
        first.insert(index, make("commentRangeStart", id=wid))
        end = _end_of(paragraphs)
        _append_in(end, make("commentRangeEnd", id=wid))
        ref = make("r")
        make("rStyle", make("rPr", ref), val="CommentReference")
        make("commentReference", ref, id=wid)
        _append_in(end, ref)
        comment = make("comment", root, id=wid, author=author, date=w_datetime(dt.datetime.now(dt.UTC).replace(tzinfo=None)),
                       initials="LIB")
        body = paragraph("CommentText", comment)
        mark = make("r", body)
        make("rStyle", make("rPr", mark), val="CommentReference")
        make("annotationRef", mark)
        text_run(text, parent=body)


def _footnotes(ctx: RenderContext, clauses: list[list[etree._Element]], texts: list[str]) -> None:
    root = etree.fromstring(
        f'<w:footnotes {NSDECLS}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
        "</w:footnotes>")
    for number, (paragraphs, text) in enumerate(zip(clauses, texts, strict=True), start=1):
        ref = make("r")
        make("vertAlign", make("rPr", ref), val="superscript")
        make("footnoteReference", ref, id=str(number))
        _append_in(_end_of(paragraphs), ref)
        note = make("footnote", root, id=str(number))
        body = paragraph(None, note)
        mark = make("r", body)
        make("vertAlign", make("rPr", mark), val="superscript")
        make("footnoteRef", mark)
        text_run(" " + text, parent=body)
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    part = Part(PackURI("/word/footnotes.xml"), CT_FOOTNOTES, blob, ctx.document.part.package)
    ctx.document.part.relate_to(part, RT_FOOTNOTES)
