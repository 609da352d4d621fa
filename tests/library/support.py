"""Positions brought to agreed or final text, for the library's tests."""

from __future__ import annotations

from positions.services import approvals, versions
from tests import factories
from workflows.service import fire_transition

LIBRARY_CLAUSES = [
    ("heading", "Work programme", ""),
    ("line_to_take", "", "Belgium **welcomes** the nexus assessment and its [options] for action."),
    ("text", "", "Belgium thanks the Secretariat."),
    ("line_to_take", "", "Indigenous and local knowledge must be recognised throughout."),
]


def approved_position(session, people, **kwargs):
    """A simple-review position taken as v1 and approved by the lead, not yet final."""
    pos = factories.position(session, people.pen, clauses=kwargs.pop("clauses", LIBRARY_CLAUSES),
                             workflow_key="simple-review", **kwargs)
    fire_transition(pos, "submit", people.pen)
    approvals.decide(session, people.lead, pos, versions.get_version(session, pos, 1), "approve")
    session.commit()
    return pos


def final_position(session, people, **kwargs):
    """The same, made final by the lead (the step that freezes it)."""
    pos = approved_position(session, people, **kwargs)
    fire_transition(pos, "approve", people.lead)
    session.commit()
    return pos
