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


def _brief_under_review(session, people):
    from datetime import date, timedelta

    from workflows.service import fire_transition

    pos = position(session, people.pen)
    pos.stage = "brief_draft"
    fire_transition(pos, "submit", people.pen, deadline=(date.today() + timedelta(days=10)).isoformat())
    session.commit()
    return pos


def test_in_the_brief_phase_the_lead_has_one_button_that_approves_and_makes_final(client, session, people):
    pos = _brief_under_review(session, people)
    login(client, people.lead)
    panel = client.get(f"/positions/{pos.id}/consultation").get_data(as_text=True).split('id="approval-h"')[1]
    assert f'action="/positions/{pos.id}/transitions/approve"' in panel and "Approve final brief (v1)" in panel
    assert "Approve v1" not in panel and 'value="approve"' not in panel  # no second approval button
    assert "Reject v1" in panel
    assert "Warning:" in panel and "2 square-bracketed passages are still open, in clause 1.2" in panel
    assert client.get(f"/positions/{pos.id}").get_data(as_text=True).count("Approve final brief") == 1

    done = client.post(f"/positions/{pos.id}/transitions/approve", data={"note": "Good"}, follow_redirects=True)
    assert "now at the stage Final" in done.get_data(as_text=True)
    session.expire_all()
    v1 = versions.get_version(session, pos, 1)
    decision = approvals.latest_decision(session, v1)
    assert (pos.stage, decision.decision, decision.approver_id, decision.content_hash) == ("final", "approve", people.lead.id, v1.content_hash)
    from positions.models import Event
    assert [e.verb for e in session.query(Event).filter(Event.verb.in_(["version.approved", "transition.fired"])).order_by(Event.id)][-2:] == [
        "version.approved", "transition.fired"]


def test_the_one_step_keeps_four_eyes_and_the_approved_text(session, people):
    import pytest

    from positions.errors import Conflict
    from workflows.service import fire_transition

    pos = _brief_under_review(session, people)
    clause = drafting.draft(session, pos)[1]
    editing.edit_clause(session, people.pen, pos, clause.uid, base_revision=clause.revision.id, body="Changed after submitting.")
    session.commit()
    with pytest.raises(Conflict) as refused:
        fire_transition(pos, "approve", people.lead)
    assert "the text has changed since v1: go back to drafting and submit it again" in refused.value.details["reasons"]
    session.rollback()
    assert approvals.latest_decision(session, versions.get_version(session, pos, 1)) is None

    mine = _brief_under_review(session, people)
    versions.get_version(session, mine, 1).author_id = people.lead.id  # as if the lead had taken it
    session.commit()
    from workflows.service import transitions
    approve = next(s for s in transitions(mine, people.lead) if s.name == "approve")
    assert not approve.allowed and "you took v1 yourself; someone else must approve it" in approve.blocked_by
