"""Drafting at scale: a 400-clause position (150 words each), two versions with 10% changed.

Prints page timings, SQL query counts and the compare computation time.
Run: .venv/bin/python bench/drafting_bench.py [--database-url URL]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event  # noqa: E402

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from config import Config, normalise_database_url  # noqa: E402
from positions.models import Base  # noqa: E402
from positions.services import comparing, drafting, editing, versions  # noqa: E402

WORDS = ["biodiversity", "ecosystem", "assessment", "plenary", "platform", "capacity", "knowledge", "policy", "members", "budget", "indigenous", "local", "scoping", "chapter", "drivers", "transformative", "nexus", "review", "panel", "bureau", "secretariat"]


def words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)) + "."


def build(session, clauses: int, rng: random.Random):
    from tests.factories import People, position

    people = People(session)
    content = [("heading", f"Part {i // 20 + 1}", "") if i % 20 == 0 else ("line_to_take", "", words(rng, 150)) for i in range(clauses)]
    t = time.perf_counter()
    pos = position(session, people.pen, clauses=content, title="Bench")
    versions.take_version(session, people.pen, pos, "v1")
    for d in rng.sample(drafting.draft(session, pos), clauses // 10):
        if d.revision.kind != "heading":
            body = d.revision.body.split()
            body[rng.randrange(len(body))] = "[changed]"
            editing.edit_clause(session, people.pen, pos, d.uid, base_revision=d.revision.id, body=" ".join(body))
    versions.take_version(session, people.pen, pos, "v2")
    session.commit()
    return people, pos, time.perf_counter() - t


def timed_get(client, url: str, runs: int = 5) -> tuple[float, int]:
    statements: list[str] = []
    listener = lambda *a: statements.append(a[2])  # noqa: E731
    times = []
    for i in range(runs):
        if i == runs - 1:
            event.listen(db.engine, "before_cursor_execute", listener)
        t = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - t)
        assert response.status_code == 200, (url, response.status_code)
    event.remove(db.engine, "before_cursor_execute", listener)
    return statistics.median(times), len(statements)


def profile(client, url: str) -> None:
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    client.get(url)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--clauses", type=int, default=400)
    parser.add_argument("--profile", action="store_true", help="profile the position page")
    args = parser.parse_args()
    url = normalise_database_url(args.database_url) if args.database_url else f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite"
    config = type("Bench", (Config,), {"SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False, "TESTING": True})
    app = create_app(config)
    with app.app_context():
        Base.metadata.drop_all(db.engine)
        Base.metadata.create_all(db.engine)
        people, pos, build_s = build(db.session, args.clauses, random.Random(7))
        from tests.conftest import IsolatedClient

        app.test_client_class = IsolatedClient
        client = app.test_client()
        client.post("/login", data={"email": people.pen.email, "password": "correct horse battery"})
        if args.profile:
            profile(client, f"/positions/{pos.id}")
        print(f"database: {db.engine.dialect.name}; {args.clauses} clauses x 150 words; build {build_s:.1f} s")
        for name, path in [("position page", f"/positions/{pos.id}"), ("compare v1→v2 page", f"/positions/{pos.id}/compare?from=1&to=2"),
                           ("compare side by side", f"/positions/{pos.id}/compare?from=1&to=2&view=side"),
                           ("versions page", f"/positions/{pos.id}/versions")]:
            seconds, queries = timed_get(client, path)
            print(f"{name:24s} {seconds * 1000:8.1f} ms  {queries:3d} SQL queries")
        times = []
        for _ in range(5):
            t = time.perf_counter()
            _, _, comparison = comparing.compare_refs(db.session, pos, "1", "2")
            times.append(time.perf_counter() - t)
        print(f"{'compare computation':24s} {statistics.median(times) * 1000:8.1f} ms  ({comparison.summary_text()})")
        Base.metadata.drop_all(db.engine) if args.database_url else None


if __name__ == "__main__":
    main()
