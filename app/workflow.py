"""Placeholder: filled in by the workflow work."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("workflow", __name__)
