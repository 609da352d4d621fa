"""A workflow can require a text without square brackets (guard `no_open_brackets`)."""

from __future__ import annotations

from types import SimpleNamespace

from positions.services import drafting, editing
from tests.factories import position
from workflows.guards import no_open_brackets
from workflows.registry import default_registry


def test_open_brackets_block_and_a_markdown_link_does_not(session, people):
    pos = position(session, people.pen)
    assert default_registry.get_guard("no_open_brackets") is no_open_brackets
    problem = no_open_brackets(SimpleNamespace(subject=pos))
    assert problem == "clause 1.2 still has square brackets"
    clause = drafting.draft(session, pos)[2]
    editing.edit_clause(session, people.pen, pos, clause.uid, base_revision=clause.revision.id, kind=clause.revision.kind,
                        heading="", body="Belgium **supports** the second global assessment with indirect drivers.")
    session.commit()
    assert no_open_brackets(SimpleNamespace(subject=pos)) is None
