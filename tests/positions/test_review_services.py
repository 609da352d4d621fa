"""Comments, amendments, consultations with the silence procedure, and lead approval."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import time_machine

from positions.errors import Conflict, PermissionDenied, ValidationFailed
from positions.services import approvals, comments, consultations, drafting, editing, versions
from tests.factories import position

TEXT = "Belgium supports the scoping report of the second global assessment as presented by the Panel."



@pytest.fixture
def pos(session, people):
    return position(session, people.pen, clauses=[("heading", "Assessments", ""), ("line_to_take", "", TEXT)])


def _uid(session, pos):
    return drafting.draft(session, pos)[1].uid


def _texts(session, pos):
    return {d.clause.id: d.revision.body for d in drafting.draft(session, pos)}


def test_each_kind_is_posted_for_the_author_administration(session, people, pos):
    uid = _uid(session, pos)
    for kind in ("comment", "question", "support", "reservation"):
        c = comments.post_comment(session, people.walloon, pos, uid, kind=kind, body=f"A {kind}.")
        assert c.administration.code == "SPW-ARNE" and c.status == "open" and c.kind == kind
    amendment = comments.post_comment(session, people.flemish, pos, uid, kind="amendment", body="Clearer.",
                                      quote="as presented by the Panel", proposed_text="as revised by the Panel")
    assert amendment.administration.code == "VL-OMG" and amendment.prefix.endswith("global assessment ")


def test_administration_at_the_time_is_kept(session, people, pos):
    c = comments.post_comment(session, people.flemish, pos, _uid(session, pos), kind="comment", body="Noted.")
    from positions.models import Administration

    people.flemish.administration = session.query(Administration).filter_by(code="BELSPO").one()
    session.commit()
    session.refresh(c)
    assert c.administration.code == "VL-OMG"


def test_bad_comments_are_refused_clearly(session, people, pos):
    uid = _uid(session, pos)
    with pytest.raises(ValidationFailed, match="empty"):
        comments.post_comment(session, people.flemish, pos, uid, kind="comment", body="  ")
    with pytest.raises(ValidationFailed, match="not in the clause"):
        comments.post_comment(session, people.flemish, pos, uid, kind="comment", body="x", quote="words that are not there")
    with pytest.raises(ValidationFailed, match="identical"):
        comments.post_comment(session, people.flemish, pos, uid, kind="amendment", body="", quote="the Panel", proposed_text="the Panel")
    with pytest.raises(ValidationFailed, match="identical"):
        comments.post_comment(session, people.flemish, pos, uid, kind="amendment", body="", proposed_text=TEXT)
    with pytest.raises(ValidationFailed, match="proposed text"):
        comments.post_comment(session, people.flemish, pos, uid, kind="amendment", body="change it")
    with pytest.raises(ValidationFailed, match="no comment 9999"):
        comments.post_comment(session, people.flemish, pos, uid, kind="comment", body="re", parent_id=9999)
    with pytest.raises(ValidationFailed, match="Unknown comment kind"):
        comments.post_comment(session, people.flemish, pos, uid, kind="rant", body="x")
    editing.delete_clause(session, people.pen, pos, uid)
    with pytest.raises(ValidationFailed, match="deleted"):
        comments.post_comment(session, people.flemish, pos, uid, kind="comment", body="x")


def test_viewers_and_admins_cannot_comment(session, people, pos):
    for who in (people.viewer, people.admin):
        with pytest.raises(PermissionDenied):
            comments.post_comment(session, who, pos, _uid(session, pos), kind="comment", body="x")


def test_replies_form_a_thread(session, people, pos):
    uid = _uid(session, pos)
    root = comments.post_comment(session, people.walloon, pos, uid, kind="question", body="Why?")
    reply = comments.post_comment(session, people.pen, pos, uid, kind="comment", body="Because.", parent_id=root.id)
    nested = comments.post_comment(session, people.walloon, pos, uid, kind="comment", body="Thanks.", parent_id=reply.id)
    assert reply.parent_id == root.id and nested.parent_id == root.id
    threads = comments.threads_by_clause(comments.list_comments(session, pos), _texts(session, pos))
    (view,) = next(iter(threads.values()))
    assert [r.body for r in view.replies] == ["Because.", "Thanks."]


def test_anchors_survive_edits_and_become_outdated_when_words_go(session, people, pos):
    uid = _uid(session, pos)
    c = comments.post_comment(session, people.flemish, pos, uid, kind="comment", body="Good.", quote="second global assessment")
    d = drafting.draft(session, pos)[1]
    editing.edit_clause(session, people.pen, pos, uid, base_revision=d.revision.id, body="In 2027, " + TEXT)
    views = comments.threads_by_clause([c], _texts(session, pos))[c.clause_id]
    start, end = views[0].span
    assert _texts(session, pos)[c.clause_id][start:end] == "second global assessment" and not views[0].outdated
    d = drafting.draft(session, pos)[1]
    editing.edit_clause(session, people.pen, pos, uid, base_revision=d.revision.id, body="Belgium supports the nexus work.")
    views = comments.threads_by_clause([c], _texts(session, pos))[c.clause_id]
    assert views[0].outdated and views[0].comment.quote == "second global assessment"


def test_accepting_an_amendment_applies_it_as_a_revision(session, people, pos):
    uid = _uid(session, pos)
    a = comments.post_comment(session, people.flemish, pos, uid, kind="amendment", body="", quote="as presented", proposed_text="as revised")
    result = comments.resolve(session, people.pen, pos, a, "accepted", "Fine")
    assert a.status == "accepted" and result.revision.body == TEXT.replace("as presented", "as revised")


def test_accepting_merges_onto_later_edits_of_other_words(session, people, pos):
    uid = _uid(session, pos)
    a = comments.post_comment(session, people.flemish, pos, uid, kind="amendment", body="", quote="as presented", proposed_text="as revised")
    d = drafting.draft(session, pos)[1]
    editing.edit_clause(session, people.pen, pos, uid, base_revision=d.revision.id, body=TEXT.replace("Belgium supports", "Belgium strongly supports"))
    result = comments.resolve(session, people.pen, pos, a, "accepted")
    assert result.merged and result.revision.body == "Belgium strongly supports the scoping report of the second global assessment as revised by the Panel."


def test_accepting_an_amendment_whose_words_changed_meanwhile_is_a_conflict(session, people, pos):
    uid = _uid(session, pos)
    a = comments.post_comment(session, people.flemish, pos, uid, kind="amendment", body="", quote="as presented", proposed_text="as revised")
    d = drafting.draft(session, pos)[1]
    editing.edit_clause(session, people.pen, pos, uid, base_revision=d.revision.id, body=TEXT.replace("as presented", "as amended"))
    session.commit()
    with pytest.raises(Conflict):
        comments.resolve(session, people.pen, pos, a, "accepted")
    session.rollback()
    assert comments.get_comment(session, a.id).status == "open"


def test_resolution_rules(session, people, pos):
    uid = _uid(session, pos)
    q = comments.post_comment(session, people.walloon, pos, uid, kind="question", body="Why?")
    with pytest.raises(PermissionDenied):
        comments.resolve(session, people.walloon, pos, q, "resolved")
    with pytest.raises(ValidationFailed):
        comments.resolve(session, people.pen, pos, q, "accepted")
    comments.resolve(session, people.pen, pos, q, "resolved", "Answered in the meeting")
    assert q.resolution_note == "Answered in the meeting"
    with pytest.raises(Conflict):
        comments.resolve(session, people.pen, pos, q, "resolved")


def test_only_the_author_withdraws(session, people, pos):
    c = comments.post_comment(session, people.walloon, pos, _uid(session, pos), kind="reservation", body="Hmm.")
    with pytest.raises(PermissionDenied):
        comments.withdraw(session, people.flemish, pos, c)
    with pytest.raises(PermissionDenied):
        comments.withdraw(session, people.pen, pos, c)
    comments.withdraw(session, people.walloon, pos, c)
    assert c.status == "withdrawn"


def test_filters(session, people, pos):
    uid = _uid(session, pos)
    comments.post_comment(session, people.walloon, pos, uid, kind="question", body="Q")
    comments.post_comment(session, people.flemish, pos, uid, kind="comment", body="C")
    assert [c.body for c in comments.list_comments(session, pos, administration="spw-arne")] == ["Q"]
    assert [c.body for c in comments.list_comments(session, pos, kind="comment")] == ["C"]
    assert len(comments.list_comments(session, pos, clause=uid, status="open")) == 2
    assert comments.list_comments(session, pos, status="resolved") == []


def _consult(session, people, pos, days=7):
    version = versions.take_version(session, people.pen, pos, "for consultation")
    consultation = consultations.open_consultation(session, people.pen, pos, version, datetime(2030, 1, 1) + timedelta(days=days))
    session.commit()
    return version, consultation


@time_machine.travel(datetime(2030, 1, 1, 9, 0), tick=False)
def test_consultation_answers_consensus_and_silence(session, people, pos):
    version, consultation = _consult(session, people, pos)
    assert [c.state for c in consultation.consents] == ["pending"] * 3
    consultations.answer(session, people.flemish, pos, version, "agree")
    consultations.answer(session, people.walloon, pos, version, "object", "The budget line is too high.")
    verdict = consultations.verdict(consultation)
    assert verdict.state == "blocked" and "Walloon" in verdict.text and "too high" in verdict.text
    consultations.answer(session, people.walloon, pos, version, "agree_with_reservation", "We keep our concern on the budget.")
    assert consultations.verdict(consultation).state == "pending"
    with time_machine.travel(datetime(2030, 1, 9), tick=False):
        consultations.settle(session, consultation)
        verdict = consultations.verdict(consultation)
        assert verdict.state == "consensus"
        assert verdict.text == "Consensus: 1 agree, 1 agree with reservation, 1 silent"
        with pytest.raises(Conflict, match="deadline"):
            consultations.answer(session, people.flemish, pos, version, "object", "late")


@time_machine.travel(datetime(2030, 1, 1, 9, 0), tick=False)
def test_consent_rules(session, people, pos):
    version, consultation = _consult(session, people, pos)
    with pytest.raises(PermissionDenied):
        consultations.answer(session, people.outsider, pos, version, "agree")  # FPS-FA not consulted
    for who in (people.pen, people.lead, people.viewer):
        with pytest.raises(PermissionDenied):
            consultations.answer(session, who, pos, version, "agree")
    for state in ("agree_with_reservation", "object"):
        with pytest.raises(ValidationFailed, match="note is required"):
            consultations.answer(session, people.flemish, pos, version, state, "  ")
    with pytest.raises(ValidationFailed, match="Unknown answer"):
        consultations.answer(session, people.flemish, pos, version, "maybe")
    consultations.close_consultation(session, people.pen, consultation, "withdrawn")
    with pytest.raises(Conflict, match="closed"):
        consultations.answer(session, people.flemish, pos, version, "agree")


def test_the_database_refuses_a_second_consent_row_and_a_missing_note(session, people, pos):
    from sqlalchemy.exc import IntegrityError

    from positions.models import Consent

    with time_machine.travel(datetime(2030, 1, 1), tick=False):
        version, consultation = _consult(session, people, pos)
    session.add(Consent(consultation_id=consultation.id, administration_id=people.flemish.administration_id))
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()
    consent = consultation.consents[0]
    consent.state = "object"
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()


def test_lead_approval_is_bound_to_the_version_hash(session, people, pos):
    v1 = versions.take_version(session, people.pen, pos)
    with pytest.raises(PermissionDenied):
        approvals.decide(session, people.pen, pos, v1, "approve")
    with pytest.raises(ValidationFailed, match="why"):
        approvals.decide(session, people.lead, pos, v1, "reject")
    a = approvals.decide(session, people.lead, pos, v1, "approve", "ok")
    assert a.content_hash == v1.content_hash and approvals.latest_decision(session, v1).decision == "approve"
    d = drafting.draft(session, pos)[1]
    editing.edit_clause(session, people.pen, pos, d.uid, base_revision=d.revision.id, body=TEXT + " Updated.")
    v2 = versions.take_version(session, people.pen, pos)
    assert approvals.latest_decision(session, v2) is None  # a new version needs its own approval
