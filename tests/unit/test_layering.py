"""How crmkit's packages depend on each other: no import cycles, and the layers hold.

Every ``import`` counts, at the top of a module or inside a function: a lazy import is
still a dependency, and a cycle hidden in a function is still a cycle.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "crmkit"


def _module_names() -> dict[str, Path]:
    names = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        names[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return names


@cache
def import_graph() -> dict[str, set[str]]:
    """crmkit module → the crmkit modules it imports (``from x import y`` counts y when y
    is a module). Parsed once per test run: the tests only read it."""
    names = _module_names()
    graph = {}
    for name, path in names.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    module = ".".join(base + ([node.module] if node.module else []))
                else:
                    module = node.module or ""
                found.add(module)
                found.update(f"{module}.{a.name}" for a in node.names)
        graph[name] = {m for m in found if m in names and m != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of two or more modules (Tarjan, iterative)."""
    index, low, on_stack, stack, groups, counter = {}, {}, set(), [], [], 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))
    return groups


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_inside_crmkit():
    assert cycles(import_graph()) == []


# (package, packages it must never import, why)
LAYERS = [
    ("crmkit.models", ("crmkit.widgets", "crmkit.charts", "crmkit.io", "crmkit.classroom"),
     "models compute; drawing, widgets and files are layers above them"),
    ("crmkit.charts", ("crmkit.widgets",), "a chart is drawn the same with or without a widget"),
    ("crmkit.io", ("crmkit.widgets", "crmkit.charts"), "reading a file needs no display"),
    ("crmkit.roleplay.engine", ("crmkit.widgets",), "the engine plays without a display"),
    ("crmkit.selfcheck.core", ("crmkit.widgets",), "judging needs no display"),
]


@pytest.mark.parametrize("package, forbidden, why", LAYERS, ids=[p for p, _, _ in LAYERS])
def test_layers(package, forbidden, why):
    graph = import_graph()
    wrong = sorted(f"{m} → {d}" for m, deps in graph.items()
                   if m == package or m.startswith(package + ".")
                   for d in deps if d.startswith(forbidden))
    assert not wrong, f"{why}: {wrong}"


WIDGETS = PACKAGE / "widgets"


def _widget_classes() -> set[str]:
    return {node.name for path in WIDGETS.glob("*.py")
            for node in ast.parse(path.read_text(encoding="utf-8")).body
            if isinstance(node, ast.ClassDef)}


def test_widgets_hold_no_model_logic():
    """A widget module builds widgets and the HTML they show; what it computes lives in
    models/ (and its charts in charts/). So every public function there returns a widget
    class of crmkit.widgets, or is a ``*_html`` / ``*_text`` display helper."""
    classes = _widget_classes()
    wrong = []
    for path in sorted(WIDGETS.glob("*.py")):
        if path.name == "html.py":  # the shared escaping and error line of every widget
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
                continue
            returns = ast.unparse(node.returns) if node.returns else ""
            if node.name.endswith(("_html", "_text")) and returns == "str":
                continue
            if returns in classes:
                continue
            wrong.append(f"{path.name}: {node.name} -> {returns or '?'}")
    assert not wrong, "move these to crmkit/models or crmkit/charts: " + "; ".join(wrong)


def test_a_topic_has_one_name_across_models_charts_and_widgets():
    """widgets/<topic>.py and charts/<topic>.py draw on models/<topic>.py (and on other
    topics' models only where a lab really combines them)."""
    models = {p.stem for p in (PACKAGE / "models").glob("*.py")} - {"__init__"}
    graph = import_graph()
    strays = []
    for layer in ("widgets", "charts"):
        for path in (PACKAGE / layer).glob("*.py"):
            topic = path.stem
            if topic not in models:
                continue
            used = {d.rsplit(".", 1)[1] for d in graph[f"crmkit.{layer}.{topic}"]
                    if d.startswith("crmkit.models.")}
            if used and topic not in used:
                strays.append(f"{layer}/{topic}.py uses models {sorted(used)}")
    assert not strays, strays
