"""The position page of the large position (400 clauses, 5,000 comments): HTML size, server time, SQL queries.

Run against a database made by bench/dataset.py, from the tree whose code is measured, e.g. today's code
unpacked elsewhere (`git archive main | tar -x -C /tmp/base`) and this one, in the same run:
  .venv/bin/python bench/position_page_bench.py --database-url postgresql://…/plenipo_bench [--position 1]
Also times the per-clause threads that the page loads beside each clause (a fragment), when present.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event, text  # noqa: E402

import bench.dataset as dataset  # noqa: E402


def measure(client, engine, url: str, runs: int) -> dict:
    statements: list[str] = []
    times, size = [], 0
    for i in range(runs):
        if i == runs - 1:
            event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
        size = len(response.data)
    return {"url": url, "median_s": round(statistics.median(times), 3), "min_s": round(min(times), 3),
            "bytes": size, "queries": len(statements)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--position", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--role", default="pen_holder", help="whose page: pen_holder (default), official, viewer…")
    args = parser.parse_args()
    from app.extensions import db
    from tests.conftest import IsolatedClient

    app = dataset.bench_app(args.database_url)
    app.config.update(WTF_CSRF_ENABLED=False, RATELIMIT_ENABLED=False)
    app.test_client_class = IsolatedClient
    with app.app_context():
        pen = db.session.execute(text("SELECT email FROM user_account WHERE role = :r ORDER BY id LIMIT 1"), {"r": args.role}).scalar()
        uid = db.session.execute(text(
            "SELECT c.uid FROM clause c JOIN comment m ON m.clause_id = c.id WHERE c.position_id = :p "
            "GROUP BY c.uid ORDER BY count(*) DESC LIMIT 1"), {"p": args.position}).scalar()
        client = app.test_client()
        assert client.post("/login", data={"email": pen, "password": dataset.PASSWORD}).status_code == 302
        results = [measure(client, db.engine, f"/positions/{args.position}", args.runs)]
        fragment = f"/positions/{args.position}/clauses/{uid}/threads?fragment=1"
        if client.get(fragment).status_code == 200:
            results.append(measure(client, db.engine, fragment, args.runs))
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
