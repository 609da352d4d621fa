"""Backing up and restoring a SQLite database file with SQLite's online backup API.

The backup API copies a consistent snapshot even while the app is writing, and a restore copies
the checked backup back page by page into the live file, under SQLite's own locks, so connections
the app keeps open see the restored data rather than a file that was swapped under them.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from positions.backup.archive import BackupError, database_facts

PAYLOAD_NAME = "database.sqlite"
TABLES_SQL = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"


def database_path(engine: Engine) -> Path:
    """The file of the configured SQLite database; an in-memory database cannot be backed up."""
    name = engine.url.database
    if not name or name == ":memory:" or name.startswith("file::memory:"):
        raise BackupError("The configured database is an in-memory SQLite database: there is nothing on disk to back up or restore.")
    return Path(name).resolve()


def label(engine: Engine) -> str:
    """How the manifest names the database (its file name)."""
    return database_path(engine).name


def _facts(connection: sqlite3.Connection) -> dict[str, Any]:
    return database_facts(lambda sql: connection.execute(sql).fetchall(), TABLES_SQL)


def snapshot(engine: Engine, work: Path) -> tuple[Path, dict[str, Any], str]:
    """Copy the live database into work with the online backup API; return the copy, its facts, the tool."""
    source_path = database_path(engine)
    if not source_path.is_file():
        raise BackupError(f"The SQLite database {source_path} does not exist.")
    payload = work / PAYLOAD_NAME
    with closing(sqlite3.connect(f"{source_path.as_uri()}?mode=ro", uri=True)) as source, \
            closing(sqlite3.connect(payload)) as copy:
        source.backup(copy)
        facts = _facts(copy)
    return payload, facts, f"sqlite3 online backup (SQLite {sqlite3.sqlite_version})"


def prepare(payload: Path, work: Path) -> Path:
    """Check that the extracted copy is a sound SQLite database before anything is replaced."""
    try:
        with closing(sqlite3.connect(f"{payload.as_uri()}?mode=ro", uri=True)) as copy:
            result = copy.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"The backup's database does not open as SQLite: {error}.") from error
    if result != [("ok",)]:
        raise BackupError(f"The backup's database fails SQLite's integrity check: {result[:3]}.")
    return payload


def apply(engine: Engine, prepared: Path) -> None:
    """Copy the checked backup over the live database with the backup API (waits for other writers)."""
    engine.dispose()
    target = database_path(engine)
    try:
        with closing(sqlite3.connect(f"{prepared.as_uri()}?mode=ro", uri=True)) as source, \
                closing(sqlite3.connect(target, timeout=30)) as live:
            source.backup(live)
    except sqlite3.Error as error:
        raise BackupError(f"Copying the backup into {target} failed: {error}.") from error
