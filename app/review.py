"""Placeholder: filled in by the review work."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("review", __name__)
