"""`plenipo audit checkpoint`, `audit verify --checkpoint` and `audit baseline`: removed and rewritten chains, old databases."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from positions import audit
from positions.audit import chain as audit_chain
from positions.models import Consent, Event

from .audit_support import event_rows, flip_consent_and_cover_it, sql, working_day

LINE = re.compile(r"^CHECKPOINT (\d+):([0-9a-f]{64})\n$")


@pytest.fixture
def pos(session, people):
    return working_day(session, people)


def checkpoint(runner) -> str:
    result = runner.invoke(args=["audit", "checkpoint"])
    assert result.exit_code == 0, result.output
    assert LINE.match(result.output), result.output
    return result.output.split()[1]


def test_a_checkpoint_is_one_line_with_the_chain_length_and_head(session, runner, pos):
    sequence, head = checkpoint(runner).split(":")
    rows = event_rows(session)
    assert int(sequence) == len(rows) and head == rows[-1].hash
    sql(session, "DELETE FROM event WHERE id = :id", id=rows[3].id)  # ids with a gap: the sequence counts events
    sql(session, "UPDATE event SET prev_hash = :h WHERE id = :id", h=rows[2].hash, id=rows[4].id)
    broken = runner.invoke(args=["audit", "checkpoint"])
    assert broken.exit_code == 1 and f"No checkpoint: audit chain broken at event {rows[4].id}" in broken.output


def test_checkpoints_still_verify_as_the_chain_grows(session, people, runner, pos):
    first = checkpoint(runner)
    working_day(session, people)
    second = checkpoint(runner)
    result = runner.invoke(args=["audit", "verify", "--checkpoint", first, "--checkpoint", f"CHECKPOINT {second}"])
    assert result.exit_code == 0, result.output
    assert f"Checkpoint {first[:first.index(':') + 13]}… matches." in result.output
    assert int(second.split(":")[0]) > int(first.split(":")[0])


def test_deleting_the_last_events_is_caught(session, runner, pos):
    kept = checkpoint(runner)
    rows = event_rows(session)
    sql(session, "DELETE FROM event WHERE id >= :id", id=rows[-4].id)  # the conclusion and the silence go
    plain = runner.invoke(args=["audit", "verify"])
    assert plain.exit_code == 1 and f"Audit chain intact: {len(rows) - 4} events verified." in plain.output
    assert re.search(r"consent \d+ \(BXL-ENV on v1 of position \d+\) differs from what event \d+ recorded", plain.output)
    result = runner.invoke(args=["audit", "verify", "--checkpoint", kept])
    assert result.exit_code == 1
    assert (f"Checkpoint failed: the chain has {len(rows) - 4} events, but checkpoint {kept} was taken at event number "
            f"{len(rows)}: events were removed from the end.") in result.output
    assert "a checkpoint does not match" in result.output


def test_a_rewritten_and_rehashed_chain_is_caught_by_a_checkpoint(session, runner, pos):
    kept = checkpoint(runner)
    consent = session.scalar(select(Consent).where(Consent.state == "agree"))
    answered = next(e for e in session.scalars(select(Event).where(Event.verb == "consent.given")) if e.data["state"] == "agree")
    flip_consent_and_cover_it(session, consent.id, answered.id)
    assert runner.invoke(args=["audit", "verify"]).exit_code == 0  # consistent again: only a checkpoint can tell
    result = runner.invoke(args=["audit", "verify", "--checkpoint", kept])
    assert result.exit_code == 1
    sequence = kept.split(":")[0]
    assert re.search(rf"Checkpoint failed: event number {sequence} \(id \d+\) has hash [0-9a-f]{{16}}…, but the checkpoint "
                     rf"says {kept.split(':')[1][:16]}…: the chain was rewritten at or before that event\.", result.output)


@pytest.mark.parametrize("given", ["12", "12:abc", "x:" + "0" * 64, "CHECKPOINT", ""])
def test_a_malformed_checkpoint_is_a_usage_error(runner, given):
    result = runner.invoke(args=["audit", "verify", "--checkpoint", given])
    assert result.exit_code == 2
    assert "is not a checkpoint: expected <sequence>:<64 hex digits>" in result.output


def test_an_empty_chain_has_checkpoint_zero(runner):
    assert checkpoint(runner) == "0:" + audit.GENESIS
    assert runner.invoke(args=["audit", "verify", "--checkpoint", "0:" + audit.GENESIS]).exit_code == 0
    assert runner.invoke(args=["audit", "verify", "--checkpoint", "1:" + audit.GENESIS]).exit_code == 1


@pytest.fixture
def old_database(session, people, monkeypatch):
    """Data written the way Plenipo wrote it before events recorded states."""
    monkeypatch.setattr(audit_chain, "_claim_written", lambda session: {})
    pos = working_day(session, people)
    monkeypatch.undo()
    return pos


def test_an_old_database_says_so_and_a_baseline_covers_it_once(session, runner, old_database):
    before = runner.invoke(args=["audit", "verify"])
    assert before.exit_code == 1
    assert re.search(r"33 rows have no recorded state \(approval: 1, clause: 6, clause revision: 10, comment: 4, "
                     r"consent: 3, consultation: 1, endorsement: 1, position: 1, version: 1, version clause: 5\)", before.output)
    assert "record a baseline once with `plenipo audit baseline`" in before.output
    assert "Audit verification failed: 33 rows without recorded state." in before.output
    declined = runner.invoke(args=["audit", "baseline"], input="n\n")
    assert declined.exit_code == 1 and "Baseline not recorded." in declined.output
    assert session.scalar(select(func.count()).where(Event.verb == "audit.baseline")) == 0
    recorded = runner.invoke(args=["audit", "baseline"], input="y\n")
    assert recorded.exit_code == 0, recorded.output
    assert "Baseline recorded: 33 rows (approval: 1, clause: 6, clause revision: 10" in recorded.output
    baseline = session.scalars(select(Event).where(Event.verb == "audit.baseline")).all()
    assert [(e.position_id, e.actor_id, e.data["rows"], len(e.data["states"])) for e in baseline] == [(old_database.id, None, 33, 33)]
    after = runner.invoke(args=["audit", "verify"])
    assert after.exit_code == 0 and "Live data matches the chain: 33 rows checked." in after.output
    again = runner.invoke(args=["audit", "baseline", "--yes"])
    assert again.exit_code == 0 and "Nothing to record: every covered row already has a recorded state." in again.output
    sql(session, "UPDATE comment SET body = 'Forged.' WHERE id = 1")
    assert "comment 1 (VL-OMG on clause" in runner.invoke(args=["audit", "verify"]).output


def test_a_baseline_is_refused_over_tampering(session, runner, old_database, pos):
    sql(session, "UPDATE consent SET state = 'object', note = 'No.' WHERE id = (SELECT max(id) FROM consent)")
    refused = runner.invoke(args=["audit", "baseline", "--yes"])
    assert refused.exit_code == 1
    assert re.search(r"Error: 1 row differs from what the audit chain recorded \(consent \d+ \(VL-OMG on v1 of "
                     r"position \d+\) differs from what event \d+ recorded\); a baseline would hide that\.", refused.output)
    assert session.scalar(select(func.count()).where(Event.verb == "audit.baseline")) == 0
    sql(session, "UPDATE event SET verb = 'forged' WHERE id = 2")
    broken = runner.invoke(args=["audit", "baseline", "--yes"])
    assert broken.exit_code == 1 and "The audit chain does not verify; a baseline is only recorded on an intact chain." in broken.output
