"""Words and their Snowball stems (PyStemmer), the same for the indexed text and the query on SQLite."""

from __future__ import annotations

import re
import threading
import unicodedata

import Stemmer

from positions.search.language import SNOWBALL

WORD = re.compile(r"\w+", re.UNICODE)
_local = threading.local()  # PyStemmer objects are not thread-safe: one set per thread


def _stemmer(language: str):
    stemmers = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = {code: Stemmer.Stemmer(name) for code, name in SNOWBALL.items()}
    return stemmers.get(language)


def fold(word: str) -> str:
    """Lower case without diacritics, as FTS5's unicode61 tokenizer (remove_diacritics 2) sees it."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """The words of a text, lower case."""
    return [w.lower() for w in WORD.findall(text)]


def stems(words_: list[str], language: str) -> list[str]:
    """The stem of each word in that language (the word itself, lower case, for "simple")."""
    stemmer = _stemmer(language)
    return stemmer.stemWords(words_) if stemmer else list(words_)


def stemmed_text(text: str, language: str) -> str:
    """The text as its stems, separated by spaces: what SQLite's index holds."""
    return " ".join(stems(words(text), language))
