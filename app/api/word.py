"""Placeholder: API routes of the word work."""

from __future__ import annotations

from app.api import bp  # noqa: F401
