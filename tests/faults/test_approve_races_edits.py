"""The lead's approval racing the pen-holder's edits: a final text is always exactly the approved version.

Two app processes (two gunicorn masters, two workers each, as two hosts would be) share one database.
For each of many positions waiting in "Brief review" with the version approved by the lead, the lead
fires `approve` on one host while the pen-holder saves clause edits on the other, a few milliseconds
apart. Whatever order the database puts them in, every position that ended `final` must hold a draft
whose content hash is the approved version's, and no edit may be accepted after the freeze.
PostgreSQL: row locks (FOR NO KEY UPDATE) taken by every writer; SQLite: immediate write transactions.
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
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from positions.models import Approval, Base, Event, Position, Version
from positions.services import accounts, approvals, drafting, versions
from tests.factories import People, position
from tests.faults.support import own_database
from workflows.service import fire_transition

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]

ROOT = Path(__file__).resolve().parents[2]
CLAUSES = [("line_to_take", "", f"Belgium supports option {n} of the draft decision.") for n in range(1, 4)]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _engine(url: str):
    return create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))


def _seed(url: str, count: int) -> dict:
    """`count` positions in Brief review, their newest version approved by the lead; tokens for both."""
    import positions.models.user as user_module

    engine = _engine(url)
    Base.metadata.create_all(engine)
    user_module.PASSWORD_METHOD = "pbkdf2:sha256:1000"
    deadline = (date.today() + timedelta(days=7)).isoformat()
    with Session(engine, expire_on_commit=False) as session:
        people = People(session)
        ids = []
        for n in range(count):
            pos = position(session, people.pen, clauses=CLAUSES, title=f"Brief {n}")
            pos.stage = "brief_draft"  # the Belgian and EU phases are not what this test is about
            fire_transition(pos, "submit", people.pen, deadline=deadline)
            approvals.decide(session, people.lead, pos, versions.get_version(session, pos, 1), "approve")
            session.commit()
            ids.append(pos.id)
        seed = {"positions": ids, "lead": accounts.issue_token(session, people.lead), "pen": accounts.issue_token(session, people.pen)}
        session.commit()
    engine.dispose()
    return seed


def _call(base: str, token: str, method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(base + path, method=method, data=json.dumps(body or {}).encode(),
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def _start(url: str, env_extra: dict) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = {**os.environ, "PLENIPO_ENV": "production", "SECRET_KEY": secrets.token_hex(32), "DATABASE_URL": url, **env_extra}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--pythonpath", str(ROOT), "-w", "2", "-b", f"127.0.0.1:{port}", "bench.wsgi:application"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2):
                return server, base
        except OSError:
            assert server.poll() is None and time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.2)


def _race(hosts: list[str], seed: dict, position_id: int, uids: dict[int, list[tuple[str, int]]]) -> dict:
    """Fire approve on one host while three edits go to the other, released together."""
    lead_host, pen_host = random.sample(hosts, 2)
    start = threading.Barrier(2)
    outcome = {"approve": None, "edits": []}

    def approve():
        start.wait(10)
        time.sleep(random.uniform(0, 0.012))
        outcome["approve"] = _call(lead_host, seed["lead"], "POST", f"/api/v1/positions/{position_id}/transitions/approve")[0]

    def edit():
        start.wait(10)
        for uid, revision in uids[position_id]:
            time.sleep(random.uniform(0, 0.006))
            status, _ = _call(pen_host, seed["pen"], "PATCH", f"/api/v1/positions/{position_id}/clauses/{uid}",
                              {"base_revision": revision, "body": f"Belgium supports option {secrets.token_hex(3)}."})
            outcome["edits"].append(status)

    threads = [threading.Thread(target=approve), threading.Thread(target=edit)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcome


def _run(url: str, count: int) -> None:
    seed = _seed(url, count)
    engine = _engine(url)
    with Session(engine) as session:
        uids = {p: [(d.uid, d.revision.id) for d in drafting.draft(session, session.get(Position, p))] for p in seed["positions"]}
    servers = [_start(url, {}) for _ in range(2)]
    try:
        hosts = [base for _, base in servers]
        with ThreadPoolExecutor(4) as pool:
            outcomes = list(pool.map(lambda p: _race(hosts, seed, p, uids), seed["positions"]))
    finally:
        for server, _ in servers:
            server.terminate()
            server.wait(20)
    with Session(engine) as session:
        finals = session.scalars(select(Position).where(Position.stage == "final")).all()
        differing = [p.id for p in finals if _draft_hash(session, p) != _approved_hash(session, p)]
        late_edits = _edits_after_freeze(session)
    engine.dispose()
    approved = sum(1 for o in outcomes if o["approve"] == 200)
    accepted = sum(s == 200 for o in outcomes for s in o["edits"])
    print(f"\n{count} races: {approved} approved (final), {accepted} of {3 * count} edits accepted, "
          f"{len(differing)} final texts differ from the approved version")
    assert {o["approve"] for o in outcomes} <= {200, 409}, outcomes
    assert {s for o in outcomes for s in o["edits"]} <= {200, 409}, outcomes
    assert differing == [], f"{len(differing)} final positions hold a text the lead did not approve"
    assert late_edits == [], f"edits recorded after the freeze: {late_edits[:5]}"
    assert len(finals) == approved and approved > 0 and accepted > 0, (approved, accepted)


def _draft_hash(session: Session, pos: Position) -> str:
    return versions.draft_hash(drafting.draft(session, pos))


def _approved_hash(session: Session, pos: Position) -> str | None:
    """The content hash the lead last approved on this position."""
    return session.scalar(
        select(Approval.content_hash).join(Version, Version.id == Approval.version_id)
        .where(Version.position_id == pos.id, Approval.decision == "approve").order_by(Approval.id.desc()).limit(1)
    )


def _edits_after_freeze(session: Session) -> list[int]:
    """Positions whose audit log has a clause change after the transition into `final`."""
    late = []
    for position_id in session.scalars(select(Position.id).where(Position.stage == "final")):
        verbs = [(e.verb, e.data) for e in session.scalars(select(Event).where(Event.position_id == position_id).order_by(Event.id))]
        frozen_at = next((i for i, (verb, data) in enumerate(verbs) if verb == "transition.fired" and data.get("to") == "final"), None)
        if frozen_at is not None and any(verb.startswith("clause.") for verb, _ in verbs[frozen_at:]):
            late.append(position_id)
    return late


@pytest.mark.postgres
def test_approve_racing_edits_on_postgresql_never_freezes_an_unapproved_text():
    with own_database("plenipo_faults_approve_race") as url:
        _run(url, 100)


def test_approve_racing_edits_on_sqlite_never_freezes_an_unapproved_text(tmp_path):
    _run(f"sqlite:///{tmp_path / 'race.sqlite'}", 40)
