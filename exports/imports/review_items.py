"""What a reviewed .docx yields: its Word comments and tracked changes as items, each with a fingerprint."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass


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


def short(text: str, limit: int = 120) -> str:
    """The text on one line, cut to `limit` characters with an ellipsis (for messages)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def word_id(value: str) -> int:
    """A Word comment id (w:id) as a number; -1 when it is not one."""
    try:
        return int(value)
    except ValueError:
        return -1
