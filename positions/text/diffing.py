"""Word-level diffing of clause text, built on diff-match-patch."""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from html import escape

from diff_match_patch import diff_match_patch

DELETE, EQUAL, INSERT = -1, 0, 1

Op = tuple[int, str]

_TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)

# Each distinct token is encoded as one code point so diff-match-patch can diff token
# sequences as strings. Encoded strings contain only codes, never the original text, so
# codes cannot collide with content. Ranges are chosen to be neither letters, digits nor
# whitespace (so dmp's semantic cleanup scores every boundary alike): the BMP private-use
# area, private-use planes 15 and 16, then the unassigned planes 4-13.
_CODE_RANGES: tuple[tuple[int, int], ...] = (
    (0xE000, 0xF900),
    (0xF0000, 0xFFFFE),
    (0x100000, 0x10FFFE),
    (0x40000, 0xE0000),
)
MAX_DISTINCT_TOKENS = sum(stop - start for start, stop in _CODE_RANGES)
EXACT_DIFF_LIMIT = 1_000_000  # product of token counts below which no time budget applies
LARGE_DIFF_TIMEOUT = 2.0  # seconds


def tokenize_words(text: str) -> list[str]:
    """Split text into word, whitespace and punctuation tokens; joining them gives the text."""
    return _TOKEN.findall(text)


def _code(index: int) -> str:
    for start, stop in _CODE_RANGES:
        if index < stop - start:
            return chr(start + index)
        index -= stop - start
    raise ValueError(
        f"too many distinct tokens to diff (limit {MAX_DISTINCT_TOKENS}); "
        "split the text into smaller parts"
    )


def _encode(tokens: Sequence[Hashable], table: dict[Hashable, str]) -> str:
    out = []
    for token in tokens:
        code = table.get(token)
        if code is None:
            code = _code(len(table))
            table[token] = code
        out.append(code)
    return "".join(out)


def diff_sequences(old: Sequence[Hashable], new: Sequence[Hashable]) -> list[tuple[int, list]]:
    """Diff two token sequences; returns (op, tokens) pairs with op in DELETE/EQUAL/INSERT."""
    table: dict[Hashable, str] = {}
    a = _encode(old, table)
    b = _encode(new, table)
    decode = {code: token for token, code in table.items()}
    dmp = diff_match_patch()
    # Exact (deterministic, minimal) diffs for clause-sized inputs; dmp's bisection is
    # O(N*D), so very large, very different texts get a time budget, after which dmp
    # returns a coarser but still correct diff.
    dmp.Diff_Timeout = 0 if len(a) * len(b) <= EXACT_DIFF_LIMIT else LARGE_DIFF_TIMEOUT
    diffs = dmp.diff_main(a, b, False)
    dmp.diff_cleanupSemantic(diffs)
    return [(op, [decode[c] for c in chunk]) for op, chunk in diffs if chunk]


def word_diff(old: str, new: str) -> list[Op]:
    """Diff two texts word by word; returns (op, text) pairs with op in DELETE/EQUAL/INSERT."""
    if old == new:
        return [(EQUAL, old)] if old else []
    return [
        (op, "".join(tokens))
        for op, tokens in diff_sequences(tokenize_words(old), tokenize_words(new))
    ]


def old_text(ops: Sequence[Op]) -> str:
    """Reconstruct the old side of a diff."""
    return "".join(text for op, text in ops if op != INSERT)


def new_text(ops: Sequence[Op]) -> str:
    """Reconstruct the new side of a diff."""
    return "".join(text for op, text in ops if op != DELETE)


_MARKERS = {DELETE: ("del", "deleted: "), INSERT: ("ins", "inserted: ")}


def _render(op: int, text: str, labels: dict[int, str] | None = None) -> str:
    if op == EQUAL:
        return escape(text)
    tag, label = _MARKERS[op]
    label = labels.get(op, label) if labels else label
    return f'<{tag}><span class="visually-hidden">{escape(label)}</span>{escape(text)}</{tag}>'


def render_inline_html(ops: Sequence[Op], labels: dict[int, str] | None = None) -> str:
    """Render a diff as escaped HTML with <del>/<ins> and screen-reader text markers (``labels`` translates them)."""
    return "".join(_render(op, text, labels) for op, text in ops)


def render_side_by_side_html(ops: Sequence[Op], labels: dict[int, str] | None = None) -> tuple[str, str]:
    """Render a diff as (old, new) escaped HTML: deletions on the left, insertions on the right."""
    left = "".join(_render(op, text, labels) for op, text in ops if op != INSERT)
    right = "".join(_render(op, text, labels) for op, text in ops if op != DELETE)
    return left, right


Segment = tuple[int, Hashable]  # (length in characters, revision id)


def _carry(segments: list[Segment], ops: Sequence[Op], revision_id: Hashable) -> list[Segment]:
    """Carry attributions of the old text through a diff; inserted text gets revision_id."""
    queue = list(reversed(segments))
    carried: list[Segment] = []
    for op, chunk in ops:
        if op == INSERT:
            carried.append((len(chunk), revision_id))
            continue
        length = len(chunk)
        while length:  # consume old segments; keep them only for equal text
            seg_len, rev = queue.pop()
            used = min(seg_len, length)
            if op == EQUAL:
                carried.append((used, rev))
            if seg_len > used:
                queue.append((seg_len - used, rev))
            length -= used
    merged: list[Segment] = []
    for length, rev in carried:
        if merged and merged[-1][1] == rev:
            merged[-1] = (merged[-1][0] + length, rev)
        else:
            merged.append((length, rev))
    return merged


def blame(revisions: Sequence[tuple[Hashable, str]]) -> list[tuple[str, Hashable]]:
    """Attribute each span of the latest text to the revision that introduced those words."""
    segments: list[Segment] = []
    previous = ""
    for revision_id, text in revisions:
        segments = _carry(segments, word_diff(previous, text), revision_id)
        previous = text
    spans = []
    pos = 0
    for length, rev in segments:
        spans.append((previous[pos : pos + length], rev))
        pos += length
    return spans
