"""Every fixed text written into an export (Labels): English defaults, the app passes translations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from positions import kinds

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


def english_kind_labels() -> dict[str, str]:
    """Each clause kind's label, in English, from the kinds table."""
    return {kind.code: kind.label for kind in kinds.KINDS}


def english_brief_titles() -> dict[str, str]:
    """Each brief kind's section title, in English, from the kinds table."""
    return {kind.code: kind.brief_section for kind in kinds.KINDS if kind.brief_section}


@dataclass(frozen=True)
class Labels:
    """Every fixed text written into an export, in one language."""

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
    kind_labels: Mapping[str, str] = field(default_factory=english_kind_labels)
    brief_titles: Mapping[str, str] = field(default_factory=english_brief_titles)
    confidentiality_levels: Mapping[str, str] = field(default_factory=dict)  # public/limited/restricted → words
    translate: Callable[[str], str] = field(default=str, compare=False)  # labels that come from data (stages)
    brief: str = "Plenary brief"
    objective: str = "Objective"
    brief_position: str = "Position"  # the brief's section of plain clauses (those of no brief kind)
    clause_reference: str = "(clause %(number)s)"  # after each line of the brief: where it comes from
    annex: str = "Annex: EU-coordinated text"
    eu_text_title: str = "EU text — %(title)s"  # the title of an EU-phase export (exports.eu_text_export)
    eu_draft: str = "EU draft"
    eu_version: str = "EU version %(number)s"
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
    library_source: str = "From the library: %(source)s"  # a clause's source, as a Word comment or footnote
    library_author: str = "Agreed-language library"
    library_paragraph: str = "%(source)s, para. %(paragraph)s"
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
    col_endorsements: str = "Endorsed by"
    unknown_clause: str = "(clause not in this version)"
    months: tuple[str, ...] = _MONTHS
    date_pattern: str = "{day} {month} {year}"

    def kind_label(self, kind: str) -> str:
        """Return the label written in front of a clause of this kind ('' when the kind is not labelled)."""
        row = kinds.KIND.get(kind)
        if row is None or not row.labelled:
            return ""
        return self.kind_labels.get(kind) or row.label

    def kind_prefix(self, kind: str) -> str:
        """Return the label written at the start of a clause, e.g. 'Line to take: '."""
        label = self.kind_label(kind)
        return f"{label}{self.label_separator}" if label else ""

    def section_title(self, kind: str) -> str:
        """Return the brief's section title for a clause kind."""
        return self.brief_titles.get(kind) or kinds.KIND[kind].brief_section or ""

    def library_citation(self, source: str, paragraph: str) -> str:
        """'IPBES-11/1, para. 3' in the file's language (the source alone without a paragraph)."""
        return self.library_paragraph.replace("%(source)s", source).replace("%(paragraph)s", paragraph) if paragraph else source

    def reference(self, number: str) -> str:
        """Return where a line of the brief comes from, e.g. '(clause 2.1)'."""
        return self.clause_reference.replace("%(number)s", number.rstrip("."))

    def comment_kind_label(self, kind: str) -> str:
        """Return the visible label of a comment kind."""
        return getattr(self, f"comment_kind_{kind}", kind)

    def status_label(self, status: str) -> str:
        """Return the visible label of a comment status."""
        return getattr(self, f"comment_status_{status}", status)

    def confidentiality_label(self, level: str) -> str:
        """Return a confidentiality level in words, capitalised ('Restricted')."""
        return str(self.confidentiality_levels.get(level, level)).capitalize()

    def format_date(self, value: dt.date) -> str:
        """Format a date in the labels' language, e.g. '9 May 2026'."""
        month = self.months[value.month - 1]
        return self.date_pattern.format(day=value.day, month=month, year=value.year)


def every_language(languages: Sequence[Labels] = ()) -> tuple[Labels, ...]:
    """English and every language given: the fixed texts an import recognises, whatever language exported the file."""
    return (Labels(), *languages)
