"""Time positions.text.compare on 400 clauses x 150 words with 10% of them changed.

Run: .venv/bin/python bench/compare_bench.py
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from positions.text.compare import ClauseSnapshot, compare  # noqa: E402

VOCABULARY = [
    "the",
    "parties",
    "shall",
    "consider",
    "budget",
    "work",
    "programme",
    "assessment",
    "report",
    "plenary",
    "decision",
    "requests",
    "executive",
    "secretary",
    "member",
    "states",
    "biodiversity",
    "ecosystem",
]


def document(rng: random.Random, count: int = 400, words: int = 150) -> list[ClauseSnapshot]:
    """Generate a clause list of random words."""
    return [
        ClauseSnapshot(
            f"c{i:04d}", i, "text", f"Clause {i}", " ".join(rng.choices(VOCABULARY, k=words))
        )
        for i in range(count)
    ]


def edited(rng: random.Random, old: list[ClauseSnapshot], share: float) -> list[ClauseSnapshot]:
    """Change a few words in `share` of the clauses."""
    new = list(old)
    for i in rng.sample(range(len(old)), int(len(old) * share)):
        words = old[i].body.split()
        for _ in range(5):
            words[rng.randrange(len(words))] = rng.choice(VOCABULARY).upper()
        c = old[i]
        new[i] = ClauseSnapshot(c.uid, c.ordinal, c.kind, c.heading, " ".join(words))
    return new


def main() -> None:
    """Print the best of several timings."""
    rng = random.Random(1)
    old = document(rng)
    new = edited(rng, old, 0.10)
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        result = compare(old, new)
        timings.append(time.perf_counter() - started)
    print(
        f"{result.summary_text()}: best {min(timings) * 1000:.1f} ms, "
        f"worst {max(timings) * 1000:.1f} ms over {len(timings)} runs"
    )


if __name__ == "__main__":
    main()
