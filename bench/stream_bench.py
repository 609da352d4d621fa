"""Live updates at scale: N open streams on one gunicorn host (gthread), and how fast a clause edit reaches them.

Starts gunicorn in production mode on its own PostgreSQL database (a small world: the demo users, one
position), opens N streams of that position (`GET /positions/<id>/stream`, bearer token), then saves the
clause K times through the API (PATCH) and times, for every stream, from sending the PATCH to receiving
its `event: clause`. Reports p50/p95/max over N×K deliveries, and the worker's memory (RSS) per open stream.

Run: .venv/bin/python bench/stream_bench.py [--streams 200] [--edits 5] [--threads 240] [--hosts 1] [--json FILE]
(--hosts 2 shares the streams between two gunicorn hosts: the edit reaches the second through LISTEN/NOTIFY.)
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/plenipo_stream_bench"


def prepare(database_url: str) -> tuple[int, str, list[str], str]:
    """A fresh schema with the demo users and one position; returns its id, a clause uid and two API tokens."""
    from run_all import create_database
    from sqlalchemy import text

    from app import create_app
    from app.cli.demo_data import load_demo
    from app.extensions import db
    from config import Config, normalise_database_url
    from positions.models import Base, User
    from positions.services import accounts, drafting
    from workflows.service import start_position

    create_database(database_url)
    app = create_app(type("StreamBench", (Config,), {"SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url)}))
    with app.app_context():
        with db.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        Base.metadata.create_all(db.engine)
        load_demo(db.session)
        pen = db.session.query(User).filter_by(email="penholder@plenipo.demo").one()
        reader = db.session.query(User).filter_by(email="spw-arne@plenipo.demo").one()
        pos = start_position(db.session, pen, title="Stream benchmark", meeting="IPBES-12", agenda_item="Item 7",
                             consulted=["VL-OMG", "SPW-ARNE"])
        clause = drafting.add_clause(db.session, pen, pos, kind="text", body="Belgium welcomes the assessment.")
        db.session.commit()
        result = pos.id, clause.uid, accounts.issue_token(db.session, pen), accounts.issue_token(db.session, reader)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return result


class Stream(threading.Thread):
    """One open stream: records when each `event: clause` arrives."""

    def __init__(self, port: int, path: str, token: str) -> None:
        super().__init__(daemon=True)
        self.port, self.path, self.token = port, path, token
        self.sock: socket.socket | None = None
        self.ready = threading.Event()
        self.arrivals: list[float] = []
        self.error: str | None = None

    def run(self) -> None:
        try:
            sock = self.sock = socket.create_connection(("127.0.0.1", self.port), timeout=120)
            sock.sendall(f"GET {self.path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {self.token}\r\n"
                         "Accept: text/event-stream\r\n\r\n".encode())
            reader = sock.makefile("rb")
            status = reader.readline()
            if b" 200 " not in status:
                self.error = status.decode(errors="replace").strip()
                self.ready.set()
                return
            for raw in reader:
                line = raw.strip()
                if line == b"event: hello":
                    self.ready.set()
                elif line == b"event: clause":
                    self.arrivals.append(time.perf_counter())
        except OSError as exc:
            self.error = self.error or repr(exc)
            self.ready.set()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--streams", type=int, default=200)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--threads", type=int, default=240, help="gthread threads of the one worker (streams + headroom)")
    parser.add_argument("--port", type=int, default=8791)
    parser.add_argument("--hosts", type=int, default=1, help="gunicorn hosts sharing the streams (the edit goes to the first)")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()

    position_id, uid, pen_token, reader_token = prepare(args.database_url)
    (ROOT / "bench" / "out").mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PLENIPO_ENV": "production", "SECRET_KEY": secrets.token_hex(32), "DATABASE_URL": args.database_url,
           "LIVE_STREAM_SECONDS": "3600"}
    servers, logs, streams = [], [], []
    setup = f"{args.hosts} host(s): gunicorn -w 1 -k gthread --threads {args.threads}"
    try:
        for host in range(args.hosts):
            logs.append(open(ROOT / "bench" / "out" / f"gunicorn-streams-{host}.log", "w"))  # noqa: SIM115
            servers.append(subprocess.Popen(
                [str(ROOT / ".venv/bin/gunicorn"), "--pythonpath", str(ROOT), "-w", "1", "-k", "gthread", "--threads",
                 str(args.threads), "-b", f"127.0.0.1:{args.port + host}", "--timeout", "60", "--graceful-timeout", "2",
                 "bench.wsgi:application"], env=env, stdout=logs[-1], stderr=subprocess.STDOUT, cwd=ROOT))
        bases = [f"http://127.0.0.1:{args.port + host}" for host in range(args.hosts)]
        reader_headers = {"Authorization": f"Bearer {reader_token}"}
        for base in bases:
            for _ in range(150):
                try:
                    if requests.get(base + "/healthz", timeout=2).status_code == 200:
                        break
                except requests.RequestException:
                    time.sleep(0.2)
            requests.get(f"{base}/api/v1/positions/{position_id}", headers=reader_headers, timeout=10)  # warm
        workers = [psutil.Process(server.pid).children()[0] for server in servers]
        rss_before = sum(w.memory_info().rss for w in workers)
        streams = [Stream(args.port + n % args.hosts, f"/positions/{position_id}/stream", reader_token) for n in range(args.streams)]
        opened = time.perf_counter()
        for stream in streams:
            stream.start()
        for stream in streams:
            stream.ready.wait(60)
        failed = [s.error for s in streams if s.error]
        if failed:
            raise SystemExit(f"{len(failed)} streams failed, e.g. {failed[0]}")
        open_seconds = time.perf_counter() - opened
        time.sleep(2)  # each host's listener subscribes (LISTEN) with its first stream
        rss_streams = sum(w.memory_info().rss for w in workers)
        base, headers = bases[0], {"Authorization": f"Bearer {pen_token}"}
        latencies, edit_ms = [], []
        for n in range(args.edits):
            revision = next(c for c in requests.get(f"{base}/api/v1/positions/{position_id}", headers=headers, timeout=10)
                            .json()["clauses"] if c["uid"] == uid)["revision"]
            sent = time.perf_counter()
            response = requests.patch(f"{base}/api/v1/positions/{position_id}/clauses/{uid}", headers=headers, timeout=30,
                                      json={"body": f"Belgium welcomes the assessment ({n}).", "base_revision": revision})
            edit_ms.append((time.perf_counter() - sent) * 1000)
            assert response.status_code == 200, response.text
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and any(len(s.arrivals) <= n for s in streams):
                time.sleep(0.01)
            latencies += [s.arrivals[n] - sent for s in streams if len(s.arrivals) > n]
            time.sleep(0.5)
        delivered = len(latencies)
        result = {
            "setup": setup, "streams": args.streams, "edits": args.edits, "deliveries": delivered,
            "expected": args.streams * args.edits, "open_all_s": round(open_seconds, 2),
            "edit_request_ms_median": round(statistics.median(edit_ms), 1),
            "latency_ms": {"p50": round(percentile(latencies, 0.5) * 1000, 1), "p95": round(percentile(latencies, 0.95) * 1000, 1),
                           "max": round(max(latencies) * 1000, 1)} if latencies else None,
            "worker_rss_mb": {"before": round(rss_before / 2**20, 1), "with_streams": round(rss_streams / 2**20, 1)},
            "kib_per_stream": round((rss_streams - rss_before) / args.streams / 1024, 1),
        }
        result["ok"] = delivered == args.streams * args.edits and result["latency_ms"]["p95"] < 1000
        print(json.dumps(result, indent=2))
        if args.json:
            args.json.write_text(json.dumps(result, indent=2))
    finally:
        for stream in streams:
            if stream.sock is not None:
                stream.sock.close()
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()
        for log in logs:
            log.close()
    sys.exit(0 if result["ok"] else 1)


if __name__ == "__main__":
    main()
