"""Mail at scale: a consultation of 8 administrations × 10 officials, and a daily digest for 1,000 users.

1. Queue: the pen-holder opens a consultation (a version taken, 8 administrations asked) in one committed
   transaction; the 80 notifications are written by its before-commit hook. Prints the median time of the
   outbox part (recipients and rows; wall clock, and CPU time, which a busy machine disturbs less) and of the
   whole transaction, over several consultations.
   Target: the outbox part < 20 ms.
2. Send: one worker pass delivers those 80 mails to a local SMTP server (aiosmtpd). Target < 5 s.
3. Digest: 1,000 users who chose the daily digest, each with 6 notifications on 3 positions; one worker
   pass at their digest hour builds and sends the 1,000 digests. Target < 30 s.

Run: .venv/bin/python bench/notify_bench.py [--database-url URL] [--runs 5] [--digest-users 1000]
(default: a fresh SQLite file; give a PostgreSQL URL to measure there — its tables are recreated.)
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from sqlalchemy import insert, text  # noqa: E402

from app.extensions import db  # noqa: E402
from app.notify.worker import run_once  # noqa: E402
from positions.clock import now  # noqa: E402
from positions.models import Base, Notification, NotificationPreference, User  # noqa: E402
from positions.notify import outbox  # noqa: E402
from positions.services import consultations  # noqa: E402
from tests.factories import People, position, user  # noqa: E402
from tests.notify.smtp_sink import free_port  # noqa: E402

CODES = ("BBPF", "FPS-ENV", "FPS-FA", "BELSPO", "VL-OMG", "SPW-ARNE", "BXL-ENV", "RBINS")


def _app(url: str, smtp_port: int):
    from app import create_app
    from config import Config, normalise_database_url

    settings = {"SQLALCHEMY_DATABASE_URI": normalise_database_url(url), "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp_port,
                "PUBLIC_URL": "https://plenipo.example.be", "TIMEZONE": "Europe/Brussels"}
    return create_app(type("NotifyBenchConfig", (Config,), settings))


def _reset(url: str) -> None:
    if url.startswith("postgres"):
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    Base.metadata.create_all(db.engine)


class OutboxTimer:
    """Adds up the time the before-commit hook spends finding recipients and writing rows."""

    def __init__(self) -> None:
        self.seconds = self.cpu_seconds = 0.0
        self.notices_for, self.queue = outbox.notices_for, outbox.queue

    def _timed(self, fn):
        def wrapper(*args, **kwargs):
            start, cpu = time.perf_counter(), time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - start
                self.cpu_seconds += time.process_time() - cpu  # less sensitive to a busy machine than the wall clock
        return wrapper

    def __enter__(self):
        outbox.notices_for, outbox.queue = self._timed(self.notices_for), self._timed(self.queue)
        return self

    def __exit__(self, *exc):
        outbox.notices_for, outbox.queue = self.notices_for, self.queue


def queue_and_send(runs: int) -> dict:
    session = db.session
    people = People(session)
    for code in CODES:
        for i in range(10):
            user(session, "official", code, email=f"o{i}.{code.lower()}@bench.example.be", name=f"Official {i} {code}")
    session.commit()
    outbox_ms, outbox_cpu_ms, transaction_ms, send_s, mails = [], [], [], [], []
    for run in range(runs):
        pos = position(session, people.pen, consulted=CODES, title=f"Bench position {run}")
        with OutboxTimer() as timer:
            start = time.perf_counter()
            consultations.consult(session, people.pen, pos, None, now() + timedelta(days=10))
            session.commit()
            transaction_ms.append((time.perf_counter() - start) * 1000)
        outbox_ms.append(timer.seconds * 1000)
        outbox_cpu_ms.append(timer.cpu_seconds * 1000)
        start = time.perf_counter()
        report = run_once()
        send_s.append(time.perf_counter() - start)
        mails.append(report.sent)
    return {"mails_per_consultation": mails, "outbox_ms_median": round(statistics.median(outbox_ms), 1),
            "outbox_ms_max": round(max(outbox_ms), 1), "outbox_cpu_ms_median": round(statistics.median(outbox_cpu_ms), 1), "transaction_ms_median": round(statistics.median(transaction_ms), 1),
            "send_s_median": round(statistics.median(send_s), 2), "send_s_max": round(max(send_s), 2)}


def digest(users: int) -> dict:
    session = db.session
    pen = session.query(User).filter_by(role="pen_holder").first()
    positions = [position(session, pen, clauses=[], title=f"Digest position {i}") for i in range(3)]
    admin_id = pen.administration_id
    start = time.perf_counter()
    session.execute(insert(User), [{"email": f"d{i}@bench.example.be", "name": f"Digest {i}", "password_hash": "x",
                                    "administration_id": admin_id, "role": "official", "locale": ("en", "fr", "nl")[i % 3],
                                    "active": True, "session_nonce": 0, "created_at": now()} for i in range(users)])
    ids = [u for (u,) in session.query(User.id).filter(User.email.like("d%@bench.example.be"))]
    session.execute(insert(NotificationPreference), [{"user_id": u, "email": {"followed_change": "digest"}, "digest_hour": 9} for u in ids])
    yesterday = now() - timedelta(days=1)
    rows = [{"user_id": u, "kind": "followed_change", "position_id": p.id, "clause_uid": None, "template":
             "%(actor)s changed “%(clause)s” in “%(title)s”, which you follow.",
             "params": {"actor": "Pen Holder", "clause": f"Clause {k}", "title": p.title}, "link": f"/positions/{p.id}",
             "created_at": yesterday, "mail": "digest", "attempts": 0, "next_attempt_at": yesterday}
            for u in ids for p in positions for k in range(2)]
    session.execute(insert(Notification), rows)
    session.commit()
    setup = time.perf_counter() - start
    local = now().replace(tzinfo=ZoneInfo("UTC")).astimezone(ZoneInfo("Europe/Brussels"))
    at = datetime(local.year, local.month, local.day, 9, 30, tzinfo=ZoneInfo("Europe/Brussels")) + timedelta(days=1)
    start = time.perf_counter()
    report = run_once(at.astimezone(ZoneInfo("UTC")).replace(tzinfo=None))
    seconds = time.perf_counter() - start
    return {"users": users, "notifications": len(rows), "digests_sent": report.digests, "failed": report.failed,
            "seconds": round(seconds, 2), "setup_seconds": round(setup, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--digest-users", type=int, default=1000)
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp(prefix='plenipo-notify-bench-')}/bench.sqlite"
    results = run(url, args.runs, args.digest_users)
    print(json.dumps(results, indent=2))


class SinkProcess:
    """aiosmtpd in its own process, as a real mail server would be: it accepts and discards every mail."""

    def __init__(self) -> None:
        self.port = free_port()
        self.proc = subprocess.Popen([sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{self.port}",
                                      "-c", "aiosmtpd.handlers.Sink"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 10
        while time.time() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.1)
        raise RuntimeError("the SMTP sink did not start")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


def run(url: str, runs: int = 5, digest_users: int = 1000) -> dict:
    """Every measurement of this bench on the database at `url` (recreated)."""
    smtp = SinkProcess()
    try:
        app = _app(url, smtp.port)
        with app.app_context():
            _reset(url)
            results = {"database": url.split("://")[0], "consultation_8x10": queue_and_send(runs)}
            results["digest"] = digest(digest_users)
            q, d = results["consultation_8x10"], results["digest"]
            results["targets_met"] = {"queue < 20 ms": q["outbox_ms_max"] < 20, "send < 5 s": q["send_s_max"] < 5,
                                      "digest < 30 s": d["seconds"] < 30 and d["digests_sent"] == digest_users}
            db.session.remove()
            db.engine.dispose()
        return results
    finally:
        smtp.stop()


if __name__ == "__main__":
    main()
