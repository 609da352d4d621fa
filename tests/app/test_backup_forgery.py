"""Restoring a forged backup: a flipped consent, a rewritten chain, a shorter chain; checkpoints given to `restore`."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app.backup_archive import build_manifest, database_facts
from app.backup_sqlite import TABLES_SQL
from app.extensions import db
from positions.clock import now
from positions.models import Consent, Event, Position, User
from positions.services import consultations, versions

from .audit_support import flip_consent_and_cover_it, sql
from .test_backup import change_everything, live  # noqa: F401  (the fixture)


def consult(app) -> int:
    """Open a consultation on v1 and let Flanders agree; return the consent's id."""
    ids, session = app.config["ids"], db.session
    pos = session.get(Position, ids["position"])
    v1 = versions.get_version(session, pos, 1)
    consultations.open_consultation(session, session.get(User, ids["pen"]), pos, v1, now() + timedelta(days=30))
    consent = consultations.answer(session, session.get(User, ids["flemish"]), pos, v1, "agree")
    session.commit()
    return consent.id


def checkpoint(app) -> str:
    result = app.test_cli_runner().invoke(args=["audit", "checkpoint"])
    assert result.exit_code == 0, result.output
    return result.output.split()[1]


def restore(app, file: Path, *checkpoints: str):
    args = ["restore", "--yes", str(file)] + [arg for c in checkpoints for arg in ("--checkpoint", c)]
    return app.test_cli_runner().invoke(args=args)


def forge_sqlite_backup(source: Path, dest: Path, statement: str) -> None:
    """Change the dump inside a SQLite backup and write a new manifest that matches it."""
    work = dest.parent / "forging"
    work.mkdir()
    with zipfile.ZipFile(source) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        payload = work / manifest["payload"]["name"]
        payload.write_bytes(archive.read(manifest["payload"]["name"]))
    with closing(sqlite3.connect(payload)) as conn:
        conn.execute(statement)
        conn.commit()
        facts = database_facts(lambda q: conn.execute(q).fetchall(), TABLES_SQL)
    forged = build_manifest("sqlite", payload, facts, manifest["database"], manifest["tool"])
    with zipfile.ZipFile(dest, "w") as archive:
        archive.writestr("manifest.json", json.dumps(forged))
        archive.write(payload, payload.name)


def test_a_forged_sqlite_backup_with_a_recomputed_manifest_fails(live, tmp_path):  # noqa: F811
    if live.config["backend"] != "sqlite":
        pytest.skip("rewrites a SQLite dump; the PostgreSQL case is the next test")
    consent = consult(live)
    good, forged = tmp_path / "good.backup", tmp_path / "forged.backup"
    assert live.test_cli_runner().invoke(args=["backup", str(good)]).exit_code == 0
    forge_sqlite_backup(good, forged, f"UPDATE consent SET state = 'object', note = 'We never agreed.' WHERE id = {consent}")
    result = restore(live, forged)
    assert result.exit_code == 1
    assert "ok      row counts" in result.output and "ok      audit chain" in result.output
    assert (f"FAILED  audited states: consent {consent} (VL-OMG on v1 of position {live.config['ids']['position']}) "
            "differs from what event") in result.output
    assert "All checks passed." not in result.output and "failed verification (audited states)" in result.output
    assert db.session.get(Consent, consent).state == "object"  # restored as asked, and reported


def test_a_backup_of_a_tampered_database_fails(live, tmp_path):  # noqa: F811
    consent = consult(live)
    sql(db.session, "UPDATE consent SET state = 'object', note = 'We never agreed.' WHERE id = :id", id=consent)
    file = tmp_path / "tampered.backup"
    assert live.test_cli_runner().invoke(args=["backup", str(file)]).exit_code == 0  # its manifest is made honestly
    result = restore(live, file)
    assert result.exit_code == 1
    answered = db.session.scalar(select(Event.id).where(Event.verb == "consent.given"))
    assert (f"FAILED  audited states: consent {consent} (VL-OMG on v1 of position {live.config['ids']['position']}) "
            f"differs from what event {answered} recorded.") in result.output


def test_a_rewritten_chain_in_a_backup_is_caught_by_a_checkpoint(live, tmp_path):  # noqa: F811
    consent = consult(live)
    kept = checkpoint(live)
    answered = db.session.scalar(select(Event.id).where(Event.verb == "consent.given"))
    flip_consent_and_cover_it(db.session, consent, answered)
    file = tmp_path / "rewritten.backup"
    assert live.test_cli_runner().invoke(args=["backup", str(file)]).exit_code == 0
    unaware = restore(live, file)
    assert unaware.exit_code == 0 and "All checks passed." in unaware.output  # self-consistent: why checkpoints are kept
    result = restore(live, file, kept)
    assert result.exit_code == 1
    assert f"FAILED  audit chain: checkpoint failed: event number {kept.split(':')[0]} (id " in result.output
    assert "the chain was rewritten at or before that event" in result.output
    assert "failed verification (audit chain)" in result.output


def test_a_shorter_chain_is_caught_and_a_matching_checkpoint_passes(live, tmp_path):  # noqa: F811
    file = tmp_path / "plenipo.backup"
    at_backup = checkpoint(live)
    assert live.test_cli_runner().invoke(args=["backup", str(file)]).exit_code == 0
    change_everything(live)
    later = checkpoint(live)
    shorter = restore(live, file, later)
    assert shorter.exit_code == 1
    assert (f"FAILED  audit chain: checkpoint failed: the chain has {at_backup.split(':')[0]} events, but checkpoint {later} "
            f"was taken at event number {later.split(':')[0]}: events were removed from the end") in shorter.output
    matching = restore(live, file, at_backup)
    assert matching.exit_code == 0, matching.output
    assert f"ok      audit chain: {at_backup.split(':')[0]} events verified, 1 checkpoint(s) matched" in matching.output
    assert "ok      audited states: Live data matches the chain" in matching.output and "All checks passed." in matching.output
