"""The comments of a position one page at a time, in the order of the clauses, replies after what they answer."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased, selectinload

from positions.errors import ValidationFailed
from positions.messages import Msg
from positions.models import Administration, Clause, ClauseRevision, Comment, Position

PER_PAGE = 50
MAX_PER_PAGE = 500


@dataclass(frozen=True)
class CommentPage:
    """One page of comments and where it sits among all that match."""

    comments: list[Comment]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def first(self) -> int:
        """The 1-based rank of the page's first comment (0 when there is none)."""
        return (self.page - 1) * self.per_page + 1 if self.comments else 0

    @property
    def last(self) -> int:
        return (self.page - 1) * self.per_page + len(self.comments)


def page_number(value: object, name: str = "page", limit: int | None = None) -> int:
    """A positive page number (or page size up to `limit`) from a query string; refused, naming the parameter, otherwise."""
    text = str(value).strip() if value is not None else ""
    if not text.isdigit() or len(text) > 9 or int(text) < 1 or (limit is not None and int(text) > limit):
        raise ValidationFailed(Msg("'%(value)s' is not a valid %(name)s: give a whole number from 1 to %(limit)s.",
                                   value=text[:20], name=name, limit=limit or 999_999_999), {name: text[:20]})
    return int(text)


def comment_page(
    session: Session, position: Position, *, page: int = 1, per_page: int = PER_PAGE, clause: str | None = None,
    administration: str | None = None, kind: str | None = None, status: str | None = None,
) -> CommentPage:
    """Comments ordered by clause (the draft's order, deleted clauses last), each thread together, oldest first.

    Two queries whatever the number of comments (count and page), plus one per relationship loaded."""
    head = aliased(ClauseRevision)
    query = (
        select(Comment).join(Clause, Clause.id == Comment.clause_id)
        .outerjoin(head, head.id == Clause.head_revision_id)
        .where(Comment.position_id == position.id)
    )
    if clause:
        query = query.where(Clause.uid == clause)
    if administration:
        query = query.join(Administration, Administration.id == Comment.administration_id).where(Administration.code == administration.upper())
    if kind:
        query = query.where(Comment.kind == kind)
    if status:
        query = query.where(Comment.status == status)
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = session.scalars(
        query.options(selectinload(Comment.author), selectinload(Comment.administration), selectinload(Comment.resolved_by))
        .order_by(head.deleted, head.sort_key, Clause.id, func.coalesce(Comment.parent_id, Comment.id), Comment.id)
        .limit(per_page).offset((page - 1) * per_page)
    ).all()
    return CommentPage(list(rows), total or 0, page, per_page)


@dataclass(frozen=True)
class ClauseLabel:
    """How people name a clause: its number and heading (or its first words), never its internal uid."""

    number: str
    uid: str
    kind: str
    words: str

    @property
    def text(self) -> str:
        return f"{self.number} {self.words}".strip()


def first_words(markdown: str, limit: int = 60) -> str:
    """The start of a clause's text without Markdown marks, cut at a word boundary."""
    plain = " ".join(re.sub(r"[*_`#>\[\]()]", "", markdown or "").split())
    if len(plain) <= limit:
        return plain
    return plain[:limit].rsplit(" ", 1)[0] + "…"


def clause_labels(draft: list) -> dict[int, ClauseLabel]:
    """clause id → its label, for a draft (positions.services.drafting.draft)."""
    return {d.clause.id: ClauseLabel(d.number, d.uid, d.revision.kind, d.revision.heading or first_words(d.revision.body))
            for d in draft}
