"""GET /healthz: a trivial, public liveness answer that never touches the database.

It is also the ceiling of the load test (bench/load.py): the cost of a request through gunicorn,
Flask and the app's own hooks, with no work behind it.
"""

from __future__ import annotations

from flask import Blueprint, jsonify

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """The process is up and serving requests."""
    return jsonify({"status": "ok"})
