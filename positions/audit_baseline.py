"""A baseline: recording, once, the state of rows written before the audit chain recorded states."""

from __future__ import annotations

from collections import Counter, defaultdict

from sqlalchemy.orm import Session

from positions import audit
from positions.audit_states import BY_TABLE
from positions.audit_verify import AuditReport, verify
from positions.errors import Conflict
from positions.messages import Msg, plural_msg
from positions.models import User

CHUNK = 2000  # rows per baseline event, so that no single event grows without bound


def record_baseline(session: Session, actor: User | None) -> tuple[AuditReport, Counter]:
    """Record the current state of every covered row that no event recorded; count them by table.

    Refused when the chain fails, or when a recorded row differs or is missing: a baseline would
    bless that. Each event covers one position's rows (CHUNK at most) and is itself chained, so the
    baseline is on the record. On PostgreSQL the chain lock is held from the reading to the commit.
    """
    audit.lock_chain(session)
    report = verify(session)
    if not report.chain_ok:
        raise Conflict(Msg("The audit chain does not verify; a baseline is only recorded on an intact chain."))
    wrong = [f for f in report.findings if f.problem != "unrecorded"]
    if wrong:
        raise Conflict(plural_msg("%(num)s row differs from what the audit chain recorded (%(first)s); a baseline would hide that.",
                                  "%(num)s rows differ from what the audit chain recorded (first: %(first)s); a baseline "
                                  "would hide that.", len(wrong), first=wrong[0].text))
    by_position: dict[int | None, dict[str, str]] = defaultdict(dict)
    for finding in report.unrecorded:
        by_position[finding.position_id][finding.key] = finding.current
    counted: Counter = Counter()
    for position_id, states in sorted(by_position.items(), key=lambda item: item[0] or 0):
        keys = sorted(states)
        for start in range(0, len(keys), CHUNK):
            chunk = {key: states[key] for key in keys[start:start + CHUNK]}
            tables = Counter(BY_TABLE[key.partition(":")[0]].label for key in chunk)
            audit.record(session, actor, "audit.baseline", ("position", position_id) if position_id else ("database", "-"),
                         position_id=position_id, data={"rows": len(chunk), "tables": dict(tables)}, states=chunk)
            counted.update(tables)
    return report, counted
