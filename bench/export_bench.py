"""Time the Word export of a large position: 400 clauses of 150 words, 1,000 comments.

Run: .venv/bin/python bench/export_bench.py   (targets: < 1 s without comments, < 3 s with)
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


def timed(label: str, func, repeat: int = 3) -> float:
    """Run `func` a few times and report the best wall time."""
    best = min(_once(func) for _ in range(repeat))
    print(f"{label:<40} {best:6.3f} s")
    return best


def _once(func) -> float:
    _cached_blocks.cache_clear()  # time Markdown parsing too, as on a first export
    started = time.perf_counter()
    func()
    return time.perf_counter() - started


def main() -> None:
    """Build the document and print timings and ratios against the python-docx floor."""
    doc = build()
    render_position(doc)  # warm-up: imports, template, Markdown cache
    base = timed("bare python-docx (floor)", lambda: floor(doc))
    plain = timed("render_position, no comments", lambda: render_position(doc))
    commented = timed("render_position, 1,000 comments", lambda: render_position(doc, comments=True))
    print(f"ratio no comments / floor: {plain / base:5.2f}   (target < 1 s: {'ok' if plain < 1 else 'SLOW'})")
    print(f"ratio comments / floor:    {commented / base:5.2f}   (target < 3 s: {'ok' if commented < 3 else 'SLOW'})")


if __name__ == "__main__":
    main()
