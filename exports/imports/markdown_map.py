"""Edit a Markdown body through the plain text Word shows of it, keeping its formatting (bold, links, lists)."""

from __future__ import annotations

from functools import lru_cache

from diff_match_patch import diff_match_patch

from exports.docx.markdown_docx import plain_text
from positions.text.diffing import word_diff

_dmp = diff_match_patch()
_dmp.Diff_Timeout = 0.5


def normal(text: str) -> str:
    """Text with every run of white space as one space (Word and Markdown space paragraphs differently)."""
    return " ".join(text.split())


@lru_cache(maxsize=256)
def plain_map(source: str) -> tuple[str, tuple[int, ...]]:
    """The plain text of a Markdown body as Word shows it, and for each of its characters the offset in the source."""
    plain = plain_text(source)
    mapping: list[int] = []
    at = 0
    for op, text in _dmp.diff_main(plain, source, False):
        if op == 0:
            mapping.extend(range(at, at + len(text)))
            at += len(text)
        elif op == -1:  # shown but not written as such (a soft break shown as a space, an entity): its place
            mapping.extend([at] * len(text))
        else:  # markup only in the source
            at += len(text)
    return plain, tuple(mapping)


def escape_inline(text: str) -> str:
    """Plain words from Word as Markdown text: only what would turn into formatting is escaped ([brackets] stay)."""
    return text.replace("\\", "\\\\").replace("*", "\\*").replace("`", "\\`")


def markdown_edit(source: str, start: int, end: int, replacement: str) -> tuple[int, int, str]:
    """Replace plain[start:end] by `replacement` in the Markdown source: (source start, source end, Markdown text).

    Markup inside the span stays where it was, so the changed words keep their bold, italics or link; when that
    cannot give the wanted text, the span's words are replaced as plain text.
    """
    plain, mapping = plain_map(source)
    s = mapping[start] if start < len(mapping) else len(source)
    e = mapping[end - 1] + 1 if end > start else s
    wanted = normal(plain[:start] + replacement + plain[end:])
    inside = set(mapping[start:end])
    markup = [i for i in range(s, e) if i not in inside]
    candidates = [_keep_markup(source, mapping, start, end, s, e, replacement)] if markup else []
    candidates.append(escape_inline(replacement))
    for text in candidates:
        if normal(plain_text(source[:s] + text + source[e:])) == wanted:
            return s, e, text
    return s, e, candidates[-1]


def _keep_markup(source: str, mapping: tuple[int, ...], start: int, end: int, s: int, e: int, replacement: str) -> str:
    """Apply a word diff of the span to its source: equal words keep their markup, removed words leave theirs."""
    out: list[str] = []
    at, src = start, s
    for op, text in word_diff(plain_map(source)[0][start:end], replacement):
        if op == 1:
            out.append(escape_inline(text))
            continue
        stop = at + len(text)
        src_stop = mapping[stop - 1] + 1 if stop > at else src
        chunk = source[src:src_stop]
        if op == 0:
            out.append(chunk)
        else:
            kept = set(mapping[at:stop])
            out.append("".join(ch for i, ch in enumerate(chunk, src) if i not in kept))
        at, src = stop, src_stop
    out.append(source[src:e])
    return "".join(out)
