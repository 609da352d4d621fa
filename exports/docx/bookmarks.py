"""Word bookmark names for clause uids (letter first, at most 40 chars, [a-z0-9_] only).

Word compares bookmark names case-insensitively, so upper-case letters are escaped too.
"""

from __future__ import annotations

import hashlib
import re

from lxml import etree

from .ooxml import make, w

MAX_LENGTH = 40
PREFIX = "c_"
HASHED_PREFIX = "h_"
_PLAIN = re.compile(r"[a-z0-9]")


def _encode_char(char: str) -> str:
    if _PLAIN.fullmatch(char):
        return char
    if char == "_":
        return "__"
    if "A" <= char <= "Z":
        return "_v" + char.lower()
    code = ord(char)
    if code < 0x100:
        return f"_{code:02x}"
    if code < 0x10000:
        return f"_u{code:04x}"
    return f"_w{code:06x}"


def bookmark_name(uid: str) -> str:
    """Return the bookmark name of a clause: 'c_' + reversible encoding, or 'h_' + hash if too long."""
    encoded = PREFIX + "".join(_encode_char(c) for c in uid)
    if len(encoded) <= MAX_LENGTH:
        return encoded
    digest = hashlib.sha256(uid.encode("utf-8")).hexdigest()
    return HASHED_PREFIX + digest[: MAX_LENGTH - len(HASHED_PREFIX)]


def uid_from_bookmark(name: str) -> str | None:
    """Decode a 'c_' bookmark name back to the clause uid; None for other or hashed names."""
    if not name.startswith(PREFIX):
        return None
    out: list[str] = []
    rest = name[len(PREFIX):]
    i = 0
    try:
        while i < len(rest):
            char = rest[i]
            if char != "_":
                out.append(char)
                i += 1
                continue
            marker = rest[i + 1]
            if marker == "_":
                out.append("_")
                i += 2
            elif marker == "u":
                out.append(chr(int(rest[i + 2:i + 6], 16)))
                i += 6
            elif marker == "v":
                out.append(rest[i + 2].upper())
                i += 3
            elif marker == "w":
                out.append(chr(int(rest[i + 2:i + 8], 16)))
                i += 8
            else:
                out.append(chr(int(rest[i + 1:i + 3], 16)))
                i += 3
    except (IndexError, ValueError):
        return None
    return "".join(out) or None


def wrap_in_bookmark(paragraphs: list[etree._Element], name: str, bookmark_id: int) -> None:
    """Put bookmarkStart at the start of the first paragraph and bookmarkEnd at the end of the last."""
    if not paragraphs:
        return
    start = make("bookmarkStart", id=str(bookmark_id), name=name)
    first = paragraphs[0]
    p_pr = first.find(w("pPr"))
    first.insert(1 if p_pr is not None else 0, start)
    make("bookmarkEnd", last_paragraph(paragraphs[-1]), id=str(bookmark_id))


def last_paragraph(element: etree._Element) -> etree._Element:
    """The element if it is a paragraph, else the last paragraph inside it (a clause may end with a table)."""
    if element.tag == w("p"):
        return element
    return list(element.iter(w("p")))[-1]
