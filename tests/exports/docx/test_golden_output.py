"""Every layout's output, pinned byte for byte: a faster writer must write exactly the same files.

Each case renders one layout (position, with comments, redline, comments table, brief, CSV; English and
French fixed texts; a draft and a final version; the 400-clause benchmark document) and compares the SHA-256
of every part of the package (a .docx's zip timestamps vary, its parts do not) with golden_output.json.

A deliberate change of the output: `UPDATE_GOLDEN=1 pytest tests/exports/docx/test_golden_output.py`,
then read the diff of the parts you meant to change and commit the new golden_output.json.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import importlib.util
import json
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

from exports.comments_csv import render_comments_csv
from exports.docx.brief_layout import render_brief
from exports.docx.comments_table import render_comments_table
from exports.docx.markdown_docx import _cached_blocks
from exports.docx.position_layout import render_position
from exports.fixed_texts import Labels
from exports.model import ExportClause, ExportComment, ExportDocument, numbered
from tests.exports.conftest import CLAUSES, COMMENTS, make_document
from tests.exports.helpers import parts

GOLDEN = Path(__file__).with_name("golden_output.json")
ROOT = Path(__file__).resolve().parents[3]

# Every Markdown construct the writer knows, uids that need escaping or hashing, pasted control characters.
RICH = (
    ExportClause("rich-1", "text", "Lists", "1. first\n2. second\n   - nested *bullet*\n   - another\n\n"
                 "   A continuation paragraph.\n3. third\n\n5. restarts at five\n6. six"),
    ExportClause("Rich_Ü", "line_to_take", "", "**Bold start** of a line, then `code`, a hard  \nbreak and "
                 "[a link](https://example.org/x?a=1&b=2) next to [another](mailto:a@b.be)."),
    ExportClause("r" * 60, "fallback", "Long uid", "> A quoted line\n> with *emphasis*.\n\n```\ncode block\n  indented\n```"),
    ExportClause("tbl", "background", "", "Figures:\n\n| Year | Amount |\n|---|---:|\n| 2026 | **1.2 M** |\n| 2027 |\n\n"
                 "After the table.\n\n## A heading in a body\n\n---\n\nTab\there and \x07 a bell."),
    ExportClause("star", "red_line", "", "*Emphasis first* and a **bold** word.\n\n**Bold first** again."),
)
RICH_COMMENTS = (
    ExportComment(11, "rich-1", "comment", "On a nested bullet.", "Jan Peeters", "VL-OMG",
                  dt.datetime(2026, 5, 5, 9, tzinfo=dt.UTC), "open", quote="nested bullet"),
    ExportComment(12, "Rich_Ü", "amendment", "Across formatting.", "Anne Dubois", "SPW-ARNE",
                  dt.datetime(2026, 5, 5, 10, tzinfo=dt.UTC), "accepted", quote="start of a line, then code",
                  proposed_text="Plain start."),
    ExportComment(13, "Rich_Ü", "question", "A reply to a reply.", "Eva Martin", "BXL-ENV",
                  dt.datetime(2026, 5, 5, 11, tzinfo=dt.UTC), "open", parent_id=12),
    ExportComment(14, "tbl", "support", "In a table.", "Sofie Claes", "BELSPO",
                  dt.datetime(2026, 5, 5, 12, tzinfo=dt.UTC), "withdrawn", quote="1.2 M"),
    ExportComment(15, "r" * 60, "comment", "Across paragraphs.", "Marc Janssens", "FPS-FA",
                  dt.datetime(2026, 5, 5, 13, tzinfo=dt.UTC), "rejected", quote="emphasis. code block"),
    ExportComment(16, "star", "reservation", "Whole clause, no quote.", "Pieter Smet", "BBPF",
                  dt.datetime(2026, 5, 5, 14, tzinfo=dt.UTC), "open", resolution_note="Noted."),
    ExportComment(17, "gone", "comment", "On a clause not in this version.", "Pieter Smet", "BBPF",
                  dt.datetime(2026, 5, 5, 15, tzinfo=dt.UTC), "open"),
)

FRENCH = Labels(
    language="fr-BE", draft="PROJET", status_draft="Projet", status_final="Final", meeting="Réunion",
    agenda_item="Point de l'ordre du jour", document_symbol="Cote du document", stage="Étape", version="Version",
    date="Date", content_hash="Empreinte du contenu", page_before="Page ", page_between=" sur ",
    label_separator=" : ",
    kind_labels={"line_to_take": "Ligne à défendre", "fallback": "Position de repli", "red_line": "Ligne rouge",
                 "background": "Contexte"},
    brief_titles={"line_to_take": "Lignes à défendre", "fallback": "Positions de repli", "red_line": "Lignes rouges",
                  "background": "Contexte"},
    brief="Note pour la plénière", objective="Objectif", brief_position="Position",
    clause_reference="(clause %(number)s)", annex="Annexe : texte coordonné UE", none="Aucun.",
    comment_kind_comment="Commentaire", comment_kind_question="Question", comment_kind_reservation="Réserve",
    comment_kind_amendment="Amendement", comment_status_open="Ouvert", comment_status_resolved="Résolu",
    comment_status="Statut", comment_on="Sur", proposed_text="Texte proposé", response="Réponse",
    reply_prefix="Rép. : ", comments_title="Commentaires", col_clause="Clause", col_comment="Commentaire",
    unknown_clause="(clause absente de cette version)",
    months=("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
            "novembre", "décembre"),
)


def _older() -> ExportDocument:
    """Version 2 of the rich document, for the redline: edits, a kind change, an added and a removed clause."""
    clauses = []
    for clause in CLAUSES + RICH:
        if clause.uid == "c1":
            clause = dataclasses.replace(clause, body=clause.body.replace("**welcomes**", "notes"))
        elif clause.uid == "c2":
            clause = dataclasses.replace(clause, kind="red_line")
        elif clause.uid == "c3":
            continue
        elif clause.uid == "tbl":
            clause = dataclasses.replace(clause, body=clause.body.replace("1.2 M", "1.1 M"))
        clauses.append(clause)
        if clause.uid == "c4":
            clauses.append(ExportClause("old", "text", "", "A clause v3 removed.\n\n- with a list"))
    return make_document(clauses=numbered(clauses), version_label="v2", content_hash="1b3d" * 16)


def _rich(**changes: object) -> ExportDocument:
    return make_document(clauses=numbered(CLAUSES + RICH), comments=COMMENTS + RICH_COMMENTS, **changes)


@cache
def _bench_document() -> ExportDocument:
    spec = importlib.util.spec_from_file_location("export_bench", ROOT / "bench" / "export_bench.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.build()


CASES: dict[str, Callable[[], bytes]] = {
    "position": lambda: render_position(_rich()),
    "position_comments": lambda: render_position(_rich(), comments=True),
    "position_redline": lambda: render_position(_rich(), redline_from=_older()),
    "position_redline_comments": lambda: render_position(_rich(), comments=True, redline_from=_older()),
    "position_untracked_final": lambda: render_position(_rich(is_final=True, confidentiality=""), track_revisions=False),
    "comments_table": lambda: render_comments_table(_rich()),
    "brief": lambda: render_brief(_rich()),
    "brief_final": lambda: render_brief(_rich(is_final=True, objective="")),
    "comments_csv": lambda: render_comments_csv(_rich()),
    "fr_position": lambda: render_position(_rich(), FRENCH),
    "fr_position_comments": lambda: render_position(_rich(), FRENCH, comments=True),
    "fr_position_redline": lambda: render_position(_rich(), FRENCH, comments=True, redline_from=_older()),
    "fr_comments_table": lambda: render_comments_table(_rich(), FRENCH),
    "fr_brief": lambda: render_brief(_rich(), FRENCH),
    "fr_comments_csv": lambda: render_comments_csv(_rich(), FRENCH),
    "bench_position": lambda: render_position(_bench_document()),
    "bench_position_comments": lambda: render_position(_bench_document(), comments=True),
}


def fingerprint(data: bytes) -> dict[str, str]:
    """SHA-256 of each part of a .docx (in the package's order), or of the whole file for anything else."""
    files = parts(data) if data[:2] == b"PK" else {"file": data}
    return {name: hashlib.sha256(content).hexdigest() for name, content in files.items()}


def _golden() -> dict[str, dict[str, str]]:
    return json.loads(GOLDEN.read_text()) if GOLDEN.exists() else {}


@pytest.mark.parametrize("case", sorted(CASES))
def test_output_is_byte_for_byte_the_golden_one(case):
    _cached_blocks.cache_clear()  # the first export after start-up, as the benchmark times it
    actual = fingerprint(CASES[case]())
    if os.environ.get("UPDATE_GOLDEN"):
        golden = _golden()
        golden[case] = actual
        GOLDEN.write_text(json.dumps(dict(sorted(golden.items())), indent=1) + "\n")
        return
    expected = _golden().get(case)
    assert expected is not None, f"no golden output for {case!r}: run with UPDATE_GOLDEN=1"
    assert list(actual) == list(expected), "the package's parts (or their order) changed"
    changed = [name for name in expected if actual[name] != expected[name]]
    assert not changed, f"{case}: these parts are no longer byte for byte the same: {changed}"


def test_a_second_render_is_identical_whatever_was_cached():
    """Markdown parsed once is reused: the output does not depend on what was exported before."""
    first = fingerprint(render_position(_rich(), comments=True))
    assert fingerprint(render_position(_rich(), comments=True)) == first


def test_every_case_has_a_golden_output():
    assert sorted(_golden()) == sorted(CASES)
