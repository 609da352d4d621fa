"""The search index: one row per searchable thing (a clause's current text, a past version's text, a comment,
a position, a library entry…), whatever its kind. Derived data: `plenipo search reindex` rebuilds it.

PostgreSQL keeps the row's `document` (a tsvector in the configuration of its language) with a GIN index;
SQLite keeps an FTS5 table, `search_fts`, with the Snowball stems of each row in the column of its language.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DDL, ForeignKey, Index, Integer, String, Text, UniqueConstraint, event
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from positions.models.base import Base, created_at_column

SEARCH_LANGUAGES = ("en", "fr", "nl", "simple")  # the FTS5 columns; "simple": no stemming (unknown language)
FTS_TABLE_SQL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(en, fr, nl, simple, "
    "tokenize = 'unicode61 remove_diacritics 2')"
)


class SearchEntry(Base):
    """One searchable thing: its text, its language and what the filters and the permissions need."""

    __tablename__ = "search_entry"
    __table_args__ = (
        UniqueConstraint("source", "ref_id"),
        Index("ix_search_entry_document", "document", postgresql_using="gin"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(20))  # clause, version, comment, position, library…
    ref_id: Mapped[int] = mapped_column(Integer)  # the id of the thing in its own table
    position_id: Mapped[int | None] = mapped_column(ForeignKey("position.id", ondelete="CASCADE"), index=True)
    clause_uid: Mapped[str | None] = mapped_column(String(16))
    version_number: Mapped[int | None]
    clause_kind: Mapped[str | None] = mapped_column(String(20))
    administration_id: Mapped[int | None] = mapped_column(ForeignKey("administration.id", ondelete="SET NULL"))
    language: Mapped[str] = mapped_column(String(10), default="simple")
    title: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = created_at_column()
    document: Mapped[str | None] = mapped_column(Text().with_variant(TSVECTOR(), "postgresql"))


event.listen(SearchEntry.__table__, "after_create", DDL(FTS_TABLE_SQL).execute_if(dialect="sqlite"))
event.listen(SearchEntry.__table__, "after_drop", DDL("DROP TABLE IF EXISTS search_fts").execute_if(dialect="sqlite"))
