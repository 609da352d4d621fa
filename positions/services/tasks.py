"""What waits for each user ("My tasks"), and each position's open items and next deadline (the dashboard).

Officials: consultations awaiting their administration's answer, their amendments' outcomes, replies to
them. The pen-holder: open amendments and comments per position, running consultations with answered and
pending counts. The delegation lead: versions awaiting their approval. A fixed number of queries each.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, aliased

from positions.clock import now
from positions.messages import Msg, plural_msg
from positions.models import Approval, Comment, Consent, Consultation, Position, User, Version
from positions.services.positions import visible_to
from positions.services.review_views import awaiting

RECENT = timedelta(days=30)  # outcomes and replies older than this are no longer tasks
LIMIT = 50


@dataclass(frozen=True)
class Task:
    """One thing to do or to read: what kind, on which position, said how, where it leads, by when."""

    kind: str  # consultation, amendment_outcome, reply, open_items, running_consultation, approval
    position_id: int
    title: Msg
    target: tuple  # ("consultation", position_id) · ("comment", comment_id) · ("position", position_id)
    due: datetime | None = None


@dataclass(frozen=True)
class OpenItems:
    """A position's open amendments and other open threads, and its next deadline."""

    amendments: int = 0
    comments: int = 0
    deadline: datetime | None = None


def tasks_for(session: Session, user: User) -> list[Task]:
    """The user's tasks, soonest deadline first, then newest."""
    if user.role == "official":
        found = _official(session, user)
    elif user.role == "pen_holder":
        found = _pen_holder(session, user)
    elif user.role == "delegation_lead":
        found = _lead(session, user)
    else:
        found = []
    return sorted(found, key=lambda t: (t.due is None, t.due or datetime.max))[:LIMIT]


def _official(session: Session, user: User) -> list[Task]:
    tasks = [Task("consultation", a.position.id, Msg("Answer for %(admin)s on %(version)s of “%(title)s”",
                                                    admin=user.administration.code, version=a.version.label, title=a.position.title),
                  ("consultation", a.position.id), a.deadline) for a in awaiting(session, user)]
    since = now() - RECENT
    for comment, title in session.execute(
        select(Comment, Position.title).join(Position, Position.id == Comment.position_id)
        .where(Comment.author_id == user.id, Comment.kind == "amendment", Comment.status.in_(("accepted", "rejected")),
               Comment.resolved_at >= since).order_by(Comment.resolved_at.desc()).limit(LIMIT)
    ):
        words = Msg("Your amendment on “%(title)s” was accepted", title=title) if comment.status == "accepted" else \
            Msg("Your amendment on “%(title)s” was rejected", title=title)
        tasks.append(Task("amendment_outcome", comment.position_id, words, ("comment", comment.id)))
    parent = aliased(Comment)
    for reply, title, author in session.execute(
        select(Comment, Position.title, User.name).join(parent, parent.id == Comment.parent_id)
        .join(Position, Position.id == Comment.position_id).join(User, User.id == Comment.author_id)
        .where(parent.author_id == user.id, Comment.author_id != user.id, Comment.created_at >= since)
        .order_by(Comment.created_at.desc()).limit(LIMIT)
    ):
        tasks.append(Task("reply", reply.position_id, Msg("%(name)s replied to you on “%(title)s”", name=author, title=title),
                          ("comment", reply.id)))
    return tasks


def _pen_holder(session: Session, user: User) -> list[Task]:
    positions = {p.id: p for p in session.scalars(select(Position).where(visible_to(user), Position.frozen_at.is_(None)))}
    items = open_items(session, list(positions))
    tasks = []
    for position_id, item in items.items():
        if item.amendments or item.comments:
            tasks.append(Task("open_items", position_id, Msg("“%(title)s”: %(amendments)s, %(comments)s", title=positions[position_id].title,
                                                            amendments=plural_msg("%(num)s open amendment", "%(num)s open amendments", item.amendments),
                                                            comments=plural_msg("%(num)s open comment", "%(num)s open comments", item.comments)),
                              ("position", position_id), item.deadline))
    answered = func.count(Consent.answered_at)
    for consultation, version, done, total in session.execute(
        select(Consultation, Version, answered, func.count(Consent.id))
        .join(Version, Version.id == Consultation.version_id).join(Consent, Consent.consultation_id == Consultation.id)
        .where(Consultation.closed_at.is_(None), Consultation.position_id.in_(list(positions)))
        .group_by(Consultation.id, Version.id)
    ):
        tasks.append(Task("running_consultation", consultation.position_id,
                          Msg("Consultation on %(version)s of “%(title)s”: %(answered)s answered, %(pending)s pending",
                              version=version.label, title=positions[consultation.position_id].title, answered=int(done or 0),
                              pending=int(total - (done or 0))),
                          ("consultation", consultation.position_id), consultation.deadline))
    return tasks


def _lead(session: Session, user: User) -> list[Task]:
    latest = select(Version.position_id, func.max(Version.number).label("number")).group_by(Version.position_id).subquery()
    approved = select(Approval.id).where(Approval.version_id == Version.id, Approval.content_hash == Version.content_hash).exists()
    rows = session.execute(
        select(Version, Position.title).join(latest, and_(latest.c.position_id == Version.position_id, latest.c.number == Version.number))
        .join(Position, Position.id == Version.position_id)
        .where(Position.frozen_at.is_(None), visible_to(user), ~approved).order_by(Version.created_at)
    ).all()
    return [Task("approval", v.position_id, Msg("Approve %(version)s of “%(title)s”", version=v.label, title=title),
                 ("consultation", v.position_id)) for v, title in rows]


def open_items(session: Session, position_ids: list[int]) -> dict[int, OpenItems]:
    """position id → its open amendments and open threads, and the deadline of its running consultation (two queries)."""
    if not position_ids:
        return {}
    counts: dict[int, dict[str, int]] = {}
    for position_id, kind, n in session.execute(
        select(Comment.position_id, Comment.kind, func.count())
        .where(Comment.position_id.in_(position_ids), Comment.status == "open", Comment.parent_id.is_(None))
        .group_by(Comment.position_id, Comment.kind)
    ):
        key = "amendments" if kind == "amendment" else "comments"
        counts.setdefault(position_id, {}).setdefault(key, 0)
        counts[position_id][key] += n
    deadlines = dict(session.execute(
        select(Consultation.position_id, func.min(Consultation.deadline))
        .where(Consultation.position_id.in_(position_ids), Consultation.closed_at.is_(None)).group_by(Consultation.position_id)
    ).all())
    return {pid: OpenItems(counts.get(pid, {}).get("amendments", 0), counts.get(pid, {}).get("comments", 0), deadlines.get(pid))
            for pid in position_ids}
