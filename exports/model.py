"""Input contract of the Word exports: plain frozen dataclasses filled by the app."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

CLAUSE_KINDS = ("heading", "text", "line_to_take", "fallback", "red_line", "background", "internal_note")
EXTERNAL_KINDS = CLAUSE_KINDS[:-1]


@dataclass(frozen=True)
class ExportClause:
    """One clause as it appears in the exported version (list order is clause order)."""

    uid: str
    kind: str
    heading: str
    body: str
    level: int = 0


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


@dataclass(frozen=True)
class ExportDocument:
    """A version (or the draft) of a position, ready to be written to Word."""

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

    def external_clauses(self) -> list[ExportClause]:
        """Return the clauses that may leave the building (internal notes dropped)."""
        return [c for c in self.clauses if c.kind != "internal_note"]


_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


@dataclass(frozen=True)
class Labels:
    """Every fixed text written into an export; English defaults, the app passes translations."""

    language: str = "en-GB"
    draft: str = "DRAFT"
    status_draft: str = "Draft"
    status_final: str = "Final"
    meeting: str = "Meeting"
    agenda_item: str = "Agenda item"
    document_symbol: str = "Document symbol"
    stage: str = "Stage"
    version: str = "Version"
    date: str = "Date"
    content_hash: str = "Content hash"
    delegation_lead: str = "Delegation lead"
    confidentiality: str = "Confidentiality"
    page_before: str = "Page "
    page_between: str = " of "
    page_after: str = ""
    label_separator: str = ": "
    kind_heading: str = "Heading"
    kind_text: str = "Text"
    kind_line_to_take: str = "Line to take"
    kind_fallback: str = "Fallback"
    kind_red_line: str = "Red line"
    kind_background: str = "Background"
    brief: str = "Plenary brief"
    objective: str = "Objective"
    lines_to_take: str = "Lines to take"
    fallbacks: str = "Fallback"
    red_lines: str = "Red lines"
    background: str = "Background"
    annex: str = "Annex: EU-coordinated text"
    none: str = "None."
    comment_kind_comment: str = "Comment"
    comment_kind_question: str = "Question"
    comment_kind_support: str = "Support"
    comment_kind_reservation: str = "Reservation"
    comment_kind_amendment: str = "Amendment"
    comment_status_open: str = "Open"
    comment_status_resolved: str = "Resolved"
    comment_status_accepted: str = "Accepted"
    comment_status_rejected: str = "Rejected"
    comment_status_withdrawn: str = "Withdrawn"
    comment_status: str = "Status"
    comment_on: str = "On"
    proposed_text: str = "Proposed text"
    response: str = "Response"
    reply_prefix: str = "Re: "
    comments_title: str = "Comments"
    col_clause: str = "Clause"
    col_administration: str = "Administration"
    col_author: str = "Author"
    col_kind: str = "Kind"
    col_comment: str = "Comment"
    col_quote: str = "Quoted text"
    col_status: str = "Status"
    col_response: str = "Response"
    col_date: str = "Date"
    unknown_clause: str = "(clause not in this version)"
    months: tuple[str, ...] = _MONTHS
    date_pattern: str = "{day} {month} {year}"

    def kind_label(self, kind: str) -> str:
        """Return the visible label of a clause kind ('' for plain text and headings)."""
        if kind in ("heading", "text"):
            return ""
        return getattr(self, f"kind_{kind}", "")

    def kind_prefix(self, kind: str) -> str:
        """Return the label written at the start of a clause, e.g. 'Line to take: '."""
        label = self.kind_label(kind)
        return f"{label}{self.label_separator}" if label else ""

    def comment_kind_label(self, kind: str) -> str:
        """Return the visible label of a comment kind."""
        return getattr(self, f"comment_kind_{kind}", kind)

    def status_label(self, status: str) -> str:
        """Return the visible label of a comment status."""
        return getattr(self, f"comment_status_{status}", status)

    def format_date(self, value: dt.date) -> str:
        """Format a date in the labels' language, e.g. '9 May 2026'."""
        month = self.months[value.month - 1]
        return self.date_pattern.format(day=value.day, month=month, year=value.year)

    def section_title(self, kind: str) -> str:
        """Return the brief's section title for a clause kind."""
        return {
            "line_to_take": self.lines_to_take,
            "fallback": self.fallbacks,
            "red_line": self.red_lines,
            "background": self.background,
        }[kind]
