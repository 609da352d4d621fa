"""One benchmark run to compare changes against: dataset, pages, API, exports, compare, load.

1. Generates the large dataset (bench/dataset.py) into its own PostgreSQL database (plenipo_bench), and
   times `audit checkpoint` and `audit verify` on it (which must pass).
2. Times the pages and API calls on it, with their SQL query counts (drafting_bench.timed_get):
   position page, compare, versions, comments, consultation, API position, API comments.
3. Times the Word exports of the large position (API, with and without its 5,000 comments; `plenipo export`
   with start-up: export_api_bench), the export library against the python-docx floor with the ratios
   (export_bench) and the compare computation. Then the notifications (notify_bench, in its own database
   <name>_notify): a consultation of 8 administrations x 10 officials queued and mailed, a daily digest for 1,000 users.
4. Runs the search benchmark (bench/search_bench.py, its own database plenipo_search_bench; --no-search skips it).
5. Runs the live-stream benchmark (bench/stream_bench.py: 200 streams on one gthread host, its own database;
   --no-streams skips it).
6. Runs the load test (bench/load.py, in its own process because locust runs on gevent).
Prints everything and writes it as JSON to bench/out/run-YYYYmmdd-HHMMSS.json.

Run: .venv/bin/python bench/run_all.py [--database-url URL] [--no-load] [--no-search] [--no-streams] [--small] [-- extra bench/load.py options]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import audit_bench  # noqa: E402
import dataset  # noqa: E402
import export_api_bench  # noqa: E402
import export_bench  # noqa: E402
import notify_bench  # noqa: E402
from drafting_bench import timed_get  # noqa: E402

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/plenipo_bench"


class BearerClient:
    """A test client that sends a bearer token (timed_get only calls .get)."""

    def __init__(self, client, token: str) -> None:
        self.client, self.headers = client, {"Authorization": f"Bearer {token}"}

    def get(self, url: str):
        return self.client.get(url, headers=self.headers)


def create_database(url: str) -> None:
    """Create the benchmark database when it does not exist yet (PostgreSQL only)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from config import normalise_database_url

    target = make_url(normalise_database_url(url))
    if not target.drivername.startswith("postgresql"):
        return
    if target.database in ("test", "postgres"):
        raise SystemExit(f"refusing to write the benchmark dataset into {target.database!r}")
    engine = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        if not conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": target.database}):
            conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    engine.dispose()


def notify_database(url: str) -> str:
    """The notification bench's own database beside the dataset's (it recreates its tables)."""
    from sqlalchemy.engine import make_url

    target = make_url(url)
    if target.drivername.startswith("sqlite"):
        return f"sqlite:///{Path(target.database).with_name('notify_bench.sqlite')}"
    return target.set(database=f"{target.database}_notify").render_as_string(hide_password=False)


def page_timings(url: str, info: dataset.DatasetInfo) -> dict:
    """Median time (5 runs) and SQL statements of each page and API call on the large position."""
    from sqlalchemy import text

    from app.extensions import db
    from positions.models import User
    from positions.services import accounts
    from tests.conftest import IsolatedClient

    app = dataset.bench_app(url)
    app.config.update(WTF_CSRF_ENABLED=False, RATELIMIT_ENABLED=False)
    app.test_client_class = IsolatedClient
    pos = info.big_position
    with app.app_context():
        official = db.session.query(User).filter_by(email=info.officials["VL-OMG"][0]).one()
        token = accounts.issue_token(db.session, official)
        db.session.commit()
        versions = db.session.execute(text("SELECT max(number) FROM version WHERE position_id = :p"), {"p": pos}).scalar()
        client = app.test_client()
        login = client.post("/login", data={"email": info.pen_holders[0], "password": info.password})
        assert login.status_code == 302, login.status_code
        api = BearerClient(client, token)
        pages = [
            ("position page", client, f"/positions/{pos}"),
            (f"compare v1→v{versions} page", client, f"/positions/{pos}/compare?from=1&to={versions}"),
            ("compare side by side", client, f"/positions/{pos}/compare?from=1&to={versions}&view=side"),
            ("versions page", client, f"/positions/{pos}/versions"),
            ("comments page", client, f"/positions/{pos}/comments"),
            ("consultation page", client, f"/positions/{pos}/consultation"),
            ("API position", api, f"/api/v1/positions/{pos}"),
            ("API comments", api, f"/api/v1/positions/{pos}/comments"),
            ("API compare", api, f"/api/v1/positions/{pos}/compare?from=1&to={versions}"),
            ("API export .docx", api, f"/api/v1/positions/{pos}/export.docx"),
            ("API export .docx + comments", api, f"/api/v1/positions/{pos}/export.docx?comments=1"),
            ("API export comments .csv", api, f"/api/v1/positions/{pos}/export.csv"),
        ]
        results = {}
        for name, who, path in pages:
            seconds, queries = timed_get(who, path, runs=3 if "export" in name else 5)
            results[name] = {"ms": round(seconds * 1000, 1), "queries": queries}
            print(f"  {name:30s} {seconds * 1000:8.1f} ms  {queries:4d} SQL queries")
        from positions.models import Position
        from positions.services import comparing

        position = db.session.get(Position, pos)
        times = []
        for _ in range(5):
            started = time.perf_counter()
            comparing.compare_refs(db.session, position, "1", str(versions))
            times.append(time.perf_counter() - started)
        results["compare computation"] = {"ms": round(statistics.median(times) * 1000, 1)}
        print(f"  {'compare computation':30s} {statistics.median(times) * 1000:8.1f} ms")
        db.session.remove()
        db.engine.dispose()
    return results


def export_library() -> dict:
    """export_bench's synthetic 400-clause document: the export library against the python-docx floor, with ratios."""
    return export_bench.measure()


def live_streams(database_url: str, json_path: Path, small: bool) -> dict:
    """bench/stream_bench.py in its own process, on a database of its own beside the dataset's."""
    from sqlalchemy.engine import make_url

    url = make_url(database_url).set(database="plenipo_stream_bench").render_as_string(hide_password=False)
    command = [sys.executable, str(ROOT / "bench" / "stream_bench.py"), "--database-url", url, "--json", str(json_path),
               *(["--streams", "20", "--edits", "2"] if small else [])]
    status = subprocess.run(command, cwd=ROOT).returncode
    return json.loads(json_path.read_text()) if json_path.exists() else {"failed": status}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--small", action="store_true", help="reduced dataset (quick check of the script)")
    parser.add_argument("--no-load", action="store_true", help="skip the load test")
    parser.add_argument("--no-search", action="store_true", help="skip the search benchmark (its corpus takes a while)")
    parser.add_argument("--no-streams", action="store_true", help="skip the live-stream benchmark")
    parser.add_argument("load_args", nargs="*", help="after --: options for bench/load.py")
    args = parser.parse_args()
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    results: dict = {"when": stamp}

    print(f"== dataset into {args.database_url}")
    create_database(args.database_url)
    info = dataset.build(args.database_url, reset=True, small=args.small)
    results["dataset"] = {"seconds": round(info.seconds, 1), "counts": info.counts}
    print(f"  generated in {info.seconds:.1f} s: " + ", ".join(f"{n:,} {t}" for t, n in info.counts.items()))

    print("== audit chain and audited states of the dataset (checkpoint, verify)")
    results["audit"] = audit_bench.verify_database(args.database_url)

    print("== pages and API on the large position (median, SQL queries)")
    results["pages"] = page_timings(args.database_url, info)
    print("== Word export library (synthetic 400 clauses, 1,000 comments; ratios to the python-docx floor)")
    results["export_library"] = export_library()
    print("== Word export of the large position: API and `plenipo export` (wall and CPU)")
    results["export_position"] = export_api_bench.measure(args.database_url)

    if not args.no_search:
        print("== search (bench/search_bench.py: corpus, reindex, search p95, write with and without indexing)")
        search_json = out / f"search-{stamp}.json"
        search_url = args.database_url.rsplit("/", 1)[0] + "/plenipo_search_bench" if args.database_url.startswith("postgresql") \
            else "sqlite:///" + str(out / "search-bench.sqlite")
        command = [sys.executable, str(ROOT / "bench" / "search_bench.py"), "--database-url", search_url, "--json", str(search_json),
                   *(["--small"] if args.small else [])]
        status = subprocess.run(command, cwd=ROOT).returncode
        results["search"] = json.loads(search_json.read_text()) if search_json.exists() else {"failed": status}

    if not args.no_streams:
        print("== live streams: 200 open streams on one gunicorn gthread host (bench/stream_bench.py)")
        results["streams"] = live_streams(args.database_url, out / f"streams-{stamp}.json", args.small)

    notify_url = notify_database(args.database_url)
    print(f"== notifications: consultation 8x10 queued and sent, daily digest for 1,000 users (into {notify_url})")
    create_database(notify_url)
    results["notify"] = notify_bench.run(notify_url, digest_users=100 if args.small else 1000)
    print("  " + json.dumps(results["notify"]))

    if not args.no_load:
        print("== load test (bench/load.py)")
        load_json = out / f"load-{stamp}.json"
        command = [sys.executable, str(ROOT / "bench" / "load.py"), "--json", str(load_json), *(["--small"] if args.small else []), *args.load_args]
        status = subprocess.run(command, cwd=ROOT).returncode
        results["load"] = json.loads(load_json.read_text()) if load_json.exists() else {"failed": status}
        results["load_exit_status"] = status
    path = out / f"run-{stamp}.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(f"== results written to {path.relative_to(ROOT)}")
    sys.exit(results.get("load_exit_status", 0))


if __name__ == "__main__":
    main()
