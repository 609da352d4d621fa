"""Place what a reviewer did in Word on the clause's current Markdown text: quotes and amended words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from exports.fixed_texts import Labels, every_language
from positions.messages import Msg

from .markdown_map import markdown_edit, normal, plain_map

KINDS = ("question", "support", "reservation", "amendment", "comment")
CONTEXT_WORDS = (6, 3, 1, 0)  # words around a change used to find it in the current text, widest first


def comment_kind(body: str, languages: Sequence[Labels] = ()) -> tuple[str, str]:
    """Read a leading kind label ('Question: …', 'Question : …') in any language; return (kind, body without it)."""
    stripped = body.lstrip()
    for labels in every_language(languages):
        for kind in KINDS[:3]:
            prefix = labels.comment_kind_label(kind) + labels.label_separator.rstrip()
            if stripped.casefold().startswith(prefix.casefold()) and stripped[len(prefix):].strip():
                return kind, stripped[len(prefix):].strip()
    return "comment", body


def unique_quote(text: str, quote: str) -> str | None:
    """Return the quote if it occurs in the text (first occurrence is used), else None."""
    quote = quote.strip()
    return quote if quote and quote in text else None


def _word_start(text: str, index: int) -> int:
    while index > 0 and text[index - 1].isalnum():
        index -= 1
    return index


def _word_end(text: str, index: int) -> int:
    while index < len(text) and text[index].isalnum():
        index += 1
    return index


def changed_span(old: str, new: str) -> tuple[int, int, int, int]:
    """Return (old_start, old_end, new_start, new_end) of the smallest whole-word change."""
    prefix = 0
    limit = min(len(old), len(new))
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[len(old) - 1 - suffix] == new[len(new) - 1 - suffix]:
        suffix += 1
    start = _word_start(old, prefix)
    old_end = _word_end(old, len(old) - suffix)
    grow = old_end - (len(old) - suffix)
    new_end = len(new) - suffix + grow
    if not old[start:old_end].strip():  # a pure insertion between words: take the word before (or after) along
        wider_start, wider_end = _widen(old, start, old_end)
        if wider_start < start:
            start = wider_start
        else:
            new_end += wider_end - old_end
            old_end = wider_end
    return start, old_end, start, new_end


def _widen(text: str, start: int, end: int, words: int = 1) -> tuple[int, int]:
    """Take `words` more words on each side."""
    for _ in range(words):
        while start > 0 and not text[start - 1].isalnum():
            start -= 1
        while end < len(text) and not text[end].isalnum():
            end += 1
        start, end = _word_start(text, start), _word_end(text, end)
    return start, end


@dataclass(frozen=True)
class Anchor:
    """What a tracked change becomes on the current text: an amendment of quote (at start), a comment, or nothing."""

    kind: str  # "amendment" | "comment" | "skip"
    quote: str | None = None
    start: int | None = None  # the quote's offset in the Markdown body
    proposed: str | None = None
    note: str = ""


def _locate(old: str, start: int, end: int, plain: str) -> tuple[int, int] | None:
    """Where old[start:end] is in the current plain text: the same place, or found once with words around it."""
    if old == plain:
        return start, end
    for words in CONTEXT_WORDS:
        left, right = _widen(old, start, end, words) if words else (start, end)
        needle = old[left:right]
        if needle.strip() and plain.count(needle) == 1:
            at = plain.index(needle) + start - left
            return at, at + end - start
    return None


def _already_made(old: str, new: str, span: tuple[int, int, int], current: str) -> bool:
    """Whether the current text reads like the new text around the change, and not like the old one."""
    start, old_end, new_end = span
    for words in (4, 2, 1):
        left, right = _widen(old, start, old_end, words)
        for low, high in ((left, right), (left, old_end), (start, right)):
            before, after = normal(old[low:high]), normal(new[low:high + (new_end - old_end)])
            if after and after in current and before not in current:
                return True
    return False


def amendment_anchor(heading: str, body: str, old: str, new: str) -> Anchor:
    """Turn a clause's old/new text from Word into what it proposes on the current Markdown body.

    The quote is the smallest run of whole words that changed, found in the current text by the words around
    it; the proposal keeps the body's Markdown formatting. A change the current text already has is skipped
    (the file was reviewed against an older version); a changed heading or a deleted clause becomes a comment.
    """
    if heading:
        head = heading + "\n"
        if old.startswith(head) and new.startswith(head):
            old, new = old[len(head):], new[len(head):]
        elif old.startswith(head) or old == heading:
            return Anchor("comment", note=Msg("The change touches the heading: it is imported as a comment describing it."))
    if old == new:
        return Anchor("skip", note=Msg("Nothing changed in the clause text."))
    if not new.strip():
        return Anchor("comment", note=Msg("The reviewer deleted the whole clause: imported as a comment describing it."))
    plain, _ = plain_map(body)
    if normal(new) == normal(plain):
        return Anchor("skip", note=Msg("Already in the current text: the clause already reads like this."))
    start, old_end, new_start, new_end = changed_span(old, new)
    if normal(new[new_start:new_end]) == normal(old[start:old_end]):
        return Anchor("skip", note=Msg("Only the spacing changed."))
    if _already_made(old, new, (start, old_end, new_end), normal(plain)):
        return Anchor("skip", note=Msg("Already in the current text: this change was made since the file was exported."))
    where = _locate(old, start, old_end, plain)
    if where is None:
        return Anchor("amendment", proposed=new, note=Msg(
            "The changed words are not in the current text as such: the amendment proposes the whole new text."))
    s, e, proposed = markdown_edit(body, where[0], where[1], new[new_start:new_end])
    quote = body[s:e]
    if not quote.strip():
        return Anchor("amendment", proposed=new, note=Msg(
            "The changed words are not in the current text as such: the amendment proposes the whole new text."))
    return Anchor("amendment", quote, s, proposed)
