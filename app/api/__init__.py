"""The JSON API under /api/v1: one module per area, each holding its routes, its request and response shapes.

base (the blueprint and the token check), parsing (reading requests), shapes (what several areas answer
with), openapi (the document built from each route's declared contract); then account, positions,
drafting, review, workflow, word, library and official.
"""

from __future__ import annotations

from app.api import (  # noqa: F401  (routes register on bp)
    account,
    calendar,
    drafting,
    eu,
    library,
    notifications,
    official,
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
