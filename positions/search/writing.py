"""Writing index rows: the one place that knows how each database stores them.

PostgreSQL: `document` is set in SQL from the row's language configuration (title weighted A). SQLite: the
Snowball stems of title and body go into the FTS5 table `search_fts`, in the column of the row's language.
"""

from __future__ import annotations

from sqlalchemy import (
    String,
    Text,
    bindparam,
    case,
    cast,
    delete,
    func,
    insert,
    literal,
    literal_column,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import REGCONFIG
from sqlalchemy.orm import Session

from positions.models import SearchEntry
from positions.search.language import POSTGRES_CONFIG, language_of
from positions.search.sources import IndexRow
from positions.search.stemming import stemmed_text

TABLE = SearchEntry.__table__


def dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def config_of(language) -> object:
    """The PostgreSQL text search configuration of a row's language column, as SQL."""
    return case(*((language == code, literal(name, REGCONFIG)) for code, name in POSTGRES_CONFIG.items()),
                else_=literal("simple", REGCONFIG))


_CONFIG = cast(bindparam("doc_config", type_=String), REGCONFIG)
_DOCUMENT = func.setweight(func.to_tsvector(_CONFIG, bindparam("doc_title", type_=Text)), literal_column("'A'")).op("||")(
    func.to_tsvector(_CONFIG, bindparam("doc_body", type_=Text)))


def replace(session: Session, source: str, ids: list[int], rows: list[IndexRow]) -> None:
    """Make the index hold exactly `rows` for these ids of this source."""
    if not ids:
        return
    if dialect(session) == "sqlite":  # FTS5 finds rows by rowid one at a time; "rowid IN (subquery)" scans it all
        old = session.scalars(select(TABLE.c.id).where(TABLE.c.source == source, TABLE.c.ref_id.in_(ids))).all()
        if old:
            session.execute(text("DELETE FROM search_fts WHERE rowid = :id"), [{"id": i} for i in old])
    session.execute(delete(TABLE).where(TABLE.c.source == source, TABLE.c.ref_id.in_(ids)))
    add(session, rows)


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
        session.execute(insert(TABLE).values(document=_DOCUMENT),
                        [{**v, "doc_config": POSTGRES_CONFIG.get(v["language"], "simple"), "doc_title": v["title"],
                          "doc_body": v["body"]} for v in values])


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

