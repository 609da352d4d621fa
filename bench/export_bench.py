"""Time the Word export library on a large position: 400 clauses of 150 words, 1,000 comments.

Each timing is set against the floor, bare python-docx writing the same paragraphs, measured in the same run:
targets (issue 14) at most 2x the floor without comments and 3x with 1,000 comments. The ratios are given on
wall time (best of N) and on CPU time (best of N): on a machine that other work shares, CPU time is the steadier.

Run: .venv/bin/python bench/export_bench.py [--repeat N]
"""

from __future__ import annotations

import datetime as dt
import io
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import docx  # noqa: E402

from exports.docx.markdown_docx import _cached_blocks  # noqa: E402
from exports.docx.position_layout import render_position  # noqa: E402
from exports.model import ExportClause, ExportComment, ExportDocument, numbered  # noqa: E402

WORDS = ("the", "Belgium", "supports", "assessment", "biodiversity", "**funding**", "of", "and",
         "*capacity*", "building", "IPBES", "[bracketed]", "text", "work", "programme", "nexus",
         "transformative", "change", "for", "nature", "people", "knowledge", "indigenous", "local")
KINDS = ("text", "text", "line_to_take", "fallback", "red_line", "background")


def build(seed: int = 7) -> ExportDocument:
    """Return a 400-clause document (150 words each) with 1,000 comments quoting its words."""
    rng = random.Random(seed)
    clauses = []
    for index in range(400):
        words = [rng.choice(WORDS) for _ in range(150)]
        body = " ".join(words[:75]) + ".\n\n" + " ".join(words[75:]) + "."
        if index % 25 == 0:
            clauses.append(ExportClause(f"h{index}", "heading", f"Section {index // 25 + 1}", ""))
        clauses.append(ExportClause(f"c{index}", KINDS[index % len(KINDS)], "", body))
    comments = []
    texts = {c.uid: c.body.replace("*", "") for c in clauses if c.kind != "heading"}
    uids = list(texts)
    start = dt.datetime(2026, 5, 1, tzinfo=dt.UTC)
    for index in range(1000):
        uid = rng.choice(uids)
        words = texts[uid].split()
        at = rng.randrange(0, len(words) - 3)
        comments.append(ExportComment(
            index + 1, uid, "comment", f"Comment number {index}.", "Jan Peeters", "VL-OMG",
            start + dt.timedelta(minutes=index), "open", quote=" ".join(words[at:at + 3]).strip(".[]"),
            parent_id=index if index % 10 == 9 else None,
        ))
    return ExportDocument(
        title="Benchmark position", meeting="IPBES-12", agenda_item="7", document_symbol="BE/BENCH",
        stage_label="Draft", version_label="v1", date=dt.date(2026, 5, 9), content_hash="0" * 64,
        confidentiality="Restricted", is_final=False, author="Bench", delegation_lead="Lead",
        clauses=numbered(clauses), comments=tuple(comments),
    )


def floor(doc: ExportDocument) -> bytes:
    """Write the same paragraphs with bare python-docx and no styling: the lower bound."""
    document = docx.Document()
    for clause in doc.clauses:
        for paragraph in (clause.heading, *clause.body.split("\n\n")):
            if paragraph:
                document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


TARGETS = {"no comments": 2.0, "1,000 comments": 3.0}


def _best(func, repeat: int) -> tuple[float, float]:
    runs = [_once(func) for _ in range(repeat)]
    return min(wall for wall, _ in runs), min(cpu for _, cpu in runs)


def _once(func) -> tuple[float, float]:
    _cached_blocks.cache_clear()  # time Markdown parsing too, as on a first export
    started, started_cpu = time.perf_counter(), time.process_time()
    func()
    return time.perf_counter() - started, time.process_time() - started_cpu


def measure(repeat: int = 5) -> dict:
    """Time the floor and the library, print every timing and the ratios, return them."""
    doc = build()
    render_position(doc, comments=True)  # warm-up: imports, template
    cases = {
        "floor": ("bare python-docx (floor)", lambda: floor(doc)),
        "no comments": ("render_position, no comments", lambda: render_position(doc)),
        "1,000 comments": ("render_position, 1,000 comments", lambda: render_position(doc, comments=True)),
    }
    results: dict = {}
    for key, (label, func) in cases.items():
        wall, cpu = _best(func, repeat)
        results[key] = {"wall_s": round(wall, 3), "cpu_s": round(cpu, 3)}
        print(f"  {label:<38} {wall:6.3f} s   CPU {cpu:6.3f} s")
    base = results["floor"]
    for key, target in TARGETS.items():
        ratio = {kind: results[key][kind] / base[kind] for kind in ("wall_s", "cpu_s")}
        results[key]["ratio_wall"], results[key]["ratio_cpu"] = round(ratio["wall_s"], 2), round(ratio["cpu_s"], 2)
        verdict = ", ".join(f"{kind[:-2]} {'ok' if ratio[kind] <= target else 'SLOW'}" for kind in ("wall_s", "cpu_s"))
        print(f"  ratio {key + ' / floor:':<28} {ratio['wall_s']:5.2f} wall   {ratio['cpu_s']:5.2f} CPU"
              f"   (target <= {target:g}: {verdict.replace('cpu', 'CPU')})")
    return results


def main() -> None:
    """Build the document and print timings and ratios against the python-docx floor."""
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    measure(parser.parse_args().repeat)


if __name__ == "__main__":
    main()
