"""Import a reviewed Word file: its comments and tracked changes become one administration's comments."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from exports.docx.markdown_docx import plain_text
from exports.fixed_texts import Labels
from exports.imports.markdown_map import normal
from exports.imports.new_position import guarded
from exports.imports.review_anchoring import amendment_anchor, comment_kind, unique_quote
from exports.imports.reviewed_reader import (
    ImportedAmendment,
    ImportedComment,
    clause_name,
    parse_reviewed,
)
from exports.model import ExportClause
from positions import audit, kinds
from positions.errors import Conflict
from positions.hidden_characters import strip_hidden_characters, stripped_warning
from positions.messages import Amount, Msg
from positions.models import Comment, Position, User
from positions.permissions import can_import_reviewed, is_frozen, require
from positions.services.comments import MAX_COMMENT_CHARS, MAX_PROPOSED_CHARS, post_comment
from positions.services.drafting import DraftClause, draft
from positions.services.locking import frozen_refusal, writable


@dataclass
class ReviewItem:
    """One comment, reply or amendment from the file, and what importing it would do."""

    kind: str
    clause_uid: str
    match: str | None
    body: str
    word_author: str
    fingerprint: str
    quote: str | None = None
    proposed_text: str | None = None
    old_text: str = ""
    new_text: str = ""
    status: str = "new"  # new | duplicate | exported | skipped
    note: str = ""
    word_id: int | None = None
    parent_word_id: int | None = None
    reply_to: int | None = None  # an existing comment this one answers
    existing_id: int | None = None  # the comment that already holds this item (duplicate, exported)
    start: int | None = None  # where the quote starts in the clause's current Markdown body
    proposed_kind: str | None = None  # a proposed new clause after this one: its kind
    written_at: dt.datetime | None = None  # when the reviewer wrote it in Word


@dataclass
class ReviewPlan:
    """What a reviewed file holds for one administration, per clause, before anything is saved."""

    administration: str
    items: list[ReviewItem]
    unmatched: list[str]
    sha256: str
    clauses: dict[str, DraftClause] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def count(self, status: str) -> int:
        """How many items have this status."""
        return sum(1 for item in self.items if item.status == status)

    def by_clause(self) -> list[tuple[DraftClause, list[ReviewItem]]]:
        """The items grouped by clause, in clause order."""
        order = {uid: i for i, uid in enumerate(self.clauses)}
        groups: dict[str, list[ReviewItem]] = {}
        for item in sorted(self.items, key=lambda i: order.get(i.clause_uid, len(order))):
            groups.setdefault(item.clause_uid, []).append(item)
        return [(self.clauses[uid], items) for uid, items in groups.items()]


def _check(actor: User, position: Position) -> None:
    if is_frozen(position):
        raise frozen_refusal(position)
    require(can_import_reviewed(actor, position),
            Msg("Only an official of a consulted administration can import a reviewed file, for their own administration."))


def stored_fingerprint(administration: str, fingerprint: str) -> str:
    """The fingerprint kept on the comment: the file item's, scoped to the importing administration."""
    return hashlib.sha256(f"{administration}\x1f{fingerprint}".encode()).hexdigest()


def _signature(actor: User, author: str) -> str:
    return f"\n\n\u2014 {author}, in Word" if author and author.casefold() != actor.name.casefold() else ""


def _comment_item(actor: User, comment: ImportedComment, clause: DraftClause, by_word_id: dict,
                  languages: Sequence[Labels]) -> ReviewItem:
    parent = by_word_id.get(comment.parent_word_id) if comment.parent_word_id is not None else None
    kind, body = ("comment", comment.body) if parent is not None else comment_kind(comment.body, languages)
    quote, note = None, ""
    if parent is None and comment.quote:
        quote = unique_quote(clause.revision.body, comment.quote)
        if quote is None:
            note = Msg("The commented words “%(quote)s” are not in the current text: the comment goes on the whole clause.", quote=comment.quote)
    item = ReviewItem(kind, clause.uid, comment.match, body + _signature(actor, comment.author), comment.author,
                      comment.fingerprint, quote=quote, note=note, word_id=comment.word_comment_id,
                      parent_word_id=comment.parent_word_id, written_at=comment.date)
    if not body.strip() or len(item.body) > MAX_COMMENT_CHARS:
        item.status = "skipped"
        item.note = Msg("The Word comment is empty.") if not body.strip() else Msg("Longer than %(limit)s characters.", limit=Amount(MAX_COMMENT_CHARS))
    elif comment.exported_id is not None:
        item.status, item.note, item.existing_id = "exported", Msg("Already in Plenipo (comment #%(id)s).", id=comment.exported_id), comment.exported_id
    elif parent is not None and parent.exported_id is not None:
        item.reply_to = parent.exported_id
    return item


def _amendment_item(actor: User, amendment: ImportedAmendment, clause: DraftClause, names: dict[str, str],
                    present: set[str]) -> ReviewItem:
    """`present`: the current clauses' texts (normal), so that a new clause the draft already has is not proposed again."""
    revision = clause.revision
    by = f" by {amendment.author}" if amendment.author and amendment.author != actor.name else ""
    if amendment.new_clause_kind is not None:
        item = ReviewItem(
            "amendment", clause.uid, amendment.match,
            f"Proposes a new clause after {names.get(clause.uid, clause.uid)} (a tracked new paragraph{by} in Word).",
            amendment.author, amendment.fingerprint, proposed_text=amendment.new_text, new_text=amendment.new_text,
            proposed_kind=amendment.new_clause_kind, written_at=amendment.date,
        )
        if normal(amendment.new_text) in present:
            item.status, item.note = "skipped", Msg("Already in the current text: a clause already reads like this.")
        return item
    anchor = amendment_anchor(revision.heading, revision.body, amendment.old_text, amendment.new_text)
    body = f"Tracked change{by} in Word." if by else ""
    if anchor.kind == "comment":
        body = f"Proposed change (tracked{by} in Word): \u201c{amendment.old_text}\u201d \u2192 \u201c{amendment.new_text}\u201d"
    item = ReviewItem("comment" if anchor.kind == "comment" else "amendment", clause.uid, amendment.match, body,
                      amendment.author, amendment.fingerprint, quote=anchor.quote, proposed_text=anchor.proposed,
                      old_text=amendment.old_text, new_text=amendment.new_text, note=anchor.note, start=anchor.start,
                      written_at=amendment.date)
    if anchor.kind == "skip":
        item.status = "skipped"
    return item


def plan_reviewed(session: Session, actor: User, position: Position, data: bytes, languages: Sequence[Labels] = ()) -> ReviewPlan:
    """Read a reviewed file and say what importing it would create, without saving anything.

    `languages`: the fixed texts of every language a file may have been exported in (English is always known).
    """
    _check(actor, position)
    clauses = {d.uid: d for d in draft(session, position) if kinds.is_exported(d.revision.kind)}
    known = [ExportClause(d.uid, d.revision.kind, d.revision.heading, d.revision.body, d.number, d.level)
             for d in clauses.values()]
    result = guarded(parse_reviewed, data, known, languages)
    names = {c.uid: clause_name(c) for c in known}
    code = actor.administration.code
    removed: set[str] = set()  # hidden characters the domain refuses: Word files often carry U+FEFF or U+200B
    found = [replace(c, body=strip_hidden_characters(c.body, removed), quote=strip_hidden_characters(c.quote or "", removed),
                     author=strip_hidden_characters(c.author or "", removed)) for c in result.comments]
    changes = [replace(a, old_text=strip_hidden_characters(a.old_text, removed), new_text=strip_hidden_characters(a.new_text, removed),
                       author=strip_hidden_characters(a.author or "", removed)) for a in result.amendments if a.clause_uid in clauses]
    by_word_id = {c.word_comment_id: c for c in found}
    items = [_comment_item(actor, c, clauses[c.clause_uid], by_word_id, languages) for c in found if c.clause_uid in clauses]
    present = {normal(text) for d in clauses.values() for text in (d.revision.heading, plain_text(d.revision.body)) if text}
    items += [_amendment_item(actor, a, clauses[a.clause_uid], names, present) for a in changes]
    _skip_too_long(items)
    _check_references(session, position, items, clauses)
    _mark_duplicates(session, position, code, items)
    warnings: list[str] = [stripped_warning(removed)] if removed else []
    if result.own_changes:
        warnings.append(Msg("%(count)s tracked change(s) in the file are Plenipo's own redline (the pen-holder's changes "
                            "between versions): they were recognised and are not imported as amendments.",
                            count=result.own_changes))
    return ReviewPlan(code, items, list(result.unmatched), hashlib.sha256(data).hexdigest(), clauses, warnings)


def _skip_too_long(items: list[ReviewItem]) -> None:
    """Say in the preview what posting would refuse: a comment or a proposed text over its limit (a pasted report)."""
    for item in items:
        over = [limit for size, limit in ((len(item.body), MAX_COMMENT_CHARS), (len(item.proposed_text or ""), MAX_PROPOSED_CHARS))
                if size > limit]
        if item.status == "new" and over:
            item.status, item.note = "skipped", Msg("Longer than %(limit)s characters.", limit=Amount(over[0]))


def _check_references(session: Session, position: Position, items: list[ReviewItem], clauses: dict[str, DraftClause]) -> None:
    """Keep only references to comments of this position (replies: on the same clause)."""
    ids = {i.reply_to for i in items if i.reply_to} | {i.existing_id for i in items if i.existing_id}
    found = dict(session.execute(
        select(Comment.id, Comment.clause_id).where(Comment.position_id == position.id, Comment.id.in_(ids))
    ).all()) if ids else {}
    for item in items:
        if item.existing_id is not None and item.existing_id not in found:
            item.status, item.note, item.existing_id = "new", "", None
        if item.reply_to is not None and found.get(item.reply_to) != clauses[item.clause_uid].clause.id:
            item.reply_to = None


def _mark_duplicates(session: Session, position: Position, code: str, items: list[ReviewItem]) -> None:
    """Mark items already imported (same file item, same administration), and repeats inside the file."""
    wanted = {stored_fingerprint(code, i.fingerprint) for i in items}
    existing = dict(session.execute(
        select(Comment.fingerprint, Comment.id).where(Comment.position_id == position.id, Comment.fingerprint.in_(wanted))
    ).all()) if wanted else {}
    seen: set[str] = set()
    for item in items:
        key = stored_fingerprint(code, item.fingerprint)
        if item.status != "new":
            continue
        if key in existing:
            item.status, item.note, item.existing_id = "duplicate", Msg("Already imported (comment #%(id)s).", id=existing[key]), existing[key]
        elif key in seen:
            item.status, item.note = "duplicate", "Appears twice in the file."
        seen.add(key)


def _keep_word_date(position: Position, comment: Comment, written_at: dt.datetime | None) -> None:
    """Date the comment when the reviewer wrote it in Word (never later than now, nor long before the position began).

    Word writes its local time marked as UTC, hence a day's tolerance on both sides.
    """
    if written_at is None:
        return
    written = written_at.astimezone(dt.UTC).replace(tzinfo=None) if written_at.tzinfo else written_at
    posted = comment.created_at.replace(tzinfo=None)
    began = position.created_at.replace(tzinfo=None) if position.created_at else posted
    if began - dt.timedelta(days=1) <= written <= posted + dt.timedelta(days=1):
        comment.created_at = min(written, posted)


@dataclass(frozen=True)
class ReviewOutcome:
    """What an import created and skipped."""

    plan: ReviewPlan
    created: list[Comment]


def apply_reviewed(
    session: Session, actor: User, position: Position, data: bytes, *, filename: str = "", languages: Sequence[Labels] = ()
) -> ReviewOutcome:
    """Create the file's new comments and amendments for the actor's administration; skip what exists."""
    writable(session, position)
    _check(actor, position)
    plan = plan_reviewed(session, actor, position, data, languages)
    created: list[Comment] = []
    comment_of_word_id: dict[int, tuple[int, str]] = {}  # Word comment id -> (Plenipo comment id, clause uid)
    try:
        for item in plan.items:
            if item.existing_id is not None and item.word_id is not None:
                comment_of_word_id[item.word_id] = (item.existing_id, item.clause_uid)
            if item.status != "new":
                continue
            parent_id, parent_uid = (None, None) if item.parent_word_id is None else \
                comment_of_word_id.get(item.parent_word_id, (None, None))  # Word numbers its first comment 0
            parent_id = item.reply_to or (parent_id if parent_uid == item.clause_uid else None)
            comment = post_comment(
                session, actor, position, item.clause_uid, kind=item.kind, body=item.body, quote=item.quote,
                start=item.start, proposed_text=item.proposed_text, parent_id=parent_id,
                fingerprint=stored_fingerprint(plan.administration, item.fingerprint), proposed_kind=item.proposed_kind,
            )
            _keep_word_date(position, comment, item.written_at)
            created.append(comment)
            if item.word_id is not None:
                comment_of_word_id[item.word_id] = (comment.id, item.clause_uid)
    except IntegrityError as exc:
        raise Conflict("The same file was being imported at the same moment. Reload the position and check.") from exc
    audit.record(
        session, actor, "import.reviewed", position, position_id=position.id,
        data={"file": filename[:200], "sha256": plan.sha256, "administration": plan.administration,
              "created": [c.id for c in created], "duplicates": plan.count("duplicate"),
              "unmatched": len(plan.unmatched), "skipped": plan.count("skipped")},
    )
    return ReviewOutcome(plan, created)
