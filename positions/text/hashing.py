"""Content hash of a clause list: what consent and approval are bound to."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Sequence

from positions.text.compare import ClauseSnapshot

HASH_FIELDS = ("uid", "ordinal", "kind", "heading", "body")


def normalize_text(text: str | None) -> str | None:
    """Normalise text for hashing: Unicode NFC and "\\n" line endings (None stays None)."""
    if text is None:
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def canonical_json(clauses: Sequence[ClauseSnapshot]) -> str:
    """Serialise clauses canonically: ordered by ordinal (then uid), normalised text."""
    rows = [
        {
            "uid": c.uid,
            "ordinal": c.ordinal,
            "kind": c.kind,
            "heading": normalize_text(c.heading),
            "body": normalize_text(c.body),
        }
        for c in sorted(clauses, key=lambda c: (c.ordinal, c.uid))
    ]
    return json.dumps(rows, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def content_hash(clauses: Sequence[ClauseSnapshot]) -> str:
    """Return the sha256 hex digest of the canonical JSON of the clause list."""
    return hashlib.sha256(canonical_json(clauses).encode("utf-8")).hexdigest()
