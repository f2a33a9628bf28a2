"""The house by concern: no import circles, every public name of 0.1 still importable."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

import outsourcing

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "outsourcing"
NAMES_0_1 = Path(__file__).resolve().parent / "data" / "public_names_0.1.txt"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _top_level_imports(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    """Imports run when the module is imported: not inside functions, not for type checkers."""
    found: list[ast.Import | ast.ImportFrom] = []
    pending: list[ast.stmt] = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        elif isinstance(node, ast.If) and not _is_type_checking(node):
            pending.extend([*node.body, *node.orelse])
        elif isinstance(node, ast.Try):
            pending.extend([*node.body, *node.orelse, *node.finalbody])
            for handler in node.handlers:
                pending.extend(handler.body)
    return found


def import_graph() -> dict[str, set[str]]:
    """Module -> the package modules it imports at module level (a name's own module if any)."""
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in _top_level_imports(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif node.module is None or node.level:
                continue
            else:
                targets = [
                    f"{node.module}.{alias.name}"
                    if f"{node.module}.{alias.name}" in modules
                    else node.module
                    for alias in node.names
                ]
            graph[name] |= {t for t in targets if t in modules and t != name}
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:  # noqa: C901 - one algorithm
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
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

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_circle_finder_finds_a_circle() -> None:
    """The finder itself: a -> b -> c -> a is one circle, d hanging off it is not in it."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert circles(graph) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []


def test_the_graph_sees_the_package() -> None:
    """The walk reads real arrows: the SLA assessment imports the measurement at module level."""
    graph = import_graph()
    assert "outsourcing.sla.measurement" in graph["outsourcing.sla.assessment"]
    assert len(graph) > 80


def test_no_module_level_import_circle() -> None:
    """No module of the package imports, through any chain, a module that imports it back."""
    assert circles(import_graph()) == []


def test_the_top_level_holds_folders_by_question() -> None:
    """At the top of the package: the API, exceptions, two shared rules, the notebook, folders."""
    top = sorted(p.name for p in PACKAGE.iterdir() if p.name not in {"__pycache__", "py.typed"})
    assert top == [
        "__init__.py",
        "arrays.py",
        "classification",
        "cli",
        "costs",
        "exceptions.py",
        "io",
        "model",
        "notebook.py",
        "percentiles.py",
        "presentation",
        "reference",
        "review",
        "samples",
        "sla",
        "testing",
    ]


@pytest.mark.parametrize("name", NAMES_0_1.read_text(encoding="utf-8").split())
def test_every_public_name_of_0_1_still_imports(name: str) -> None:
    """`from outsourcing import X` works for every name the 0.1 package exported."""
    assert name in outsourcing.__all__
    module = importlib.import_module("outsourcing")
    assert getattr(module, name) is not None


def test_every_public_name_resolves() -> None:
    """Each name of `__all__` resolves to its object; an unknown name is an AttributeError."""
    for name in outsourcing.__all__:
        assert getattr(outsourcing, name) is not None
    assert len(set(outsourcing.__all__)) == len(outsourcing.__all__)
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = outsourcing.nope


def test_import_outsourcing_loads_no_engine() -> None:
    """A bare `import outsourcing` imports neither numpy nor any engine, yaml or babel."""
    code = (
        "import sys, outsourcing; "
        "print(sorted(m for m in ('numpy', 'yaml', 'babel', 'holidays', 'outsourcing.sla', "
        "'outsourcing.costs', 'outsourcing.model') if m in sys.modules))"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter, our own code
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_the_lazy_table_agrees_with_the_imports_type_checkers_read() -> None:
    """Each public name loads from the module the `TYPE_CHECKING` block imports it from."""
    tree = ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8"))
    block = next(n for n in tree.body if isinstance(n, ast.If) and _is_type_checking(n))
    imported = {
        alias.asname or alias.name: node.module
        for node in block.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert imported == outsourcing._WHERE
    assert set(imported) == set(outsourcing.__all__)
