"""Checks on every request before any view or body parser runs, and the no-store rule for private answers."""

from __future__ import annotations

import json

from flask import Flask, make_response, render_template, request, session
from flask_babel import gettext as _

from app.errors import error_response, is_api_request

MAX_JSON_DEPTH = 64  # the API's bodies are two or three levels deep; Python's parser gives up near 1,000
_NOT_BRACKETS = bytes(c for c in range(256) if c not in b"[]{}")
_OPENING = frozenset(b"[{")


def json_brackets(data: bytes) -> bytes:
    """The brackets and braces of JSON text outside its strings, in order (bytes operations only: fast on 10 MB)."""
    encoding = json.detect_encoding(data)
    if encoding not in ("utf-8", "utf-8-sig"):  # the parser reads UTF-16 and UTF-32 too
        data = data.decode(encoding, errors="replace").encode()
    unescaped = data.replace(b"\\\\", b"").replace(b'\\"', b"")  # escaped backslashes, then escaped quotes
    outside_strings = b"".join(unescaped.split(b'"')[::2])
    return outside_strings.translate(None, _NOT_BRACKETS)


def json_too_deep(data: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether JSON text nests arrays and objects deeper than the limit, read without parsing (no recursion)."""
    brackets = json_brackets(data)
    if len(brackets) <= limit:
        return False
    depth = 0
    for byte in brackets:
        depth += 1 if byte in _OPENING else -1
        if depth > limit:
            return True
    return False


def _refusal(status: int, title: str, message: str, details: dict | None = None):
    if is_api_request():
        code = "bad_request" if status == 400 else "not_found"
        return error_response(status, code, message, details)
    return make_response(render_template("error.html", status=status, title=title, message=message), status)


def refuse_deep_json():
    """Refuse JSON nested too deep before anything parses it (the parser and other checks would recurse)."""
    if not request.is_json or not json_too_deep(request.get_data(cache=True)):
        return None
    message = _("The JSON body is nested more than %(limit)s levels deep. Send a flatter body; nothing was saved.", limit=MAX_JSON_DEPTH)
    return _refusal(400, _("Bad request"), message, {"max_depth": MAX_JSON_DEPTH})


def refuse_nul_in_path():
    """An address holding NUL (U+0000) names nothing the database can store: a clear 404, not a database error."""
    if "\x00" not in request.path:
        return None
    message = _("There is nothing at this address: it contains a NUL character (U+0000).")
    return _refusal(404, _("Not found"), message, {"characters": "U+0000"})


def is_static() -> bool:
    """Whether the response is a static file (CSS, scripts, fonts), which keeps its caching."""
    endpoint = request.endpoint or ""
    return endpoint == "static" or endpoint.endswith(".static")


def no_store(response):
    """Keep private answers out of caches: every API response and every response to a logged-in user."""
    if not is_static() and (is_api_request() or session.get("_user_id") or "Authorization" in request.headers):
        response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    """Register the guards; call before any other before_request hook that reads the body (app.security)."""
    app.before_request(refuse_deep_json)
    app.before_request(refuse_nul_in_path)
    app.after_request(no_store)
