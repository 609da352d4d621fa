"""Input contract of the exports: plain frozen dataclasses filled by exports.documents (or by hand in tests)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

from positions import kinds


@dataclass(frozen=True)
class ExportClause:
    """One clause as it appears in the exported version (list order is clause order).

    `number` and `level` are the clause's number as every page shows it (positions.kinds.clause_numbers):
    '1.' at level 0 for a section or a clause before any section, '1.1' at level 1 for a clause in a section.
    """

    uid: str
    kind: str
    heading: str
    body: str
    number: str = ""
    level: int = 0
    source: str = ""  # where the wording came from (the agreed-language library), e.g. 'IPBES-11/1, para. 3'

    @property
    def is_section(self) -> bool:
        """A section title (a heading clause)."""
        kind = kinds.KIND.get(self.kind)
        return kind is not None and kind.is_section


def section_kind() -> str:
    """The code of the kind that opens a numbered section (a Word heading): 'heading'."""
    return next(k.code for k in kinds.KINDS if k.is_section)


def numbered(clauses: Iterable[ExportClause]) -> tuple[ExportClause, ...]:
    """The clauses with the numbers and levels every page shows (for documents built by hand)."""
    clauses = tuple(clauses)
    numbers = kinds.clause_numbers([c.kind for c in clauses])
    return tuple(replace(c, number=n, level=lvl) for c, (n, lvl) in zip(clauses, numbers, strict=True))


def external(clauses: Iterable[ExportClause]) -> list[ExportClause]:
    """The clauses that may leave the building (internal notes dropped)."""
    return [c for c in clauses if kinds.is_exported(c.kind)]


@dataclass(frozen=True)
class ExportComment:
    """One comment on a clause, with its author's administration at the time."""

    id: int
    clause_uid: str
    kind: str
    body: str
    author_name: str
    admin_code: str
    created_at: dt.datetime
    status: str
    quote: str | None = None
    parent_id: int | None = None
    resolution_note: str | None = None
    proposed_text: str | None = None
    endorsements: tuple[str, ...] = ()  # codes of the administrations endorsing it


@dataclass(frozen=True)
class ExportDocument:
    """A version (or the draft) of a position, ready to be written."""

    title: str
    meeting: str
    agenda_item: str
    document_symbol: str
    stage_label: str
    version_label: str
    date: dt.date
    content_hash: str | None
    confidentiality: str
    is_final: bool
    author: str
    delegation_lead: str
    clauses: tuple[ExportClause, ...]
    comments: tuple[ExportComment, ...] = ()
    annex_clauses: tuple[ExportClause, ...] = ()
    objective: str = ""
    official: tuple = ()  # exports.official_brief.BriefParagraph: the official paragraphs linked (paragraph brief)

    def external_clauses(self) -> list[ExportClause]:
        """Return the clauses that may leave the building (internal notes dropped)."""
        return external(self.clauses)
