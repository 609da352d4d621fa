"""GET /healthz and GET /kinds.css: the liveness check, and each clause kind's look written from positions/kinds.py.

/healthz never touches the database: it is also the ceiling of the load test (bench/load.py), the cost of
a request through gunicorn, Flask and the app's own hooks with no work behind it.
"""

from __future__ import annotations

from functools import lru_cache

from flask import Blueprint, Response, jsonify

from positions.kinds import KINDS, ClauseKind

bp = Blueprint("site", __name__)
CSS_BORDER = {"single": "solid", "dashed": "dashed", "double": "double", "dotted": "dotted"}


@bp.get("/healthz")
def healthz():
    """The process is up and serving requests."""
    return jsonify({"status": "ok"})


def kind_rules(kind: ClauseKind) -> str:
    """The CSS of one kind: its clauses' left border (and italics), and its badge's colours."""
    look = kind.look
    clause, badge = [], []
    if look.border:
        width = 6 if look.border == "double" else max(3, round(look.width / 6))
        clause.append(f"border-left: {width}px {CSS_BORDER[look.border]} #{look.colour}")
        badge.append(f"border-color: #{look.colour}")
    if look.fill:  # the badge carries the kind's colour; the clause stays white so its links keep their contrast
        badge.append(f"background: #{look.fill}")
    if look.italic:
        clause.append("font-style: italic")
    if kind.numbering == "section":
        clause.append("margin-top: 1rem")
    rules = [f".{kind.css_class} {{ {'; '.join(clause)}; }}"] if clause else []
    if badge:
        # The position page's badges take the colours from their clause's class (not repeated on each badge).
        rules.append(f".kind-badge-{kind.code}, .{kind.css_class} > .clause-head > .kind-badge {{ {'; '.join(badge)}; }}")
    return "\n".join(rules)


@lru_cache(maxsize=1)
def stylesheet() -> str:
    """Every kind's rules, in table order."""
    return "/* Written from positions/kinds.py: one rule set per clause kind. */\n" + "\n".join(
        rules for kind in KINDS if (rules := kind_rules(kind))) + "\n"


@bp.get("/kinds.css")
def kinds_css():
    """The clause kinds' stylesheet (public, cached like a static file)."""
    response = Response(stylesheet(), mimetype="text/css")
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    return response
