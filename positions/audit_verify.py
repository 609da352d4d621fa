"""Verifying the audit chain, checkpoints of it, and the live tables against the states it recorded."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from positions.audit import GENESIS, event_hash
from positions.audit_states import BY_TABLE, COVERED, Covered
from positions.models import Event

RECHECKS = 3  # rows written while verify runs are read again, with the events written meanwhile
_CHECKPOINT = re.compile(r"^(?:CHECKPOINT )?(\d+):([0-9a-f]{64})$", re.IGNORECASE)


@dataclass(frozen=True)
class Checkpoint:
    """The chain's length and head hash at one moment, kept outside the database."""

    sequence: int
    hash: str

    @classmethod
    def parse(cls, text: str) -> Checkpoint:
        """Read '<sequence>:<hash>' (or the whole 'CHECKPOINT <sequence>:<hash>' line)."""
        match = _CHECKPOINT.match(" ".join(text.split()))
        if match is None:
            raise ValueError(f"'{text}' is not a checkpoint: expected <sequence>:<64 hex digits>, "
                             "as printed by `plenipo audit checkpoint`.")
        return cls(int(match.group(1)), match.group(2).lower())

    def __str__(self) -> str:
        return f"{self.sequence}:{self.hash}"


@dataclass(frozen=True)
class Finding:
    """A covered row whose live state is not the one the chain recorded for it."""

    table: str
    key: str
    problem: str  # changed, unrecorded, missing
    text: str
    position_id: int | None = None
    event_id: int | None = None
    current: str | None = None  # the row's state hash now


@dataclass
class AuditReport:
    """What verifying found: the chain, the checkpoints, the live rows."""

    events: int = 0
    head: str = GENESIS
    broken_at: int | None = None
    reason: str = ""
    checkpoint_problems: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    rows: int = 0
    checkpoints: list[Checkpoint] = field(default_factory=list)

    @property
    def chain_ok(self) -> bool:
        return self.broken_at is None and not self.checkpoint_problems

    @property
    def ok(self) -> bool:
        return self.chain_ok and not self.findings

    @property
    def unrecorded(self) -> list[Finding]:
        return [f for f in self.findings if f.problem == "unrecorded"]

    def chain_lines(self) -> list[str]:
        """The chain and the checkpoints, in sentences."""
        if self.broken_at is None:
            lines = [f"Audit chain intact: {self.events:,} events verified."]
        else:
            lines = [f"Audit chain broken at event {self.broken_at}: {self.reason}."]
        if self.checkpoint_problems:
            lines += [f"Checkpoint failed: {problem}." for problem in self.checkpoint_problems]
        elif self.checkpoints:
            lines += [f"Checkpoint {c.sequence}:{c.hash[:12]}… matches." for c in self.checkpoints]
        return lines

    def state_lines(self, limit: int = 20) -> list[str]:
        """The live rows against the chain, in sentences: each change named, unrecorded rows summed up."""
        if not self.findings:
            return [f"Live data matches the chain: {self.rows:,} rows checked."]
        wrong = [f for f in self.findings if f.problem != "unrecorded"]
        lines = [f"{f.text}." for f in wrong[:limit]]
        if len(wrong) > limit:
            lines.append(f"… and {len(wrong) - limit:,} more rows that differ or are missing.")
        if unrecorded := self.unrecorded:
            tables = Counter(BY_TABLE[f.table].label for f in unrecorded)
            lines.append(f"{len(unrecorded):,} {'row has' if len(unrecorded) == 1 else 'rows have'} no recorded state ("
                         + ", ".join(f"{t}: {n:,}" for t, n in sorted(tables.items())) + f"), e.g. {unrecorded[0].text}. "
                         "If this database was made before Plenipo recorded states, check the rest of this report, "
                         "then record a baseline once with `plenipo audit baseline`.")
        return lines

    def summary(self) -> str:
        """One line: what failed."""
        parts = [] if self.broken_at is None else [f"the chain is broken at event {self.broken_at}"]
        parts += ["a checkpoint does not match"] if self.checkpoint_problems else []
        counts = Counter(f.problem for f in self.findings)
        parts += [f"{counts[p]:,} {'row' if counts[p] == 1 else 'rows'} {word}" for p, word in
                  (("changed", "changed"), ("missing", "missing"), ("unrecorded", "without recorded state")) if counts[p]]
        return "Audit verification failed: " + "; ".join(parts) + "." if parts else "Audit verification passed."


class _Walker:
    """Reads the chain in order once, checking each link, the checkpoints and collecting recorded states."""

    def __init__(self, session: Session, report: AuditReport, checkpoints: list[Checkpoint], batch: int) -> None:
        self.session, self.report, self.batch = session, report, batch
        self.checkpoints = {c.sequence: c for c in checkpoints}
        self.last_id = 0

    def walk(self) -> Iterator[tuple[str, tuple[str | None, int, int | None]]]:
        """Check the events after the last one read; yield (key, (state hash, event id, position id))."""
        report, columns = self.report, Event.__table__.c
        while True:
            events = self.session.execute(
                select(columns).where(columns.id > self.last_id).order_by(columns.id).limit(self.batch)
            ).all()
            if not events:
                return
            for event in events:
                report.events += 1
                if report.broken_at is None:
                    if event.prev_hash != report.head:
                        report.broken_at, report.reason = event.id, "its previous-hash does not match the event before it"
                    elif event_hash(event) != event.hash:
                        report.broken_at, report.reason = event.id, "its content does not match its hash"
                checkpoint = self.checkpoints.pop(report.events, None)
                if checkpoint is not None and checkpoint.hash != event.hash:
                    report.checkpoint_problems.append(
                        f"event number {report.events} (id {event.id}) has hash {event.hash[:16]}…, but the checkpoint "
                        f"says {checkpoint.hash[:16]}…: the chain was rewritten at or before that event")
                report.head, self.last_id = event.hash, event.id
                for key, digest in ((event.data or {}).get("states") or {}).items():
                    yield key, (digest, event.id, event.position_id)

    def finish(self) -> None:
        """Checkpoints past the end of the chain mean events were removed."""
        empty = self.checkpoints.pop(0, None)
        if empty is not None and empty.hash != GENESIS:
            self.report.checkpoint_problems.append(f"checkpoint {empty} is not one of an empty chain")
        for sequence in sorted(self.checkpoints):
            self.report.checkpoint_problems.append(
                f"the chain has {self.report.events} events, but checkpoint {self.checkpoints[sequence]} was taken at "
                f"event number {sequence}: events were removed from the end")


def verify(session: Session, checkpoints: list[Checkpoint] | None = None, *, states: bool = True,
           batch: int = 2000) -> AuditReport:
    """Verify the chain and the checkpoints, and (states) every covered row against its recorded state."""
    report = AuditReport(checkpoints=list(checkpoints or []))
    walker = _Walker(session, report, list(checkpoints or []), batch)
    recorded: dict[str, dict[str, Recorded]] = {c.table: {} for c in COVERED}
    for key, entry in walker.walk():
        table, _, ident = key.partition(":")
        if table in recorded:
            recorded[table][ident] = entry
    if states:
        suspects = _compare(session, report, recorded, batch)
        _recheck(session, walker, suspects)
        report.findings = [_finding(session, key, suspect) for key, suspect in sorted(suspects.items())]
    walker.finish()
    return report


Recorded = tuple[str | None, int, int | None]  # state hash (None: deleted), event id, position id


@dataclass
class _Suspect:
    """A row that did not match when read; kept until a second reading settles it."""

    entry: Covered
    recorded: Recorded | None
    current: str | None  # None: the row does not exist
    position_id: int | None
    row: Any = None  # kept for rows to describe (those that changed), not for every unrecorded one

    @property
    def settled(self) -> bool:
        if self.recorded is None:
            return self.current is None
        return self.recorded[0] == self.current


def _suspect(entry: Covered, recorded: Recorded | None, row: Any) -> _Suspect:
    if row is None:
        return _Suspect(entry, recorded, None, recorded[2] if recorded else None)
    return _Suspect(entry, recorded, entry.state_hash(row), row.position_id, row if recorded is not None else None)


def _compare(session: Session, report: AuditReport, recorded: dict[str, dict[str, Recorded]],
             batch: int) -> dict[str, _Suspect]:
    """Read every covered row once; return those that differ from, or are absent from, what was recorded."""
    suspects: dict[str, _Suspect] = {}
    for entry in COVERED:
        expected = recorded[entry.table]
        for row in entry.rows(session, batch=batch):
            report.rows += 1
            key = entry.key(row)
            found = expected.pop(key.partition(":")[2], None)
            if found is None or found[0] != entry.state_hash(row):
                suspects[key] = _suspect(entry, found, row)
        for ident, found in expected.items():
            if found[0] is not None:  # None: deleted by the application, and recorded so
                suspects[f"{entry.table}:{ident}"] = _suspect(entry, found, None)
    return suspects


def _recheck(session: Session, walker: _Walker, suspects: dict[str, _Suspect]) -> None:
    """Rows written while verify ran: read them again, then the events written since, until they settle.

    Legitimate writes commit together with their events, so when no event was added since the chain
    was read, what still differs was changed outside Plenipo.
    """
    for _ in range(RECHECKS):
        if not suspects or session.scalar(select(Event.id).where(Event.id > walker.last_id).limit(1)) is None:
            return
        for entry in {s.entry for s in suspects.values()}:
            keys = [k for k, s in suspects.items() if s.entry is entry]
            rows = {}
            for start in range(0, len(keys), 500):
                rows.update((entry.key(row), row) for row in entry.rows(session, keys[start:start + 500]))
            for key in keys:
                suspects[key] = _suspect(entry, suspects[key].recorded, rows.get(key))
        for key, found in walker.walk():
            if key in suspects:
                suspects[key] = replace(suspects[key], recorded=found)
        for key in [k for k, s in suspects.items() if s.settled]:
            del suspects[key]


def _finding(session: Session, key: str, suspect: _Suspect) -> Finding:
    entry, found, ident = suspect.entry, suspect.recorded, key.partition(":")[2]
    if suspect.current is None:
        return Finding(entry.table, key, "missing", f"{entry.label} {ident} of position {suspect.position_id}, recorded "
                       f"by event {found[1]}, is missing", suspect.position_id, found[1])
    if found is None:
        return Finding(entry.table, key, "unrecorded", f"{entry.label} {ident} of position {suspect.position_id} has "
                       "no recorded state: no event wrote it", suspect.position_id, None, suspect.current)
    row = suspect.row if suspect.row is not None else next(entry.rows(session, [key]), None)
    what = entry.describe(session, row) if row is not None else f"{entry.label} {ident}"
    if found[0] is None:
        return Finding(entry.table, key, "changed", f"{what} exists, but event {found[1]} recorded its deletion",
                       suspect.position_id, found[1], suspect.current)
    return Finding(entry.table, key, "changed", f"{what} differs from what event {found[1]} recorded",
                   suspect.position_id, found[1], suspect.current)
