"""The Secretariat's official documents, their numbered paragraphs, and the Belgian clauses linked to them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from positions.messages import restored
from positions.models.administration import Administration
from positions.models.base import Base, JSONType, created_at_column, in_list
from positions.models.clause import Clause
from positions.models.user import User

OFFICIAL_LIMITS = {"symbol": 100, "title": 300, "meeting": 200, "revision": 50, "number": 40, "heading": 500}
PARAGRAPH_KINDS = ("paragraph", "heading", "unnumbered")
PLENARY_OUTCOMES = ("pending", "agreed", "bracketed", "deleted")


class OfficialDocument(Base):
    """One revision of a Secretariat document (IPBES/12/2, its Rev.1, a CRP or L document): read-only once imported."""

    __tablename__ = "official_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    symbol: Mapped[str] = mapped_column(String(OFFICIAL_LIMITS["symbol"]))
    title: Mapped[str] = mapped_column(String(OFFICIAL_LIMITS["title"]))
    meeting: Mapped[str] = mapped_column(String(OFFICIAL_LIMITS["meeting"]), default="")
    revision: Mapped[str] = mapped_column(String(OFFICIAL_LIMITS["revision"]), default="")
    issued_on: Mapped[date | None]
    revision_of_id: Mapped[int | None] = mapped_column(ForeignKey("official_document.id"))
    filename: Mapped[str] = mapped_column(String(200), default="")
    sha256: Mapped[str] = mapped_column(String(64), default="")
    warnings: Mapped[list] = mapped_column(JSONType, default=list)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = created_at_column()

    created_by: Mapped[User] = relationship()
    revision_of: Mapped[OfficialDocument | None] = relationship(remote_side=[id])
    paragraphs: Mapped[list[OfficialParagraph]] = relationship(
        back_populates="document", order_by="OfficialParagraph.seq", cascade="all, delete-orphan"
    )

    @property
    def warning_messages(self) -> list[str]:
        """The import's remarks as messages, translated where they are shown (older rows hold English text only)."""
        return [restored(w) for w in self.warnings or []]

    @property
    def label(self) -> str:
        """The symbol as the Secretariat prints it, with its revision."""
        return f"{self.symbol}/{self.revision}" if self.revision and self.revision not in self.symbol else self.symbol


class OfficialParagraph(Base):
    """A paragraph as printed: its official number ('2', '2 (a)', 'A1'; '' when unnumbered), heading and text."""

    __tablename__ = "official_paragraph"
    __table_args__ = (
        CheckConstraint(in_list("kind", PARAGRAPH_KINDS), name="kind"),
        UniqueConstraint("document_id", "seq"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("official_document.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int]
    kind: Mapped[str] = mapped_column(String(20), default="paragraph")
    number: Mapped[str] = mapped_column(String(OFFICIAL_LIMITS["number"]), default="")
    heading: Mapped[str] = mapped_column(String(OFFICIAL_LIMITS["heading"]), default="")
    text: Mapped[str] = mapped_column(Text, default="")

    document: Mapped[OfficialDocument] = relationship(back_populates="paragraphs")


class OfficialLink(Base):
    """A Belgian clause addresses an official paragraph; `official_changed` until the pen-holder reviews a new revision."""

    __tablename__ = "official_link"
    __table_args__ = (UniqueConstraint("clause_id", "paragraph_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    position_id: Mapped[int] = mapped_column(ForeignKey("position.id", ondelete="CASCADE"), index=True)
    clause_id: Mapped[int] = mapped_column(ForeignKey("clause.id", ondelete="CASCADE"), index=True)
    paragraph_id: Mapped[int] = mapped_column(ForeignKey("official_paragraph.id", ondelete="CASCADE"), index=True)
    official_changed: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = created_at_column()

    clause: Mapped[Clause] = relationship()
    paragraph: Mapped[OfficialParagraph] = relationship()


class PlenaryOutcome(Base):
    """What happened in the room to one official paragraph, as the delegation recorded it."""

    __tablename__ = "plenary_outcome"
    __table_args__ = (
        CheckConstraint(in_list("outcome", PLENARY_OUTCOMES), name="outcome"),
        UniqueConstraint("position_id", "paragraph_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    position_id: Mapped[int] = mapped_column(ForeignKey("position.id", ondelete="CASCADE"), index=True)
    paragraph_id: Mapped[int] = mapped_column(ForeignKey("official_paragraph.id", ondelete="CASCADE"), index=True)
    outcome: Mapped[str] = mapped_column(String(20), default="pending")
    chair_text: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    updated_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    updated_at: Mapped[datetime] = created_at_column()

    paragraph: Mapped[OfficialParagraph] = relationship()
    updated_by: Mapped[User] = relationship()


class OfficialComment(Base):
    """A government comment on an official paragraph, in the Secretariat's shape (page, line, comment, proposed text).

    Administrations' comments have `belgian` false; the pen-holder adopts them (edited as needed) into the one
    Belgian set, `belgian` true, which is what Belgium sends (Word table or CSV).
    """

    __tablename__ = "official_comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("official_document.id", ondelete="CASCADE"), index=True)
    paragraph_id: Mapped[int] = mapped_column(ForeignKey("official_paragraph.id", ondelete="CASCADE"), index=True)
    administration_id: Mapped[int] = mapped_column(ForeignKey("administration.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    belgian: Mapped[bool] = mapped_column(default=False)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("official_comment.id", ondelete="SET NULL"))
    page: Mapped[int | None]
    line: Mapped[str] = mapped_column(String(20), default="")
    comment: Mapped[str] = mapped_column(Text, default="")
    proposed_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = created_at_column()

    paragraph: Mapped[OfficialParagraph] = relationship()
    administration: Mapped[Administration] = relationship()
    author: Mapped[User] = relationship()
