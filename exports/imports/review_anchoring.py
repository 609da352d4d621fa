"""Place what a reviewer did in Word on the clause's current Markdown text: quotes and amended words."""

from __future__ import annotations

from exports.fixed_texts import Labels

KINDS = ("question", "support", "reservation", "amendment", "comment")


def comment_kind(body: str, labels: Labels) -> tuple[str, str]:
    """Read a leading kind label ('Question: …') from a Word comment; return (kind, body without it)."""
    stripped = body.lstrip()
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


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    """Take one more word on each side."""
    while start > 0 and not text[start - 1].isalnum():
        start -= 1
    while end < len(text) and not text[end].isalnum():
        end += 1
    return _word_start(text, start), _word_end(text, end)


def amendment_anchor(heading: str, body: str, old: str, new: str) -> tuple[str, str | None, str | None, str]:
    """Turn a clause's old/new text from Word into (kind, quote, proposed text, note) on its current body.

    The quote is the smallest run of whole words that changed, widened until it occurs once in the body.
    When it cannot be found the amendment proposes the whole new text; a changed heading or a deleted
    clause becomes a comment describing the change; a change the text already has is skipped.
    """
    if heading:
        head = heading + "\n"
        if old.startswith(head) and new.startswith(head):
            old, new = old[len(head):], new[len(head):]
        elif old.startswith(head) or old == heading:
            return "comment", None, None, "The change touches the heading: it is imported as a comment describing it."
    if old == new:
        return "skip", None, None, "Nothing changed in the clause text."
    if not new.strip():
        return "comment", None, None, "The reviewer deleted the whole clause: imported as a comment describing it."
    start, old_end, new_start, new_end = changed_span(old, new)
    while True:
        quote, proposed = old[start:old_end], new[new_start:new_end]
        if proposed.strip() == quote.strip():
            return "skip", None, None, "Only the spacing changed."
        if quote.strip() and body.count(quote) == 1:
            return "amendment", quote, proposed, ""
        if body.count(quote) == 0 or (start == 0 and old_end == len(old)):
            break
        wider_start, wider_end = _widen(old, start, old_end)
        new_end += wider_end - old_end
        new_start -= start - wider_start
        start, old_end = wider_start, wider_end
    if new.strip() == body.strip():
        return "skip", None, None, "The current text already reads like this."
    note = "The changed words are not in the current text as such: the amendment proposes the whole new text."
    return "amendment", None, new, note
