"""Small WordprocessingML building blocks shared by the writers (lxml, no python-docx API)."""

from __future__ import annotations

import datetime as dt
import itertools
import re

from docx.oxml.parser import parse_xml
from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"
W15_NS = "http://schemas.microsoft.com/office/word/2012/wordml"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

RT_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
RT_COMMENTS_EXTENDED = "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"
NSDECLS = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}" xmlns:w14="{W14_NS}" xmlns:mc="{MC_NS}"'
CT_COMMENTS_EXTENDED = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"
)


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """Drop characters XML cannot carry (control characters pasted from other programs)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _NOT_XML.sub("", text)


_CLARK: dict[str, str] = {}
_W_NSMAP = {"w": W_NS}
# New elements are plain lxml elements (python-docx's element classes are not needed to write, and cost a class
# lookup per element); once inside the document, python-docx sees its own classes again.
_PLAIN = etree.XMLParser(huge_tree=True)  # parses only markup written here (append_xml, parse_markup): trusted


def w(tag: str) -> str:
    """Return the Clark name of a w: element or attribute."""
    name = _CLARK.get(tag)
    if name is None:
        name = _CLARK[tag] = f"{{{W_NS}}}{tag}"
    return name


def make(tag: str, parent: etree._Element | None = None, **attrs: str) -> etree._Element:
    """Create a w: element (with w: attributes), optionally appended to a parent."""
    attrib = {w(key): value for key, value in attrs.items()} if attrs else None
    if parent is None:
        return _PLAIN.makeelement(w(tag), attrib=attrib, nsmap=_W_NSMAP)
    return etree.SubElement(parent, w(tag), attrib)


def fragment(xml: str) -> etree._Element:
    """Parse an XML fragment whose root carries {NS} (w, r, w14 and mc declarations)."""
    return parse_xml(xml.replace("{NS}", NSDECLS, 1))


def text_run(
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    style: str | None = None,
    font: str | None = None,
    parent: etree._Element | None = None,
) -> etree._Element:
    """Build a w:r with one w:t (and the given formatting); newlines become w:br."""
    run = make("r", parent)
    if bold or italic or style or font:
        rpr = make("rPr", run)
        if style:
            make("rStyle", rpr, val=style)
        if font:
            make("rFonts", rpr, ascii=font, hAnsi=font, cs=font)
        if bold:
            make("b", rpr)
        if italic:
            make("i", rpr)
    add_text(run, text)
    return run


_ATTRIBUTE_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})
_HOLDER = f'<w:p xmlns:w="{W_NS}">'
_PLAIN_TEXT = re.compile("[^\x00-\x1f&<>\ud800-\udfff\ufffe\uffff]*")  # needs neither escaping nor cleaning
_RUN_STARTS: dict[tuple, str] = {}


def _run_start(bold: bool, italic: bool, style: str | None, font: str | None) -> str:
    key = (bold, italic, style, font)
    start = _RUN_STARTS.get(key)
    if start is None:
        xml = ["<w:r>"]
        if bold or italic or style or font:
            xml.append("<w:rPr>")
            if style:
                xml.append(f'<w:rStyle w:val="{style.translate(_ATTRIBUTE_ESCAPES)}"/>')
            if font:
                font = font.translate(_ATTRIBUTE_ESCAPES)
                xml.append(f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:cs="{font}"/>')
            if bold:
                xml.append("<w:b/>")
            if italic:
                xml.append("<w:i/>")
            xml.append("</w:rPr>")
        start = _RUN_STARTS[key] = "".join(xml)
    return start


def run_xml(
    text: str, *, bold: bool = False, italic: bool = False, style: str | None = None, font: str | None = None
) -> str:
    """The markup text_run builds, as text: many runs parsed at once (append_xml) cost far less than built one by one."""
    start = _run_start(bold, italic, style, font)
    if _PLAIN_TEXT.fullmatch(text):
        return f'{start}<w:t xml:space="preserve">{text}</w:t></w:r>' if text else f"{start}</w:r>"
    xml = [start]
    for index, line in enumerate(xml_safe(text).split("\n")):
        if index:
            xml.append("<w:br/>")
        for part_index, piece in enumerate(line.split("\t")):
            if part_index:
                xml.append("<w:tab/>")
            if piece:
                piece = piece.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                xml.append(f'<w:t xml:space="preserve">{piece}</w:t>')
    xml.append("</w:r>")
    return "".join(xml)


def append_xml(parent: etree._Element, xml: str) -> None:
    """Parse w: markup (e.g. run_xml's) and append its elements to `parent`, as if built there."""
    if xml:
        parent.extend(parse_markup(f"{_HOLDER}{xml}</w:p>"))


def parse_markup(xml: str) -> etree._Element:
    """Parse markup written by the exports (never an uploaded file: imports read through safe_docx)."""
    return etree.fromstring(xml, _PLAIN)


def add_text(run: etree._Element, text: str, tag: str = "t") -> None:
    """Append text to a run as w:t (or w:delText) elements, newlines as w:br, tabs as w:tab."""
    for index, line in enumerate(xml_safe(text).split("\n")):
        if index:
            make("br", run)
        for part_index, piece in enumerate(line.split("\t")):
            if part_index:
                make("tab", run)
            if piece:
                t = make(tag, run)
                t.text = piece
                t.set(XML_SPACE, "preserve")


def paragraph(style: str | None = None, parent: etree._Element | None = None) -> etree._Element:
    """Build an empty w:p with an optional paragraph style."""
    p = make("p", parent)
    if style:
        make("pStyle", make("pPr", p), val=style)
    return p


def ppr(p: etree._Element) -> etree._Element:
    """Return the paragraph's w:pPr, creating it first if absent."""
    found = p.find(w("pPr"))
    if found is None:
        found = make("pPr")
        p.insert(0, found)
    return found


class Ids:
    """Counter for w:id values: one space for bookmarks, comments and revisions keeps them unique."""

    def __init__(self, start: int = 1) -> None:
        self._counter = itertools.count(start)

    def next(self) -> int:
        """Return the next unused id."""
        return next(self._counter)


def w_datetime(value: dt.datetime | dt.date) -> str:
    """Format a date or datetime as the UTC ISO form Word uses in w:date."""
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC)
    if value.year < 1000:  # strftime's way with short years
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"{value.year}-{value.month:02}-{value.day:02}T{value.hour:02}:{value.minute:02}:{value.second:02}Z"


def parse_w_datetime(value: str | None) -> dt.datetime | None:
    """Parse a w:date attribute; return None when absent or malformed."""
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
