"""Comment anchors: a quoted span with context that survives edits to the text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from diff_match_patch import diff_match_patch

MATCH_THRESHOLD = 0.3  # dmp bitap: 0.0 exact only, 1.0 anything
MAX_BITS = 32  # dmp's documented bitap pattern limit (Match_MaxBits)
MAX_DISSIMILARITY = 0.5  # reject a fuzzy span whose edit distance exceeds half the quote

_WORD = re.compile(r"\w")


@dataclass(frozen=True)
class Anchor:
    """The quoted text of a comment plus some context on either side."""

    quote: str
    prefix: str
    suffix: str


def make_anchor(text: str, start: int, end: int, context: int = 32) -> Anchor:
    """Anchor text[start:end] with up to `context` characters of prefix and suffix."""
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"invalid span {start}:{end} for text of length {len(text)}")
    return Anchor(
        quote=text[start:end],
        prefix=text[max(0, start - context) : start],
        suffix=text[end : end + context],
    )


def _common_suffix(a: str, b: str) -> int:
    n = 0
    while n < len(a) and n < len(b) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < len(a) and n < len(b) and a[n] == b[n]:
        n += 1
    return n


def _context_score(text: str, start: int, end: int, anchor: Anchor) -> int:
    before = text[max(0, start - len(anchor.prefix)) : start]
    after = text[end : end + len(anchor.suffix)]
    return _common_suffix(anchor.prefix, before) + _common_prefix(anchor.suffix, after)


def _exact(text: str, anchor: Anchor) -> tuple[int, int] | None:
    quote = anchor.quote
    hits = []
    pos = text.find(quote)
    while pos != -1:
        hits.append(pos)
        pos = text.find(quote, pos + 1)
    if not hits:
        return None
    best = max(hits, key=lambda p: _context_score(text, p, p + len(quote), anchor))
    return best, best + len(quote)


def _dmp() -> diff_match_patch:
    dmp = diff_match_patch()
    dmp.Match_Threshold = MATCH_THRESHOLD
    dmp.Match_MaxBits = MAX_BITS
    dmp.Diff_Timeout = 0
    return dmp


def _match_end(dmp: diff_match_patch, text: str, pattern: str, pos: int) -> int:
    """End in text of `pattern` matched fuzzily from `pos` (trailing extra text excluded)."""
    window = text[pos : pos + len(pattern) + len(pattern) // 2 + 8]
    diffs = dmp.diff_main(pattern, window, False)
    dmp.diff_cleanupSemantic(diffs)
    end = offset = 0
    for op, chunk in diffs:
        if op != -1:
            offset += len(chunk)
        if op == 0:
            end = offset
    return pos + end


def _match_start(dmp: diff_match_patch, text: str, pattern: str, end: int) -> int:
    """Start in text of `pattern` matched fuzzily up to `end` (leading extra text excluded)."""
    begin = max(0, end - len(pattern) - len(pattern) // 2 - 8)
    window = text[begin:end][::-1]
    return end - _match_end(dmp, window, pattern[::-1], 0)


def _snap(text: str, start: int, end: int, anchor: Anchor) -> tuple[int, int]:
    """Grow a fuzzy span to whole words where the quote itself began/ended on a word boundary."""
    quote = anchor.quote
    if _WORD.match(quote[0]) and not (anchor.prefix and _WORD.match(anchor.prefix[-1])):
        while start < end and text[start].isspace():
            start += 1
        while 0 < start < len(text) and _WORD.match(text[start - 1]) and _WORD.match(text[start]):
            start -= 1
    if _WORD.match(quote[-1]) and not (anchor.suffix and _WORD.match(anchor.suffix[0])):
        while end > start and text[end - 1].isspace():
            end -= 1
        while 0 < end < len(text) and _WORD.match(text[end]) and _WORD.match(text[end - 1]):
            end += 1
    return start, end


def _chunks(quote: str) -> list[tuple[int, str]]:
    """Split the quote into bitap-sized pieces (offset, piece); the last one ends the quote."""
    offsets = list(range(0, max(1, len(quote) - MAX_BITS), MAX_BITS))
    offsets.append(max(0, len(quote) - MAX_BITS))
    return [(o, quote[o : o + MAX_BITS]) for o in dict.fromkeys(offsets)]


def _context(dmp: diff_match_patch, text: str, anchor: Anchor) -> tuple[int | None, int | None]:
    """Where the prefix ends and the suffix starts in text (None where not found)."""
    prefix_end = suffix_start = None
    if anchor.prefix:
        probe = anchor.prefix[-MAX_BITS:]
        pos = dmp.match_main(text, probe, 0)
        if pos != -1:
            prefix_end = _match_end(dmp, text, probe, pos)
    if anchor.suffix:
        probe = anchor.suffix[:MAX_BITS]
        near = len(text) if prefix_end is None else prefix_end + len(anchor.quote)
        pos = dmp.match_main(text, probe, near)
        if pos != -1 and (prefix_end is None or pos >= prefix_end):
            suffix_start = pos
    return prefix_end, suffix_start


def _quote_span(dmp: diff_match_patch, text: str, quote: str, guess: int) -> tuple[int, int] | None:
    """Bitap the quote piece by piece: the first piece found fixes the start, the last the end."""
    chunks = _chunks(quote)
    start = None
    for offset, piece in chunks:
        pos = dmp.match_main(text, piece, guess + offset)
        if pos != -1:
            start = pos if offset == 0 else _match_start(dmp, text, quote[:offset], pos)
            break
    if start is None:
        return None
    for offset, piece in reversed(chunks):
        pos = dmp.match_main(text, piece, start + offset)
        if pos != -1 and pos >= start:
            return start, _match_end(dmp, text, quote[offset:], pos)
    return None


def _fuzzy(text: str, anchor: Anchor) -> tuple[int, int] | None:
    dmp = _dmp()
    # Far from the guess costs little: the context is a hint, not a requirement.
    dmp.Match_Distance = max(10_000, 20 * len(text))
    quote = anchor.quote
    prefix_end, suffix_start = _context(dmp, text, anchor)
    if prefix_end is not None:
        guess = prefix_end
    elif suffix_start is not None:
        guess = max(0, suffix_start - len(quote))
    else:
        guess = 0
    span = _quote_span(dmp, text, quote, guess)
    slack = max(8, len(quote) // 4)
    if span is not None:
        start, end = span
        # The quote sat right after its prefix and before its suffix: trust nearby context.
        if prefix_end is not None and abs(start - prefix_end) <= slack and prefix_end < end:
            start = prefix_end
        if suffix_start is not None and abs(end - suffix_start) <= slack and start < suffix_start:
            end = suffix_start
    elif prefix_end is not None and suffix_start is not None:
        start, end = prefix_end, suffix_start  # whatever now stands between the context
    else:
        return None
    if not 0 < end - start <= 2 * len(quote) + MAX_BITS:  # implausible span: not the quote
        return None
    start, end = _snap(text, start, end, anchor)
    distance = dmp.diff_levenshtein(dmp.diff_main(quote, text[start:end], False))
    if end <= start or distance > MAX_DISSIMILARITY * len(quote):
        return None
    return start, end


@lru_cache(maxsize=16384)
def locate(text: str, anchor: Anchor) -> tuple[int, int] | None:
    """Find the anchor's quote in a (possibly changed) text; None when the words are gone (cached: both never change)."""
    if not anchor.quote or not text:
        return None
    return _exact(text, anchor) or _fuzzy(text, anchor)
