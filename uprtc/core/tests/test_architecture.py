"""ARCHITECTURE.md stays true: imports follow its layers (the import-linter
contracts of pyproject.toml) and no two modules import each other, even
through others or from inside a function."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[3]
# what writes and renders the reports from plain data (reports/data.py)
RENDERING = [
    "data",
    "blocks",
    "writer",
    "document",
    "sections",
    "state_document",
    "charts",
    "render_docx",
    "render_html",
    "render_pdf",
]


def test_imports_follow_the_contracts_of_architecture_md():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    done = subprocess.run(
        [str(lint_imports), "--no-cache", "--no-logo"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan,
    iterative: the graph is deep enough to exhaust the recursion limit)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_cycles_are_found():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle():
    graph = grimp.build_graph("uprtc", cache_dir=None)
    ours = {
        m
        for m in graph.modules
        if ".tests" not in m and ".migrations" not in m and "tests_browser" not in m
    }
    edges = {m: graph.find_modules_directly_imported_by(m) & ours for m in ours}
    assert _cycles(edges) == []


def test_report_rendering_imports_no_database_module():
    """import-linter sees packages outside uprtc whole (``django``), so the
    ``django.db`` half of the rule is read here, from each module's imports."""
    for name in RENDERING:
        path = ROOT / "uprtc" / "reports" / f"{name}.py"
        imported = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
            elif isinstance(node, ast.Import):
                imported.update(a.name for a in node.names)
        assert not {m for m in imported if m.split(".")[:2] == ["django", "db"]}, name


def test_every_file_architecture_md_names_exists():
    """A path from the root or the package; a bare name (``blocks.py`` in the
    paragraph on reports) somewhere in the package."""
    text = (ROOT / "ARCHITECTURE.md").read_text()
    named = set(re.findall(r"`([\w/]+\.(?:py|html|md|toml|txt))(?:::\w+)?`", text))
    assert len(named) > 10

    def exists(name: str) -> bool:
        if (ROOT / name).exists() or (ROOT / "uprtc" / name).exists():
            return True
        return "/" not in name and any((ROOT / "uprtc").rglob(name))

    assert [name for name in sorted(named) if not exists(name)] == []
