"""Clause editing services: revisions, merges, conflicts, moves, deletions, versions."""

from __future__ import annotations

import pytest

from positions.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from positions.models import ClauseRevision, Event
from positions.services import drafting, editing, versions
from tests.factories import position

BUDGET = "The budget for 2027 is 5 million USD, to be reviewed at IPBES-13 by the Bureau."



@pytest.fixture
def pos(session, people):
    return position(session, people.pen, clauses=[("heading", "Budget", ""), ("text", "", BUDGET), ("fallback", "", "Accept 6 million.")])


def _clause(session, pos, index):
    return drafting.draft(session, pos)[index]


def test_every_edit_is_a_new_revision_nothing_updated_in_place(session, people, pos):
    c = _clause(session, pos, 1)
    first = c.revision
    result = editing.edit_clause(session, people.pen, pos, c.uid, base_revision=first.id, body=BUDGET.replace("5", "6"))
    session.commit()
    assert result.revision.id != first.id and not result.merged
    assert session.get(ClauseRevision, first.id).body == BUDGET
    assert result.revision.base_revision_id == first.id and result.revision.author_id == people.pen.id
    assert [r.body for r in editing.history(session, pos, c.uid)] == [BUDGET, BUDGET.replace("5", "6")]
    assert session.query(Event).filter_by(verb="clause.edited").count() == 1


def test_edits_on_different_words_merge_and_say_so(session, people, pos):
    c = _clause(session, pos, 1)
    base = c.revision.id
    editing.edit_clause(session, people.pen, pos, c.uid, base_revision=base, body=BUDGET.replace("2027", "2028"))
    result = editing.edit_clause(session, people.pen, pos, c.uid, base_revision=base, body=BUDGET.replace("by the Bureau", "by the Plenary"))
    assert result.merged
    assert result.revision.body == "The budget for 2028 is 5 million USD, to be reviewed at IPBES-13 by the Plenary."


def test_both_sides_change_the_same_number_is_a_conflict(session, people, pos):
    c = _clause(session, pos, 1)
    base = c.revision.id
    theirs = editing.edit_clause(session, people.pen, pos, c.uid, base_revision=base, body=BUDGET.replace("5 million", "6 million"))
    with pytest.raises(Conflict) as caught:
        editing.edit_clause(session, people.pen, pos, c.uid, base_revision=base, body=BUDGET.replace("5 million", "7 million"))
    details = caught.value.details
    assert details["base"]["body"] == BUDGET
    assert "6 million" in details["theirs"]["body"] and "7 million" in details["yours"]["body"]
    assert details["theirs_revision"] == theirs.revision.id
    assert _clause(session, pos, 1).revision.body == BUDGET.replace("5 million", "6 million")  # theirs untouched


def test_same_edit_on_both_sides_is_not_a_conflict(session, people, pos):
    c = _clause(session, pos, 1)
    base = c.revision.id
    editing.edit_clause(session, people.pen, pos, c.uid, base_revision=base, body=BUDGET.replace("5", "6"))
    result = editing.edit_clause(session, people.pen, pos, c.uid, base_revision=base, body=BUDGET.replace("5", "6"))
    assert not result.changed


def test_kind_changed_differently_on_both_sides_conflicts(session, people, pos):
    c = _clause(session, pos, 1)
    base = c.revision.id
    editing.edit_clause(session, people.pen, pos, c.uid, base_revision=base, kind="line_to_take")
    with pytest.raises(Conflict):
        editing.edit_clause(session, people.pen, pos, c.uid, base_revision=base, kind="red_line")


def test_bad_edits_are_refused_clearly(session, people, pos):
    c = _clause(session, pos, 1)
    other = _clause(session, pos, 2)
    with pytest.raises(ValidationFailed, match="required"):
        editing.edit_clause(session, people.pen, pos, c.uid, base_revision=c.revision.id, body="   ")
    with pytest.raises(ValidationFailed, match="base_revision"):
        editing.edit_clause(session, people.pen, pos, c.uid, base_revision=None, body="x")
    with pytest.raises(ValidationFailed, match="not a revision of clause"):
        editing.edit_clause(session, people.pen, pos, c.uid, base_revision=other.revision.id, body="x")
    with pytest.raises(NotFound):
        editing.edit_clause(session, people.pen, pos, "nosuch", base_revision=1, body="x")
    with pytest.raises(ValidationFailed, match="at most 100,000"):
        editing.edit_clause(session, people.pen, pos, c.uid, base_revision=c.revision.id, body="x" * 1_000_000)
    with pytest.raises(ValidationFailed, match="Unknown clause kind"):
        drafting.add_clause(session, people.pen, pos, kind="poem", body="x")


def test_only_the_pen_holder_edits(session, people, pos):
    c = _clause(session, pos, 1)
    for who in (people.flemish, people.lead, people.viewer, people.admin):
        with pytest.raises(PermissionDenied):
            editing.edit_clause(session, who, pos, c.uid, base_revision=c.revision.id, body="x")
        with pytest.raises(PermissionDenied):
            drafting.add_clause(session, who, pos, kind="text", body="x")
        with pytest.raises(PermissionDenied):
            versions.take_version(session, who, pos)


def test_moves_keep_order_and_refuse_moving_after_itself(session, people, pos):
    uids = [d.uid for d in drafting.draft(session, pos)]
    editing.move_clause(session, people.pen, pos, uids[2], after=None)
    assert [d.uid for d in drafting.draft(session, pos)] == [uids[2], uids[0], uids[1]]
    editing.move_clause(session, people.pen, pos, uids[2], after=uids[1])
    assert [d.uid for d in drafting.draft(session, pos)] == uids
    with pytest.raises(ValidationFailed, match="after itself"):
        editing.move_clause(session, people.pen, pos, uids[0], after=uids[0])
    with pytest.raises(NotFound):
        editing.move_clause(session, people.pen, pos, uids[0], after="nosuch")


def test_many_moves_into_the_same_gap_keep_working(session, people, pos):
    uids = [d.uid for d in drafting.draft(session, pos)]
    for _ in range(60):
        editing.move_clause(session, people.pen, pos, uids[2], after=uids[0])
        editing.move_clause(session, people.pen, pos, uids[1], after=uids[2])
    assert [d.uid for d in drafting.draft(session, pos)] == [uids[0], uids[2], uids[1]]


def test_delete_keeps_history_and_numbers_close_up(session, people, pos):
    c = _clause(session, pos, 1)
    editing.delete_clause(session, people.pen, pos, c.uid)
    remaining = drafting.draft(session, pos)
    assert c.uid not in [d.uid for d in remaining] and [d.number for d in remaining] == ["1.", "1.1"]
    assert editing.history(session, pos, c.uid)[-1].deleted
    with pytest.raises(Conflict):
        editing.delete_clause(session, people.pen, pos, c.uid)
    with pytest.raises(Conflict, match="deleted"):
        editing.edit_clause(session, people.pen, pos, c.uid, base_revision=c.revision.id, body="x")


def test_versions_are_numbered_immutable_and_hashed(session, people, pos):
    v1 = versions.take_version(session, people.pen, pos, "first")
    v2 = versions.take_version(session, people.pen, pos, "same text")
    assert (v1.number, v2.number) == (1, 2)
    assert v1.content_hash == v2.content_hash and len(v1.content_hash) == 64
    c = _clause(session, pos, 1)
    editing.edit_clause(session, people.pen, pos, c.uid, base_revision=c.revision.id, body="Changed.")
    v3 = versions.take_version(session, people.pen, pos)
    assert v3.content_hash != v1.content_hash
    assert [d.revision.body for d in versions.version_clauses(session, v1)][1] == BUDGET
    assert v1.stage == "be_draft"


def test_the_hash_is_recomputable_from_the_stored_text_on_any_database(session, people, pos):
    import hashlib
    import json

    version = versions.take_version(session, people.pen, pos)
    session.commit()
    session.expire_all()
    rows = [
        {"uid": d.uid, "ordinal": i, "kind": d.revision.kind, "heading": d.revision.heading, "body": d.revision.body}
        for i, d in enumerate(versions.version_clauses(session, version), start=1)
    ]
    canonical = json.dumps(rows, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert version.content_hash == hashlib.sha256(canonical.encode()).hexdigest()
    assert versions.draft_hash(drafting.draft(session, pos)) == version.content_hash


def test_a_version_needs_clauses(session, people):
    empty = position(session, people.pen, clauses=[])
    with pytest.raises(ValidationFailed, match="no clauses"):
        versions.take_version(session, people.pen, empty)
