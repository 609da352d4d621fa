"""Read a reviewed .docx: Word comments and tracked changes, matched back to clauses.

The file's paragraphs are grouped by clause (review_segments), its comments read (review_comments); the tracked
changes of each clause become amendments here. What it yields is described in review_items.
"""

from __future__ import annotations

from collections.abc import Sequence

from exports.docx.bookmarks import bookmark_name, uid_from_bookmark
from exports.docx.markdown_docx import plain_text
from exports.docx.ooxml import parse_w_datetime, w
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
)
from .own_marks import accept_own_marks, own_signature
from .review_comments import reviewed_comments
from .review_items import ImportedAmendment, ImportedComment, ReviewedImport, fingerprint, short
from .review_segments import Segment, clause_segments, fuzzy_match
from .safe_docx import read_package
from .structure import DocxStructure

__all__ = ["ImportedAmendment", "ImportedComment", "ReviewedImport", "clause_name", "fingerprint", "parse_reviewed"]


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
    segments = clause_segments(body_paragraphs(root), owner, DocxStructure(package, languages))  # type: ignore[arg-type]
    fuzzy_match(segments, known)
    segment_of = {p: s for s in segments for p in s.paragraphs}
    unmatched: list[str] = []
    comments = reviewed_comments(package, root, segment_of, unmatched)  # type: ignore[arg-type]
    amendments = _amendments(segments, unmatched, {c.uid: clause_name(c) for c in known})
    overall = fingerprint(*sorted(x.fingerprint for x in [*comments, *amendments]))
    return ReviewedImport(comments, amendments, unmatched, overall, own)


def clause_name(clause: ExportClause) -> str:
    """A clause as a reader names it: its number and heading (or the start of its text), never its uid."""
    title = clause.heading or short(plain_text(clause.body), 60)
    return " ".join(x for x in (clause.number, title) if x)


def _amendments(segments: list[Segment], unmatched: list[str], names: dict[str, str]) -> list[ImportedAmendment]:
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
                    values = {"author": author, "old": short(old), "new": short(new),
                              "clause": names.get(previous_uid or "", "")}
                    if segment.inserted:
                        unmatched.append(Msg("New paragraph by %(author)s before the first clause: “%(new)s”", **values))
                    else:
                        unmatched.append(Msg("Change by %(author)s after clause %(clause)s: “%(old)s” → “%(new)s”", **values)
                                         if previous_uid else Msg("Change by %(author)s: “%(old)s” → “%(new)s”", **values))
        if not segment.inserted:
            previous_uid = segment.uid or previous_uid
    return out
