"""Writing index rows: the one place that knows how each database stores them.

PostgreSQL: `document` is set in SQL from the row's language configuration (title weighted A). SQLite: the
Snowball stems of title and body go into the FTS5 table `search_fts`, in the column of the row's language.
"""

from __future__ import annotations

from functools import cache

from sqlalchemy import (
    String,
    Text,
    bindparam,
    cast,
    delete,
    func,
    insert,
    literal_column,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import REGCONFIG
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from positions.models import SearchEntry
from positions.search.language import POSTGRES_CONFIG, language_of
from positions.search.sources import IndexRow
from positions.search.stemming import stemmed_text

TABLE = SearchEntry.__table__


def dialect(session: Session) -> str:
    return session.get_bind().dialect.name


_CONFIG = cast(bindparam("doc_config", type_=String), REGCONFIG)
_DOCUMENT = func.setweight(func.to_tsvector(_CONFIG, bindparam("doc_title", type_=Text)), literal_column("'A'")).op("||")(
    func.to_tsvector(_CONFIG, bindparam("doc_body", type_=Text)))


@cache
def _statements() -> dict:
    """What replacing rows runs, built once (indexing runs on every edit)."""
    ids = bindparam("ids", expanding=True)
    upsert = pg_insert(TABLE).values(document=_DOCUMENT)
    changed = {c.name: upsert.excluded[c.name] for c in TABLE.c if c.name not in ("id", "source", "ref_id")}
    return {
        "old": select(TABLE.c.ref_id, TABLE.c.id).where(TABLE.c.source == bindparam("source"), TABLE.c.ref_id.in_(ids)),
        "remove_fts": text("DELETE FROM search_fts WHERE rowid = :id"),
        "remove": delete(TABLE).where(TABLE.c.id.in_(ids)),
        "remove_refs": delete(TABLE).where(TABLE.c.source == bindparam("source"), TABLE.c.ref_id.in_(ids)),
        "update": update(TABLE).where(TABLE.c.id == bindparam("entry_id")),
        "update_fts": text("UPDATE search_fts SET en = :en, fr = :fr, nl = :nl, simple = :simple WHERE rowid = :id"),
        "upsert": upsert.on_conflict_do_update(index_elements=[TABLE.c.source, TABLE.c.ref_id], set_=changed),
    }


def replace(session: Session, source: str, ids: list[int], rows: list[IndexRow]) -> None:
    """Make the index hold exactly `rows` for these ids of this source: rows already there are updated in place
    (one statement for all), the others added, and those of ids without a row any more removed."""
    if not ids:
        return
    found, run = {row.ref_id for row in rows}, _statements()
    if dialect(session) == "sqlite":
        old = dict(session.execute(run["old"], {"source": source, "ids": ids}).all())
        gone = [entry_id for ref_id, entry_id in old.items() if ref_id not in found]
        if gone:  # FTS5 finds rows by rowid one at a time; "rowid IN (subquery)" would scan the whole table
            session.execute(run["remove_fts"], [{"id": i} for i in gone])
            session.execute(run["remove"], {"ids": gone})
        kept = [{**_values(row), "entry_id": old[row.ref_id]} for row in rows if row.ref_id in old]
        if kept:
            session.execute(run["update"], kept)
            session.execute(run["update_fts"], [_fts_values(v["entry_id"], v) for v in kept])
        add(session, [row for row in rows if row.ref_id not in old])
        return
    gone = [i for i in ids if i not in found]
    if gone:
        session.execute(run["remove_refs"], {"source": source, "ids": gone})
    if rows:
        session.execute(run["upsert"], [_pg_values(row) for row in rows])


def add(session: Session, rows: list[IndexRow]) -> None:
    """Write rows that are not in the index yet (a rebuild after `clear`, which has nothing to remove)."""
    if not rows:
        return
    values = [_values(row) for row in rows]
    if dialect(session) == "sqlite":
        written = session.execute(insert(TABLE).returning(TABLE.c.id, sort_by_parameter_order=True), values).scalars().all()
        session.execute(text("INSERT INTO search_fts(rowid, en, fr, nl, simple) VALUES (:id, :en, :fr, :nl, :simple)"),
                        [_fts_values(entry_id, v) for entry_id, v in zip(written, values, strict=True)])
    else:  # the tsvector is computed in the same INSERT, from the row's own configuration
        session.execute(insert(TABLE).values(document=_DOCUMENT), [_document_values(v) for v in values])


def _pg_values(row: IndexRow) -> dict:
    return _document_values(_values(row))


def _document_values(values: dict) -> dict:
    return {**values, "doc_config": POSTGRES_CONFIG.get(values["language"], "simple"), "doc_title": values["title"],
            "doc_body": values["body"]}


def _values(row: IndexRow) -> dict:
    return {
        "source": row.source, "ref_id": row.ref_id, "position_id": row.position_id, "clause_uid": row.clause_uid,
        "version_number": row.version_number, "clause_kind": row.clause_kind, "administration_id": row.administration_id,
        "language": language_of(f"{row.title}\n{row.body}", row.language), "title": row.title, "body": row.body,
        "at": row.at,
    }


def _fts_values(entry_id: int, values: dict) -> dict:
    columns = dict.fromkeys(("en", "fr", "nl", "simple"), "")
    columns[values["language"]] = stemmed_text(f"{values['title']}\n{values['body']}", values["language"])
    return {"id": entry_id, **columns}


def clear(session: Session) -> None:
    """Empty the whole index (before a rebuild)."""
    if dialect(session) == "sqlite":
        session.execute(text("DELETE FROM search_fts"))
    session.execute(delete(TABLE))

