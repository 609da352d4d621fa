"""Search: one call for the web page, the API and the tests, over every source, with the reader's permissions.

Every hit passes the same rules as the pages: positions the reader may not see (restricted ones outside their
circle) are never matched, nor internal notes (and comments on them) for readers not allowed to see them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from positions.errors import ValidationFailed
from positions.kinds import CLAUSE_KINDS, clause_numbers
from positions.messages import Msg
from positions.models import (
    Administration,
    Clause,
    ClauseRevision,
    Position,
    SearchEntry,
    User,
    Version,
    VersionClause,
)
from positions.permissions import can_read_internal_notes, can_view, require
from positions.search.matching import backend_for
from positions.search.query import parse
from positions.search.sources import SOURCES
from positions.services.positions import visible_to

PER_PAGE = 20
MAX_PER_PAGE = 50
MAX_PAGE = 100


@dataclass(frozen=True)
class Filters:
    """What narrows a search (every field optional)."""

    meeting: str | None = None
    position_id: int | None = None
    kind: str | None = None
    stage: str | None = None
    administration: str | None = None  # code: comments of that administration, text its officials wrote
    date_from: date | None = None
    date_to: date | None = None
    scope: tuple[str, ...] = ()  # sources: clause, version, comment, position, library…; empty: all


@dataclass
class Hit:
    source: str
    ref_id: int
    position_id: int | None
    position_title: str
    stage: str | None
    clause_uid: str | None
    clause_kind: str | None
    version_number: int | None
    title: str
    snippet: str
    at: datetime
    number: str = ""


@dataclass
class Results:
    query: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    page: int = 1
    per_page: int = PER_PAGE
    notices: list[Msg] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return min(MAX_PAGE, max(1, -(-self.total // self.per_page)))

    def by_position(self) -> list[tuple[int | None, str, list[Hit]]]:
        """The hits of this page grouped by position, in the order of each position's best hit."""
        groups: dict[int | None, list[Hit]] = defaultdict(list)
        for hit in self.hits:
            groups[hit.position_id].append(hit)
        return [(pid, hits[0].position_title, hits) for pid, hits in groups.items()]


def check_filters(session: Session, filters: Filters) -> int | None:
    """Refuse unknown kinds and sources; return the administration's id (None for none)."""
    if filters.kind and filters.kind not in CLAUSE_KINDS:
        raise ValidationFailed(Msg("Unknown clause kind '%(kind)s'. Choose one of: %(choices)s.", kind=filters.kind,
                                   choices=", ".join(CLAUSE_KINDS)), {"kind": filters.kind})
    unknown = [s for s in filters.scope if s not in SOURCES]
    if unknown:
        raise ValidationFailed(Msg("Unknown search scope '%(scope)s'. Choose among: %(choices)s.", scope=", ".join(unknown),
                                   choices=", ".join(SOURCES)), {"scope": unknown})
    if not filters.administration:
        return None
    found = session.scalar(select(Administration.id).where(Administration.code == filters.administration.strip().upper()))
    if found is None:
        raise ValidationFailed(Msg("Unknown administration(s): %(codes)s.", codes=filters.administration), {"administration": filters.administration})
    return found


def _positions_where(*conditions):
    return SearchEntry.position_id.in_(select(Position.id).where(*conditions))


def _where(actor: User, filters: Filters, administration_id: int | None) -> list:
    """The reader's rows; conditions on positions are subqueries run once, not a join made for every matching row."""
    hidden = select(Position.id).where(~visible_to(actor))  # restricted positions outside the reader's circle
    conditions = [or_(SearchEntry.position_id.is_(None), SearchEntry.position_id.not_in(hidden))]
    if not can_read_internal_notes(actor):
        conditions.append(or_(SearchEntry.clause_kind.is_(None), SearchEntry.clause_kind != "internal_note"))
    if filters.scope:
        conditions.append(SearchEntry.source.in_(filters.scope))
    if filters.meeting:
        conditions.append(_positions_where(func.lower(Position.meeting) == filters.meeting.strip().lower()))
    if filters.position_id is not None:
        conditions.append(SearchEntry.position_id == filters.position_id)
    if filters.kind:
        conditions.append(SearchEntry.clause_kind == filters.kind)
    if filters.stage:
        conditions.append(_positions_where(Position.stage == filters.stage))
    if administration_id is not None:
        conditions.append(SearchEntry.administration_id == administration_id)
    if filters.date_from:
        conditions.append(SearchEntry.at >= datetime.combine(filters.date_from, time.min))
    if filters.date_to:
        conditions.append(SearchEntry.at < datetime.combine(filters.date_to + timedelta(days=1), time.min))
    return conditions


def search(session: Session, actor: User, text: str | None, filters: Filters = Filters(), *, page: int = 1,
           per_page: int = PER_PAGE) -> Results:
    """The reader's hits for a query, best first; bad input gives notices and no hits, never an error."""
    require(can_view(actor), Msg("Your role does not give access to positions."))
    per_page = max(1, min(int(per_page or PER_PAGE), MAX_PER_PAGE))
    page = max(1, min(int(page or 1), MAX_PAGE))
    query = parse(text)
    results = Results(query=(text or "")[:500], page=page, per_page=per_page, notices=list(query.notices))
    administration_id = check_filters(session, filters)
    if query.empty:
        if not query.notices:
            results.notices.append(Msg("Type one or more words to search for."))
        return results
    if query.common_words_only():  # the same answer on both databases, before either is asked
        results.notices.append(Msg("Only very common words were typed (%(words)s): they are not searched on their own. "
                                   "Add a more specific word.", words=", ".join(dict.fromkeys(query.words()))))
        return results
    backend = backend_for(session, query)
    base = backend.prepare(select(SearchEntry.id).where(*_where(actor, filters, administration_id)))
    # Each match's rank, then the count in the same pass; "offset 0" keeps the ranked rows narrow (id, rank, date)
    # so that counting them never spills the matches' whole index rows to disk.
    matches = base.add_columns(backend.rank().label("rank"), SearchEntry.at).offset(0).subquery("matches")
    ranked = (select(matches.c.id, func.count().over().label("total"))
              .order_by(matches.c.rank, matches.c.at.desc(), matches.c.id.desc()))
    rows = session.execute(ranked.limit(per_page).offset((page - 1) * per_page)).all()
    if rows:
        results.total = rows[0][-1]
    elif page > 1:
        results.total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
    entries = {e.id: (e, title, stage) for e, title, stage in session.execute(
        select(SearchEntry, Position.title, Position.stage).outerjoin(Position, Position.id == SearchEntry.position_id)
        .where(SearchEntry.id.in_([r[0] for r in rows])))}
    snippets = backend.snippets(list(entries))
    for entry_id, _total in rows:
        e, title, stage = entries[entry_id]
        results.hits.append(Hit(e.source, e.ref_id, e.position_id, title or e.title, stage, e.clause_uid, e.clause_kind,
                                e.version_number, e.title, snippets.get(entry_id, ""), e.at))
    _number(session, results.hits)
    if not results.total and query.groups:
        results.notices.append(Msg("Nothing found. Very common words (the, de, het, le…) are not searched on their own."))
    return results


def _number(session: Session, hits: list[Hit]) -> None:
    """Each clause hit's number: in the current draft, or in the version a past text comes from."""
    current = {h.position_id for h in hits if h.clause_uid and h.version_number is None}
    numbers: dict[tuple, str] = {}
    if current:  # each clause's current text looked up by key: never a scan of every text there is
        def head(column):
            return (select(column).where(ClauseRevision.id == Clause.head_revision_id, ClauseRevision.deleted.is_(False))
                    .scalar_subquery())

        found = session.execute(select(Clause.position_id, Clause.uid, head(ClauseRevision.sort_key), head(ClauseRevision.kind))
                                .where(Clause.position_id.in_(current))).all()
        rows = sorted((r for r in found if r[3] is not None), key=lambda r: (r[0], r[2]))
        _numbers_of(numbers, rows, lambda r: (r[0], None, r[1]))
    wanted = {(h.position_id, h.version_number) for h in hits if h.version_number is not None}
    if wanted:
        version_ids = [vid for vid, pid, number in session.execute(
            select(Version.id, Version.position_id, Version.number).where(Version.position_id.in_({p for p, _ in wanted})))
            if (pid, number) in wanted]
        rows = session.execute(
            select(Version.position_id, Version.number, Clause.uid, ClauseRevision.kind).select_from(VersionClause)
            .join(Version, Version.id == VersionClause.version_id).join(ClauseRevision, ClauseRevision.id == VersionClause.revision_id)
            .join(Clause, Clause.id == ClauseRevision.clause_id)
            .where(VersionClause.version_id.in_(version_ids)).order_by(Version.id, VersionClause.ordinal)
        ).all()
        _numbers_of(numbers, rows, lambda r: (r[0], r[1], r[2]))
    for hit in hits:
        hit.number = numbers.get((hit.position_id, hit.version_number, hit.clause_uid), "")


def _numbers_of(numbers: dict, rows, key) -> None:
    by_group: dict = defaultdict(list)
    for row in rows:
        by_group[key(row)[:2]].append(row)
    for group in by_group.values():
        for row, (number, _level) in zip(group, clause_numbers([r[-1] for r in group]), strict=True):
            numbers[key(row)] = number
