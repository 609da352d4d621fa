"""The query language, as PostgreSQL's websearch_to_tsquery reads it plus a trailing * for prefixes:
words (all must match), "a phrase", -excluded, `or` between alternatives, negoti* for a prefix.

Parsed once into a small tree that each backend renders; odd input never raises: unbalanced quotes close at
the end, operators without operands are dropped, long queries are cut (and the reader is told).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from positions.messages import Msg
from positions.search.stemming import WORD
from positions.search.stop_words import is_common

MAX_QUERY_CHARS = 500
MAX_TERMS = 16
_TOKEN = re.compile(r'(-?)"([^"]*)("?)|(\S+)')


@dataclass(frozen=True)
class Term:
    """A word or a phrase (several words in a row); the last word may be a prefix."""

    words: tuple[str, ...]
    prefix: bool = False
    negated: bool = False
    raw: str = ""  # as typed (without quotes, minus or star): PostgreSQL's parser reads it ("IPBES-12")

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1


@dataclass
class Query:
    """Alternatives (`or`), each a list of terms that must all hold; notices tell what was left out."""

    groups: list[list[Term]] = field(default_factory=list)
    notices: list[Msg] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.groups

    def words(self) -> list[str]:
        """The words the reader looks for (not the excluded ones): what snippets highlight."""
        return [w for g in self.groups for t in g if not t.negated for w in t.words]

    def common_words_only(self) -> bool:
        """Whether every word looked for is a stop word (English, French or Dutch): nothing is then searched."""
        wanted = self.words()
        return bool(wanted) and all(is_common(w) for w in wanted)


def _term(raw: str, negated: bool, phrase: bool) -> Term | None:
    prefix = raw.rstrip().endswith("*") and not phrase
    found = [w.lower() for w in WORD.findall(raw.replace("_", " "))]
    if not found:
        return None
    if not phrase and len(found) > 1:  # "ipbes-11" or "l'évaluation": the words in a row, as PostgreSQL reads them
        phrase = True
    return Term(tuple(found), prefix=prefix and len(found) == 1, negated=negated, raw=raw.strip().rstrip("*"))


def parse(text: str | None) -> Query:
    """Read a query; never raises."""
    query = Query()
    text = (text or "").strip()
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        query.notices.append(Msg("Your search was long: only its first %(count)d characters were used.", count=MAX_QUERY_CHARS))
    group: list[Term] = []
    terms = 0
    for match in _TOKEN.finditer(text):
        minus, quoted, _closing, bare = match.groups()
        if bare is not None and bare.lower() == "or":
            if group:
                query.groups.append(group)
            group = []
            continue
        if bare is not None:
            negated = bare.startswith("-") and len(bare) > 1
            term = _term(bare[1:] if negated else bare, negated, phrase=False)
        else:
            term = _term(quoted, bool(minus), phrase=True)
        if term is None:
            continue
        terms += 1
        if terms > MAX_TERMS:
            query.notices.append(Msg("Only the first %(count)d words or phrases of your search were used.", count=MAX_TERMS))
            break
        group.append(term)
    if group:
        query.groups.append(group)
    kept = [g for g in query.groups if any(not t.negated for t in g)]
    if len(kept) < len(query.groups):
        query.notices.append(Msg("A search cannot only exclude words: add a word to look for."))
    query.groups = kept
    return query
