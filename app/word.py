"""Placeholder: filled in by the word work."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("word", __name__)
