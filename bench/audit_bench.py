"""What recording row states in the audit chain costs per write, and what verifying costs on a whole database.

Per write: on a 400-clause position, each write (edit a clause, post a comment, answer a consultation,
take a version of all 400 clauses) runs in its own committed transaction, alternately with state
recording on and off; prints the median time, the SQL statements and the size of the event's data.
With --verify-url: times `audit checkpoint` (chain only) and `audit verify` (chain and every covered row)
on an existing database, such as the `make bench` dataset, and fails if it does not verify.

Run: .venv/bin/python bench/audit_bench.py [--database-url URL] [--runs 30] [--verify-url URL]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent.parent), str(Path(__file__).resolve().parent)]

from sqlalchemy import event, select  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from app.extensions import db  # noqa: E402
from positions import audit  # noqa: E402
from positions.audit_verify import verify  # noqa: E402
from positions.clock import now  # noqa: E402
from positions.models import Base, Event  # noqa: E402
from positions.services import comments, consultations, drafting, editing, versions  # noqa: E402


def recording(on: bool) -> None:
    """Switch state recording on or off (off: events as they were before states were recorded)."""
    listening = event.contains(Session, "after_flush", audit._note_written_rows)
    if on and not listening:
        event.listen(Session, "after_flush", audit._note_written_rows)
    elif not on and listening:
        event.remove(Session, "after_flush", audit._note_written_rows)


def measure(session, write) -> tuple[float, int, int]:
    """Run one write and commit; return seconds, SQL statements and the bytes of its last event's data."""
    statements = []
    listener = lambda *a: statements.append(a[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    started = time.perf_counter()
    write()
    session.commit()
    seconds = time.perf_counter() - started
    event.remove(db.engine, "before_cursor_execute", listener)
    data = session.scalar(select(Event.data).order_by(Event.id.desc()).limit(1))
    return seconds, len(statements), len(json.dumps(data))


def per_write(url: str, runs: int) -> None:
    """The cost of each kind of write with state recording on and off."""
    from dataset import bench_app
    from drafting_bench import build

    app = bench_app(url)
    with app.app_context():
        Base.metadata.drop_all(db.engine)
        Base.metadata.create_all(db.engine)
        session, rng = db.session, random.Random(7)
        people, pos, _ = build(session, 400, rng)
        v2 = versions.get_version(session, pos, 2)
        consultations.open_consultation(session, people.pen, pos, v2, now() + timedelta(days=30))
        session.commit()
        texts = [d for d in drafting.draft(session, pos) if d.revision.kind != "heading"]

        def edit():
            d = rng.choice(drafting.draft(session, pos)[1:])
            editing.edit_clause(session, people.pen, pos, d.uid, base_revision=d.revision.id, body=d.revision.body + " x")

        writes = {
            "edit a clause": edit,
            "post a comment": lambda: comments.post_comment(session, people.flemish, pos, rng.choice(texts).uid,
                                                            kind="comment", body="Bench remark."),
            "answer a consultation": lambda: consultations.answer(session, people.walloon, pos, v2,
                                                                  rng.choice(["agree", "object"]), "Bench note."),
            "take a version (400 clauses)": lambda: versions.take_version(session, people.pen, pos, "bench"),
        }
        print(f"database: {db.engine.dialect.name}; medians of {runs} runs each, recording on / off", flush=True)
        for name, write in writes.items():
            results = {True: [], False: []}
            for _ in range(runs if "version" not in name else max(3, runs // 6)):
                for on in (True, False):
                    recording(on)
                    results[on].append(measure(session, write))
            recording(True)
            (t_on, q_on, b_on), (t_off, q_off, b_off) = (tuple(statistics.median(x) for x in zip(*results[k], strict=True))
                                                         for k in (True, False))
            print(f"  {name:30s} {t_on * 1000:7.2f} / {t_off * 1000:7.2f} ms ({(t_on - t_off) * 1000:+.2f})  "
                  f"SQL {q_on:.0f} / {q_off:.0f}  event data {b_on:,.0f} / {b_off:,.0f} bytes", flush=True)
        session.remove()
        Base.metadata.drop_all(db.engine)
        db.engine.dispose()


def verify_database(url: str) -> dict:
    """Time the checkpoint and the full verification of an existing database; fail if it does not verify."""
    from dataset import bench_app

    app = bench_app(url)
    with app.app_context():
        started = time.perf_counter()
        chain = verify(db.session, states=False)
        chain_s = time.perf_counter() - started
        db.session.rollback()
        started = time.perf_counter()
        report = verify(db.session)
        full_s = time.perf_counter() - started
        db.session.rollback()
        db.session.remove()
        db.engine.dispose()
    print(f"  checkpoint (chain only)        {chain_s:7.2f} s  {chain.events:,} events")
    print(f"  verify (chain + rows)          {full_s:7.2f} s  {report.rows:,} rows")
    for line in report.chain_lines() + report.state_lines(limit=5):
        print(f"  {line}")
    if not report.ok:
        raise SystemExit(report.summary())
    return {"events": report.events, "rows": report.rows, "checkpoint_s": round(chain_s, 2), "verify_s": round(full_s, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None, help="scratch database for the per-write part (default: a SQLite file)")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--verify-url", default=None, help="an existing database to verify (e.g. the bench dataset)")
    args = parser.parse_args()
    if args.verify_url:
        verify_database(args.verify_url)
        return
    per_write(args.database_url or f"sqlite:///{tempfile.mkdtemp()}/audit-bench.sqlite", args.runs)


if __name__ == "__main__":
    main()
