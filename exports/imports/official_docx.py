"""Read an official document's paragraphs from a .docx, with the labels Word's list numbering prints (w:numPr).

The file goes through the same defences as every Word import (safe_docx: size, zip bomb, encryption, XML
entities). Tracked changes are read accepted. A paragraph's list comes from its own w:numPr or its style's;
the label is computed from numbering.xml (format, level text, start, restarts of deeper levels).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from exports.docx.ooxml import w
from exports.imports.ooxml_read import paragraph_text
from exports.imports.safe_docx import read_package
from exports.imports.tables_notes import body_blocks
from positions.official.numbering import ReadParagraph

MAX_PARAGRAPHS = 20_000
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def _letter(n: int) -> str:
    return _LETTERS[(n - 1) % 26] * ((n - 1) // 26 + 1) if n > 0 else ""


def format_number(n: int, fmt: str) -> str:
    """A list counter as Word prints it in one numbering format."""
    return {
        "lowerLetter": _letter(n), "upperLetter": _letter(n).upper(), "lowerRoman": _roman(n), "upperRoman": _roman(n).upper(),
    }.get(fmt, str(n))


@dataclass
class Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1


@dataclass
class Lists:
    """numbering.xml: for each w:numId its levels; counters as the document runs."""

    levels: dict[str, dict[int, Level]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def read(cls, root: etree._Element | None) -> Lists:
        lists = cls()
        if root is None:
            return lists
        abstract: dict[str, dict[int, Level]] = {}
        for node in root.iter(w("abstractNum")):
            abstract[node.get(w("abstractNumId"), "")] = {_int(lvl.get(w("ilvl"))): _level(lvl) for lvl in node.iter(w("lvl"))}
        for num in root.iter(w("num")):
            ref = num.find(w("abstractNumId"))
            levels = dict(abstract.get(ref.get(w("val"), "") if ref is not None else "", {}))
            for override in num.iter(w("lvlOverride")):
                start = override.find(w("startOverride"))
                ilvl = _int(override.get(w("ilvl")))
                if start is not None and ilvl in levels:
                    levels[ilvl] = Level(levels[ilvl].fmt, levels[ilvl].text, _int(start.get(w("val")), 1))
            lists.levels[num.get(w("numId"), "")] = levels
        return lists

    def label(self, num_id: str, ilvl: int) -> str:
        """Advance the list's counter at this level (restarting deeper ones) and return the printed label."""
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels or levels[ilvl].fmt in ("bullet", "none"):
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        text = levels[ilvl].text
        for k in range(ilvl, -1, -1):
            level = levels.get(k, Level())
            text = text.replace(f"%{k + 1}", format_number(counters.get(k, level.start), level.fmt))
        return text


def _int(value: str | None, default: int = 0) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _level(lvl: etree._Element) -> Level:
    def val(tag: str, default: str) -> str:
        node = lvl.find(w(tag))
        return node.get(w("val"), default) if node is not None else default
    return Level(val("numFmt", "decimal"), val("lvlText", "%1."), _int(val("start", "1"), 1))


def _style_lists(styles: etree._Element | None) -> dict[str, tuple[str, int]]:
    """Paragraph styles that carry a list: style id → (numId, ilvl)."""
    found: dict[str, tuple[str, int]] = {}
    if styles is None:
        return found
    for style in styles.iter(w("style")):
        num = style.find(f"{w('pPr')}/{w('numPr')}")
        if num is not None and (num_id := num.find(w("numId"))) is not None:
            ilvl = num.find(w("ilvl"))
            found[style.get(w("styleId"), "")] = (num_id.get(w("val"), ""), _int(ilvl.get(w("val")) if ilvl is not None else None))
    return found


def _numbering(p: etree._Element, style_lists: dict[str, tuple[str, int]]) -> tuple[str, int] | None:
    ppr = p.find(w("pPr"))
    if ppr is None:
        return None
    num = ppr.find(w("numPr"))
    style = ppr.find(w("pStyle"))
    from_style = style_lists.get(style.get(w("val"), "")) if style is not None else None
    if num is None:
        return from_style
    num_id, ilvl = num.find(w("numId")), num.find(w("ilvl"))
    return (
        num_id.get(w("val"), "") if num_id is not None else (from_style or ("", 0))[0],
        _int(ilvl.get(w("val"))) if ilvl is not None else (from_style or ("", 0))[1],
    )


def read_docx_paragraphs(data: bytes) -> list[ReadParagraph]:
    """The document's paragraphs (tables' cells included, in reading order), each with its list label."""
    package = read_package(data)
    document = package.xml("word/document.xml")
    body = document.find(w("body")) if document is not None else None
    lists = Lists.read(package.xml("word/numbering.xml"))
    style_lists = _style_lists(package.xml("word/styles.xml"))
    out: list[ReadParagraph] = []
    for block in body_blocks(body) if body is not None else ():
        for p in [block] if block.tag == w("p") else block.iter(w("p")):
            numbering = _numbering(p, style_lists)
            label = lists.label(*numbering) if numbering and numbering[0] not in ("", "0") else ""
            out.append(ReadParagraph(paragraph_text(p).replace("\t", " "), label))
            if len(out) > MAX_PARAGRAPHS:
                return out
    return out
