"""The house keeps its shape: imports run one way between packages, and no module imports itself in a circle.

Layers, lowest first: positions (domain) < workflows < exports < app (Flask). A module may import its own
package and the packages below it, never one above. positions.text (pure text algorithms) and
the workflow engine core (engine, loader, registry, its messages) import nothing of ours but each other; nothing outside app imports Flask. Module-level imports may not
form a cycle. Run `python tests/test_import_graph.py` to print the graph between packages.
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ("positions", "workflows", "exports", "app")
# Groups that import nothing of ours but each other: the pure text algorithms, and the workflow engine core.
ENGINE_CORE = ("workflows.engine", "workflows.loader", "workflows.registry", "workflows.messages", "workflows.definition_text")
ALONE = {"positions.text": ("positions.text",), **{module: ENGINE_CORE for module in ENGINE_CORE}}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    """Every module of the four packages, by dotted name."""
    return {module_name(p): p for layer in LAYERS for p in sorted((ROOT / layer).rglob("*.py"))}


def imports(name: str, path: Path) -> list[tuple[str, bool]]:
    """(imported module, at module level?) for every import of ours or of Flask in a module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    top_level = {id(node) for node in tree.body} | {
        id(sub) for node in tree.body if isinstance(node, ast.If | ast.Try) for sub in ast.walk(node)
    }
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        if _type_checking_only(tree, node):
            continue
        for target in targets:
            if target.split(".")[0] in (*LAYERS, "flask", "flask_babel", "flask_login", "flask_wtf"):
                found.append((target, id(node) in top_level))
    return found


def _type_checking_only(tree: ast.Module, target: ast.AST) -> bool:
    return any(
        isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test) and any(sub is target for sub in ast.walk(node))
        for node in tree.body
    )


def resolve(target: str, known: dict[str, Path]) -> str | None:
    """The module a dotted import names (``from a.b import c`` may name a.b.c or a name in a.b)."""
    while target and target not in known:
        target = target.rpartition(".")[0]
    return target or None


def layer_of(module: str) -> int:
    return LAYERS.index(module.split(".")[0])


def problems() -> list[str]:
    known = modules()
    found: list[str] = []
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in known.items():
        for target, top in imports(name, path):
            if target.split(".")[0].startswith("flask"):
                if not name.startswith("app"):
                    found.append(f"{name} imports {target}: Flask stays in app/")
                continue
            module = resolve(target, known)
            if module is None or module == name:
                continue
            if layer_of(module) > layer_of(name):
                found.append(f"{name} imports {module}: {name.split('.')[0]} may not import {module.split('.')[0]}")
            for alone, allowed in ALONE.items():
                inside = name == alone or name.startswith(alone + ".")
                if inside and not any(module == a or module.startswith(a + ".") for a in allowed):
                    found.append(f"{name} imports {module}: {alone} imports nothing of ours but {', '.join(allowed)}")
            if top:
                graph[name].add(module)
    found += [f"import cycle: {' → '.join(cycle)}" for cycle in cycles(graph)]
    return list(dict.fromkeys(found))


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each as a closed path."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group) + [sorted(group)[0]])

    sys.setrecursionlimit(10_000)
    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def package_graph() -> dict[tuple[str, str], int]:
    """How many imports go from each area (second-level package) to each other one."""
    known = modules()
    counts: dict[tuple[str, str], int] = defaultdict(int)
    area = lambda m: ".".join(m.split(".")[:2]) if m.count(".") >= 1 else m  # noqa: E731
    for name, path in known.items():
        for target, _ in imports(name, path):
            module = resolve(target, known) if not target.startswith("flask") else None
            if module and area(module) != area(name):
                counts[(area(name), area(module))] += 1
    return counts


def test_imports_run_one_way_and_never_in_a_circle():
    assert problems() == []


if __name__ == "__main__":
    for (source, target), count in sorted(package_graph().items()):
        print(f"{source:32} → {target:32} {count}")
    print("\n".join(problems()) or "no problems")


def test_the_check_catches_an_upward_import_a_cycle_and_flask_below_app(tmp_path, monkeypatch):
    files = {
        "positions/__init__.py": "", "positions/text/__init__.py": "", "positions/text/pure.py": "from positions import rules\n",
        "positions/rules.py": "from app import web\n", "workflows/__init__.py": "import flask\n", "exports/__init__.py": "",
        "app/__init__.py": "", "app/web.py": "from app import views\n", "app/views.py": "from app.web import helper\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    found = problems()
    assert "positions.rules imports app: positions may not import app" in found
    assert "positions.text.pure imports positions.rules: positions.text imports nothing of ours but positions.text" in found
    assert "workflows imports flask: Flask stays in app/" in found
    assert "import cycle: app.views → app.web → app.views" in found
