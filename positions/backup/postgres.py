"""Backing up and restoring PostgreSQL with pg_dump, pg_restore and psql.

The backup is `pg_dump --format=custom --schema=public`, taken on a snapshot exported from a
repeatable-read transaction in which the manifest's row counts are read too, so both describe the
same instant. A restore first turns the dump into SQL with pg_restore (which reads the whole
archive, so a damaged one is refused before anything changes), then runs it with psql in ONE
transaction that drops the public schema first: either the database becomes exactly the backup, or
it stays as it was. The password comes from the configured URL and reaches the tools through
PGPASSWORD, never on their command line.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import URL, Engine

from positions.backup.archive import BackupError, database_facts

PAYLOAD_NAME = "database.pgdump"
TABLES_SQL = "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
LOCK_TIMEOUT = "30s"


def require_tool(name: str) -> str:
    """The path of a PostgreSQL client program, or a clear error when it is not installed."""
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} was not found on PATH: install the PostgreSQL client tools "
                          f"(the same major version as the server, or newer) to back up or restore PostgreSQL.")
    return found


def run_tool(args: list[str], env: dict[str, str] | None = None) -> str:
    """Run a client program; on failure raise with its exit status and what it wrote to stderr."""
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        name = Path(args[0]).name
        detail = (result.stderr or result.stdout).strip() or "(no message)"
        raise BackupError(f"{name} failed (exit status {result.returncode}):\n{detail}")
    return result.stdout


def connection(engine: Engine) -> tuple[str, dict[str, str]]:
    """A libpq connection URL without the password, and an environment carrying it in PGPASSWORD."""
    url = engine.url
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    bare = URL.create("postgresql", username=url.username, host=url.host, port=url.port, database=url.database,
                      query=url.query)
    conninfo = bare.render_as_string(hide_password=False)
    return conninfo, env


def label(engine: Engine) -> str:
    """How the manifest names the database: host, port and name, no credentials."""
    url = engine.url
    return f"{url.host or 'localhost'}:{url.port or 5432}/{url.database}"


def snapshot(engine: Engine, work: Path) -> tuple[Path, dict[str, Any], str]:
    """pg_dump the public schema into work on one snapshot; return the dump, its facts and pg_dump's version."""
    pg_dump = require_tool("pg_dump")
    conninfo, env = connection(engine)
    payload = work / PAYLOAD_NAME
    with engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn, conn.begin():
        snapshot_id = conn.execute(text("SELECT pg_export_snapshot()")).scalar_one()
        facts = database_facts(lambda sql: conn.execute(text(sql)).all(), TABLES_SQL)
        run_tool([pg_dump, "--format=custom", "--schema=public", f"--snapshot={snapshot_id}",
                  f"--file={payload}", f"--dbname={conninfo}"], env)
    return payload, facts, run_tool([pg_dump, "--version"]).strip()


def prepare(payload: Path, work: Path) -> Path:
    """Turn the dump into a SQL script with pg_restore; a damaged dump fails here, before the database is touched."""
    script = work / "restore.sql"
    run_tool([require_tool("pg_restore"), "--no-owner", "--no-privileges", f"--file={script}", str(payload)])
    if "CREATE SCHEMA public;" not in script.read_text(encoding="utf-8", errors="replace")[:200_000]:
        raise BackupError("The backup's dump does not hold the public schema; it was not made by `plenipo backup`.")
    return script


def apply(engine: Engine, prepared: Path) -> None:
    """Replace the public schema with the backup in one transaction (psql --single-transaction)."""
    psql = require_tool("psql")
    engine.dispose()
    conninfo, env = connection(engine)
    run_tool([psql, "--no-psqlrc", "--quiet", "--single-transaction", "--set=ON_ERROR_STOP=1",
              f"--command=SET lock_timeout = '{LOCK_TIMEOUT}'", "--command=SET client_min_messages = warning",
              "--command=DROP SCHEMA public CASCADE",
              f"--file={prepared}", f"--dbname={conninfo}"], env)
