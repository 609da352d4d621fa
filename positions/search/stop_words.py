"""Stop words: the very common words ("the", "de", "het", "le"…) that a search leaves out, as PostgreSQL does.

The lists are PostgreSQL's own (Snowball's, in stopwords/), so SQLite drops exactly what the english, french and
dutch configurations drop; text in no known language ("simple") keeps every word on both databases. A word is
compared lower case, accents kept, before stemming, as PostgreSQL compares it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from positions.search.language import TEXT_LANGUAGES

_FOLDER = Path(__file__).with_name("stopwords")


@cache
def stop_words(language: str) -> frozenset[str]:
    """The stop words of en, fr or nl; none for any other language."""
    if language not in TEXT_LANGUAGES:
        return frozenset()
    lines = (_FOLDER / f"{language}.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def is_common(word: str) -> bool:
    """Whether the word is a stop word in English, French or Dutch."""
    return any(word.lower() in stop_words(language) for language in TEXT_LANGUAGES)


def searched_words(words: tuple[str, ...], language: str) -> tuple[str, ...]:
    """The words of a term searched in that language: none when all are stop words; a phrase keeps its stop words,
    so that "rights of nature" still matches those words exactly in a row."""
    common = stop_words(language)
    return () if all(w in common for w in words) else words
