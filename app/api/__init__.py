"""The JSON API under /api/v1: one module per area, each holding its routes, its request and response shapes.

base (the blueprint and the token check), parsing (reading requests), shapes (what several areas answer
with), openapi (the document built from each route's declared contract); then account, positions,
drafting, review, workflow, word, library, official and official_comments.
"""

from __future__ import annotations

from app.api import (  # noqa: F401  (routes register on bp)
    account,
    calendar,
    drafting,
    eu,
    eu_consultation,
    library,
    notifications,
    official,
    official_comments,
    openapi,
    participants,
    positions,
    review,
    search,
    suggestions,
    word,
    workflow,
)
from app.api.base import bp

__all__ = ["bp"]
