"""Rebuild the whole index from the data (`plenipo search reindex`), in batches, in one transaction."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from positions.search import writing
from positions.search.sources import SOURCES

BATCH = 2_000


def reindex(session: Session, progress: Callable[[str, int], None] | None = None) -> dict[str, int]:
    """Empty the index and index every source again; return how many things of each source were indexed.

    Objects loaded in the session before are detached (it is emptied after each batch to keep memory flat).
    """
    writing.clear(session)
    counts: dict[str, int] = {}
    for name, source in SOURCES.items():
        ids = list(source.all_ids(session))
        for start in range(0, len(ids), BATCH):
            chunk = ids[start:start + BATCH]
            writing.add(session, source.rows(session, chunk))  # the index was emptied: nothing to replace
            session.expunge_all()  # keep memory flat over hundreds of thousands of rows
        counts[name] = len(ids)
        if progress:
            progress(name, len(ids))
    return counts
