"""After a load or fault run: prove in the database that nothing was lost, doubled, overwritten or half-written.

integrity_problems(session): every version has all its clauses and its content hash, every comment its
event, every clause a linear history, every position the stage of its last transition, the audit
chain verifies and every row is in the state the chain recorded for it. ledger_problems(session, ledger): every write the server confirmed is there exactly once.
Both return a list of problems (empty: all good). Used by bench/load.py and tests/faults/.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from positions.audit_verify import verify
from positions.models import (
    Clause,
    ClauseRevision,
    Comment,
    Event,
    Position,
    Version,
    VersionClause,
)
from positions.services.versions import draft_hash, version_clauses
from workflows.service import all_workflows

LIMIT = 10  # problems listed per kind


def _first(problems: list[str], label: str, found: list) -> None:
    if found:
        problems.append(f"{label}: {len(found)} (first: {found[:LIMIT]})")


def integrity_problems(session: Session) -> list[str]:
    """Check the invariants a killed worker or a dropped database connection could break."""
    problems: list[str] = []
    problems += version_problems(session)
    problems += comment_problems(session)
    problems += history_problems(session)
    problems += stage_problems(session)
    report = verify(session)
    if report.broken_at is not None:
        problems.append(f"audit chain broken at event {report.broken_at}: {report.reason}")
    _first(problems, "rows whose state is not the one the audit chain recorded", [f.text for f in report.findings])
    return problems


def version_problems(session: Session) -> list[str]:
    """Each version: ordinals 1..n, hash of its clauses equal to its stored hash, one version.taken event."""
    taken = Counter(session.scalars(select(Event.object_id).where(Event.verb == "version.taken")))
    bad_hash, gaps, no_event = [], [], []
    for version in session.scalars(select(Version).order_by(Version.id)):
        ordinals = list(session.scalars(select(VersionClause.ordinal).where(VersionClause.version_id == version.id).order_by(VersionClause.ordinal)))
        if ordinals != list(range(1, len(ordinals) + 1)) or not ordinals:
            gaps.append(version.id)
        elif draft_hash(version_clauses(session, version)) != version.content_hash:
            bad_hash.append(version.id)
        if taken[str(version.id)] != 1:
            no_event.append(version.id)
    problems: list[str] = []
    _first(problems, "versions missing clauses", gaps)
    _first(problems, "versions whose clauses do not match their content hash", bad_hash)
    _first(problems, "versions without exactly one version.taken event", no_event)
    return problems


def comment_problems(session: Session) -> list[str]:
    """Each comment has exactly one comment.posted event, and each such event its comment."""
    posted = Counter(session.scalars(select(Event.object_id).where(Event.verb == "comment.posted")))
    ids = {str(i) for i in session.scalars(select(Comment.id))}
    problems: list[str] = []
    _first(problems, "comments without exactly one comment.posted event", sorted(int(i) for i in ids if posted[i] != 1))
    _first(problems, "comment.posted events without their comment", sorted(set(posted) - ids))
    return problems


def history_problems(session: Session) -> list[str]:
    """Each clause's revisions form one line (each made on the one before), ending at its head: no overwrite."""
    revisions = defaultdict(list)
    for rev_id, clause_id, base_id in session.execute(
        select(ClauseRevision.id, ClauseRevision.clause_id, ClauseRevision.base_revision_id).order_by(ClauseRevision.id)
    ):
        revisions[clause_id].append((rev_id, base_id))
    heads = dict(session.execute(select(Clause.id, Clause.head_revision_id)).all())
    forks, wrong_head = [], []
    for clause_id, revs in revisions.items():
        if any(base != prev for (_, base), (prev, _) in zip(revs[1:], revs, strict=False)) or revs[0][1] is not None:
            forks.append(clause_id)
        if heads.get(clause_id) != revs[-1][0]:
            wrong_head.append(clause_id)
    problems: list[str] = []
    _first(problems, "clauses whose history forks (an edit not made on the revision before it)", forks)
    _first(problems, "clauses whose head is not their newest revision", wrong_head)
    return problems


def stage_problems(session: Session) -> list[str]:
    """Each position is in the stage its last transition.fired event moved it to."""
    last: dict[int, str] = {}
    for position_id, data in session.execute(
        select(Event.position_id, Event.data).where(Event.verb == "transition.fired").order_by(Event.id)
    ):
        last[position_id] = data["to"]
    wrong = [
        (p.id, p.stage, last.get(p.id))
        for p in session.scalars(select(Position))
        if p.stage != last.get(p.id, all_workflows()[p.workflow_key].initial)
    ]
    problems: list[str] = []
    _first(problems, "positions whose stage is not their last transition's", wrong)
    return problems


def ledger_problems(session: Session, ledger) -> list[str]:
    """Every comment, edit, consent, version and transition that got a success response is there exactly once."""
    problems: list[str] = []
    stored = dict(session.execute(select(Comment.id, Comment.body).where(Comment.id.in_(list(ledger.comments)))).all()) if ledger.comments else {}
    missing = [i for i, m in ledger.comments.items() if m not in stored.get(i, "")]
    _first(problems, "confirmed comments missing or changed", missing)
    _first(problems, "comment ids confirmed twice", ledger.duplicate_comment_ids)
    bodies = Counter()
    for body in session.scalars(select(Comment.body).where(Comment.body.like("Load comment lt%"))):
        bodies[body.rsplit(" ", 1)[-1]] += 1
    _first(problems, "comments stored more than once", [m for m in ledger.comments.values() if bodies[m] != 1])
    if ledger.edits:
        revs = {r.id: r for r in session.scalars(select(ClauseRevision).where(ClauseRevision.id.in_([e[1] for e in ledger.edits])))}
        uids = dict(session.execute(select(Clause.id, Clause.uid).where(Clause.id.in_({r.clause_id for r in revs.values()}))).all())
        lost = [(uid, rev) for uid, rev, m in ledger.edits if rev not in revs or uids[revs[rev].clause_id] != uid or m not in revs[rev].body]
        _first(problems, "confirmed edits not in their clause's history", lost)
        _first(problems, "revision ids confirmed twice", [r for r, n in Counter(e[1] for e in ledger.edits).items() if n > 1])
    notes = Counter()
    for verb, data in session.execute(select(Event.verb, Event.data).where(Event.verb.in_(("consent.given", "transition.fired")))):
        notes[(data.get("note") if verb == "consent.given" else (data.get("args") or {}).get("note"))] += 1
    _first(problems, "confirmed consultation answers not recorded exactly once", [m for m in ledger.consents if notes[m] != 1])
    _first(problems, "confirmed transitions not recorded exactly once", [m for m in ledger.transitions if notes[m] != 1])
    return problems
