"""Whether a change of wording touches a red line: the words and quoted phrases a red line guards.

A change (the word-level operations of positions.text.diffing between the old and the new text of a clause)
*touches* a red line when

* a word it deletes or inserts is a significant word of the red line: any word of the red line that is not a
  stop word (English, French or Dutch function words such as "the", "de", "het"; "no" and "not" too, which red
  lines say in passing), compared case-insensitively, whole words only ("assess" does not match "assessment"); or
* it changes how often one of the red line's quoted phrases ("…", “…”, «…», ‘…’) occurs in the clause: the
  phrase was in it and was reworded or struck out, or it was written in. A quoted phrase counts with all its
  words, stop words included ("shall not" is touched when it becomes "should not").

Markdown markers are not words (`**supports**` is "supports").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from positions.text.diffing import DELETE, INSERT, Op

_WORD = re.compile(r"\w+", re.UNICODE)
_QUOTED = re.compile(r"\"([^\"]+)\"|“([^”]+)”|«([^»]+)»|‘([^’]+)’|„([^“”]+)[“”]")

STOP_WORDS = frozenset(["#", "noqa:", "SIM905", "-", "English,", "French", "and", "Dutch", "function", "words", "read", "best", "as", "text", "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "may", "me", "might", "more", "most", "must", "my", "no", "nor", "not", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "out", "over", "own", "same", "shall", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "upon", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "à", "au", "aux", "avec", "ce", "ces", "cet", "cette", "dans", "de", "des", "du", "elle", "en", "est", "et", "eux", "il", "ils", "je", "la", "le", "les", "leur", "leurs", "lui", "ma", "mais", "me", "même", "mes", "moi", "mon", "ne", "nos", "notre", "nous", "ou", "où", "par", "pas", "pour", "qu", "que", "qui", "sa", "se", "ses", "son", "sur", "ta", "te", "tes", "toi", "ton", "tu", "un", "une", "vos", "votre", "vous", "y", "été", "être", "sont", "ont", "a", "l", "d", "s", "n", "c", "j", "m", "t", "aan", "al", "alle", "als", "bij", "dan", "dat", "de", "der", "des", "deze", "die", "dit", "door", "een", "en", "er", "het", "hij", "hoe", "hun", "ik", "in", "is", "je", "kan", "maar", "met", "mij", "na", "naar", "niet", "noch", "nu", "of", "om", "onder", "ons", "ook", "op", "over", "te", "tegen", "toe", "tot", "u", "uit", "van", "veel", "voor", "want", "was", "wat", "we", "wel", "werd", "wie", "wij", "worden", "zal", "ze", "zich", "zij", "zijn", "zo", "zou"])


@dataclass(frozen=True)
class Touch:
    """What of one red line a change touches: its significant words and its quoted phrases, as written there."""

    words: tuple[str, ...]
    phrases: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.words or self.phrases)


def words_of(text: str) -> list[str]:
    """The words of a text, case-folded, in order."""
    return [word.casefold() for word in _WORD.findall(text or "")]


def significant_words(text: str) -> set[str]:
    """The words of a red line that are not stop words."""
    return {word for word in words_of(text) if word not in STOP_WORDS}


def quoted_phrases(text: str) -> list[str]:
    """The phrases a red line quotes, as written there (straight double, curly, guillemet and low-high quotes)."""
    found = (next(group for group in match.groups() if group is not None).strip() for match in _QUOTED.finditer(text or ""))
    return list(dict.fromkeys(phrase for phrase in found if words_of(phrase)))


def changed_words(ops: Iterable[Op]) -> set[str]:
    """The words a change deletes or inserts, case-folded."""
    return {word for op, chunk in ops if op in (DELETE, INSERT) for word in words_of(chunk)}


def occurrences(phrase: str, text: str) -> int:
    """How often the phrase's words stand together, in order, in the text (case-insensitive, whole words)."""
    needle, hay = words_of(phrase), words_of(text)
    return sum(1 for i in range(len(hay) - len(needle) + 1) if hay[i:i + len(needle)] == needle) if needle else 0


def touch(red_line: str, ops: Iterable[Op], old_text: str, new_text: str) -> Touch:
    """What a change from `old_text` to `new_text` (its word operations `ops`) touches of a red line's text."""
    changed = changed_words(ops)
    guarded = significant_words(red_line)
    words = tuple(word for word in dict.fromkeys(words_of(red_line)) if word in guarded and word in changed)
    phrases = tuple(p for p in quoted_phrases(red_line) if occurrences(p, old_text) != occurrences(p, new_text))
    return Touch(words, phrases)
