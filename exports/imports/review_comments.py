"""The Word comments of a reviewed .docx: their text, the words they cover, their thread and their clause."""

from __future__ import annotations

import re

from lxml import etree

from exports.docx.ooxml import W14_NS, W15_NS, parse_w_datetime, w
from positions.messages import Msg

from .ooxml_read import paragraph_text
from .review_items import ImportedComment, fingerprint, short, word_id
from .safe_docx import DocxPackage

_EXPORTED = re.compile(r"\u00b7\s*#(\d+)\s*$")


def _quotes(root: etree._Element) -> tuple[dict[str, str], dict[str, etree._Element]]:
    """Return the text covered by each comment range and the paragraph where each comment starts."""
    quotes: dict[str, str] = {}
    where: dict[str, etree._Element] = {}
    open_: dict[str, list[str]] = {}
    waiting: list[str] = []
    current: etree._Element | None = None
    tags = (w("p"), w("t"), w("tab"), w("br"), w("commentRangeStart"), w("commentRangeEnd"), w("commentReference"))
    for element in root.iter(*tags):
        tag = element.tag
        if tag == w("p"):
            current = element
            for cid in waiting:
                where.setdefault(cid, element)
            waiting.clear()
            for parts in open_.values():
                if parts:
                    parts.append("\n")
        elif tag in (w("t"), w("tab"), w("br")):
            text = element.text or "" if tag == w("t") else "\t" if tag == w("tab") else "\n"
            for parts in open_.values():
                parts.append(text)
        else:
            cid = element.get(w("id"), "")
            if tag == w("commentRangeStart"):
                open_[cid] = []
                if element.getparent().tag == w("body"):
                    waiting.append(cid)
                elif current is not None:
                    where.setdefault(cid, current)
            elif tag == w("commentRangeEnd"):
                quotes[cid] = "".join(open_.pop(cid, [])).strip()
            elif current is not None:
                where.setdefault(cid, current)
    for cid, parts in open_.items():
        quotes.setdefault(cid, "".join(parts).strip())
    return quotes, where


def _parents(package: DocxPackage, comments_root: etree._Element) -> dict[str, str]:
    """Map comment id → parent comment id from commentsExtended.xml (Word's threaded replies)."""
    extended = package.xml("word/commentsExtended.xml")
    if extended is None:
        return {}
    by_para: dict[str, str] = {}
    for comment in comments_root.iter(w("comment")):
        paragraphs = comment.findall(w("p"))
        para_id = paragraphs[-1].get(f"{{{W14_NS}}}paraId") if paragraphs else None
        if para_id:
            by_para[para_id] = comment.get(w("id"), "")
    parents: dict[str, str] = {}
    for entry in extended.iter(f"{{{W15_NS}}}commentEx"):
        child = by_para.get(entry.get(f"{{{W15_NS}}}paraId") or "-")
        parent = by_para.get(entry.get(f"{{{W15_NS}}}paraIdParent") or "-")
        if child and parent:
            parents[child] = parent
    return parents


def reviewed_comments(package: DocxPackage, root: etree._Element, segment_of: dict, unmatched: list[str]) -> list[ImportedComment]:
    """Every Word comment with its quote, thread and clause; those on no clause are described in `unmatched`."""
    comments_root = package.xml("word/comments.xml")
    if comments_root is None:
        return []
    quotes, where = _quotes(root)
    parents = _parents(package, comments_root)
    out: list[ImportedComment] = []
    for element in comments_root.iter(w("comment")):
        cid = element.get(w("id"), "")
        lines = [paragraph_text(p) for p in element.iter(w("p"))]
        body = "\n".join(lines).strip()
        author = element.get(w("author"), "")
        quote = quotes.get(cid, "")
        segment = segment_of.get(where.get(cid))
        uid, match = (segment.uid, segment.match) if segment is not None else (None, None)
        exported = _EXPORTED.search(lines[-1]) if lines else None
        parent = parents.get(cid)
        out.append(ImportedComment(
            uid, quote, body, author, parse_w_datetime(element.get(w("date"))), word_id(cid), match,
            fingerprint("comment", uid, quote, body, author),
            word_id(parent) if parent else None, int(exported.group(1)) if exported else None,
        ))
        if uid is None:
            unmatched.append(Msg("Comment by %(author)s on “%(quote)s”: %(body)s", author=author, quote=short(quote), body=short(body)))
    return out
