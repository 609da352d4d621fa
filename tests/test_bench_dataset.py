"""The benchmarks' dataset still builds against the current rules (a bench that cannot start measures nothing)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_a_tiny_bench_dataset_builds(session):
    sys.path[:0] = [str(ROOT / "bench")]
    try:
        import dataset
    finally:
        sys.path.remove(str(ROOT / "bench"))
    tiny = dataset.Scale(positions=2, big_clauses=12, big_versions=2, big_comments=20, users=12,
                         small_clauses=(3, 4), small_comments=(2, 3))
    info = dataset.generate(session, tiny, seed=3)
    assert info.pen_holders and info.officials
    from positions.member_states import EU_KINDS
    from positions.models import Administration

    kinds = {a.code: a.kind for a in session.query(Administration)}
    assert not [code for code in info.officials if kinds[code] in EU_KINDS]
