"""Clause comments as real Word comments anchored on their quote, replies threaded (w15)."""

from __future__ import annotations

from collections.abc import Sequence

from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

from exports.comment_threads import thread_order
from exports.fixed_texts import Labels
from exports.model import ExportComment

from .bookmarks import last_paragraph
from .ooxml import (
    CT_COMMENTS_EXTENDED,
    MC_NS,
    RT_COMMENTS_EXTENDED,
    W14_NS,
    W15_NS,
    W_NS,
    make,
    parse_markup,
    run_xml,
    w,
    w_datetime,
    xml_safe,
)
from .quote_anchoring import TextUnits, find_quote_runs, text_units, top_level
from .writer import RenderContext

DONE_STATUSES = frozenset({"resolved", "accepted", "rejected", "withdrawn"})
EXPORT_MARKER = " \u00b7 #"  # "Status: Open · #12": lets a re-import recognise exported comments


def comment_author(comment: ExportComment) -> str:
    """Return the Word comment author, 'Name (ADMIN)'."""
    name = f"{comment.author_name} ({comment.admin_code})" if comment.admin_code else comment.author_name
    return xml_safe(name)


def add_comments(
    ctx: RenderContext, rendered: dict[str, list[etree._Element]], comments: Sequence[ExportComment]
) -> int:
    """Add comments on rendered clauses; return how many were written (others are skipped)."""
    root = ctx.document.part._comments_part.element  # python-docx has no public accessor
    root.set(f"{{{MC_NS}}}Ignorable", "w14")
    anchors: dict[int, tuple[etree._Element, etree._Element]] = {}
    para_ids: dict[int, str] = {}
    extended: list[tuple[str, str | None, bool]] = []
    units: dict[str, TextUnits] = {}  # each clause's text runs, read once for all its comments
    written: list[str] = []  # the w:comment elements, parsed at once
    for comment, thread_root in thread_order(comments):
        paragraphs = rendered.get(comment.clause_uid)
        if not paragraphs:
            continue
        wid = str(ctx.ids.next())
        start, end, ref = _range_start.__copy__(), _range_end.__copy__(), _reference.__copy__()
        start.set(_W_ID, wid)
        end.set(_W_ID, wid)
        ref[1].set(_W_ID, wid)
        root_anchor = anchors.get(thread_root) if thread_root is not None else None
        found = True
        if root_anchor is not None:
            root_anchor[0].addnext(start)
            root_anchor[1].addnext(end)
            end.addnext(ref)
        else:
            if comment.quote and comment.clause_uid not in units:
                units[comment.clause_uid] = text_units(paragraphs)
            found = _anchor(paragraphs, comment.quote, start, end, ref, units.get(comment.clause_uid))
        anchors[comment.id] = (start, ref)
        para_id = f"{0x10000000 + int(wid):08X}"
        para_ids[comment.id] = para_id
        parent_para = para_ids.get(thread_root) if root_anchor is not None else None
        written.append(_comment_xml(ctx.labels, comment, wid, para_id, quote_missing=not found,
                                    is_reply=thread_root is not None and parent_para is None))
        extended.append((para_id, parent_para, comment.status in DONE_STATUSES))
    if written:
        root.extend(parse_markup(f"{_COMMENTS_HOLDER}{''.join(written)}</w:comments>"))
    if extended:
        _add_comments_extended(ctx, extended)
    return len(extended)


def _reference_run() -> etree._Element:
    run = make("r")
    make("rStyle", make("rPr", run), val="CommentReference")
    make("commentReference", run)
    return run


_BEFORE_RANGE = (w("pPr"), w("bookmarkStart"))  # a range on the whole clause starts after them
_BOOKMARK_END = w("bookmarkEnd")
# Each comment's range and reference are copies of these (given the comment's w:id): copying beats building.
_W_ID = w("id")
_range_start, _range_end, _reference = make("commentRangeStart"), make("commentRangeEnd"), _reference_run()


def _anchor(
    paragraphs: list[etree._Element],
    quote: str | None,
    start: etree._Element,
    end: etree._Element,
    ref: etree._Element,
    units: TextUnits | None = None,
) -> bool:
    """Place the range on the quote; fall back to the whole clause. Return whether the quote was found."""
    runs = find_quote_runs(paragraphs, quote, units) if quote else None
    if runs is not None:
        first, last = runs
        first.addprevious(start)
        last.addnext(end)
        holder = top_level(last)
        (end if holder is last else holder).addnext(ref)
        return True
    first_p = paragraphs[0]
    index = 0
    for child in first_p:
        if child.tag not in _BEFORE_RANGE:
            break
        index += 1
    first_p.insert(index, start)
    last_p = last_paragraph(paragraphs[-1])
    if len(last_p) and last_p[-1].tag == _BOOKMARK_END:
        last_p[-1].addprevious(end)
    else:
        last_p.append(end)
    end.addnext(ref)
    return not quote


def _comment_xml(
    labels: Labels, comment: ExportComment, wid: str, para_id: str, *, quote_missing: bool, is_reply: bool
) -> str:
    """One w:comment as markup (all of them are parsed at once): its text, what it proposes, its status."""
    paragraphs: list[list[str]] = []

    def add_paragraph(label: str = "", text: str = "", italic: bool = False) -> list[str]:
        runs = [run_xml(label, bold=True)] if label else []
        if text:
            runs.append(run_xml(text, italic=italic))
        paragraphs.append(runs)
        return runs

    first = add_paragraph()
    first.append(_ANNOTATION_REF)
    prefix = labels.reply_prefix if is_reply else ""
    if comment.kind != "comment":
        prefix += labels.comment_kind_label(comment.kind) + labels.label_separator
    if prefix:
        first.append(run_xml(prefix, bold=True))
    first.append(run_xml(comment.body))
    if quote_missing and comment.quote:
        add_paragraph(labels.comment_on + labels.label_separator, f"\u201c{comment.quote}\u201d", True)
    if comment.proposed_text:
        add_paragraph(labels.proposed_text + labels.label_separator, comment.proposed_text)
    if comment.resolution_note:
        add_paragraph(labels.response + labels.label_separator, comment.resolution_note)
    add_paragraph(
        labels.comment_status + labels.label_separator,
        f"{labels.status_label(comment.status)}{EXPORT_MARKER}{comment.id}",
        italic=True,
    )
    last = len(paragraphs) - 1
    return "".join([
        f'<w:comment w:id="{wid}" w:author="{_attribute(comment_author(comment))}" '
        f'w:date="{w_datetime(comment.created_at)}" w:initials="{_attribute(_initials(comment.author_name))}">',
        *(f'{_LAST_PARAGRAPH.format(para_id) if index == last else "<w:p>"}{_COMMENT_TEXT}{"".join(runs)}</w:p>'
          for index, runs in enumerate(paragraphs)),
        "</w:comment>",
    ])


_ANNOTATION_REF = '<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:annotationRef/></w:r>'
_COMMENT_TEXT = '<w:pPr><w:pStyle w:val="CommentText"/></w:pPr>'
_LAST_PARAGRAPH = '<w:p w14:paraId="{}" w14:textId="77777777">'  # the paragraph Word's threads point at
_COMMENTS_HOLDER = f'<w:comments xmlns:w="{W_NS}" xmlns:w14="{W14_NS}">'


def _attribute(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _initials(name: str) -> str:
    return xml_safe("".join(part[0] for part in name.split() if part)[:4].upper())


def _add_comments_extended(ctx: RenderContext, entries: list[tuple[str, str | None, bool]]) -> None:
    root = etree.Element(f"{{{W15_NS}}}commentsEx", nsmap={"w15": W15_NS, "mc": MC_NS})
    root.set(f"{{{MC_NS}}}Ignorable", "w15")
    for para_id, parent, done in entries:
        entry = etree.SubElement(root, f"{{{W15_NS}}}commentEx")
        entry.set(f"{{{W15_NS}}}paraId", para_id)
        if parent:
            entry.set(f"{{{W15_NS}}}paraIdParent", parent)
        entry.set(f"{{{W15_NS}}}done", "1" if done else "0")
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    part = Part(PackURI("/word/commentsExtended.xml"), CT_COMMENTS_EXTENDED, blob, ctx.document.part.package)
    ctx.document.part.relate_to(part, RT_COMMENTS_EXTENDED)
