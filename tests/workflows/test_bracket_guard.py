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
    assert problem == "2 square-bracketed passages are still open, in clause 1.2"  # counted, clauses by number
    clause = drafting.draft(session, pos)[2]
    editing.edit_clause(session, people.pen, pos, clause.uid, base_revision=clause.revision.id, kind=clause.revision.kind,
                        heading="", body="Belgium **supports** the second global assessment with indirect drivers.")
    session.commit()
    assert no_open_brackets(SimpleNamespace(subject=pos)) is None


def _brief_under_review(session, people):
    from datetime import date, timedelta

    from workflows.service import fire_transition

    pos = position(session, people.pen)
    pos.stage = "brief_draft"
    fire_transition(pos, "submit", people.pen, deadline=(date.today() + timedelta(days=10)).isoformat())
    session.commit()
    return pos


def test_reaching_final_with_brackets_warns_on_the_panel_and_when_done(client, session, people):
    from tests.helpers import login

    pos = _brief_under_review(session, people)
    login(client, people.lead)
    panel = client.get(f"/positions/{pos.id}").get_data(as_text=True).split('id="step-approve"')[1]
    assert "Warning:" in panel and "2 square-bracketed passages are still open, in clause 1.2" in panel
    assert "You can do this now." in panel  # a warning, not a block
    done = client.post(f"/positions/{pos.id}/transitions/approve", follow_redirects=True).get_data(as_text=True)
    assert "now at the stage Final. Warning: 2 square-bracketed passages are still open, in clause 1.2." in done


def test_a_definition_can_require_a_text_without_brackets(tmp_path, session, people):
    from workflows.engine import available
    from workflows.loader import definitions_dir, load_workflow

    text = (definitions_dir() / "ipbes-position.toml").read_text(encoding="utf-8")
    strict = text.replace('guards = ["no_open_amendments", "lead_approved", "four_eyes"]\nwarnings = ["no_open_brackets"]',
                          'guards = ["no_open_amendments", "lead_approved", "four_eyes", "no_open_brackets"]')
    assert strict != text
    (tmp_path / "strict.toml").write_text(strict, encoding="utf-8")
    workflow = load_workflow(tmp_path / "strict.toml", default_registry)
    pos = _brief_under_review(session, people)
    approve = next(a for a in available(workflow, pos, people.lead, default_registry) if a.name == "approve")
    assert not approve.allowed and approve.warnings == []
    assert approve.blocked_by == ["2 square-bracketed passages are still open, in clause 1.2"]
