"""Comments and suggestions on the EU text (design section 10): the delegates' and the Belgian side's alike.

While a position's EU phase runs, its invited delegates (and the Belgian commenters) comment, reply and suggest
on the clauses the EU text shares; those comments have the audience 'eu'. After the phase the EU text is
read-only. A delegate reads the EU comments on the clauses of the EU text and nothing else, and reads every
Belgian administration, and every Belgian person, as "Belgium".
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from positions.errors import Conflict, NotFound
from positions.member_states import is_belgian
from positions.messages import Msg
from positions.models import Administration, Comment, Position, User
from positions.permissions import can_comment, require
from positions.services import comments, suggestions
from positions.services.comment_pages import CommentPage
from positions.services.comments import CommentView, threads_by_clause
from positions.services.drafting import draft
from positions.services.locking import writable
from workflows.eu_text import EU, EuText, eu_position, eu_text, in_eu_phase, is_participant, shared

BELGIUM = ("BE", "Belgium")  # how the member states know the Belgian side: one member state


@dataclass(frozen=True)
class Identity:
    """Who wrote a comment, as this reader may know it."""

    code: str
    administration: str
    author: str


def identity(reader: User, comment: Comment) -> Identity:
    """A delegate reads a Belgian author as Belgium; everyone else reads the administration and the person."""
    if reader.role == "delegate":
        return as_delegates_know(comment.administration, comment.author)
    return Identity(comment.administration.code, comment.administration.name, comment.author.name)


def as_delegates_know(administration: Administration, person: User) -> Identity:
    """Who acted, as a delegate may know it: any Belgian administration and person as Belgium."""
    if is_belgian(administration.kind):
        return Identity(BELGIUM[0], BELGIUM[1], BELGIUM[1])
    return Identity(administration.code, administration.name, person.name)


def may_comment(session: Session, user: User, position: Position) -> bool:
    """Comment on the EU text now: while the EU phase runs, an invited delegate or a Belgian commenter."""
    if not in_eu_phase(position) or not can_comment(user, position, EU):
        return False
    return is_participant(session, user, position) if user.role == "delegate" else True


def _writable(session: Session, actor: User, position_id: int, uid: str) -> Position:
    """The position, locked, open to this user's EU comments on this shared clause of the EU draft."""
    position = eu_position(session, actor, position_id)
    writable(session, position)
    if not in_eu_phase(position):
        raise Conflict(Msg("The EU phase is over: the EU text is read-only."), {"stage": position.stage})
    require(may_comment(session, actor, position), Msg("Your role cannot comment on this position."))
    if uid not in {c.uid for c in shared(draft(session, position))}:
        raise NotFound(Msg("There is no clause '%(uid)s' in this position.", uid=uid), {"clause": uid})
    return position


def post(session: Session, actor: User, position_id: int, uid: str, **fields) -> Comment:
    """Comment (or reply in an EU thread) on a clause of the EU draft."""
    position = _writable(session, actor, position_id, uid)
    return comments.post_comment(session, actor, position, uid, audience=EU, **{"kind": "comment", **fields})


def suggest(session: Session, actor: User, position_id: int, uid: str, **fields) -> list[Comment]:
    """Suggest changes to a clause of the EU draft: word-level amendments for the actor's administration."""
    position = _writable(session, actor, position_id, uid)
    return suggestions.suggest(session, actor, position, uid, audience=EU, **fields)


def eu_comments(session: Session, position: Position, shown: EuText | None = None) -> list[Comment]:
    """The EU comments on the clauses of the EU text shown (default: the current one), in the text's order."""
    shown = shown or eu_text(session, position)
    order = {c.clause.id: n for n, c in enumerate(shown.clauses)}
    found = session.scalars(
        select(Comment).where(Comment.position_id == position.id, Comment.audience == EU, Comment.clause_id.in_(order))
        .options(selectinload(Comment.author), selectinload(Comment.administration)).order_by(Comment.id))
    return sorted(found, key=lambda c: order[c.clause_id])


def eu_threads(session: Session, position: Position, shown: EuText) -> dict[int, list[CommentView]]:
    """clause id → the EU threads on it, quotes re-anchored in the text shown."""
    texts = {c.clause.id: c.revision.body for c in shown.clauses}
    return threads_by_clause(eu_comments(session, position, shown), texts)


def comment_page(session: Session, reader: User, position_id: int, *, clause: str | None = None, administration: str | None = None,
                 kind: str | None = None, status: str | None = None, page: int = 1, per_page: int = 50) -> tuple[CommentPage, dict[int, str]]:
    """One page of the EU comments a delegate reads, filtered (administration: as they know it, BE for Belgium); clause id → uid."""
    position = eu_position(session, reader, position_id)
    shown = eu_text(session, position)
    uids = {c.clause.id: c.uid for c in shown.clauses}
    found = [c for c in eu_comments(session, position, shown)
             if clause in (None, uids[c.clause_id]) and (administration is None or identity(reader, c).code == administration.upper())
             and kind in (None, c.kind) and status in (None, c.status)]
    return CommentPage(found[(page - 1) * per_page:page * per_page], len(found), page, per_page), uids


def readable_comment(session: Session, reader: User, comment_id: int) -> tuple[Comment, Position]:
    """An EU comment on the EU text the reader may read; to them any other is not there."""
    comment = session.get(Comment, comment_id)
    missing = NotFound(Msg("There is no comment %(id)s.", id=comment_id), {"comment": comment_id})
    if comment is None or comment.audience != EU:
        raise missing
    try:
        position = eu_position(session, reader, comment.position_id)
    except NotFound:
        raise missing from None
    if comment.id not in {c.id for c in eu_comments(session, position)}:
        raise missing
    return comment, position


def withdraw(session: Session, actor: User, comment_id: int) -> Comment:
    """The author withdraws their own open EU comment, while the EU phase runs."""
    comment, position = readable_comment(session, actor, comment_id)
    writable(session, position)
    if not in_eu_phase(position):
        raise Conflict(Msg("The EU phase is over: the EU text is read-only."), {"stage": position.stage})
    comments.withdraw(session, actor, position, comment)
    return comment
