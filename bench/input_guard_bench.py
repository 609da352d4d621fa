"""Time the checks every request and every typed text now pass: JSON depth (app.request_guards) and hidden characters.

Run: .venv/bin/python bench/input_guard_bench.py
"""

from __future__ import annotations

import json
import sys
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.request_guards import json_too_deep  # noqa: E402
from positions.hidden_characters import refuse_hidden_characters  # noqa: E402

BODIES = {
    "typical position body (91 B)": json.dumps({"title": "Nexus", "meeting": "IPBES-12", "agenda_item": "Item 9",
                                                 "consulted": ["VL-OMG"]}).encode(),
    "1 MB clause body with brackets and escapes": json.dumps({"kind": "text", "body": "Belgium [supports] {x} \" \\ " * 40_000}).encode(),
    "1.2 MB list of 100,000 small objects": json.dumps({"consulted": [{"a": [1]} for _ in range(100_000)]}).encode(),
    "10 MB of '[' (attack)": b"[" * 10_000_000,
    "10 MB of '[]' pairs then 100 levels (attack)": b"[]" * 5_000_000 + b"[" * 100,
}
TEXTS = {"100,000-character clause": "Belgium supports the assessment. " * 3_000, "short comment": "Which biennium?"}


def best_ms(call, number: int) -> float:
    """The best of five runs, per call, in milliseconds."""
    return min(timeit.repeat(call, number=number, repeat=5)) / number * 1000


def main() -> None:
    for name, body in BODIES.items():
        number = 1 if len(body) > 100_000 else 10_000
        print(f"json_too_deep, {name}: {best_ms(lambda b=body: json_too_deep(b), number):.3f} ms")
    for name, text in TEXTS.items():
        print(f"refuse_hidden_characters, {name}: {best_ms(lambda t=text: refuse_hidden_characters(t, 'body'), 1_000):.4f} ms")


if __name__ == "__main__":
    main()
