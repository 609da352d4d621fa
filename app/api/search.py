"""Search: GET /api/v1/search (the same service, filters and permissions as the search page)."""

from __future__ import annotations

from flask import g, request
from pydantic import Field

from app.api.base import bp
from app.api.openapi import documented
from app.api.parsing import Query, parse_query
from app.api.shapes import Out, Timestamp, iso, respond
from app.extensions import db
from app.i18n import translate
from app.search.links import filters_from, hit_url
from positions.search.service import MAX_PER_PAGE, search


class SearchQuery(Query):
    q: str = Field(default="", max_length=10_000, description='Words; "a phrase", -excluded, a or b, prefix*.')
    meeting: str | None = Field(default=None, max_length=200)
    position: int | None = Field(default=None, ge=1, le=2**31 - 1)
    kind: str | None = Field(default=None, max_length=20, description="A clause kind.")
    stage: str | None = Field(default=None, max_length=50)
    administration: str | None = Field(default=None, max_length=20, description="An administration code.")
    from_: str | None = Field(default=None, alias="from", max_length=10, description="A date, YYYY-MM-DD.")
    to: str | None = Field(default=None, max_length=10, description="A date, YYYY-MM-DD.")
    scope: str | None = Field(default=None, max_length=100, description="Comma-separated: clauses, versions, comments, positions, library.")
    page: int = Field(default=1, ge=1, le=10_000)
    per_page: int = Field(default=20, ge=1, le=10_000, description=f"At most {MAX_PER_PAGE} are returned.")


class HitOut(Out):
    type: str = Field(description="clause, version, comment, position or library.")
    position_id: int | None
    clause_uid: str | None
    number: str = Field(description="The clause's number (in the version, for a past version's text).")
    title: str = Field(description="The position's title.")
    snippet: str = Field(description="Escaped text with the matches in <mark>.")
    kind: str | None
    stage: str | None
    version: int | None
    url: str
    at: Timestamp


class SearchResults(Out):
    hits: list[HitOut]
    total: int
    page: int
    per_page: int
    notices: list[str] = Field(description="What was left out of the query, or why nothing was searched.")


@bp.get("/search")
@documented("Search", {200: SearchResults}, query=SearchQuery, errors=(403,))
def search_api():
    """Search everything the caller may see, best first."""
    args = parse_query(SearchQuery)
    results = search(db.session, g.user, args.q, filters_from(request.args), page=args.page, per_page=args.per_page)
    hits = [HitOut(type=h.source, position_id=h.position_id, clause_uid=h.clause_uid, number=h.number, title=h.position_title,
                   snippet=h.snippet, kind=h.clause_kind, stage=h.stage, version=h.version_number, url=hit_url(h), at=iso(h.at))
            for h in results.hits]
    return respond(SearchResults(hits=hits, total=results.total, page=results.page, per_page=results.per_page,
                                 notices=[translate(n) for n in results.notices]))
