"""Time the Word export of the dataset's large position (400 clauses, 5,000 comments) through the API and the CLI.

Targets (issue 14): the API export with its comments under 1.5 s; `plenipo export` of it under 3 s wall,
start-up included. Needs the dataset (bench/dataset.py) in the database. Wall times are what a user waits; the
CPU times (this process, or the CLI's process) say what the code costs when other work shares the machine.

Run: .venv/bin/python bench/export_api_bench.py [--database-url URL] [--runs N]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import dataset  # noqa: E402

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/plenipo_bench"
API_TARGET_S, CLI_TARGET_S = 1.5, 3.0


def large_position(session) -> int:
    """The position with the most clauses (the dataset's large one)."""
    from sqlalchemy import text

    return session.execute(text("SELECT position_id FROM clause GROUP BY position_id ORDER BY count(*) DESC LIMIT 1")).scalar()


def api_timings(url: str, runs: int) -> tuple[int, dict[str, tuple[list[float], list[float]]]]:
    """Wall times of GET export.docx of the large position, without and with its comments, as an official."""
    from sqlalchemy import select

    from app.extensions import db
    from positions.models import User
    from positions.services import accounts

    app = dataset.bench_app(url)
    app.config.update(RATELIMIT_ENABLED=False)
    with app.app_context():
        position = large_position(db.session)
        official = db.session.scalars(select(User).where(User.role == "official").order_by(User.id)).first()
        token = accounts.issue_token(db.session, official)
        db.session.commit()
        client = app.test_client()
        headers = {"Authorization": f"Bearer {token}"}
        results: dict[str, tuple[list[float], list[float]]] = {}
        for name, query in (("API export .docx", ""), ("API export .docx + comments", "?comments=1")):
            times, cpu = [], []
            for _ in range(runs + 1):  # the first warms caches (templates, Markdown) as a running server has
                started, started_cpu = time.perf_counter(), time.process_time()
                response = client.get(f"/api/v1/positions/{position}/export.docx{query}", headers=headers)
                times.append(time.perf_counter() - started)
                cpu.append(time.process_time() - started_cpu)
                assert response.status_code == 200, response.status_code
            results[name] = (times[1:], cpu[1:])
        db.session.remove()
        db.engine.dispose()
    return position, results


def cli_timings(url: str, position: int, runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU times of `plenipo export POSITION --comments -o FILE`, a fresh process each time."""
    # what the `plenipo` console script runs, on this checkout's code (PYTHONPATH), so two checkouts compare
    program = [sys.executable, "-c", "import sys; from app.cli import main; sys.argv[0] = 'plenipo'; sys.exit(main())"]
    env = {**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
    times, cpu = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(runs):
            started, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run([*program, "export", str(position), "--comments", "-o", str(Path(tmp) / "big.docx")],
                           check=True, env=env, cwd=ROOT, capture_output=True)
            times.append(time.perf_counter() - started)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return times, cpu


def report(name: str, timings: tuple[list[float], list[float]], target: float) -> dict:
    times, cpu = timings
    best, median, cpu_median = min(times), statistics.median(times), statistics.median(cpu)
    print(f"  {name:34s} wall best {best:6.3f} s  median {median:6.3f} s   CPU median {cpu_median:6.3f} s"
          f"   (target < {target} s: {'ok' if median < target else 'SLOW'})")
    return {"best_s": round(best, 3), "median_s": round(median, 3), "cpu_median_s": round(cpu_median, 3)}


def measure(url: str, runs: int = 5) -> dict:
    """The API and CLI export timings of the large position, printed and returned."""
    position, api = api_timings(url, runs)
    results = {name: report(name, timings, API_TARGET_S) for name, timings in api.items()}
    results["plenipo export --comments"] = report("plenipo export --comments", cli_timings(url, position, max(3, runs // 2)),
                                                  CLI_TARGET_S)
    print(f"  (load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    measure(args.database_url, args.runs)


if __name__ == "__main__":
    main()
