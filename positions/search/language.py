"""The language of a text: the position's when it is known, else detected (langdetect), limited to en/fr/nl."""

from __future__ import annotations

import threading
from functools import lru_cache

TEXT_LANGUAGES = ("en", "fr", "nl")
POSTGRES_CONFIG = {"en": "english", "fr": "french", "nl": "dutch", "simple": "simple"}
SNOWBALL = {"en": "english", "fr": "french", "nl": "dutch"}
_MIN_LETTERS = 12  # shorter texts are not worth guessing: they are indexed without stemming
_lock = threading.Lock()
_factory = None


def _detector_factory():
    global _factory
    with _lock:
        if _factory is None:
            from langdetect import DetectorFactory
            from langdetect.detector_factory import PROFILES_DIRECTORY

            factory = DetectorFactory()
            factory.load_profile(PROFILES_DIRECTORY)
            factory.seed = 0  # the same text always gets the same answer
            _factory = factory
    return _factory


def detect(text: str) -> str:
    """en, fr or nl when the text clearly is one of them, else "simple"."""
    return _detect(text[:2000])


@lru_cache(maxsize=4096)  # seeded, so the same text always gets the same answer: a reindex or a repeated text costs nothing
def _detect(text: str) -> str:
    if sum(ch.isalpha() for ch in text) < _MIN_LETTERS:
        return "simple"
    from langdetect.lang_detect_exception import LangDetectException

    detector = _detector_factory().create()
    detector.append(text)
    try:
        guesses = detector.get_probabilities()
    except LangDetectException:
        return "simple"
    for guess in guesses:
        if guess.lang in TEXT_LANGUAGES and guess.prob >= 0.5:
            return guess.lang
    return "simple"


def language_of(text: str, declared: str | None) -> str:
    """The declared language (the position's) if there is one, else the detected one."""
    return declared if declared in TEXT_LANGUAGES else detect(text)
