"""Placeholder: `plenipo export` and `plenipo import`."""

from __future__ import annotations

COMMANDS: list = []
