"""A gunicorn worker killed (SIGKILL) in the middle of writes leaves nothing half-written.

Real gunicorn (2 workers) on a PostgreSQL database of the test's own (plenipo_faults_kill); eight
threads post comments, edit clauses, answer a consultation, take versions and fire transitions for a
few seconds while a worker is killed twice. Afterwards every version has all its clauses and its hash,
every comment its event, every clause a linear history, every position the stage of its last
transition, every confirmed write is there exactly once, and the audit chain verifies.
"""

from __future__ import annotations

import json
import os
import random
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

import psutil
import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from bench.load_checks import integrity_problems, ledger_problems
from positions.models import Base
from positions.services import accounts, drafting
from tests.factories import People, position
from tests.faults.support import own_database
from workflows.service import fire_transition

pytestmark = [pytest.mark.postgres, pytest.mark.slow, pytest.mark.timeout(180)]

ROOT = Path(__file__).resolve().parents[2]
RUN_SECONDS = 6


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _seed(url: str) -> dict:
    import positions.models.user as user_module

    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    Base.metadata.create_all(engine)
    with Session(engine, expire_on_commit=False) as session:
        user_module.PASSWORD_METHOD = "pbkdf2:sha256:1000"
        people = People(session)
        consulted = position(session, people.pen, title="Under consultation")
        fire_transition(consulted, "submit", people.pen, deadline=(date.today() + timedelta(days=7)).isoformat())
        review = position(session, people.pen, title="Simple review", workflow_key="simple-review")
        session.commit()
        seed = {
            "consulted": consulted.id, "review": review.id,
            "uids": [d.uid for d in drafting.draft(session, consulted) if d.revision.kind != "heading"],
            "pen": accounts.issue_token(session, people.pen),
            "officials": [accounts.issue_token(session, u) for u in (people.flemish, people.walloon, people.brussels)],
        }
        session.commit()
    engine.dispose()
    return seed


class Client:
    """JSON over HTTP with a bearer token; returns (status, body) and never raises on HTTP or socket errors."""

    def __init__(self, base: str, token: str) -> None:
        self.base, self.token = base, token

    def call(self, method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
        request = urllib.request.Request(self.base + path, method=method, data=json.dumps(body).encode() if body is not None else None,
                                         headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=20) as response:
                return response.status, json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            return error.code, {}
        except (OSError, ValueError):
            return 0, {}  # the worker died under this request


def _official_loop(client: Client, seed: dict, ledger, stop: threading.Event) -> None:
    pos = seed["consulted"]
    while not stop.is_set():
        marker = "lt" + secrets.token_hex(8)
        if random.random() < 0.8:
            status, data = client.call("POST", f"/api/v1/positions/{pos}/clauses/{random.choice(seed['uids'])}/comments",
                                       {"body": f"Load comment {marker}"})
            if status == 201:
                ledger.comments[data["id"]] = marker
        else:
            status, _ = client.call("PUT", f"/api/v1/positions/{pos}/versions/1/consent", {"state": "object", "note": marker})
            if status == 200:
                ledger.consents.append(marker)


def _pen_loop(client: Client, seed: dict, ledger, stop: threading.Event, lock: threading.Lock) -> None:
    pos, review = seed["consulted"], seed["review"]
    stage = "draft"
    while not stop.is_set():
        roll, marker = random.random(), "lt" + secrets.token_hex(8)
        if roll < 0.6:
            status, data = client.call("GET", f"/api/v1/positions/{pos}")
            if status != 200:
                continue
            clause = random.choice([c for c in data["clauses"] if c["kind"] != "heading"])
            words = clause["body"].split()
            words[random.randrange(len(words))] = marker
            status, data = client.call("PATCH", f"/api/v1/positions/{pos}/clauses/{clause['uid']}",
                                       {"base_revision": clause["revision"], "body": " ".join(words)})
            if status == 200 and data["changed"]:
                ledger.edits.append((clause["uid"], data["clause"]["revision"], marker))
        elif roll < 0.8:
            client.call("POST", f"/api/v1/positions/{pos}/versions", {"note": marker})
        else:
            with lock:
                name = "submit" if stage == "draft" else "revise"
                status, data = client.call("POST", f"/api/v1/positions/{review}/transitions/{name}", {"note": marker})
                if status == 200:
                    ledger.transitions.append(marker)
                    stage = data["stage"]
                elif status in (0, 409):  # unknown outcome: read the stage back
                    status, data = client.call("GET", f"/api/v1/positions/{review}")
                    stage = data.get("stage", stage)


def test_killing_workers_mid_write_leaves_nothing_half_written():
    with own_database("plenipo_faults_kill") as url:
        seed = _seed(url)
        port = _free_port()
        env = {**os.environ, "PLENIPO_ENV": "production", "SECRET_KEY": secrets.token_hex(32), "DATABASE_URL": url}
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--pythonpath", str(ROOT), "-w", "2", "-k", "gthread", "--threads", "4",
             "-b", f"127.0.0.1:{port}", "bench.wsgi:application"],
            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 30
            while Client(base, "").call("GET", "/healthz")[0] != 200:
                assert server.poll() is None and time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
            ledger = SimpleNamespace(comments={}, duplicate_comment_ids=[], edits=[], consents=[], transitions=[])
            stop, lock = threading.Event(), threading.Lock()
            threads = [threading.Thread(target=_official_loop, args=(Client(base, t), seed, ledger, stop)) for t in seed["officials"] * 2]
            threads += [threading.Thread(target=_pen_loop, args=(Client(base, seed["pen"]), seed, ledger, stop, lock)) for _ in range(2)]
            for thread in threads:
                thread.start()
            killed = []
            for _ in range(2):
                time.sleep(RUN_SECONDS / 3)
                victim = random.choice(psutil.Process(server.pid).children())
                victim.kill()
                killed.append(victim.pid)
            time.sleep(RUN_SECONDS / 3)
            stop.set()
            for thread in threads:
                thread.join(30)
            assert Client(base, "").call("GET", "/healthz")[0] == 200  # the master replaced the killed workers
            assert len(killed) == 2 and ledger.comments and ledger.edits
        finally:
            server.terminate()
            server.wait(20)
        engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
        with Session(engine) as session:
            assert integrity_problems(session) == []
            assert ledger_problems(session, ledger) == []
        engine.dispose()
