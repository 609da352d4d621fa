"""The two backends: how a parsed query becomes a match condition, a rank and snippets on each database.

PostgreSQL: per language, a tsquery built by `to_tsquery(<configuration>, …)` from the parsed terms (so stop
words and stemming are PostgreSQL's); a row matches the tsquery of its own language (`document @@ …`, GIN).
SQLite: the query's words stemmed with Snowball in each language, one FTS5 expression per language column,
without the stop words that PostgreSQL's configuration of that language drops (a phrase keeps them, exactly).
"""

from __future__ import annotations

import html
import re

from sqlalchemy import Float, Integer, and_, case, func, literal, or_, select, text
from sqlalchemy.dialects.postgresql import REGCONFIG
from sqlalchemy.orm import Session

from positions.models import SEARCH_LANGUAGES, SearchEntry
from positions.search.language import POSTGRES_CONFIG
from positions.search.query import Query, Term
from positions.search.stemming import fold, stems, words
from positions.search.stop_words import searched_words, stop_words

OPEN, CLOSE = "\x02", "\x03"  # ts_headline's markers: never in stored text (control characters), escaped after
SNIPPET_WORDS = 30


class Backend:
    def __init__(self, session: Session, query: Query) -> None:
        self.session, self.query = session, query


class PostgresBackend(Backend):
    """Each term through PostgreSQL's own parser (phraseto_tsquery; to_tsquery 'word':* for a prefix, the word
    being \\w+ only), combined with tsquery_and / tsquery_or / tsquery_not."""

    @staticmethod
    def _term(term: Term, config):
        if term.prefix:
            query = func.to_tsquery(config, f"'{term.words[-1]}':*")
        else:
            query = func.phraseto_tsquery(config, term.raw or " ".join(term.words))
        return func.tsquery_not(query) if term.negated else query

    def _tsquery(self, language: str):
        config = literal(POSTGRES_CONFIG[language], REGCONFIG)
        alternatives = []
        for group in self.query.groups:
            positive = _all([self._term(t, config) for t in group if not t.negated])
            negative = _all([self._term(t, config) for t in group if t.negated])
            if negative is not None:  # "the -budget": stop words only must not leave "not budget", matching everything
                positive = case((func.numnode(positive) == 0, positive), else_=func.tsquery_and(positive, negative))
            alternatives.append(positive)
        result = alternatives[0]
        for other in alternatives[1:]:
            result = func.tsquery_or(result, other)
        return result

    def condition(self):
        return or_(*(and_(SearchEntry.language == lang, SearchEntry.document.op("@@")(self._tsquery(lang)))
                     for lang in SEARCH_LANGUAGES))

    def rank(self):
        """Lower is better: minus ts_rank in the row's own language."""
        return -case(*((SearchEntry.language == lang, func.ts_rank(SearchEntry.document, self._tsquery(lang)))
                       for lang in SEARCH_LANGUAGES), else_=0.0)

    def prepare(self, statement):
        return statement.where(self.condition())

    def snippets(self, ids: list[int]) -> dict[int, str]:
        if not ids:
            return {}
        options = f"StartSel={OPEN}, StopSel={CLOSE}, MaxWords={SNIPPET_WORDS}, MinWords=12"  # PostgreSQL drops tags
        headline = case(*((SearchEntry.language == lang,
                           func.ts_headline(literal(POSTGRES_CONFIG[lang], REGCONFIG), SearchEntry.body, self._tsquery(lang), options))
                          for lang in SEARCH_LANGUAGES), else_=SearchEntry.body)
        found = self.session.execute(select(SearchEntry.id, headline).where(SearchEntry.id.in_(ids)))
        return {i: _marked(h or "") for i, h in found}


class SqliteBackend(Backend):
    """FTS5: `en : (…) OR fr : (…) OR …`, each part with the query's words stemmed in that language; a term made
    only of that language's stop words is left out there, and a group left with nothing to look for matches nothing."""

    @staticmethod
    def _term(term: Term, language: str) -> str | None:
        kept = searched_words(term.words, language)
        if not kept:
            return None
        stemmed = [fold(s) for s in stems(list(kept), language)]
        return '"' + " ".join(stemmed) + '"' + (" *" if term.prefix else "")

    def _group(self, group: list[Term], language: str) -> str | None:
        positive = [r for t in group if not t.negated and (r := self._term(t, language))]
        if not positive:
            return None
        negative = "".join(f" NOT {r}" for t in group if t.negated and (r := self._term(t, language)))
        return "(" + " AND ".join(positive) + negative + ")"

    def match_text(self) -> str:
        parts = []
        for lang in SEARCH_LANGUAGES:
            groups = [g for group in self.query.groups if (g := self._group(group, lang))]
            if groups:
                parts.append(f"{lang} : (" + " OR ".join(groups) + ")")
        return " OR ".join(parts)  # never empty: "simple" keeps every word

    def prepare(self, statement):
        fts = (text("SELECT rowid, bm25(search_fts) AS score FROM search_fts WHERE search_fts MATCH :match")
               .bindparams(match=self.match_text()).columns(rowid=Integer, score=Float).subquery("fts"))
        self._score = fts.c.score
        return statement.join(fts, fts.c.rowid == SearchEntry.id)

    def rank(self):
        """Lower is better: FTS5's bm25."""
        return self._score

    def snippets(self, ids: list[int]) -> dict[int, str]:
        found = self.session.execute(select(SearchEntry.id, SearchEntry.language, SearchEntry.body).where(SearchEntry.id.in_(ids)))
        return {i: highlight(body, self.query, lang) for i, lang, body in found}


def _all(parts: list):
    combined = None
    for part in parts:
        combined = part if combined is None else func.tsquery_and(combined, part)
    return combined


def backend_for(session: Session, query: Query) -> Backend:
    dialect = session.get_bind().dialect.name
    return PostgresBackend(session, query) if dialect == "postgresql" else SqliteBackend(session, query)


def _marked(headline: str) -> str:
    """ts_headline's text with its markers as <mark>, everything else escaped."""
    return html.escape(headline).replace(OPEN, "<mark>").replace(CLOSE, "</mark>")


_SPLIT = re.compile(r"(\w+)", re.UNICODE)


def highlight(body: str, query: Query, language: str) -> str:
    """A window of the text around the first match, the matching words in <mark> (stem or prefix match)."""
    common = stop_words(language)  # never marked, as ts_headline marks none
    looked_for = [w for w in words(" ".join(query.words())) if w not in common]
    wanted = {fold(s) for s in stems(looked_for, language)}
    prefixes = tuple(fold(s) for g in query.groups for t in g if t.prefix and not t.negated and t.words[-1] not in common
                     for s in stems([t.words[-1]], language))
    pieces = _SPLIT.split(body)
    hits = []
    for i in range(1, len(pieces), 2):
        stem = fold(stems([pieces[i].lower()], language)[0])
        if stem in wanted or (prefixes and stem.startswith(prefixes)):
            hits.append(i)
    first = hits[0] if hits else 1
    start = max(0, first - SNIPPET_WORDS)  # pieces alternate text and words: 2 pieces a word
    end = min(len(pieces), first + SNIPPET_WORDS * 2)
    marked = set(hits)
    out = ["… " if start > 0 else ""]
    for i in range(start, end):
        piece = html.escape(pieces[i])
        out.append(f"<mark>{piece}</mark>" if i in marked else piece)
    out.append(" …" if end < len(pieces) else "")
    return "".join(out).strip()
