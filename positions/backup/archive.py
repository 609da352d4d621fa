"""The Plenipo backup file: a zip archive holding a manifest and the database dump.

The manifest says what the backup is (backend, schema revision, when, row counts, the audit chain's
last hash) and carries the dump's size and sha256, so a restore can refuse a file that is not a
Plenipo backup, one of the other backend, or one that is corrupt or truncated — before it touches
the database.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

FORMAT = "plenipo-backup"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
ARCHIVE_COMMENT = b"Plenipo backup, format 1: manifest.json describes the dump beside it."
BACKEND_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
_CHUNK = 1 << 20


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


def database_facts(rows: Callable[[str], Iterable[tuple]], table_names_sql: str) -> dict[str, Any]:
    """Schema revision, row count of every table and the audit chain's last hash, read through `rows`."""
    tables = sorted(name for (name,) in rows(table_names_sql))
    counts = {name: int(next(iter(rows(f'SELECT count(*) FROM "{name}"')))[0]) for name in tables}
    revision = None
    if "alembic_version" in tables:
        revision = next((r for (r,) in rows("SELECT version_num FROM alembic_version")), None)
    audit_head = None
    if "event" in tables:
        audit_head = next((h for (h,) in rows('SELECT hash FROM "event" ORDER BY id DESC LIMIT 1')), None)
    counts.pop("alembic_version", None)
    return {"revision": revision, "counts": counts, "audit_head": audit_head}


def file_sha256(path: Path) -> str:
    """The sha256 hex digest of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def build_manifest(backend: str, payload: Path, facts: dict[str, Any], database: str, tool: str | None) -> dict[str, Any]:
    """The manifest for a dump just taken."""
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "backend": backend,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": database,
        "tool": tool,
        "payload": {"name": payload.name, "bytes": payload.stat().st_size, "sha256": file_sha256(payload)},
        **facts,
    }


def write_archive(dest: Path, payload: Path, manifest: dict[str, Any], *, force: bool, compress: bool) -> None:
    """Write the archive to a temporary file beside dest, flush it to disk, then rename it into place."""
    if dest.exists() and not force:
        raise BackupError(f"{dest} already exists; pass --force to replace it.")
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as raw:
            with zipfile.ZipFile(raw, "w") as archive:
                archive.comment = ARCHIVE_COMMENT
                archive.writestr(MANIFEST_NAME, json.dumps(manifest, indent=2, sort_keys=True))
                archive.write(payload, manifest["payload"]["name"],
                              compress_type=zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED)
            raw.flush()
            os.fsync(raw.fileno())
        if dest.exists() and not force:
            raise BackupError(f"{dest} appeared while the backup was being written; pass --force to replace it.")
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)


_UNREADABLE = (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, ValueError, EOFError, zlib.error,
               NotImplementedError, UnicodeDecodeError, OSError)


def read_manifest(path: Path) -> dict[str, Any]:
    """The manifest of a backup file; refuses anything that is not a readable Plenipo backup."""
    not_ours = f"{path} is not a Plenipo backup"
    try:
        with zipfile.ZipFile(path) as archive:
            manifest = json.loads(archive.read(MANIFEST_NAME).decode("utf-8"))
    except _UNREADABLE as error:
        raise BackupError(f"{not_ours} (or it is truncated or corrupt): {error}.") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{not_ours}: its manifest does not say '{FORMAT}'.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(f"{path} is a Plenipo backup of format {manifest.get('format_version')!r}; "
                          f"this Plenipo reads format {FORMAT_VERSION} only.")
    payload = manifest.get("payload")
    if manifest.get("backend") not in BACKEND_NAMES or not isinstance(payload, dict) or not payload.get("sha256"):
        raise BackupError(f"{not_ours}: its manifest is incomplete.")
    return manifest


def extract_payload(path: Path, manifest: dict[str, Any], work: Path) -> Path:
    """Extract the dump into work, checking its size and sha256 against the manifest."""
    expected = manifest["payload"]
    corrupt = f"{path} is corrupt or truncated"
    target = work / Path(str(expected["name"])).name
    digest, size = hashlib.sha256(), 0
    try:
        with zipfile.ZipFile(path) as archive:
            if archive.getinfo(str(expected["name"])).file_size != expected["bytes"]:
                raise BackupError(f"{corrupt}: the dump's size does not match its manifest.")
            with archive.open(str(expected["name"])) as src, target.open("wb") as out:
                while chunk := src.read(_CHUNK):
                    size += len(chunk)
                    if size > expected["bytes"]:
                        raise BackupError(f"{corrupt}: the dump is larger than its manifest says.")
                    digest.update(chunk)
                    out.write(chunk)
    except _UNREADABLE as error:
        raise BackupError(f"{corrupt}: {error}.") from error
    if size != expected["bytes"] or digest.hexdigest() != expected["sha256"]:
        raise BackupError(f"{corrupt}: the dump's sha256 does not match its manifest.")
    return target


def describe(manifest: dict[str, Any]) -> str:
    """One line about a backup: backend, when, revision, what it holds."""
    counts = manifest.get("counts") or {}
    held = ", ".join(f"{counts.get(t, 0):,} {label}" for t, label in
                     (("position", "positions"), ("version", "versions"), ("comment", "comments"), ("event", "audit events")))
    return (f"{BACKEND_NAMES[manifest['backend']]} backup of {manifest.get('database') or 'a database'}, "
            f"taken {manifest.get('created_at')}, schema revision {manifest.get('revision') or 'unrecorded'}: {held}.")
