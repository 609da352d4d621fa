"""Read a .docx as a new position: headings and numbered paragraphs become clauses."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from exports.docx.ooxml import w
from exports.fixed_texts import Labels, every_language
from exports.model import section_kind
from positions.messages import Msg

from .ooxml_read import (
    ACCEPT,
    REVISION_TAGS,
    Segment,
    has_revisions,
    paragraph_segments,
    paragraph_text,
    relationship_targets,
)
from .safe_docx import DocxImportError, DocxPackage, read_package
from .structure import DocxStructure, ParaInfo
from .tables_notes import Notes, body_blocks, table_markdown

DC_NS = "http://purl.org/dc/elements/1.1/"
NOTES_HEADING = "Notes"
_LINE_START = re.compile(r"^(\s*)([#>+\-]|\d+[.)](?=\s))", re.MULTILINE)


@dataclass(frozen=True)
class ImportedClause:
    """A clause read from Word: kind, heading, Markdown body and numbering level."""

    kind: str
    heading: str
    body: str
    level: int = 0


@dataclass(frozen=True)
class ImportedPosition:
    """A new position read from Word, with warnings for anything approximated or left out."""

    title: str
    clauses: list[ImportedClause]
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Draft:
    kind: str
    level: int
    heading: str = ""
    parts: list[tuple[str, bool]] = field(default_factory=list)  # (markdown, is list item)

    def body(self) -> str:
        out = ""
        for index, (text, is_item) in enumerate(self.parts):
            if index:
                out += "\n" if is_item and self.parts[index - 1][1] else "\n\n"
            out += text
        return out


def _escape(text: str) -> str:
    text = text.replace("\\", "\\\\").replace("*", "\\*").replace("`", "\\`")
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def segments_markdown(segments: list[Segment]) -> str:
    """Turn (text, bold, italic, href, code) pieces back into Markdown (**bold**, *italic*, `code`, links)."""
    out: list[str] = []
    for (bold, italic, href, code), group in itertools.groupby(segments, key=lambda s: s[1:]):
        text = "".join(s[0] for s in group)
        core = text.strip()
        if not core:
            out.append(text)
            continue
        lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()):]
        if code:
            fence = "``" if "`" in core else "`"
            core = f"{fence} {core} {fence}" if fence == "``" else f"`{core}`"
        else:
            core = _escape(core)
        marker = "***" if bold and italic else "**" if bold else "*" if italic else ""
        core = f"{marker}{core}{marker}"
        if href:
            core = f"[{core}](<{href}>)" if " " in href else f"[{core}]({href})"
        out.append(lead + core + trail)
    return "".join(out)


def strip_chars(segments: list[Segment], count: int) -> list[Segment]:
    """Drop the first `count` characters (a number or kind label) from the pieces."""
    out: list[Segment] = []
    for text, *formatting in segments:
        if count >= len(text):
            count -= len(text)
            continue
        out.append((text[count:], *formatting))  # type: ignore[arg-type]
        count = 0
    return out


def split_heading(segments: list[Segment]) -> tuple[str, list[Segment]]:
    """Split off a bold first line (our export's clause heading) from the paragraph's pieces."""
    text = "".join(s[0] for s in segments)
    newline = text.find("\n")
    if newline <= 0 or not text[newline + 1:].strip():
        return "", segments
    taken, first_line_bold = 0, True
    for piece, bold, *_ in segments:
        part = piece[: max(0, newline - taken)]
        if part.strip() and not bold:
            first_line_bold = False
        taken += len(piece)
        if taken >= newline:
            break
    if not first_line_bold or not text[:newline].strip():
        return "", segments
    return text[:newline].strip(), strip_chars(segments, newline + 1)


def core_property(package: DocxPackage, name: str) -> str:
    """Return a Dublin Core property (title, subject) of the core properties part, or ''.

    The part is the first that the package's relationships name (a damaged file may name two), else docProps/core.xml.
    """
    rels = package.xml("_rels/.rels")
    targets = [rel.get("Target", "").lstrip("/") for rel in (rels if rels is not None else ())
               if rel.get("Type", "").endswith("/metadata/core-properties")]
    part = next((t for t in targets if t in package.parts), "docProps/core.xml")
    root = package.xml(part)
    element = root.find(f"{{{DC_NS}}}{name}") if root is not None else None
    return (element.text or "").strip() if element is not None else ""


def core_title(package: DocxPackage) -> str:
    """Return dc:title from the core properties, or ''."""
    return core_property(package, "title")


def parse_new_position(data: bytes, languages: Sequence[Labels] = ()) -> ImportedPosition:
    """Read an uploaded .docx as a new position; raise DocxImportError for unreadable files.

    Tables become Markdown tables in the clause they stand in; footnotes and endnotes keep their number in the
    text (superscript) and their text in a Notes section at the end.
    """
    package = read_package(data)
    root = package.xml("word/document.xml")
    body = root.find(w("body")) if root is not None else None
    if body is None:
        raise DocxImportError(Msg("The file has no document body."), "corrupt")
    structure = DocxStructure(package, languages)
    rels = relationship_targets(package.xml("word/_rels/document.xml.rels"))
    notes = Notes()
    notes.mark_references(package, root, rels, segments_markdown)
    title_keys = _title_block_keys(languages)
    title = core_title(package)
    warnings: list[str] = []
    drafts: list[_Draft] = []
    previous_style, revised, lead_text = "", False, False
    for block in body_blocks(body):
        revised = revised or any(True for _ in block.iter(*REVISION_TAGS)) or (block.tag == w("p") and has_revisions(block))
        if block.tag == w("tbl"):
            if not drafts and _is_title_block(block, title_keys):
                continue  # our exports' title block: its fields are read by title_block_fields
            table = table_markdown(block, rels, segments_markdown)
            if table:
                if not drafts:
                    drafts.append(_Draft("text", 0))
                drafts[-1].parts.append((table, False))
            continue
        p = block
        info = structure.classify(p, previous_style)
        previous_style = structure.style_name(p)
        if info.title:
            title = title or info.text.strip()
            continue
        if not info.text.strip():
            continue
        segments = strip_chars(paragraph_segments(p, rels, ACCEPT), info.prefix_length)
        if info.start:
            drafts.append(_start(info, segments))
            continue
        if not drafts:
            drafts.append(_Draft("text", 0))
            lead_text = True
        drafts[-1].parts.append(_body_part(info, segments))
    if notes.texts:
        drafts.append(_Draft(section_kind(), 0, NOTES_HEADING))
        drafts.append(_Draft("text", 1, parts=[(notes.markdown(), False)]))
        warnings.append(Msg("%(count)s footnote(s) and endnote(s) were kept: their numbers stay in the text, their "
                            "text is in the Notes section at the end.", count=len(notes.texts)))
    if lead_text:
        warnings.append(Msg("Text before the first heading or numbered paragraph became an unnumbered clause."))
    if revised:
        warnings.append(Msg("The file contained tracked changes; they were accepted."))
    comments = package.xml("word/comments.xml")
    if comments is not None and len(comments):
        warnings.append(Msg("%(count)s Word comment(s) were not imported.", count=len(comments)))
    if not title:
        title = next((d.heading for d in drafts if d.heading and d.heading != NOTES_HEADING), "")
        if title:
            warnings.append(Msg("The title was taken from the first heading; check it."))
        else:
            warnings.append(Msg("No title found in the document properties, a Title paragraph or a heading."))
    clauses = [ImportedClause(d.kind, d.heading, d.body(), d.level) for d in drafts]
    return ImportedPosition(title, clauses, warnings)


def _title_block_keys(languages: Sequence[Labels]) -> set[str]:
    keys: set[str] = set()
    for labels in every_language(languages):
        keys |= {k.casefold() for k in (labels.meeting, labels.agenda_item, labels.document_symbol, labels.stage,
                                        labels.version, labels.date, labels.content_hash, labels.delegation_lead,
                                        labels.confidentiality)}
    return keys


def _is_title_block(tbl, keys: set[str]) -> bool:
    """A two-column table whose first column holds only title-block keys (Meeting, Version, …): an export's title block."""
    rows = tbl.findall(w("tr"))
    firsts = [row.find(w("tc")) for row in rows]
    return bool(rows) and all(
        tc is not None and " ".join(paragraph_text(p) for p in tc.iter(w("p"))).strip().casefold() in keys for tc in firsts)


def _start(info: ParaInfo, segments: list[Segment]) -> _Draft:
    draft = _Draft(info.kind or "text", info.level)
    if info.heading:
        draft.heading = "".join(s[0] for s in segments).strip()
        return draft
    draft.heading, segments = split_heading(segments)
    body = segments_markdown(segments).strip()
    if body:
        draft.parts.append((body, False))
    return draft


def _body_part(info: ParaInfo, segments: list[Segment]) -> tuple[str, bool]:
    text = segments_markdown(segments).strip()
    if info.list_type == "bullet":
        return "  " * info.list_level + "- " + text, True
    if info.list_type == "ordered":
        return "   " * info.list_level + "1. " + text, True
    return text, False
