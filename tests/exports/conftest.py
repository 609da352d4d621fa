"""Fixtures for the Word export tests: a realistic position with comments, and XML helpers."""

from __future__ import annotations

import datetime as dt

import pytest

from exports.model import ExportClause, ExportComment, ExportDocument, numbered

CLAUSES = numbered((
    ExportClause("lead", "text", "", "Belgium thanks the Secretariat for the documents."),
    ExportClause("intro", "heading", "General considerations", ""),
    ExportClause("c1", "text", "", "Belgium **welcomes** the *rolling work programme* of IPBES, see [the decision](https://ipbes.net/decisions)."),
    ExportClause("c2", "line_to_take", "Budget", "Belgium supports the proposed budget for [2026] [2027].\n\n- capacity building\n- knowledge generation"),
    ExportClause("c3", "text", "", "The nexus assessment should inform national biodiversity strategies and action plans."),
    ExportClause("note", "internal_note", "", "Internal: the Walloon Region may object; do not share."),
    ExportClause("c4", "fallback", "", "Accept a delay of one year if the budget is otherwise protected."),
    ExportClause("funds", "heading", "Trust fund", ""),
    ExportClause("c5", "red_line", "", "No reduction of the trust fund contributions for *developing countries*."),
    ExportClause("c6", "background", "History", "IPBES-11 (Windhoek, 2024) adopted the transformative change assessment."),
    ExportClause("c7", "text", "", "Raw <script>alert('x')</script> and a [bad link](javascript:alert(1)) stay text."),
))
# The numbers every page shows (positions.kinds.clause_numbers), which every export must repeat.
NUMBERS = {"lead": "1.", "intro": "2.", "c1": "2.1", "c2": "2.2", "c3": "2.3", "note": "", "c4": "2.4",
           "funds": "3.", "c5": "3.1", "c6": "3.2", "c7": "3.3"}


def _at(day: int, hour: int) -> dt.datetime:
    return dt.datetime(2026, 5, day, hour, 0, tzinfo=dt.UTC)


COMMENTS = (
    ExportComment(1, "c1", "comment", "Please keep 'rolling'.", "Jan Peeters", "VL-OMG", _at(2, 9), "open",
                  quote="rolling work programme"),
    ExportComment(2, "c1", "support", "We agree with Flanders.", "Anne Dubois", "SPW-ARNE", _at(2, 11), "open",
                  parent_id=1),
    ExportComment(3, "c2", "reservation", "Budget figures still under review.", "Marc Janssens", "FPS-FA",
                  _at(3, 10), "resolved", quote="proposed budget", resolution_note="Figures confirmed on 5 May."),
    ExportComment(4, "c5", "amendment", "Broaden the scope.", "Sofie Claes", "BELSPO", _at(3, 12), "open",
                  quote="developing countries", proposed_text="No reduction for developing countries and SIDS."),
    ExportComment(5, "c3", "question", "Which strategies?", "Eva Martin", "BXL-ENV", _at(4, 8), "open",
                  quote="this phrase is not in the clause"),
    ExportComment(6, "note", "comment", "Secret remark on an internal note.", "Pieter Smet", "BBPF", _at(4, 9), "open"),
)


def make_document(**changes: object) -> ExportDocument:
    """Return the sample position, with fields replaced by `changes`."""
    values: dict[str, object] = dict(
        title="Belgian position on the IPBES work programme",
        meeting="IPBES-12",
        agenda_item="Item 7: work programme",
        document_symbol="BE/IPBES-12/7",
        stage_label="Belgian consultation",
        version_label="v3",
        date=dt.date(2026, 5, 9),
        content_hash="9f2c" * 16,
        confidentiality="Restricted",
        is_final=False,
        author="Belgian Biodiversity Platform",
        delegation_lead="Hilde Eggermont",
        clauses=CLAUSES,
        comments=COMMENTS,
        annex_clauses=numbered((
            ExportClause("eu0", "heading", "Work programme", ""),
            ExportClause("eu1", "text", "", "The EU and its Member States welcome the work programme."),
            ExportClause("eu2", "text", "", "The EU stresses [the need for] sustainable funding."),
        )),
        objective="Secure a **sustainable** work programme budget.",
    )
    values.update(changes)
    return ExportDocument(**values)  # type: ignore[arg-type]


@pytest.fixture
def document() -> ExportDocument:
    """The sample position, version 3, still a draft."""
    return make_document()
