"""Backing up and restoring the whole database, and checking a restored one.

`create_backup` writes a Plenipo backup file (see app.backup_archive) with the backend's own tool:
SQLite's online backup API or pg_dump. `restore_backup` refuses a file that is not a Plenipo backup,
is of the other backend, is corrupt or comes from a newer Plenipo — all before the database is
touched — then asks for confirmation, replaces the data, and `verify_restored` checks the result:
row counts against the manifest, the audit chain (and checkpoints given), the live rows against the
states the chain recorded, and the content hash of every version.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from app import MIGRATIONS_DIR, backup_postgres, backup_sqlite
from app.backup_archive import (
    BACKEND_NAMES,
    BackupError,
    build_manifest,
    extract_payload,
    read_manifest,
    write_archive,
)
from positions.audit import GENESIS
from positions.audit_verify import Checkpoint, verify
from positions.models import Position, Version
from positions.services.versions import snapshots, version_clauses
from positions.text.hashing import content_hash

BACKENDS: dict[str, ModuleType] = {"sqlite": backup_sqlite, "postgresql": backup_postgres}


class RestoreCancelled(BackupError):
    """The user said no: nothing was changed."""


def backend_of(engine: Engine) -> tuple[str, ModuleType]:
    """The backend name of the configured database and the module that backs it up."""
    name = engine.dialect.name
    if name not in BACKENDS:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {name}.")
    return name, BACKENDS[name]


def target_label(engine: Engine) -> str:
    """The configured database as backups name it (file name, or host:port/name), without credentials."""
    return backend_of(engine)[1].label(engine)


def create_backup(engine: Engine, dest: Path, *, force: bool = False) -> dict[str, Any]:
    """Write a consistent backup of the database to dest (never over an existing file unless force)."""
    if dest.exists() and not force:
        raise BackupError(f"{dest} already exists; pass --force to replace it.")
    if dest.is_dir():
        raise BackupError(f"{dest} is a directory; give a file name.")
    name, module = backend_of(engine)
    with tempfile.TemporaryDirectory(prefix="plenipo-backup-") as work:
        payload, facts, tool = module.snapshot(engine, Path(work))
        manifest = build_manifest(name, payload, facts, module.label(engine), tool)
        write_archive(dest, payload, manifest, force=force, compress=name == "sqlite")
    return manifest


def known_revisions() -> tuple[set[str], set[str]]:
    """Every migration revision this code knows, and the heads among them."""
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory(MIGRATIONS_DIR)
    return {rev.revision for rev in scripts.walk_revisions()}, set(scripts.get_heads())


def check_compatible(manifest: dict[str, Any], backend: str) -> None:
    """Refuse a backup of the other backend, or one whose schema this code does not know."""
    if manifest["backend"] != backend:
        raise BackupError(f"This is a {BACKEND_NAMES[manifest['backend']]} backup, but the configured database is "
                          f"{BACKEND_NAMES[backend]}: restore it into a {BACKEND_NAMES[manifest['backend']]} database.")
    revision = manifest.get("revision")
    if revision and revision not in known_revisions()[0]:
        raise BackupError(f"The backup's schema revision {revision} is unknown to this version of Plenipo "
                          "(it was made by a newer one): upgrade Plenipo before restoring it.")


def restore_backup(engine: Engine, session: Session, path: Path, confirm: Callable[[dict[str, Any]], bool],
                   checkpoints: list[Checkpoint] | None = None) -> tuple[dict[str, Any], list[Check]]:
    """Check the backup, ask confirm(manifest), replace the database with it and verify the result (and checkpoints)."""
    name, module = backend_of(engine)
    manifest = read_manifest(path)
    check_compatible(manifest, name)
    with tempfile.TemporaryDirectory(prefix="plenipo-restore-") as work:
        prepared = module.prepare(extract_payload(path, manifest, Path(work)), Path(work))
        if not confirm(manifest):
            raise RestoreCancelled("Restore cancelled; the database was not changed.")
        session.rollback()
        session.close()
        module.apply(engine, prepared)
    engine.dispose()
    return manifest, verify_restored(session, manifest, checkpoints)


@dataclass(frozen=True)
class Check:
    """One verification of a restored database."""

    name: str
    ok: bool
    detail: str


def verify_restored(session: Session, manifest: dict[str, Any], checkpoints: list[Checkpoint] | None = None) -> list[Check]:
    """Compare the restored database with the manifest; verify the audit chain (and checkpoints), the live
    rows against the states it recorded, and every version's hash."""
    checks = [_check_counts(session, manifest)]
    try:
        checks += [*_check_audit(session, manifest, checkpoints or []), _check_version_hashes(session)]
    except Exception as error:  # a schema the models do not match: say so rather than crash
        session.rollback()
        checks.append(Check("readable by this Plenipo", False, f"{type(error).__name__}: {error}"))
    revision, heads = manifest.get("revision"), known_revisions()[1]
    if revision and revision not in heads:
        checks.append(Check("schema revision", True, f"{revision} is older than this code's {', '.join(sorted(heads))}: "
                                                     "run `plenipo db upgrade`."))
    return checks


def _check_counts(session: Session, manifest: dict[str, Any]) -> Check:
    expected: dict[str, int] = manifest.get("counts") or {}
    wrong = []
    for table, count in sorted(expected.items()):
        actual = session.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one()
        if actual != count:
            wrong.append(f"{table}: {actual:,} rows, backup had {count:,}")
    session.rollback()
    detail = "; ".join(wrong) if wrong else f"{len(expected)} tables, {sum(expected.values()):,} rows as in the backup"
    return Check("row counts", not wrong, detail)


def _check_audit(session: Session, manifest: dict[str, Any], checkpoints: list[Checkpoint]) -> list[Check]:
    """The chain, the checkpoints and the backup's last event; then the live rows against the chain."""
    report = verify(session, checkpoints)
    session.rollback()
    if report.broken_at is not None or report.checkpoint_problems:
        problems = [f"broken at event {report.broken_at}: {report.reason}"] if report.broken_at is not None else []
        problems += [f"checkpoint failed: {problem}" for problem in report.checkpoint_problems]
        chain = Check("audit chain", False, "; ".join(problems))
    elif report.head != (manifest.get("audit_head") or GENESIS):
        chain = Check("audit chain", False, "intact, but its last event is not the backup's last event")
    else:
        matched = f", {len(checkpoints)} checkpoint(s) matched" if checkpoints else ""
        chain = Check("audit chain", True, f"{report.events:,} events verified{matched}")
    states = Check("audited states", not report.findings, " ".join(report.state_lines(limit=5)))
    return [chain, states]


def _check_version_hashes(session: Session) -> Check:
    """Recompute every version's content hash from its stored clause revisions."""
    wrong = []
    all_versions = session.scalars(select(Version).order_by(Version.id)).all()
    for version in all_versions:
        clauses = version_clauses(session, version)
        if content_hash(snapshots([(d.uid, d.revision) for d in clauses])) != version.content_hash:
            position = session.scalar(select(Position.title).where(Position.id == version.position_id))
            wrong.append(f"v{version.number} of position {version.position_id} ({position})")
    session.rollback()
    if wrong:
        return Check("version content hashes", False,
                     f"{len(wrong)} of {len(all_versions)} do not match: {', '.join(wrong[:5])}")
    return Check("version content hashes", True, f"{len(all_versions):,} versions match their content hash")
