"""One place that turns errors into answers: JSON under /api, pages elsewhere."""

from __future__ import annotations

from typing import Any

from flask import Flask, abort, g, jsonify, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from app.database import ReaderMustWrite, reader_lost_write_race
from app.extensions import db
from app.i18n import translate
from positions.errors import (
    AuthenticationFailed,
    Conflict,
    DomainError,
    NotFound,
    PermissionDenied,
    Unavailable,
    ValidationFailed,
)
from positions.models.base import MAX_INTEGER

DOMAIN_STATUS = {
    NotFound: 404,
    PermissionDenied: 403,
    ValidationFailed: 422,
    Conflict: 409,
    AuthenticationFailed: 401,
    Unavailable: 503,
}

HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "too_many_requests",
    503: "unavailable",
}


HTTP_PAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. Go back and try again.")),
    401: (_l("Please log in"), _l("You need to log in to see this page.")),
    403: (_l("Not allowed"), _l("Your role does not allow you to see or do this.")),
    404: (_l("Not found"), _l("There is nothing at this address. It may have been moved or deleted.")),
    405: (_l("Not allowed"), _l("This address does not accept this kind of request.")),
    409: (_l("Conflict"), _l("This clashes with a change made meanwhile. Reload the page and try again.")),
    413: (_l("Too large"), _l("The request is larger than the server accepts.")),
    415: (_l("Unsupported file"), _l("This kind of file or request is not supported here.")),
    422: (_l("Not accepted"), _l("The data sent could not be accepted.")),
    429: (_l("Too many requests"), _l("Too many attempts in a short time. Wait a moment and try again.")),
    503: (_l("Temporarily unavailable"), _l("The service is not available right now. Please try again in a moment.")),
}


def is_api_request() -> bool:
    """Tell whether the request is for the JSON API."""
    return request.path.startswith("/api/")


def error_response(status: int, code: str, message: str, details: dict[str, Any] | None = None):
    """The JSON error body of DESIGN.md section 5."""
    response = jsonify({"error": {"code": code, "message": message, "details": details or {}}})
    response.status_code = status
    return response


def status_of(error: DomainError) -> int:
    """The HTTP status for a domain error."""
    for cls, status in DOMAIN_STATUS.items():
        if isinstance(error, cls):
            return status
    return 400


def _page(status: int, title: str, message: str):
    return render_template("error.html", status=status, title=title, message=message), status


def names_huge_id() -> bool:
    """Whether the URL holds an integer id beyond the database's integers (it can name nothing)."""
    return any(isinstance(v, int) and v > MAX_INTEGER for v in (request.view_args or {}).values())


def saved_at_the_same_moment(error: OperationalError) -> bool:
    """A deadlock or serialisation failure (PostgreSQL), or SQLite's write lock held too long by another writer."""
    if str(getattr(error.orig, "sqlstate", "") or "").startswith("40"):
        return True
    return "database is locked" in str(error.orig)


def init_app(app: Flask) -> None:
    """Register the error handlers."""

    @app.before_request
    def refuse_huge_ids():
        """Ids beyond PostgreSQL's 32-bit integers name nothing: 404, not a database error (the API says so itself)."""
        if not is_api_request() and names_huge_id():
            abort(404)

    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        db.session.rollback()
        status = status_of(error)
        if is_api_request():
            return error_response(status, error.code, error.message, error.details)
        return _page(status, _("That did not work"), translate(error.message))

    @app.errorhandler(StaleDataError)
    def stale(error: StaleDataError):
        db.session.rollback()
        message = _("Someone else saved this at the same moment. Reload and try again; nothing was lost.")
        if is_api_request():
            return error_response(409, "conflict", message)
        return _page(409, _("Saved meanwhile"), message)

    @app.teardown_appcontext
    def discard_dropped_connection(exc):
        """End the request's transaction; a connection the database dropped meanwhile is discarded, not a 500."""
        try:
            db.session.rollback()
        except SQLAlchemyError:
            db.session.invalidate()

    @app.errorhandler(OperationalError)
    def database_down(error: OperationalError):
        # Answer without the database: the page and the locale must not look the user up again.
        if reader_lost_write_race(error):
            raise ReaderMustWrite from error  # app.database runs the request again as a writer
        g._login_user = app.login_manager.anonymous_user()
        db.session.rollback()
        if saved_at_the_same_moment(error):
            return stale(error)
        message = _("The database is not reachable right now. Please try again in a moment; nothing was saved.")
        if is_api_request():
            return error_response(503, "unavailable", message)
        return _page(503, _("Temporarily unavailable"), message)

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        # The session may have ended mid-edit: say so, keep the typed text, offer to log in and come back.
        from app.web.kept_text import kept_text_page

        return kept_text_page()

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        status = error.code or 500
        if is_api_request():
            message = error.description or error.name
            if status == 413:
                message = "The request is larger than the server accepts."
            response = error_response(status, HTTP_CODES.get(status, "error"), message)
        else:
            title, message = HTTP_PAGES.get(status, (error.name, error.description or ""))
            response = app.make_response(_page(status, str(title), str(message)))
        for name, value in error.get_headers():  # e.g. Allow on a 405
            if name.lower() != "content-type":
                response.headers[name] = value
        return response

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        app.logger.exception("Unhandled error")
        db.session.rollback()
        message = "Something went wrong on our side. The error was logged; nothing was half-saved."
        if is_api_request():
            return error_response(500, "server_error", message)
        return _page(500, _("Server error"), _("Something went wrong on our side. The error was logged; nothing was half-saved."))
