"""The house's one-way import rules (docs/architecture.md), read from the code's own imports."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _imports() -> dict[str, set[str]]:
    """Returns module -> the project modules it imports (anywhere in it, lazily too)."""
    paths = {".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): p
             for p in [*ROOT.glob("consolidator/**/*.py"), *ROOT.glob("ui/**/*.py")]}
    graph: dict[str, set[str]] = {}
    for module, path in paths.items():
        found = graph.setdefault(module, set())
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                # "from package import submodule" imports the submodule
                names = [f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in paths
                         else node.module for a in node.names]
            else:
                continue
            found.update(n for n in names if n.split(".")[0] in ("consolidator", "ui")
                         and n != module)
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """Returns one import cycle among the project's modules, or [] when there is none."""
    state: dict[str, int] = {}  # 1: on the path being walked, 2: done

    def walk(module: str, path: list[str]) -> list[str]:
        state[module] = 1
        for target in sorted(graph.get(module, ())):
            if target not in graph or state.get(target) == 2:
                continue
            if state.get(target) == 1:
                return path[path.index(target):] + [target]
            found = walk(target, path + [target])
            if found:
                return found
        state[module] = 2
        return []

    return next((c for m in sorted(graph) if m not in state for c in [walk(m, [m])] if c), [])


GRAPH = _imports()


def test_no_import_cycles():
    assert _cycle(GRAPH) == []


def test_the_core_never_imports_the_window():
    assert not [(m, t) for m, ts in GRAPH.items() if m.startswith("consolidator")
                for t in ts if t.startswith("ui")]


def test_writers_never_import_readers_internals():
    assert not [(m, t) for m, ts in GRAPH.items() if m.startswith("consolidator.writers")
                for t in ts if t.startswith("consolidator.readers.")]


def test_views_never_import_the_main_window():
    composers = {"ui.main_window", "ui.app", "ui.views", "ui.launcher"}  # the composition root
    assert not [m for m, ts in GRAPH.items() if m.startswith("ui.") and m not in composers
                and "ui.main_window" in ts]
