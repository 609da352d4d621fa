"""`plenipo backup` and `plenipo restore` on a file SQLite database and, when configured, PostgreSQL.

PostgreSQL runs use a database of their own (plenipo_backup, or TEST_BACKUP_DATABASE) on TEST_DATABASE_URL's
server, created and dropped here: a restore replaces a whole schema, which must never be the shared `test` one.
"""

from __future__ import annotations

import json
import os
import threading
import zipfile
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app import create_app
from app.backup import known_revisions
from app.backup_archive import BackupError, read_manifest
from app.extensions import db
from config import TestConfig, normalise_database_url
from positions.audit import verify_chain
from positions.models import Comment, Position, User, Version
from positions.services import comments, drafting, editing, versions
from positions.text.hashing import content_hash
from tests.conftest import BACKENDS, PG_URL
from tests.factories import People, position

PG_DATABASE = os.environ.get("TEST_BACKUP_DATABASE", "plenipo_backup")


def _pg_admin(*statements: str) -> None:
    engine = create_engine(make_url(normalise_database_url(PG_URL)), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        for statement in statements:
            conn.execute(text(statement))
    engine.dispose()


def _make_app(url: str):
    return create_app(type("BackupTestConfig", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": url}))


@pytest.fixture(params=BACKENDS)
def live(request, tmp_path):
    """An app on a real database (a SQLite file, or plenipo_backup) migrated to head, with people and a position."""
    if request.param == "postgresql":
        _pg_admin(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)", f"CREATE DATABASE {PG_DATABASE}")
        url = make_url(normalise_database_url(PG_URL)).set(database=PG_DATABASE).render_as_string(hide_password=False)
    else:
        url = f"sqlite:///{tmp_path / 'live.sqlite'}"
    app = _make_app(url)
    with app.app_context():
        upgrade()
        people = People(db.session)
        pos = position(db.session, people.pen)
        versions.take_version(db.session, people.pen, pos, "first")
        comments.post_comment(db.session, people.flemish, pos, drafting.draft(db.session, pos)[1].uid,
                              kind="comment", body="Fine by Flanders.")
        db.session.commit()
        app.config["backend"] = request.param
        app.config["ids"] = {"position": pos.id, "pen": people.pen.id, "flemish": people.flemish.id}
        yield app
        db.session.remove()
        db.engine.dispose()
    if request.param == "postgresql":
        _pg_admin(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")


def state() -> dict:
    """Everything a restore could change: every table's row count, the audit chain's head, the clause texts."""
    session = db.session
    counts = {t.name: session.execute(text(f'SELECT count(*) FROM "{t.name}"')).scalar_one() for t in db.metadata.sorted_tables}
    head = session.execute(text('SELECT hash FROM "event" ORDER BY id DESC LIMIT 1')).scalar()
    bodies = sorted(session.execute(text("SELECT body FROM clause_revision")).scalars())
    session.rollback()
    return {"counts": counts, "head": head, "bodies": bodies}


def change_everything(app) -> None:
    """Add a comment, edit a clause and take a version."""
    ids, session = app.config["ids"], db.session
    pos = session.get(Position, ids["position"])
    pen, flemish = session.get(User, ids["pen"]), session.get(User, ids["flemish"])
    draft = drafting.draft(session, pos)
    comments.post_comment(session, flemish, pos, draft[2].uid, kind="question", body="Which drivers?")
    editing.edit_clause(session, pen, pos, draft[1].uid, base_revision=draft[1].revision.id,
                        body="Belgium warmly thanks the Executive Secretary.")
    versions.take_version(session, pen, pos, "second")
    session.commit()


def assert_sound() -> None:
    """The audit chain verifies and every version's content hash matches its stored clauses."""
    assert verify_chain(db.session).ok
    for version in db.session.scalars(db.select(Version)):
        snapshot = versions.snapshots([(d.uid, d.revision) for d in versions.version_clauses(db.session, version)])
        assert content_hash(snapshot) == version.content_hash


def test_backup_change_restore_brings_the_data_back(live, tmp_path):
    runner, file = live.test_cli_runner(), tmp_path / "plenipo.backup"
    before = state()
    made = runner.invoke(args=["backup", str(file)])
    assert made.exit_code == 0, made.output
    manifest = read_manifest(file)
    assert manifest["backend"] == live.config["backend"]
    assert manifest["revision"] in known_revisions()[1]
    assert manifest["counts"]["comment"] == 1 and manifest["counts"]["version"] == 1
    assert manifest["audit_head"] == before["head"]

    change_everything(live)
    changed = state()
    assert changed["counts"]["comment"] == 2 and changed["counts"]["version"] == 2 and changed != before

    restored = runner.invoke(args=["restore", "--yes", str(file)])
    assert restored.exit_code == 0, restored.output
    assert "All checks passed." in restored.output
    assert "audit chain" in restored.output and "version content hashes" in restored.output
    assert state() == before
    assert "Which drivers?" not in [c.body for c in db.session.scalars(db.select(Comment))]
    assert_sound()

    change_everything(live)  # sequences were restored too: new rows get fresh ids
    assert state()["counts"]["version"] == 2
    assert_sound()


def test_restore_asks_before_replacing(live, tmp_path):
    runner, file = live.test_cli_runner(), tmp_path / "plenipo.backup"
    assert runner.invoke(args=["backup", str(file)]).exit_code == 0
    change_everything(live)
    changed = state()
    declined = runner.invoke(args=["restore", str(file)], input="n\n")
    assert declined.exit_code == 1 and "Restore cancelled; the database was not changed." in declined.output
    assert "Continue?" in declined.output and "1 versions" in declined.output
    assert state() == changed
    accepted = runner.invoke(args=["restore", str(file)], input="y\n")
    assert accepted.exit_code == 0, accepted.output
    assert state()["counts"]["version"] == 1


def _rewrite(source: Path, dest: Path, *, manifest_changes: dict | None = None, flip_payload_byte: bool = False) -> None:
    """Copy a backup, changing its manifest or one byte of its dump."""
    with zipfile.ZipFile(source) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        payload = bytearray(archive.read(manifest["payload"]["name"]))
    if flip_payload_byte:
        payload[len(payload) // 2] ^= 0xFF
    manifest.update(manifest_changes or {})
    with zipfile.ZipFile(dest, "w") as archive:
        archive.writestr("manifest.json", json.dumps(manifest))
        archive.writestr(manifest["payload"]["name"], bytes(payload))


def test_bad_files_are_refused_and_the_database_is_untouched(live, tmp_path):
    runner, good = live.test_cli_runner(), tmp_path / "good.backup"
    assert runner.invoke(args=["backup", str(good)]).exit_code == 0
    change_everything(live)
    changed = state()
    other = "sqlite" if live.config["backend"] == "postgresql" else "postgresql"
    data, not_ours = good.read_bytes(), "is not a Plenipo backup (or it is truncated or corrupt)"
    cases = {"random.bin": "is not a Plenipo backup", "truncated.backup": not_ours, "empty.backup": not_ours,
             "other.zip": not_ours, "flipped.backup": "is corrupt or truncated: the dump's sha256 does not match",
             "other-backend.backup": "but the configured database is",
             "newer.backup": "unknown to this version of Plenipo", "future-format.backup": "reads format 1 only"}
    (tmp_path / "random.bin").write_bytes(os.urandom(50_000))
    (tmp_path / "truncated.backup").write_bytes(data[: len(data) // 2])
    (tmp_path / "empty.backup").write_bytes(b"")
    with zipfile.ZipFile(tmp_path / "other.zip", "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    _rewrite(good, tmp_path / "flipped.backup", flip_payload_byte=True)
    _rewrite(good, tmp_path / "other-backend.backup", manifest_changes={"backend": other})
    _rewrite(good, tmp_path / "newer.backup", manifest_changes={"revision": "ffffffffffff"})
    _rewrite(good, tmp_path / "future-format.backup", manifest_changes={"format_version": 99})
    for name, message in cases.items():
        result = runner.invoke(args=["restore", "--yes", str(tmp_path / name)])
        assert result.exit_code == 1, (name, result.output)
        assert message in result.output, (name, result.output)
        assert "Traceback" not in result.output
        assert state() == changed, name


@pytest.mark.skipif(not PG_URL, reason="needs TEST_DATABASE_URL (PostgreSQL)")
def test_a_real_backup_of_the_other_backend_is_refused(live, tmp_path):
    if live.config["backend"] != "postgresql":
        pytest.skip("run once, from the PostgreSQL side")
    other_app = _make_app(f"sqlite:///{tmp_path / 'other.sqlite'}")
    with other_app.app_context():
        upgrade()
        assert other_app.test_cli_runner().invoke(args=["backup", str(tmp_path / "sqlite.backup")]).exit_code == 0
        db.session.remove()
        db.engine.dispose()
    runner = live.test_cli_runner()
    assert runner.invoke(args=["backup", str(tmp_path / "pg.backup")]).exit_code == 0
    before = state()
    refused = runner.invoke(args=["restore", "--yes", str(tmp_path / "sqlite.backup")])
    assert refused.exit_code == 1 and "This is a SQLite backup, but the configured database is PostgreSQL" in refused.output
    assert state() == before
    with other_app.app_context():
        refused = other_app.test_cli_runner().invoke(args=["restore", "--yes", str(tmp_path / "pg.backup")])
        assert refused.exit_code == 1 and "This is a PostgreSQL backup, but the configured database is SQLite" in refused.output
        db.session.remove()
        db.engine.dispose()


def test_an_existing_file_is_kept_unless_forced(live, tmp_path):
    runner, file = live.test_cli_runner(), tmp_path / "plenipo.backup"
    file.write_text("keep me")
    refused = runner.invoke(args=["backup", str(file)])
    assert refused.exit_code == 1 and "already exists; pass --force to replace it" in refused.output
    assert file.read_text() == "keep me"
    forced = runner.invoke(args=["backup", "--force", str(file)])
    assert forced.exit_code == 0, forced.output
    assert read_manifest(file)["backend"] == live.config["backend"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no temp file left behind
    assert (file.stat().st_mode & 0o077) == 0  # backups hold password hashes: owner-only


def test_a_backup_taken_while_the_app_writes_is_consistent(live, tmp_path):
    """Comments keep arriving from another thread during the backup; the restored copy still verifies."""
    stop, started, errors, ids = threading.Event(), threading.Event(), [], live.config["ids"]
    posted = []

    def keep_commenting():
        with live.app_context():
            pos, official = db.session.get(Position, ids["position"]), db.session.get(User, ids["flemish"])
            uid = drafting.draft(db.session, pos)[1].uid
            while not stop.is_set():
                try:
                    comments.post_comment(db.session, official, pos, uid, kind="comment", body="Still here.")
                    db.session.commit()
                    posted.append(1)
                    started.set()
                except Exception as error:  # noqa: BLE001 - SQLite may be busy for a moment; count it
                    db.session.rollback()
                    errors.append(error)
            db.session.remove()

    writer = threading.Thread(target=keep_commenting)
    writer.start()
    assert started.wait(30), errors
    try:
        made = live.test_cli_runner().invoke(args=["backup", str(tmp_path / "busy.backup")])
    finally:
        stop.set()
        writer.join()
    assert made.exit_code == 0, made.output
    assert len(posted) > 1
    restored = live.test_cli_runner().invoke(args=["restore", "--yes", str(tmp_path / "busy.backup")])
    assert restored.exit_code == 0 and "All checks passed." in restored.output, restored.output
    assert state()["counts"]["comment"] == read_manifest(tmp_path / "busy.backup")["counts"]["comment"]


def test_verification_failure_exits_non_zero(live, tmp_path):
    db.session.execute(text("UPDATE version SET content_hash = :h"), {"h": "0" * 64})
    db.session.commit()
    runner, file = live.test_cli_runner(), tmp_path / "tampered.backup"
    assert runner.invoke(args=["backup", str(file)]).exit_code == 0
    restored = runner.invoke(args=["restore", "--yes", str(file)])
    assert restored.exit_code == 1
    assert "FAILED  version content hashes: 1 of 1 do not match" in restored.output
    assert "FAILED  audited states: version 1 (v1 of position 1) differs from what event" in restored.output
    assert "failed verification (audited states, version content hashes)" in restored.output


def test_in_memory_sqlite_cannot_be_backed_up(tmp_path):
    app = _make_app("sqlite://")
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "x.backup")])
        assert result.exit_code == 1 and "in-memory SQLite database" in result.output
        assert not (tmp_path / "x.backup").exists()


def test_postgres_tools_missing_or_failing_and_password_handling(monkeypatch, tmp_path):
    from app import backup_postgres

    engine = create_engine("postgresql+psycopg://plenipo:s3cr%40t@db.example:6543/plenipo?sslmode=require")
    conninfo, env = backup_postgres.connection(engine)
    assert "s3cr" not in conninfo and conninfo == "postgresql://plenipo@db.example:6543/plenipo?sslmode=require"
    assert env["PGPASSWORD"] == "s3cr@t"
    assert backup_postgres.label(engine) == "db.example:6543/plenipo"
    if backup_postgres.shutil.which("pg_restore"):
        junk = tmp_path / "junk.pgdump"
        junk.write_bytes(os.urandom(1000))
        with pytest.raises(BackupError, match=r"pg_restore failed \(exit status 1\):\n.*input file"):
            backup_postgres.prepare(junk, tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(BackupError, match="pg_dump was not found on PATH: install the PostgreSQL client tools"):
        backup_postgres.snapshot(engine, tmp_path)
    engine.dispose()


@pytest.mark.skipif(not PG_URL, reason="needs TEST_DATABASE_URL (PostgreSQL)")
def test_a_failing_postgres_restore_changes_nothing(live, tmp_path):
    if live.config["backend"] != "postgresql":
        pytest.skip("PostgreSQL only")
    from app import backup_postgres

    before = state()
    script = tmp_path / "broken.sql"
    script.write_text("CREATE SCHEMA public;\nCREATE TABLE half_done (id int);\nSELECT 1 / 0;\n")
    db.session.close()
    with pytest.raises(BackupError, match=r"(?s)psql failed \(exit status 3\):\n.*ERROR:  division by zero"):
        backup_postgres.apply(db.engine, script)
    assert state() == before

