"""Read a reviewed .docx: Word comments and tracked changes, matched back to clauses."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from lxml import etree

from exports.docx.bookmarks import bookmark_name, uid_from_bookmark
from exports.docx.markdown_docx import plain_text
from exports.docx.ooxml import W14_NS, W15_NS, parse_w_datetime, w
from exports.fixed_texts import Labels
from exports.model import ExportClause, external
from positions.messages import Msg

from .ooxml_read import (
    ACCEPT,
    REJECT,
    REVISION_TAGS,
    body_paragraphs,
    bookmark_owner,
    has_revisions,
    mark_state,
    merged_texts,
    paragraph_text,
)
from .own_marks import accept_own_marks, own_signature
from .safe_docx import DocxPackage, read_package
from .structure import DocxStructure

FUZZY_THRESHOLD = 0.6
_EXPORTED = re.compile(r"\u00b7\s*#(\d+)\s*$")


def fingerprint(*parts: str | None) -> str:
    """Return a stable sha256 over the given fields (used to skip duplicates on re-import)."""
    return hashlib.sha256("\x1f".join(p or "" for p in parts).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ImportedComment:
    """A Word comment from a reviewed file; clause_uid None when it matched no clause."""

    clause_uid: str | None
    quote: str
    body: str
    author: str
    date: dt.datetime | None
    word_comment_id: int
    match: str | None  # "bookmark" | "fuzzy" | None
    fingerprint: str = ""
    parent_word_id: int | None = None  # a Word reply: the comment it answers
    exported_id: int | None = None  # set when this is one of our exported comments coming back


@dataclass(frozen=True)
class ImportedAmendment:
    """Tracked changes inside one clause: its text with all changes rejected (old) and accepted (new).

    A tracked new paragraph that starts a clause is a proposed new clause: `new_clause_kind` is its kind,
    `clause_uid` the clause it follows, `new_text` its text and `old_text` empty.
    """

    clause_uid: str | None
    old_text: str
    new_text: str
    author: str
    match: str | None
    date: dt.datetime | None = None
    fingerprint: str = ""
    new_clause_kind: str | None = None


@dataclass(frozen=True)
class ReviewedImport:
    """Everything read from a reviewed file; `unmatched` describes items that fit no clause."""

    comments: list[ImportedComment]
    amendments: list[ImportedAmendment]
    unmatched: list[str]
    fingerprint: str
    own_changes: int = 0  # tracked changes of Plenipo's own redline, taken as accepted (not the reviewer's)


@dataclass
class _Segment:
    uid: str | None
    match: str | None
    paragraphs: list[etree._Element] = field(default_factory=list)
    number: str = ""  # a typed number at the start of the first paragraph
    structure: DocxStructure | None = None  # set when the first paragraph may carry a kind label
    inserted: bool = False  # a tracked new paragraph that starts a clause: a proposed new clause
    after: str | None = None  # for an inserted one: the clause it follows
    kind: str | None = None  # for an inserted one: the kind it was given (style or label)

    def texts(self, mode: str) -> list[str]:
        """Return the segment's paragraph texts after accept/reject, without number or kind label."""
        texts = merged_texts(self.paragraphs, mode)
        if texts and self.number and texts[0].startswith(self.number):
            texts[0] = texts[0][len(self.number):]
        if texts and self.structure is not None:
            texts[0] = texts[0][self.structure.label_end(texts[0]):]
        return [t.strip() for t in texts if t.strip()]


def _normal(text: str) -> str:
    return " ".join(text.split()).lower()


def parse_reviewed(data: bytes, known_clauses: list[ExportClause], languages: Sequence[Labels] = ()) -> ReviewedImport:
    """Read a reviewed .docx: comments and amendments per clause (by bookmark, else fuzzy text).

    Tracked changes of Plenipo's own redline are taken as accepted: they are the pen-holder's, not the reviewer's.
    """
    package = read_package(data)
    root = package.xml("word/document.xml")
    own = accept_own_marks(root, own_signature(package))  # type: ignore[arg-type]
    known = external(known_clauses)
    uids = {c.uid for c in known}
    names = {bookmark_name(c.uid): c.uid for c in known}

    def accept(name: str) -> str | None:
        uid = names.get(name) or names.get(name.lower()) or uid_from_bookmark(name)
        return uid if uid in uids else None

    owner = bookmark_owner(root, accept)  # type: ignore[arg-type]
    segments = _segments(body_paragraphs(root), owner, DocxStructure(package, languages))  # type: ignore[arg-type]
    _fuzzy_match(segments, known)
    segment_of = {p: s for s in segments for p in s.paragraphs}
    unmatched: list[str] = []
    comments = _comments(package, root, segment_of, unmatched)  # type: ignore[arg-type]
    amendments = _amendments(segments, unmatched, {c.uid: clause_name(c) for c in known})
    overall = fingerprint(*sorted(x.fingerprint for x in [*comments, *amendments]))
    return ReviewedImport(comments, amendments, unmatched, overall, own)


def clause_name(clause: ExportClause) -> str:
    """A clause as a reader names it: its number and heading (or the start of its text), never its uid."""
    title = clause.heading or _short(plain_text(clause.body), 60)
    return " ".join(x for x in (clause.number, title) if x)


def _segments(paragraphs: list[etree._Element], owner: dict, structure: DocxStructure) -> list[_Segment]:
    segments: list[_Segment] = []
    previous_style, previous_mark, last_uid = "", None, None
    for p in paragraphs:
        uid = owner.get(p)
        old_text = paragraph_text(p, REJECT)
        text = old_text or paragraph_text(p, ACCEPT)
        info = structure.classify(p, previous_style, text)
        previous_style = structure.style_name(p)
        # Word marks the paragraph mark before a new paragraph as inserted (Enter at the end of a clause), or its own
        new = not old_text.strip() and bool(text.strip()) and "ins" in (mark_state(p), previous_mark)
        previous_mark = mark_state(p)
        if new and (info.start or (segments and segments[-1].inserted)):
            if segments and segments[-1].inserted and not info.start:
                segments[-1].paragraphs.append(p)
            else:
                labelled = None if info.heading or info.title else structure
                segments.append(_Segment(None, None, [p], text[: info.number_length], labelled, True, last_uid,
                                         info.kind or "text"))
            continue
        if uid is not None:
            last_uid = uid
        if uid is not None and segments and segments[-1].uid == uid and segments[-1].match:
            segments[-1].paragraphs.append(p)
        elif uid is not None or not segments or info.start:
            labelled = None if info.heading or info.title else structure
            segments.append(_Segment(uid, "bookmark" if uid else None, [p], text[: info.number_length], labelled))
        else:
            segments[-1].paragraphs.append(p)
    return segments


def _fuzzy_match(segments: list[_Segment], known: list[ExportClause]) -> None:
    texts = [(c.uid, _normal(f"{c.heading}\n{plain_text(c.body)}")) for c in known]
    exact = {text: uid for uid, text in texts}
    after = {uid: i + 1 for i, (uid, _) in enumerate(texts)}  # try the clause after the last match first
    position = 0
    for segment in segments:
        if segment.match == "bookmark":
            position = after.get(segment.uid or "", position)
            continue
        text = _normal(" ".join(segment.texts(REJECT)))[:3000]
        if not text:
            continue
        best_uid, best = exact.get(text), 1.0 if text in exact else 0.0
        order = texts[position:] + texts[:position]
        for uid, candidate in order if best_uid is None else []:
            matcher = SequenceMatcher(None, text, candidate[:3000], autojunk=False)
            if matcher.real_quick_ratio() < max(best, FUZZY_THRESHOLD):
                continue
            if matcher.quick_ratio() < max(best, FUZZY_THRESHOLD):
                continue
            ratio = matcher.ratio()
            if ratio > best:
                best_uid, best = uid, ratio
            if best >= 0.9:
                break
        if best_uid is not None and best >= FUZZY_THRESHOLD:
            segment.uid, segment.match = best_uid, "fuzzy"
            position = after.get(best_uid, position)
    last_uid = None
    for segment in segments:  # a new clause follows the clause before it, however that one was matched
        if segment.inserted:
            segment.after = last_uid
        elif segment.uid is not None:
            last_uid = segment.uid


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


def _comments(package: DocxPackage, root: etree._Element, segment_of: dict, unmatched: list[str]) -> list[ImportedComment]:
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
            uid, quote, body, author, parse_w_datetime(element.get(w("date"))), _int(cid), match,
            fingerprint("comment", uid, quote, body, author),
            _int(parent) if parent else None, int(exported.group(1)) if exported else None,
        ))
        if uid is None:
            unmatched.append(Msg("Comment by %(author)s on “%(quote)s”: %(body)s", author=author, quote=_short(quote), body=_short(body)))
    return out


def _amendments(segments: list[_Segment], unmatched: list[str], names: dict[str, str]) -> list[ImportedAmendment]:
    out: list[ImportedAmendment] = []
    previous_uid: str | None = None
    for segment in segments:
        if segment.inserted or any(has_revisions(p) for p in segment.paragraphs):
            old = "" if segment.inserted else "\n\n".join(segment.texts(REJECT))
            new = "\n\n".join(segment.texts(ACCEPT))
            if old != new:
                marks = [m for p in segment.paragraphs for m in p.iter(*REVISION_TAGS)]
                authors = list(dict.fromkeys(m.get(w("author"), "") for m in marks if m.get(w("author"))))
                dates = [d for m in marks if (d := parse_w_datetime(m.get(w("date"))))]
                author = ", ".join(authors)
                uid = segment.after if segment.inserted else segment.uid
                out.append(ImportedAmendment(
                    uid, old, new, author, segment.match or ("position" if uid else None), max(dates) if dates else None,
                    fingerprint("new clause" if segment.inserted else "amendment", uid, old, new, author),
                    segment.kind if segment.inserted else None,
                ))
                if uid is None:
                    values = {"author": author, "old": _short(old), "new": _short(new),
                              "clause": names.get(previous_uid or "", "")}
                    if segment.inserted:
                        unmatched.append(Msg("New paragraph by %(author)s before the first clause: “%(new)s”", **values))
                    else:
                        unmatched.append(Msg("Change by %(author)s after clause %(clause)s: “%(old)s” → “%(new)s”", **values)
                                         if previous_uid else Msg("Change by %(author)s: “%(old)s” → “%(new)s”", **values))
        if not segment.inserted:
            previous_uid = segment.uid or previous_uid
    return out


def _short(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        return -1
