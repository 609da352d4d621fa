"""Recognise clause structure in any .docx: headings, numbered paragraphs, kind styles and labels."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from exports.docx.clause_numbering import BULLET_LIST_NAME, ORDERED_LIST_NAME
from exports.docx.ooxml import w
from exports.fixed_texts import Labels, every_language
from exports.model import section_kind
from positions import kinds

from .ooxml_read import ACCEPT, paragraph_text
from .safe_docx import DocxPackage

_NUMBER = re.compile(
    r"^\s*(?:(?P<multi>\d{1,5}(?:\.\d{1,5})+)\.?|(?P<single>\d{1,5})[.)]|\((?P<letter>[a-z]{1,3})\))\s+(?=\S)"
)
_HEADING_NAME = re.compile(r"^heading\s*(\d)$", re.IGNORECASE)


@dataclass
class ParaInfo:
    """What a paragraph is: title, clause start (kind, level), list item, or plain body text."""

    element: etree._Element
    text: str
    title: bool = False
    heading: bool = False
    start: bool = False
    kind: str | None = None
    level: int = 0
    list_type: str | None = None
    list_level: int = 0
    number_length: int = 0  # characters of a typed number ("1.2 ") at the start
    prefix_length: int = 0  # characters of number and kind label to strip from the text


@dataclass
class _Style:
    name: str
    based_on: str | None
    outline: int | None
    num: tuple[str, int] | None


class DocxStructure:
    """Style and numbering lookups for one package, and paragraph classification."""

    def __init__(self, package: DocxPackage, languages: Sequence[Labels] = ()) -> None:
        self._styles: dict[str, _Style] = {}
        self._default_style: str | None = None
        self._formats: dict[str, tuple[str, dict[int, str]]] = {}
        self._load_styles(package.xml("word/styles.xml"))
        self._load_numbering(package.xml("word/numbering.xml"))
        self._label_kinds = _label_texts(languages)
        self._labels = re.compile(
            r"\s*(?P<label>"
            + "|".join(re.escape(t) for t in sorted(self._label_kinds, key=len, reverse=True))
            + r")\s*:\s*",
            re.IGNORECASE,
        )

    def _load_styles(self, root: etree._Element | None) -> None:
        if root is None:
            return
        for style in root.iter(w("style")):
            if style.get(w("type")) != "paragraph":
                continue
            style_id = style.get(w("styleId"), "")
            name = style.find(w("name"))
            based = style.find(w("basedOn"))
            p_pr = style.find(w("pPr"))
            self._styles[style_id] = _Style(
                name.get(w("val"), style_id) if name is not None else style_id,
                based.get(w("val")) if based is not None else None,
                _outline(p_pr), _num(p_pr),
            )
            if style.get(w("default")) in ("1", "true"):
                self._default_style = style_id

    def _load_numbering(self, root: etree._Element | None) -> None:
        if root is None:
            return
        abstracts: dict[str, tuple[str, dict[int, str]]] = {}
        for abstract in root.iter(w("abstractNum")):
            name = abstract.find(w("name"))
            levels = {
                whole(lvl.get(w("ilvl"))): (fmt.get(w("val"), "decimal") if (fmt := lvl.find(w("numFmt"))) is not None else "decimal")
                for lvl in abstract.iter(w("lvl"))
            }
            abstracts[abstract.get(w("abstractNumId"), "")] = (name.get(w("val"), "") if name is not None else "", levels)
        for num in root.iter(w("num")):
            ref = num.find(w("abstractNumId"))
            if ref is not None and ref.get(w("val")) in abstracts:
                self._formats[num.get(w("numId"), "")] = abstracts[ref.get(w("val"), "")]

    def _chain(self, p: etree._Element) -> list[_Style]:
        style_el = p.find(f"{w('pPr')}/{w('pStyle')}")
        style_id = style_el.get(w("val")) if style_el is not None else self._default_style
        chain: list[_Style] = []
        while style_id and style_id in self._styles and len(chain) < 20:
            style = self._styles[style_id]
            chain.append(style)
            style_id = style.based_on
        return chain

    def style_name(self, p: etree._Element) -> str:
        """Return the paragraph's style name ('' when unstyled)."""
        chain = self._chain(p)
        return chain[0].name if chain else ""

    def label_end(self, text: str, pos: int = 0) -> int:
        """Return where a leading kind label ("Line to take: ") ends, or `pos` when there is none."""
        match = self._labels.match(text, pos)
        return match.end() if match else pos

    def classify(self, p: etree._Element, previous_style: str = "", text: str | None = None) -> ParaInfo:
        """Classify a paragraph; `previous_style` is the style name of the paragraph before it."""
        text = paragraph_text(p, ACCEPT) if text is None else text
        info = ParaInfo(p, text)
        chain = self._chain(p)
        names = [s.name.lower() for s in chain]
        if names and names[0] in ("title", "subtitle"):
            info.title = names[0] == "title"
            return info
        heading = next((int(m.group(1)) for n in names if (m := _HEADING_NAME.match(n))), None)
        outline = _outline(p.find(w("pPr")))
        if outline is None:
            outline = next((s.outline for s in chain if s.outline is not None), None)
        if heading is None and outline is not None and outline < 9:
            heading = outline + 1
        if heading is not None:
            info.heading = info.start = True
            info.kind, info.level = section_kind(), min(heading - 1, 2)
            return info
        by_style = kinds_by_style_name()
        kind = next((by_style[n] for n in names if n in by_style), None)
        num = _num(p.find(w("pPr")))
        if num is None:
            num = next((s.num for s in chain if s.num is not None), None)
        if num is not None and num[0] != "0":
            name, levels = self._formats.get(num[0], ("", {}))
            fmt = levels.get(num[1], "decimal")
            if fmt == "bullet" or name == BULLET_LIST_NAME:
                info.list_type, info.list_level = "bullet", num[1]
            elif name == ORDERED_LIST_NAME or fmt == "none":
                info.list_type, info.list_level = ("ordered" if fmt != "none" else None), num[1]
            else:
                info.start, info.level = True, min(num[1], 2)
        if kind and kind != "text" and not info.list_type and names and names[0] != previous_style.lower():
            info.start = True
        if not info.start and not info.list_type and (match := _NUMBER.match(text)):
            info.start, info.prefix_length = True, match.end()
            info.number_length = match.end()
            multi = match.group("multi")
            info.level = 2 if match.group("letter") else min(multi.count("."), 2) if multi else 0
        label = self._labels.match(text, info.prefix_length)
        if label:  # a kind label starts a clause, even on a list item (LibreOffice lists every numbered line)
            info.start, info.list_type = True, None
            kind = self._label_kinds.get(label.group("label").lower(), "text")
            info.prefix_length = label.end()
        if info.start:
            info.kind = kind or "text"
        return info


def kinds_by_style_name() -> dict[str, str]:
    """The clause kind of each of our Word paragraph styles, by lower-case style name (sections are Word headings)."""
    return {k.style.lower(): k.code for k in kinds.KINDS if k.exported and not k.is_section}


def _label_texts(languages: Sequence[Labels]) -> dict[str, str]:
    """Kind labels and brief section titles, in English and in every language given, that start a clause."""
    labelled = [k.code for k in kinds.KINDS if k.exported and k.labelled]
    texts: dict[str, str] = {}
    for source in every_language(languages):
        for kind in labelled:
            texts[source.kind_label(kind).lower()] = kind
            if kinds.KIND[kind].brief_section:
                texts[source.section_title(kind).lower()] = kind
    return texts


def _outline(p_pr: etree._Element | None) -> int | None:
    if p_pr is None:
        return None
    element = p_pr.find(w("outlineLvl"))
    return whole(element.get(w("val")), 9) if element is not None else None


def _num(p_pr: etree._Element | None) -> tuple[str, int] | None:
    if p_pr is None:
        return None
    num_pr = p_pr.find(w("numPr"))
    if num_pr is None:
        return None
    num_id, ilvl = num_pr.find(w("numId")), num_pr.find(w("ilvl"))
    if num_id is None:
        return None
    return num_id.get(w("val"), "0"), whole(ilvl.get(w("val"))) if ilvl is not None else 0


def whole(value: str | None, default: int = 0) -> int:
    """A small non-negative integer attribute as Word writes it; `default` for anything else ('1.5', 'x', '-3')."""
    value = (value or "").strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) < 6 else default
