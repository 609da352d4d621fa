"""How the app talks to its database: SQLite gets real write transactions and write-ahead logging.

PostgreSQL locks rows (see positions.services.locking). SQLite has one write lock for the whole
file: a request that changes something (POST, PUT, PATCH, DELETE) begins its transaction with
``BEGIN IMMEDIATE``, so it holds that lock from its first read and every check it makes sees what
other writers committed before it; reading requests begin an ordinary transaction. File databases
use write-ahead logging, so readers never wait for a writer.  (An in-memory database, the test
suite's, is a single shared connection and keeps the driver's default.)

A reading request may still write now and then (the silence procedure recorded when the consultation
page is opened after the deadline, an export's audit record). Its transaction began as a reader; when
another writer committed since, SQLite refuses the write at once ("database is locked": the reader's
snapshot is out of date). Such a request is run again from the start as a writer, once
(:func:`retry_reading_requests_as_writers`), instead of answering "saved at the same moment".
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps

from flask import Flask, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from app.extensions import db

READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_writer: ContextVar[bool] = ContextVar("plenipo_writer", default=False)


@contextmanager
def writing() -> Iterator[None]:
    """Outside a request (the worker): begin every transaction as a writer (SQLite: BEGIN IMMEDIATE)."""
    token = _writer.set(True)
    try:
        yield
    finally:
        _writer.reset(token)


def _driver_leaves_transactions_to_us(dbapi_connection, connection_record) -> None:
    dbapi_connection.isolation_level = None  # pysqlite must not BEGIN by itself (SQLAlchemy's documented recipe)


def _write_ahead_log(dbapi_connection, connection_record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def writes_expected() -> bool:
    """Whether the current request is one that changes data."""
    return _writer.get() or (has_request_context() and request.method not in READING_METHODS)


class ReaderMustWrite(Exception):
    """A reading request's SQLite transaction could not start writing: the request runs again as a writer."""


def reader_lost_write_race(error: OperationalError) -> bool:
    """Whether a reading request's write was refused by SQLite because its snapshot was out of date."""
    return (has_request_context() and not writes_expected() and db.engine.dialect.name == "sqlite"
            and "database is locked" in str(error.orig))


def retry_reading_requests_as_writers(app: Flask) -> None:
    """Run a reading request again, as a writer, when its write lost the race (errors raise ReaderMustWrite)."""
    dispatch = app.full_dispatch_request

    @wraps(dispatch)
    def full_dispatch_request():
        try:
            return dispatch()
        except ReaderMustWrite:
            db.session.rollback()
            with writing():
                return dispatch()

    app.full_dispatch_request = full_dispatch_request


def _begin(connection) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writes_expected() else "BEGIN")


def configure_sqlite_file(engine: Engine) -> None:
    """Explicit transactions on an SQLite file: immediate ones for writing requests, and write-ahead logging.

    An in-memory database (the test suite's) is one connection shared by everyone, which can hold one
    transaction only: it keeps the driver's own transaction handling.
    """
    event.listen(engine, "connect", _driver_leaves_transactions_to_us)
    event.listen(engine, "connect", _write_ahead_log)
    event.listen(engine, "begin", _begin)


def init_app(app: Flask) -> None:
    """Attach the database to the app and configure its engine."""
    db.init_app(app)
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
        engine.dispose()  # connections opened before the listeners existed would skip them
        configure_sqlite_file(engine)
        retry_reading_requests_as_writers(app)
