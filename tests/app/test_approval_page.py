"""The lead approves knowing the text: the version's clauses, the changes since the last version they approved, a short hash."""

from __future__ import annotations

from positions.services import approvals, drafting, editing, versions
from tests.factories import position
from tests.helpers import login


def test_the_lead_sees_the_text_and_the_changes_since_their_last_approval(client, session, people):
    pos = position(session, people.pen)
    v1 = versions.take_version(session, people.pen, pos, "First")
    session.commit()
    approvals.decide(session, people.lead, pos, v1, "approve")
    session.commit()
    clause = drafting.draft(session, pos)[4]
    editing.edit_clause(session, people.pen, pos, clause.uid, base_revision=clause.revision.id, kind="red_line", heading="",
                        body="No reopening of the agreed conceptual framework.")
    v2 = versions.take_version(session, people.pen, pos, "Second")
    session.commit()
    login(client, people.lead)
    html = client.get(f"/positions/{pos.id}/consultation").get_data(as_text=True)
    panel = html.split('id="approval-h"')[1]
    assert "with the changes since v1, the last version you approved: 1 clause changed" in panel
    assert "<ins" in panel and "agreed" in panel and "Belgium thanks the Executive Secretary" in panel
    assert f'<code class="hash-short">{v2.content_hash[:12]}</code>' in panel and f'<code class="hash">{v2.content_hash}</code>' in panel
    client.post("/logout")
    login(client, people.pen)
    assert "approval-text" not in client.get(f"/positions/{pos.id}/consultation").get_data(as_text=True)
