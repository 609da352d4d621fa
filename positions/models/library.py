"""The agreed-language library: wording with its provenance, and where it was reused."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from positions.models.base import Base, JSONType, created_at_column, in_list
from positions.models.user import User

LIBRARY_STATUSES = ("proposed", "agreed_belgium", "agreed_eu", "adopted_plenary")
LIBRARY_LANGUAGES = ("en", "fr", "nl", "de", "es")
# The longest text each field takes: the columns, the service's checks, the forms and the API read these.
LIBRARY_LIMITS = {"text": 20_000, "meeting": 200, "symbol": 100, "paragraph": 50, "notes": 5_000, "tag": 50, "tags": 20}


class LibraryEntry(Base):
    """A piece of wording that was agreed (or proposed) somewhere, with where it comes from."""

    __tablename__ = "library_entry"
    __table_args__ = (
        CheckConstraint(in_list("status", LIBRARY_STATUSES), name="status"),
        # One entry per clause and version it was taken from: adding it twice (by hand, then at final) finds it again.
        UniqueConstraint("origin_position_id", "origin_clause_uid", "origin_version", name="uq_library_entry_origin"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(5), default="en")
    meeting: Mapped[str] = mapped_column(String(LIBRARY_LIMITS["meeting"]), default="")
    symbol: Mapped[str] = mapped_column(String(LIBRARY_LIMITS["symbol"]), default="")
    paragraph: Mapped[str] = mapped_column(String(LIBRARY_LIMITS["paragraph"]), default="")
    source_date: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(20), default="proposed")
    tags: Mapped[list] = mapped_column(JSONType, default=list)
    notes: Mapped[str] = mapped_column(Text, default="")
    # Provenance when taken from a clause: the position, the clause, the version and its content hash.
    origin_position_id: Mapped[int | None] = mapped_column(ForeignKey("position.id", ondelete="SET NULL"), index=True)
    origin_clause_uid: Mapped[str | None] = mapped_column(String(16))
    origin_version: Mapped[int | None]
    origin_content_hash: Mapped[str | None] = mapped_column(String(64))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = created_at_column()

    created_by: Mapped[User] = relationship()

    @property
    def cited_source(self) -> str:
        """The document the wording comes from, without the paragraph: 'IPBES-11/1', 'Council WPIEI WK 12345/2024'."""
        parts = [p for p in (self.meeting, self.symbol) if p]
        if self.symbol and self.meeting and self.meeting.lower() in self.symbol.lower():
            parts = [self.symbol]
        return " ".join(parts) or f"#{self.id}"

    @property
    def label(self) -> str:
        """Where the wording comes from, as people cite it (in English): 'IPBES-11/1, para. 3'."""
        return f"{self.cited_source}, para. {self.paragraph}" if self.paragraph else self.cited_source


class LibraryUse(Base):
    """One reuse of a library entry: the clause (and revision) its wording went into."""

    __tablename__ = "library_use"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("library_entry.id", ondelete="CASCADE"), index=True)
    position_id: Mapped[int] = mapped_column(ForeignKey("position.id", ondelete="CASCADE"), index=True)
    clause_id: Mapped[int] = mapped_column(ForeignKey("clause.id", ondelete="CASCADE"), index=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("clause_revision.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = created_at_column()

    entry: Mapped[LibraryEntry] = relationship()
