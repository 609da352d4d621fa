"""Read WordprocessingML with lxml: paragraph text with revisions accepted or rejected, bookmarks."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from lxml import etree

from exports.docx.bookmarks import HASHED_PREFIX, PREFIX
from exports.docx.ooxml import R_NS, w
from positions.messages import Msg

from .safe_docx import DocxImportError, read_package

ACCEPT, REJECT = "accept", "reject"
INSERTED = (w("ins"), w("moveTo"))
DELETED = (w("del"), w("moveFrom"))
_CONTAINERS = {w("hyperlink"), w("smartTag"), w("fldSimple"), w("customXml"), w("sdtContent"), w("sdt"), w("dir"), w("bdo")}
_RUN_TEXT = {w("t"): None, w("delText"): None, w("tab"): "\t", w("br"): "\n", w("cr"): "\n", w("noBreakHyphen"): "-"}
REVISION_TAGS = (w("ins"), w("del"), w("moveFrom"), w("moveTo"))

Segment = tuple[str, bool, bool, str | None, bool]  # text, bold, italic, href, code
_CODE_STYLES = {"inlinecode", "htmlcode", "sourcecode", "verbatimchar", "code"}
_MONO_FONTS = {"consolas", "courier new", "courier", "menlo", "monaco", "lucida console", "liberation mono", "dejavu sans mono"}


def iter_runs(element: etree._Element, mode: str, href: str | None = None,
              rels: dict[str, str] | None = None) -> Iterator[tuple[etree._Element, str | None]]:
    """Yield (w:r, hyperlink target) in reading order, skipping text removed by accepting/rejecting."""
    for child in element:
        tag = child.tag
        if tag == w("r"):
            yield child, href
        elif tag in INSERTED:
            if mode != REJECT:
                yield from iter_runs(child, mode, href, rels)
        elif tag in DELETED:
            if mode != ACCEPT:
                yield from iter_runs(child, mode, href, rels)
        elif tag in _CONTAINERS:
            target = href
            if tag == w("hyperlink") and rels is not None:
                target = rels.get(child.get(f"{{{R_NS}}}id", ""), href)
            yield from iter_runs(child, mode, target, rels)


def run_text(run: etree._Element) -> str:
    """Return the text of a run (w:t and w:delText, tabs, breaks)."""
    out = []
    for child in run:
        if child.tag in _RUN_TEXT:
            out.append(_RUN_TEXT[child.tag] or child.text or "")
    return "".join(out)


def paragraph_text(p: etree._Element, mode: str = ACCEPT) -> str:
    """Return a paragraph's text after accepting (or rejecting) every tracked change."""
    return "".join(run_text(r) for r, _ in iter_runs(p, mode))


def paragraph_segments(p: etree._Element, rels: dict[str, str], mode: str = ACCEPT) -> list[Segment]:
    """Return (text, bold, italic, href, code) pieces of a paragraph for Markdown conversion."""
    segments: list[Segment] = []
    for run, href in iter_runs(p, mode, None, rels):
        text = run_text(run)
        if text:
            rpr = run.find(w("rPr"))
            segments.append((text, _on(rpr, "b"), _on(rpr, "i"), href, _is_code(rpr)))
    return segments


def _is_code(rpr: etree._Element | None) -> bool:
    if rpr is None:
        return False
    style, fonts = rpr.find(w("rStyle")), rpr.find(w("rFonts"))
    if style is not None and style.get(w("val"), "").lower() in _CODE_STYLES:
        return True
    return fonts is not None and fonts.get(w("ascii"), "").lower() in _MONO_FONTS


def _on(rpr: etree._Element | None, tag: str) -> bool:
    if rpr is None:
        return False
    element = rpr.find(w(tag))
    return element is not None and element.get(w("val"), "true") not in ("0", "false", "off")


def mark_state(p: etree._Element) -> str | None:
    """Return 'ins' or 'del' when the paragraph mark itself is a tracked insertion or deletion."""
    rpr = p.find(f"{w('pPr')}/{w('rPr')}")
    if rpr is None:
        return None
    if rpr.find(w("ins")) is not None or rpr.find(w("moveTo")) is not None:
        return "ins"
    if rpr.find(w("del")) is not None or rpr.find(w("moveFrom")) is not None:
        return "del"
    return None


def has_revisions(p: etree._Element) -> bool:
    """Tell whether a paragraph contains tracked insertions/deletions (text or paragraph mark)."""
    if mark_state(p):
        return True
    return any(True for _ in p.iter(*REVISION_TAGS))


def merged_texts(
    paragraphs: list[etree._Element], mode: str, keep: Callable[[etree._Element], bool] | None = None
) -> list[str]:
    """Return paragraph texts after accept/reject, joining paragraphs whose mark disappears."""
    removed = "del" if mode == ACCEPT else "ins"
    texts: list[str] = []
    pending, pending_keep = "", False
    for p in paragraphs:
        text = pending + paragraph_text(p, mode)
        kept = pending_keep or keep is None or keep(p)
        if mark_state(p) == removed:
            pending, pending_keep = text, kept
            continue
        if kept:
            texts.append(text)
        pending, pending_keep = "", False
    if pending and pending_keep:
        texts.append(pending)
    return texts


def body_paragraphs(document_root: etree._Element) -> list[etree._Element]:
    """Return the body's paragraphs in reading order, tables included, text boxes excluded."""
    body = document_root.find(w("body"))
    if body is None:
        return []
    return [p for p in body.iter(w("p")) if not _in_textbox(p, body)]


def _in_textbox(p: etree._Element, body: etree._Element) -> bool:
    node = p.getparent()
    while node is not None and node is not body:
        if node.tag == w("txbxContent"):
            return True
        node = node.getparent()
    return False


def bookmark_owner(document_root: etree._Element, accept: Callable[[str], str | None]) -> dict[etree._Element, str]:
    """Map each body paragraph to the clause whose bookmark encloses its text (`accept`: name → uid).

    A paragraph belongs to the bookmark active at its first run, so a bookmarkEnd that Word moved
    to the start of the next paragraph does not capture that paragraph. Clause bookmarks are
    assumed not to nest.
    """
    body = document_root.find(w("body"))
    owner: dict[etree._Element, str] = {}
    if body is None:
        return owner
    active: dict[str, str] = {}
    current: etree._Element | None = None
    started_here: str | None = None  # a clause bookmark opened inside the current paragraph
    ended_here: str | None = None  # a clause bookmark closed inside it (an empty last paragraph)

    def settle(final: bool = False) -> None:
        if current is None or current in owner:
            return
        if active:
            owner[current] = next(reversed(active.values()))
        elif final and (started_here or ended_here):
            owner[current] = started_here or ended_here  # type: ignore[assignment]

    for element in body.iter(w("p"), w("r"), w("bookmarkStart"), w("bookmarkEnd")):
        tag = element.tag
        if tag == w("p"):
            settle(final=True)
            current, started_here, ended_here = element, None, None
        elif tag == w("r"):
            settle()
        elif tag == w("bookmarkStart"):
            uid = accept(element.get(w("name"), ""))
            if uid is not None:
                # Clause bookmarks never nest: a new one ends any still open (LibreOffice
                # sometimes writes a duplicate bookmarkStart without its bookmarkEnd).
                active = {element.get(w("id"), ""): uid}
                started_here = uid
        else:
            ended_here = active.pop(element.get(w("id"), ""), None) or ended_here
    settle(final=True)
    return owner


def relationship_targets(rels_root: etree._Element | None) -> dict[str, str]:
    """Return rId → target of a part's relationships."""
    if rels_root is None:
        return {}
    return {rel.get("Id", ""): rel.get("Target", "") for rel in rels_root}


def _texts(docx_bytes: bytes, mode: str, clauses_only: bool) -> list[str]:
    root = read_package(docx_bytes).xml("word/document.xml")
    if root is None:  # read_package guarantees the part; keep type checkers calm
        raise DocxImportError(Msg("The file has no document body."))
    paragraphs = body_paragraphs(root)
    if not clauses_only:
        return merged_texts(paragraphs, mode)
    owner = bookmark_owner(root, lambda name: name if name.startswith((PREFIX, HASHED_PREFIX)) else None)
    return merged_texts(paragraphs, mode, keep=lambda p: p in owner)


def accept_all(docx_bytes: bytes, *, clauses_only: bool = False) -> list[str]:
    """Return the paragraph texts after accepting every tracked change (optionally clauses only)."""
    return _texts(docx_bytes, ACCEPT, clauses_only)


def reject_all(docx_bytes: bytes, *, clauses_only: bool = False) -> list[str]:
    """Return the paragraph texts after rejecting every tracked change (optionally clauses only)."""
    return _texts(docx_bytes, REJECT, clauses_only)
