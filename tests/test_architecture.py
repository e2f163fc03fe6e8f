"""The import rules of ``vantage_sdk``, read from the source with ``ast`` (nothing is imported).

An edge ``a -> b`` is any ``import``/``from ... import`` in module ``a`` that names module ``b``
(or a name defined in ``b``), wherever it appears in ``a``: a function-level import runs on first
use and ties the two modules as surely as a top-level one. Importing ``p.q.r`` also runs the
``__init__`` of ``p.q``, so it adds an edge to every enclosing package below the root. Left out:

* imports under ``if TYPE_CHECKING:`` — they never run, so they cannot form an import-time
  circle, and a type annotation naming a higher layer's class is not a dependency on its code;
* ``vantage_sdk/__init__.py``'s names, which it loads by ``importlib`` on first use (its only
  static import, ``_version``, is counted);
* the bundled emulator package when present (it is its own program; only the CLI reaches it).

Run as a script to print the graph's cycles: ``python tests/test_architecture.py [src-root]``.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "vantage_sdk"

# Lowest first. A module may import modules of its own layer or of a lower one, never a higher one.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("foundation", ("_version", "_exceptions", "_logging")),
    ("generated", ("_generated",)),
    ("helpers", ("_retry", "_validation", "_templates", "_response_guard", "_config", "_request_options")),
    ("core", ("_pool", "_base_client")),
    ("plumbing", ("_pagination", "_streaming", "_log_stream", "_resource", "_response", "_transfer")),
    ("resources", ("resources",)),
    ("clients", ("_client",)),
    ("facade", ("", "exceptions", "types")),  # "" is the package root, vantage_sdk/__init__.py
    ("cli", ("cli",)),
]

# What the generated code may import from the hand-written layer: exactly what the templates use.
GENERATED_MAY_IMPORT = {f"{PACKAGE}._exceptions"}
TEMPLATES = ROOT / "templates"

# The emulator is a separate program; the SDK reaches it only through the CLI's `vantage emulator`.
EMULATOR_MODULES = ("vantage_emulator", f"{PACKAGE}.emulator")
MAY_IMPORT_EMULATOR = f"{PACKAGE}.cli"

# The transfer engine works on the backend protocols; only its API adapters know the HTTP layer.
TRANSFER_ADAPTERS = f"{PACKAGE}._transfer._api"
HTTP_LAYER = (f"{PACKAGE}._base_client", f"{PACKAGE}._streaming", f"{PACKAGE}._generated")


@dataclass(frozen=True)
class Import:
    source: str
    target: str
    line: int
    lazy: bool  # inside a function (runs on first use, not at import)


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def module_names(src: Path) -> dict[str, Path]:
    """Every module of the package below ``src`` (the folder holding ``vantage_sdk/``), by dotted name."""
    modules: dict[str, Path] = {}
    for path in sorted((src / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(src).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        name = ".".join(parts)
        if not _within(name, f"{PACKAGE}.emulator"):
            modules[name] = path
    return modules


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _walk(node: ast.AST, lazy: bool = False) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _is_type_checking(child.test):
            for stmt in child.orelse:
                yield from _walk(stmt, lazy)
            continue
        if isinstance(child, (ast.Import, ast.ImportFrom)):
            yield child, lazy
        yield from _walk(child, lazy or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)))


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> list[Import]:
    """The imports of one module, as the modules they name (outside names kept as written)."""
    is_package = path.name == "__init__.py"
    found: list[Import] = []
    for node, lazy in _walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            base = node.module or ""
            if node.level:
                anchor = name.split(".") if is_package else name.split(".")[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                # `from p import q` names module p.q when there is one, else a name defined in p.
                targets.append(f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base)
        for target in targets:
            found.append(Import(name, target, node.lineno, lazy))
    return found


def import_graph(src: Path) -> tuple[dict[str, set[str]], list[Import]]:
    """The internal graph (edges include enclosing packages, see the module docstring) and every import."""
    modules = module_names(src)
    graph: dict[str, set[str]] = {name: set() for name in modules}
    every: list[Import] = []
    for name, path in modules.items():
        for imp in imports_of(name, path, modules):
            every.append(imp)
            target = imp.target
            while _within(target, PACKAGE) and target != PACKAGE:
                if target in modules and target != name and not _within(name, target):
                    graph[name].add(target)
                target = target.rpartition(".")[0]
            if imp.target == PACKAGE and name != PACKAGE:
                graph[name].add(PACKAGE)
    return graph, every


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

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
    return sorted(found)


def layer_of(module: str) -> int:
    """The index in ``LAYERS`` of the layer holding ``module`` (the longest matching prefix wins)."""
    best, best_len = -1, -1
    for number, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            full = f"{PACKAGE}.{prefix}" if prefix else PACKAGE
            if (module == full or (prefix and module.startswith(full + "."))) and len(full) > best_len:
                best, best_len = number, len(full)
    if best < 0:
        raise AssertionError(f"{module} belongs to no layer: add it to LAYERS in tests/test_architecture.py")
    return best


# --------------------------------------------------------------------------- the rules


@pytest.fixture(scope="module")
def graph_and_imports() -> tuple[dict[str, set[str]], list[Import]]:
    return import_graph(ROOT)


def test_the_checker_sees_the_package(graph_and_imports: tuple[dict[str, set[str]], list[Import]]) -> None:
    graph, imports = graph_and_imports
    assert {f"{PACKAGE}._client", f"{PACKAGE}._base_client", f"{PACKAGE}.resources.jobs"} <= set(graph)
    assert f"{PACKAGE}._base_client" in graph[f"{PACKAGE}.resources.jobs"] or any(
        f"{PACKAGE}._base_client" in graph[m] for m in graph[f"{PACKAGE}.resources.jobs"]
    )
    assert any(imp.lazy for imp in imports), "function-level imports must be counted"


def test_no_import_cycles(graph_and_imports: tuple[dict[str, set[str]], list[Import]]) -> None:
    graph, _ = graph_and_imports
    found = cycles(graph)
    assert found == [], "import cycles: " + "; ".join(" <-> ".join(component) for component in found)


def test_cycles_are_detected() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]


def test_layers_only_import_downwards(graph_and_imports: tuple[dict[str, set[str]], list[Import]]) -> None:
    graph, _ = graph_and_imports
    upward = [
        f"{source} ({LAYERS[layer_of(source)][0]}) imports {target} ({LAYERS[layer_of(target)][0]})"
        for source, targets in sorted(graph.items())
        for target in sorted(targets)
        if layer_of(target) > layer_of(source)
    ]
    assert upward == [], "lower layers import higher ones:\n" + "\n".join(upward)


def test_generated_code_imports_only_what_the_templates_use(
    graph_and_imports: tuple[dict[str, set[str]], list[Import]],
) -> None:
    template_imports = {
        match
        for template in TEMPLATES.glob("*.jinja")
        for match in re.findall(rf"^\s*from ({PACKAGE}\.[\w.]+) import", template.read_text(), re.MULTILINE)
    }
    assert template_imports == GENERATED_MAY_IMPORT
    graph, _ = graph_and_imports
    outside = {
        f"{source} -> {target}"
        for source, targets in graph.items()
        if _within(source, f"{PACKAGE}._generated")
        for target in targets
        if not _within(target, f"{PACKAGE}._generated") and target not in GENERATED_MAY_IMPORT
    }
    assert outside == set()


def test_only_the_cli_reaches_the_emulator_and_only_lazily(
    graph_and_imports: tuple[dict[str, set[str]], list[Import]],
) -> None:
    _, imports = graph_and_imports
    reaching = [imp for imp in imports if any(_within(imp.target, emulator) for emulator in EMULATOR_MODULES)]
    wrong = [
        f"{imp.source}:{imp.line} imports {imp.target}"
        for imp in reaching
        if not _within(imp.source, MAY_IMPORT_EMULATOR) or not imp.lazy
    ]
    assert wrong == []
    assert reaching, "the CLI's `vantage emulator` command imports the emulator"


def test_the_transfer_engine_does_not_know_http(
    graph_and_imports: tuple[dict[str, set[str]], list[Import]],
) -> None:
    graph, _ = graph_and_imports
    engine = {m for m in graph if _within(m, f"{PACKAGE}._transfer") and m != TRANSFER_ADAPTERS}
    wrong = sorted(f"{m} -> {t}" for m in engine for t in graph[m] if any(_within(t, http) for http in HTTP_LAYER))
    assert wrong == []
    assert engine and TRANSFER_ADAPTERS in graph


if __name__ == "__main__":
    src = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else ROOT
    found = cycles(import_graph(src)[0])
    for component in found:
        print("cycle:", " <-> ".join(component))
    print(f"{len(found)} cycle(s) in {src / PACKAGE}")
