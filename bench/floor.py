"""The floor for the comment load test: a bare Flask + SQLAlchemy app that inserts one row per request.

Served by the same gunicorn settings against the same PostgreSQL as the real app, it is what one
authenticated write could cost with nothing of Plenipo in the way: no token lookup, no permission
check, no audit chain. bench/load.py reports comment posting as a share of it (aim: at least 50 %).

gunicorn --pythonpath . 'bench.floor:application'   (DATABASE_URL as for the app)
"""

from __future__ import annotations

import os

from flask import Flask, jsonify, request
from sqlalchemy import Column, DateTime, Integer, MetaData, Table, Text, create_engine, func, insert

from config import normalise_database_url

metadata = MetaData()
floor_row = Table(
    "bench_floor_row", metadata,
    Column("id", Integer, primary_key=True),
    Column("body", Text, nullable=False),
    Column("created_at", DateTime, nullable=False, server_default=func.now()),
)


def make_app(database_url: str) -> Flask:
    """One endpoint: POST /floor {body} inserts a row and answers its id, like a comment without the rules."""
    engine = create_engine(normalise_database_url(database_url), pool_pre_ping=True)
    metadata.create_all(engine)
    app = Flask(__name__)

    @app.post("/floor")
    def write_one_row():
        body = (request.get_json(silent=True) or {}).get("body", "")
        with engine.begin() as conn:
            row_id = conn.execute(insert(floor_row).values(body=str(body)).returning(floor_row.c.id)).scalar_one()
        return jsonify({"id": row_id}), 201

    return app


application = make_app(os.environ["DATABASE_URL"]) if os.environ.get("DATABASE_URL") else None
