"""Before/after timings of the comments page and GET /api/v1/positions/<id>/comments, in one run.

Measures the large position of an existing bench dataset (bench/dataset.py) with the code of this
checkout and with the code of another source tree (e.g. the commit before a change, unpacked with
`git archive <commit> | tar -x -C /tmp/before`), each in its own process, and prints the ratios.

Run: .venv/bin/python bench/comments_bench.py --database-url postgresql://…/plenipo_bench --before /tmp/before
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
URLS = {"comments page": "/positions/{pos}/comments", "API comments": "/api/v1/positions/{pos}/comments"}


def measure(url: str, root: Path) -> dict:
    """Median of 5 runs and SQL statements of each URL, with the code under `root`."""
    sys.path[:0] = [str(root), str(ROOT / "bench")]
    from drafting_bench import timed_get
    from run_all import BearerClient
    from sqlalchemy import text

    import app as app_package
    from app.extensions import db
    from positions.models import User
    from positions.services import accounts
    from tests.conftest import IsolatedClient

    assert Path(app_package.__file__).resolve().is_relative_to(root.resolve()), app_package.__file__
    import dataset

    app = dataset.bench_app(url)
    app.config.update(WTF_CSRF_ENABLED=False, RATELIMIT_ENABLED=False)
    app.test_client_class = IsolatedClient
    with app.app_context():
        pos = db.session.execute(text("SELECT position_id FROM comment GROUP BY position_id ORDER BY count(*) DESC LIMIT 1")).scalar()
        pen = db.session.query(User).filter_by(role="pen_holder").order_by(User.id).first()
        official = db.session.query(User).filter_by(role="official").order_by(User.id).first()
        token = accounts.issue_token(db.session, official)
        db.session.commit()
        client = app.test_client()
        assert client.post("/login", data={"email": pen.email, "password": dataset.PASSWORD}).status_code == 302
        who = {"comments page": client, "API comments": BearerClient(client, token)}
        results = {}
        for name, path in URLS.items():
            response = who[name].get(path.format(pos=pos))
            seconds, queries = timed_get(who[name], path.format(pos=pos))
            results[name] = {"ms": round(seconds * 1000, 1), "queries": queries, "bytes": len(response.data)}
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--before", type=Path, help="the source tree to compare with")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # one side, in its own process
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.database_url, args.measure)))
        return
    sides = {}
    for side, root in (("before", args.before), ("after", ROOT)):
        out = subprocess.run([sys.executable, __file__, "--database-url", args.database_url, "--measure", str(root)],
                             check=True, capture_output=True, text=True).stdout
        sides[side] = json.loads(out.strip().splitlines()[-1])
    for name in URLS:
        b, a = sides["before"][name], sides["after"][name]
        print(f"{name:15s} before {b['ms']:8.1f} ms {b['queries']:3d} SQL {b['bytes']:>9,} B | "
              f"after {a['ms']:8.1f} ms {a['queries']:3d} SQL {a['bytes']:>9,} B | time ×{a['ms'] / b['ms']:.3f}")


if __name__ == "__main__":
    main()
