"""Catalogue extraction: the TOML workflow labels extractor and the message extraction used by tests.

``babel.cfg`` (repository root) maps files to extractors; ``pybabel extract -F babel.cfg`` (``make
translations``) and the catalogue tests both read it, so they always agree on what is translatable.
Workflow definitions are data, so their labels (workflow, phases, stages, steps, arguments) are
extracted here and translated at display time with ``app.i18n.label``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg

ROOT = Path(__file__).resolve().parent.parent
BABEL_CFG = ROOT / "babel.cfg"


def workflow_labels(definition: dict[str, Any]) -> Iterator[str]:
    """Every label a person sees from one workflow definition."""
    if definition.get("label"):
        yield definition["label"]
    yield from (str(text) for text in definition.get("args", {}).values())
    yield from (phase["label"] for phase in definition.get("phases", {}).values() if phase.get("label"))
    yield from (state["label"] for state in definition.get("states", {}).values() if state.get("label"))
    yield from (t["label"] for t in definition.get("transitions", []) if t.get("label"))


def extract_workflow_labels(fileobj, keywords, comment_tags, options) -> Iterator[tuple[int, None, str, list[str]]]:
    """A Babel extraction method for workflows/definitions/*.toml."""
    text = fileobj.read().decode("utf-8")
    lines = text.splitlines()
    for message in dict.fromkeys(workflow_labels(tomllib.loads(text))):
        quoted = f'"{message}"'
        lineno = next((i for i, line in enumerate(lines, 1) if quoted in line), 1)
        yield lineno, None, message, ["workflow definition label"]


def extract_catalog() -> Catalog:
    """Extract every translatable message of the code, exactly as ``make translations`` does."""
    with BABEL_CFG.open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg, str(BABEL_CFG))
    catalog = Catalog(project="Plenipo")
    for filename, lineno, message, comments, context in extract_from_dir(
        str(ROOT), method_map, options_map, strip_comment_tags=True
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog
