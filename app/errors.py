"""One place that turns errors into answers: JSON under /api, pages elsewhere."""

from __future__ import annotations

from typing import Any

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from app.extensions import db
from positions.errors import (
    AuthenticationFailed,
    Conflict,
    DomainError,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)

DOMAIN_STATUS = {
    NotFound: 404,
    PermissionDenied: 403,
    ValidationFailed: 422,
    Conflict: 409,
    AuthenticationFailed: 401,
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


def init_app(app: Flask) -> None:
    """Register the error handlers."""

    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        db.session.rollback()
        status = status_of(error)
        if is_api_request():
            return error_response(status, error.code, error.message, error.details)
        return _page(status, _("That did not work"), error.message)

    @app.errorhandler(StaleDataError)
    def stale(error: StaleDataError):
        db.session.rollback()
        message = _("Someone else saved this at the same moment. Reload and try again; nothing was lost.")
        if is_api_request():
            return error_response(409, "conflict", message)
        return _page(409, _("Saved meanwhile"), message)

    @app.errorhandler(OperationalError)
    def database_down(error: OperationalError):
        db.session.rollback()
        message = _("The database is not reachable right now. Please try again in a moment; nothing was saved.")
        if is_api_request():
            return error_response(503, "unavailable", message)
        return _page(503, _("Temporarily unavailable"), message)

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        message = _("The form had expired or was not sent by this site. Reload the page and send it again.")
        return _page(400, _("Form expired"), message)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        status = error.code or 500
        if is_api_request():
            message = error.description or error.name
            if status == 413:
                message = "The request is larger than the server accepts."
            return error_response(status, HTTP_CODES.get(status, "error"), message)
        return _page(status, error.name, error.description or "")

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        app.logger.exception("Unhandled error")
        db.session.rollback()
        message = "Something went wrong on our side. The error was logged; nothing was half-saved."
        if is_api_request():
            return error_response(500, "server_error", message)
        return _page(500, "Server error", message)
