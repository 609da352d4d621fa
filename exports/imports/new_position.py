"""Import a Word file as a new position: read, preview, then create the position and its clauses."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field

from fractional_indexing import generate_n_keys_between
from sqlalchemy.orm import Session

from exports.docx.ooxml import w
from exports.fixed_texts import Labels, every_language
from exports.imports.ooxml_read import paragraph_text
from exports.imports.position_reader import (
    ImportedClause,
    ImportedPosition,
    core_property,
    parse_new_position,
)
from exports.imports.safe_docx import DocxImportError, DocxPackage, read_package
from exports.imports.tables_notes import body_blocks
from exports.model import section_kind
from positions import audit, kinds
from positions.errors import ValidationFailed
from positions.hidden_characters import strip_hidden_characters, stripped_warning
from positions.kinds import clause_numbers
from positions.messages import Amount, Msg
from positions.models import Clause, ClauseRevision, Position, User
from positions.permissions import can_create_position, require
from positions.services.drafting import MAX_HEADING_CHARS, check_text, new_uid
from positions.services.positions import DEFAULT_WORKFLOW
from workflows.service import start_position

FIELDS = ("meeting", "agenda_item", "document_symbol")
MAX_CLAUSES = 5000


class WordFileRejected(ValidationFailed):
    """An uploaded file that cannot be imported; `code` says why (not_docx, corrupt, zip_bomb, …)."""

    def __init__(self, error: DocxImportError) -> None:
        super().__init__(error.message, {"reason": error.code})
        self.code = error.code


@dataclass(frozen=True)
class NewPositionPreview:
    """What a file would become: title, title-block fields, clauses and warnings."""

    title: str
    fields: dict[str, str]
    clauses: list[ImportedClause]
    warnings: list[str] = field(default_factory=list)
    sha256: str = ""


def guarded(fn, *args, **kwargs):
    """Call a reader of uploaded bytes, turning DocxImportError into WordFileRejected."""
    try:
        return fn(*args, **kwargs)
    except DocxImportError as error:
        raise WordFileRejected(error) from error


def title_block_fields(package: DocxPackage, languages: Sequence[Labels] = ()) -> dict[str, str]:
    """Read meeting, agenda item and document symbol from an exported title block (in any language), if any."""
    keys = {}
    for labels in every_language(languages):
        keys |= {labels.meeting.casefold(): "meeting", labels.agenda_item.casefold(): "agenda_item",
                 labels.document_symbol.casefold(): "document_symbol"}
    found: dict[str, str] = {}
    root = package.xml("word/document.xml")
    body = root.find(w("body")) if root is not None else None
    table = next((b for b in body_blocks(body) if b.tag == w("tbl")), None) if body is not None else None
    for row in table.findall(w("tr")) if table is not None else ():
        cells = [" ".join(paragraph_text(p) for p in tc.iter(w("p"))).strip() for tc in row.findall(w("tc"))]
        if len(cells) == 2 and (key := keys.get(cells[0].casefold())):
            found.setdefault(key, cells[1])
    subject = core_property(package, "subject").split(" \u2014 ")
    if len(subject) == 2:
        found.setdefault("meeting", subject[0].strip())
        found.setdefault("agenda_item", subject[1].strip())
    return {name: found.get(name, "") for name in FIELDS}


def _clean(clauses: list[ImportedClause], warnings: list[str], removed: set[str]) -> list[ImportedClause]:
    """Make every clause acceptable to the domain: known kind, no hidden characters, heading length, no empty bodies."""
    out: list[ImportedClause] = []
    for c in clauses:
        kind = c.kind if c.kind in kinds.CLAUSE_KINDS else "text"
        heading, body = strip_hidden_characters(c.heading, removed).strip(), strip_hidden_characters(c.body, removed).strip()
        if len(heading) > MAX_HEADING_CHARS:
            heading, body = "", f"{heading}\n\n{body}".strip()
        if not kinds.KIND[kind].is_section and not body:
            if not heading:
                continue
            kind = section_kind()
        clause = ImportedClause(kind, heading, body, c.level)
        out.append(clause)
    if len(out) < len(clauses):
        warnings.append(Msg("%(count)s empty paragraph(s) were left out.", count=len(clauses) - len(out)))
    return out


def require_importer(actor: User) -> None:
    """Only who may create positions reads Word files into new ones (checked before any parsing)."""
    require(can_create_position(actor), Msg("Only the pen-holder can import a Word file as a new position."))


def _check_clauses(clauses: list[ImportedClause]) -> None:
    """Refuse in the preview what the import would refuse: the domain's checks of every clause, named by its number."""
    if len(clauses) > MAX_CLAUSES:
        raise ValidationFailed(Msg("The file would become %(count)s clauses; a position may hold at most %(limit)s. "
                                   "Split the document.", count=Amount(len(clauses)), limit=Amount(MAX_CLAUSES)),
                               {"file": "too many clauses"})
    numbers = clause_numbers([c.kind for c in clauses])
    for (number, _level), clause in zip(numbers, clauses, strict=True):
        try:
            check_text(clause.kind, clause.heading, clause.body)
        except ValidationFailed as error:
            where = number.rstrip(".") or clause.heading[:40] or clause.body[:40]
            raise ValidationFailed(Msg("Clause %(number)s: %(problem)s", number=where, problem=error.message),
                                   error.details) from error


def preview_new_position(data: bytes, languages: Sequence[Labels] = ()) -> NewPositionPreview:
    """Read an uploaded .docx as a new position without saving anything; refuse what the import would refuse."""
    package = guarded(read_package, data)
    imported: ImportedPosition = guarded(parse_new_position, data, languages)
    warnings, removed = list(imported.warnings), set()
    clauses = _clean(imported.clauses, warnings, removed)
    if not clauses:
        raise ValidationFailed(Msg("The file has no headings or paragraphs that could become clauses."), {"file": "empty"})
    _check_clauses(clauses)
    title = strip_hidden_characters(imported.title, removed)
    fields = {name: strip_hidden_characters(value, removed) for name, value in title_block_fields(package, languages).items()}
    if removed:
        warnings.append(stripped_warning(removed))
    return NewPositionPreview(title, fields, clauses, warnings, hashlib.sha256(data).hexdigest())


def import_new_position(
    session: Session,
    actor: User | None,
    data: bytes,
    *,
    title: str | None = None,
    meeting: str | None = None,
    agenda_item: str | None = None,
    document_symbol: str | None = None,
    consulted: list[str] | None = None,
    confidentiality: str = "limited",
    workflow_key: str = DEFAULT_WORKFLOW,
    objective: str = "",
    filename: str = "",
    languages: Sequence[Labels] = (),
) -> Position:
    """Create a position from a .docx (pen-holder); values not given come from the file."""
    if actor is not None:
        require_importer(actor)
    preview = preview_new_position(data, languages)
    fields = preview.fields
    position = start_position(
        session, actor,
        title=title or preview.title, meeting=meeting or fields["meeting"], agenda_item=agenda_item or fields["agenda_item"],
        document_symbol=document_symbol if document_symbol is not None else fields["document_symbol"],
        consulted=consulted, confidentiality=confidentiality, workflow_key=workflow_key, objective=objective,
    )
    uids = add_clauses(session, actor or position.created_by, position, preview.clauses)
    audit.record(
        session, actor, "import.position", position, position_id=position.id,
        data={"file": filename[:200], "sha256": preview.sha256, "clauses": len(uids), "warnings": preview.warnings},
    )
    return position


def add_clauses(session: Session, author: User, position: Position, clauses: list[ImportedClause]) -> list[str]:
    """Add the imported clauses to a new position in order, in a fixed number of statements."""
    keys = generate_n_keys_between(None, None, len(clauses))
    rows: list[tuple[Clause, tuple[str, str, str], str]] = []
    taken: set[str] = set()
    for clause, key in zip(clauses, keys, strict=True):
        uid = new_uid()
        while uid in taken:
            uid = new_uid()
        taken.add(uid)
        rows.append((Clause(position_id=position.id, uid=uid), check_text(clause.kind, clause.heading, clause.body), key))
    session.add_all(c for c, _, _ in rows)
    session.flush()
    revisions = [
        ClauseRevision(clause_id=c.id, kind=kind, heading=heading, body=body, sort_key=key, author_id=author.id)
        for c, (kind, heading, body), key in rows
    ]
    session.add_all(revisions)
    session.flush()
    for (clause, _, _), revision in zip(rows, revisions, strict=True):
        clause.head = revision
    session.flush()
    return [c.uid for c, _, _ in rows]
