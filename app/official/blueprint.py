"""The official-documents area's blueprint, shared by its page modules (routes, comments)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("official", __name__, template_folder="templates")
