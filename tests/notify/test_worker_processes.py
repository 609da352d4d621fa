"""Two real `plenipo worker --once` processes on one database (SQLite file, and PostgreSQL when configured):
every mail is sent exactly once, and the consultation is closed at its deadline by one worker."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text

from app import create_app
from app.extensions import db
from config import TestConfig, normalise_database_url
from positions.clock import now
from positions.models import Base, Consent, Event, Notification
from positions.services import consultations
from tests.conftest import PG_URL
from tests.factories import People, position, user

PLENIPO = str(Path(sys.executable).with_name("plenipo"))
CONSULTED = ("VL-OMG", "SPW-ARNE", "BXL-ENV")


def _database(backend: str, tmp_path: Path) -> str:
    if backend == "postgresql":
        return PG_URL
    return f"sqlite:///{tmp_path / 'workers.sqlite'}"


def _seed(url: str, backend: str) -> int:
    """A consultation of three administrations with 10 officials each (30 mails); returns the consultation id."""
    config = type("WorkerSeedConfig", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": normalise_database_url(url)})
    app = create_app(config)
    with app.app_context():
        if backend == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
            Base.metadata.create_all(db.engine)
            with db.engine.begin() as conn:
                conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            Base.metadata.create_all(db.engine)
        people = People(db.session)
        for code in CONSULTED:
            for i in range(9):
                user(db.session, "official", code, email=f"o{i}.{code.lower()}@example.be", name=f"Official {i} {code}")
        db.session.commit()
        pos = position(db.session, people.pen)
        consultation = consultations.consult(db.session, people.pen, pos, None, now() + timedelta(days=3))
        db.session.commit()
        ident = consultation.id
        db.session.remove()
        db.engine.dispose()
    return ident


def _workers(url: str, smtp, *extra: str) -> list[subprocess.CompletedProcess]:
    env = {**os.environ, "DATABASE_URL": url, "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(smtp.port), "WORKER_BATCH": "3",
           "PUBLIC_URL": "https://plenipo.example.be", "PLENIPO_ENV": "development"}
    env.pop("TEST_DATABASE_URL", None)
    procs = [subprocess.Popen([PLENIPO, "worker", "--once", *extra], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    done = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err[-2000:]
        done.append(subprocess.CompletedProcess(proc.args, proc.returncode, out, err))
    return done


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.skipif(not PG_URL, reason="needs TEST_DATABASE_URL"))])
def test_two_workers_send_each_mail_exactly_once_and_apply_the_deadline(backend, tmp_path, smtp):
    url = _database(backend, tmp_path)
    consultation_id = _seed(url, backend)
    runs = _workers(url, smtp)
    sent = Counter(str(m["To"]) for m in smtp.messages)
    assert len(sent) == 30 and set(sent.values()) == {1}, sent.most_common(3)
    assert sum(int(r.stdout.split("mails sent ")[1].split(",")[0]) for r in runs) == 30

    # At the deadline, both workers run; silence is recorded once and told once to each person concerned.
    smtp.messages.clear()
    config = type("WorkerCheckConfig", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": normalise_database_url(url)})
    app = create_app(config)
    with app.app_context():
        deadline = db.session.get(consultations.Consultation, consultation_id).deadline
        db.session.remove()
    _workers(url, smtp, "--now", (deadline + timedelta(minutes=1)).isoformat() + "Z")
    told = Counter(str(m["To"]) for m in smtp.messages)
    assert len(told) == 32 and set(told.values()) == {1}  # 30 officials, the pen-holder, the lead asked to approve
    with app.app_context():
        assert {c.state for c in db.session.scalars(select(Consent))} == {"silent"}
        closed = db.session.get(consultations.Consultation, consultation_id)
        assert closed.closed_at is not None and closed.outcome == "consensus"  # closed once, by one worker
        assert len(db.session.scalars(select(Event).where(Event.verb == "consultation.closed")).all()) == 1
        assert db.session.scalar(select(Notification).where(Notification.mail != "sent")) is None
        db.session.remove()
        db.engine.dispose()
