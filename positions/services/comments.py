"""Comments per clause and per administration: threads, amendments, resolution, withdrawal."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from positions import audit
from positions.clock import now
from positions.errors import Conflict, NotFound, ValidationFailed
from positions.hidden_characters import refuse_hidden_characters
from positions.kinds import CLAUSE_KINDS, EU_SHARED_KINDS, KIND
from positions.messages import Amount, Msg
from positions.models import COMMENT_KINDS, Administration, Clause, Comment, Position, User
from positions.models.comment import COMMENT_AUDIENCES
from positions.permissions import can_comment, can_resolve, can_withdraw, require
from positions.services.drafting import find_clause
from positions.services.locking import writable
from positions.text.anchors import Anchor, locate, make_anchor
from positions.text.quotes import source_span

MAX_COMMENT_CHARS = 20_000
MAX_PROPOSED_CHARS = 100_000  # an amendment's proposed text: as long as a clause may be
RESOLUTIONS = {"comment": ("resolved",), "question": ("resolved",), "support": ("resolved",),
               "reservation": ("resolved",), "amendment": ("accepted", "rejected")}


@dataclass
class CommentView:
    """A comment with its replies and where its quote sits in the clause's current text."""

    comment: Comment
    span: tuple[int, int] | None
    outdated: bool
    replies: list[Comment] = field(default_factory=list)


def post_comment(
    session: Session,
    actor: User,
    position: Position,
    uid: str,
    *,
    kind: str,
    body: str,
    quote: str | None = None,
    start: int | None = None,
    proposed_text: str | None = None,
    parent_id: int | None = None,
    fingerprint: str | None = None,
    proposed_kind: str | None = None,
    audience: str = "belgian",
) -> Comment:
    """Post a comment (or a reply) for the acting user's administration on a clause.

    A fingerprint makes posting idempotent: sending the same submission twice (a double click, a resent
    form; callers scope fingerprints to the user or administration) gives the comment already posted.
    audience 'eu': a comment on the EU text, which the delegates read — only on a clause the EU text shares,
    replying only in an EU thread (workflows.eu_comments checks the EU phase and the delegate's invitation).
    """
    if audience not in COMMENT_AUDIENCES:
        raise ValidationFailed(Msg("Unknown audience '%(audience)s'.", audience=str(audience)[:20]), {"audience": str(audience)[:20]})
    if fingerprint is not None and (earlier := posted_with(session, position, fingerprint)) is not None:
        return earlier
    writable(session, position)
    require(can_comment(actor, position, audience), Msg("Your role cannot comment on this position."))
    clause = find_clause(session, position, uid)
    head = clause.head
    if audience == "eu" and head.kind not in EU_SHARED_KINDS:  # to a delegate, the clause is not there
        raise NotFound(Msg("There is no clause '%(uid)s' in this position.", uid=uid), {"clause": uid})
    if head.deleted:
        raise ValidationFailed(Msg("This clause has been deleted; comments can no longer be added to it."), {"clause": uid})
    if kind not in COMMENT_KINDS:
        raise ValidationFailed(Msg("Unknown comment kind '%(kind)s'. Choose one of: %(choices)s.", kind=kind, choices=", ".join(COMMENT_KINDS)), {"kind": kind})
    body = (body or "").strip()
    proposed_text = proposed_text.strip() if proposed_text is not None else None
    if len(body) > MAX_COMMENT_CHARS:
        raise ValidationFailed(Msg("A comment may hold at most %(limit)s characters.", limit=Amount(MAX_COMMENT_CHARS)), {"body": "too long"})
    if len(proposed_text or "") > MAX_PROPOSED_CHARS:
        raise ValidationFailed(Msg("A proposed text may hold at most %(limit)s characters.", limit=Amount(MAX_PROPOSED_CHARS)),
                               {"proposed_text": "too long"})
    refuse_hidden_characters(body, "comment")
    refuse_hidden_characters(proposed_text, "proposed_text")
    parent = None
    if parent_id is not None:
        parent = session.get(Comment, parent_id)
        if parent is None or parent.clause_id != clause.id or parent.audience != audience:
            raise ValidationFailed(Msg("There is no comment %(id)s on this clause to reply to.", id=parent_id), {"parent_id": parent_id})
        if parent.parent_id is not None:
            parent = session.get(Comment, parent.parent_id)  # threads are one level deep
        kind, quote, proposed_text = "comment", None, None
    anchor = _anchor(head.body, quote, start)
    if proposed_kind is not None:  # a proposed new clause after this one: its text is the proposed text
        if kind != "amendment" or anchor is not None or proposed_kind not in CLAUSE_KINDS or not (proposed_text or "").strip():
            raise ValidationFailed(Msg("A proposed new clause needs its kind and its text."), {"proposed_kind": proposed_kind})
    elif kind == "amendment":
        _check_amendment(head.body, anchor, proposed_text)
    elif proposed_text:
        raise ValidationFailed(Msg("Only an amendment carries proposed text."), {"proposed_text": "only for amendments"})
    if not body and kind != "amendment":
        raise ValidationFailed(Msg("The comment is empty."), {"body": "required"})
    comment = Comment(
        position_id=position.id, clause_id=clause.id, revision_id=head.id, parent_id=parent.id if parent else None,
        author_id=actor.id, administration_id=actor.administration_id, kind=kind, status="open", body=body,
        proposed_text=proposed_text, quote=anchor.quote if anchor else None, prefix=anchor.prefix if anchor else None,
        suffix=anchor.suffix if anchor else None, fingerprint=fingerprint, proposed_kind=proposed_kind, audience=audience,
    )
    session.add(comment)
    session.flush()
    audit.record(session, actor, "comment.posted", comment, position_id=position.id,
                 data={"clause": uid, "kind": kind, "administration": actor.administration.code, "parent": comment.parent_id,
                       **({"audience": audience} if audience != "belgian" else {})})
    return comment


def posted_with(session: Session, position: Position, fingerprint: str) -> Comment | None:
    """The comment already posted in this position with this fingerprint, if any."""
    return session.scalar(select(Comment).where(Comment.position_id == position.id, Comment.fingerprint == fingerprint))


def _anchor(text: str, quote: str | None, start: int | None) -> Anchor | None:
    if not quote or not quote.strip():
        return None
    if start is not None and text[start:start + len(quote)] == quote:
        return make_anchor(text, start, start + len(quote))
    found = text.find(quote)
    if found >= 0:
        return make_anchor(text, found, found + len(quote))
    span = source_span(text, quote)  # the words as the page shows them, across bold, italics, links…
    if span is None:
        raise ValidationFailed(Msg("The quoted words are not in the clause's current text. Select them again."), {"quote": quote})
    return make_anchor(text, *span)


def _check_amendment(text: str, anchor: Anchor | None, proposed: str | None) -> None:
    if proposed is None or (not proposed and anchor is None):
        raise ValidationFailed(Msg("An amendment needs the proposed text."), {"proposed_text": "required"})
    current = anchor.quote if anchor else text
    if proposed == current.strip():
        raise ValidationFailed(Msg("The proposed text is identical to the current text."), {"proposed_text": "unchanged"})


def get_comment(session: Session, comment_id: int) -> Comment:
    """A comment by id."""
    comment = session.get(Comment, comment_id)
    if comment is None:
        raise NotFound(Msg("There is no comment %(id)s.", id=comment_id), {"comment": comment_id})
    return comment


def list_comments(
    session: Session, position: Position, *, clause: str | None = None, administration: str | None = None,
    kind: str | None = None, status: str | None = None, clause_id: int | None = None,
) -> list[Comment]:
    """Comments of a position, filtered, oldest first, authors and administrations joined in the same query."""
    query = (
        select(Comment).where(Comment.position_id == position.id)
        .options(joinedload(Comment.author), joinedload(Comment.administration), joinedload(Comment.resolved_by))
        .order_by(Comment.id)
    )
    if clause:
        query = query.join(Clause, Clause.id == Comment.clause_id).where(Clause.uid == clause)
    if clause_id is not None:
        query = query.where(Comment.clause_id == clause_id)
    if administration:
        query = query.join(Administration, Administration.id == Comment.administration_id).where(Administration.code == administration.upper())
    if kind:
        query = query.where(Comment.kind == kind)
    if status:
        query = query.where(Comment.status == status)
    return list(session.scalars(query))


def thread_counts(session: Session, position: Position) -> tuple[dict[int, dict[str, int]], int]:
    """clause id → {"open": n, "closed": n} threads (first comments), and the number of comments in all (one query)."""
    counts: dict[int, dict[str, int]] = {}
    total = 0
    root = Comment.parent_id.is_(None)
    for clause_id, is_root, status, n in session.execute(
        select(Comment.clause_id, root, Comment.status, func.count())
        .where(Comment.position_id == position.id).group_by(Comment.clause_id, root, Comment.status)
    ):
        total += n
        if is_root:
            counts.setdefault(clause_id, {"open": 0, "closed": 0})["open" if status == "open" else "closed"] += n
    return counts, total


def threads_by_clause(comments: list[Comment], texts: dict[int, str]) -> dict[int, list[CommentView]]:
    """Group comments into threads per clause id, re-anchoring quotes in the current texts."""
    views: dict[int, CommentView] = {}
    by_clause: dict[int, list[CommentView]] = {}
    for comment in comments:
        if comment.parent_id is not None and comment.parent_id in views:
            views[comment.parent_id].replies.append(comment)
            continue
        span, outdated = None, False
        if comment.quote:
            text = texts.get(comment.clause_id)
            span = locate(text, Anchor(comment.quote, comment.prefix or "", comment.suffix or "")) if text is not None else None
            outdated = span is None and comment.status == "open"  # an accepted amendment's words are gone on purpose
        view = CommentView(comment, span, outdated)
        views[comment.id] = view
        by_clause.setdefault(comment.clause_id, []).append(view)
    return by_clause


def resolve(
    session: Session, actor: User, position: Position, comment: Comment, status: str, note: str | None = None,
    *, applied_by_hand: bool = False,
):
    """The pen-holder resolves a comment, or accepts or rejects an amendment (accepting merges it in).

    applied_by_hand: the pen-holder already wrote the amendment into the text (after a conflict), so
    accepting records the decision without applying the proposed text again.
    """
    writable(session, position)
    require(can_resolve(actor, position), Msg("Only the pen-holder can resolve comments."))
    session.refresh(comment)
    if comment.status != "open":
        raise Conflict(_already(comment.status), {"status": comment.status})
    if comment.parent_id is not None:
        raise ValidationFailed(Msg("Resolve the thread's first comment, not a reply."))
    allowed = RESOLUTIONS[comment.kind]
    if status not in allowed:
        raise ValidationFailed(Msg("A %(kind)s can be %(allowed)s, not '%(status)s'.", kind=comment.kind, allowed=" or ".join(allowed), status=status), {"status": status})
    refuse_hidden_characters(note, "note")
    result = None
    if status == "accepted" and not applied_by_hand:
        result = _apply_amendment(session, actor, position, comment)
    comment.status, comment.resolution_note = status, (note or "").strip() or None
    comment.resolved_by_id, comment.resolved_at = actor.id, now()
    session.flush()
    uid = session.scalar(select(Clause.uid).where(Clause.id == comment.clause_id))  # names the clause (live editors are warned)
    audit.record(session, actor, f"comment.{status}", comment, position_id=position.id,
                 data={"note": comment.resolution_note, "revision": result.revision.id if result else None, "clause": uid})
    return result


def _apply_amendment(session: Session, actor: User, position: Position, comment: Comment):
    from positions.models import ClauseRevision
    from positions.services.editing import edit_clause

    base = session.get(ClauseRevision, comment.revision_id)
    clause = session.get(Clause, comment.clause_id)
    if comment.proposed_kind is not None:  # a new clause after this one
        from positions.services.drafting import add_clause, after_added
        from positions.services.editing import EditResult

        section = KIND[comment.proposed_kind].is_section
        earlier = {(kind, (text or "").strip()) for kind, text in session.execute(select(  # proposed before it
            Comment.proposed_kind, Comment.proposed_text).where(Comment.clause_id == clause.id, Comment.id < comment.id,
            Comment.proposed_kind.is_not(None), Comment.status == "accepted"))}
        added = add_clause(session, actor, position, kind=comment.proposed_kind, after=after_added(session, position, clause.uid, earlier),
                           heading=comment.proposed_text if section else "", body="" if section else comment.proposed_text)
        return EditResult(added.head)
    if comment.quote:
        start = base.body.find(comment.quote) if not comment.prefix else _start_in(base.body, comment)
        if start < 0:
            raise Conflict(Msg("The amended words are no longer in the revision the amendment was made on."))
        proposed = base.body[:start] + comment.proposed_text + base.body[start + len(comment.quote):]
    else:
        proposed = comment.proposed_text
    return edit_clause(session, actor, position, clause.uid, base_revision=base.id, body=proposed)


def _start_in(text: str, comment: Comment) -> int:
    span = locate(text, Anchor(comment.quote, comment.prefix or "", comment.suffix or ""))
    return span[0] if span and text[span[0]:span[1]] == comment.quote else text.find(comment.quote)


def _already(status: str) -> Msg:
    """'This comment is already resolved.' with the status word translatable."""
    word = {"resolved": Msg("resolved"), "accepted": Msg("accepted"), "rejected": Msg("rejected"),
            "withdrawn": Msg("withdrawn")}.get(status, status)
    return Msg("This comment is already %(status)s.", status=word)


def close(session: Session, actor: User, position: Position, comment: Comment, status: str, note: str | None = None):
    """End a thread as asked: 'withdrawn' by its author, else resolved, accepted or rejected by the pen-holder."""
    if status == "withdrawn":
        withdraw(session, actor, position, comment)
        return None
    return resolve(session, actor, position, comment, status, note)


def accept_by_hand(session: Session, actor: User, position: Position, uid: str, comment_id: int, *, base_revision: int | None,
                   kind: str | None = None, heading: str | None = None, body: str | None = None):
    """Save the text the pen-holder combined by hand after a conflict, and mark the amendment accepted with it."""
    from positions.services.editing import edit_clause

    comment = get_comment(session, comment_id)
    if comment.position_id != position.id:
        raise NotFound(Msg("There is no comment %(id)s on this position.", id=comment_id), {"comment": comment_id})
    result = edit_clause(session, actor, position, uid, base_revision=base_revision, kind=kind, heading=heading, body=body)
    resolve(session, actor, position, comment, "accepted", Msg("Applied by hand after a conflict."), applied_by_hand=True)
    return result


def withdraw(session: Session, actor: User, position: Position, comment: Comment) -> None:
    """The author withdraws their own open comment."""
    writable(session, position)
    require(can_withdraw(actor, comment), Msg("Only its author can withdraw a comment, while still an official of its administration."))
    session.refresh(comment)
    if comment.status != "open":
        raise Conflict(_already(comment.status))
    comment.status, comment.resolved_at = "withdrawn", now()
    session.flush()
    audit.record(session, actor, "comment.withdrawn", comment, position_id=position.id)
