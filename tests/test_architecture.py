"""The package's import graph: no cycle, and every edge follows docs/architecture.md.

The graph is read from the source (``ast``), not from ``sys.modules``: every ``import`` and
``from ... import`` statement counts, at module level **and** inside functions (a
function-level import is still a dependency; it only runs later). Imports under
``if TYPE_CHECKING:`` do not count: they never run. The top-level folders are mapped into the
import package as pyproject's ``package-dir`` does (``cli/`` -> ``tutela.cli``,
``generators/`` -> ``tutela.generators``).

An edge ``a -> b`` means "a imports b". Importing ``a.b.c`` also runs ``a/__init__`` and
``a/b/__init__``, but a submodule importing its sibling always does that, so parents are not
edges (they would make every package look circular).
"""

from __future__ import annotations

import ast
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARCHITECTURE = ROOT / "docs" / "architecture.md"


def _package_dirs() -> dict[str, Path]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    mapping = config["tool"]["setuptools"]["package-dir"]
    return {package: ROOT / folder for package, folder in mapping.items()}


def modules() -> dict[str, Path]:
    """Every Python module of the distribution, by its import name."""
    found: dict[str, Path] = {}
    dirs = _package_dirs()
    # Each mapped folder with its sub-packages (a sub-package with its own mapping wins).
    for package, folder in sorted(dirs.items(), key=lambda item: -item[0].count(".")):
        for path in sorted(folder.rglob("*.py")):
            rel = path.relative_to(folder).with_suffix("")
            parts = [*package.split("."), *rel.parts]
            if parts[-1] == "__init__":
                parts.pop()
            found.setdefault(".".join(parts), path)
    return found


def _type_checking_lines(tree: ast.Module) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If):
            test = node.test
            name = test.id if isinstance(test, ast.Name) else getattr(test, "attr", None)
            if name == "TYPE_CHECKING":
                for child in node.body:
                    for sub in ast.walk(child):
                        if hasattr(sub, "lineno"):
                            lines.add(sub.lineno)
    return lines


def _imports(name: str, path: Path, known: set[str]) -> Iterator[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    skip = _type_checking_lines(tree)
    is_package = path.name == "__init__.py"
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in skip:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                yield sub if sub in known else target


def import_graph() -> dict[str, set[str]]:
    """``module -> the tutela modules it imports`` (module and function level)."""
    found = modules()
    known = set(found)
    graph: dict[str, set[str]] = {}
    for name, path in found.items():
        edges = set()
        for target in _imports(name, path, known):
            while target and target not in known and "." in target:
                target = target.rsplit(".", 1)[0]  # `import tutela.x.y` of an attribute
            if target in known and target != name:
                edges.add(target)
        graph[name] = edges
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
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
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(out)


def test_the_graph_sees_function_level_imports() -> None:
    graph = import_graph()
    # tutela/__init__.py imports tutela.lint lazily by name only; rules.py imports
    # tutela.engine.base inside a function: that edge must be seen.
    assert "tutela.engine.base" in graph["tutela.rules"]
    assert "tutela.cli.main" in graph and "tutela.generators.notice" in graph


# Cycles that arrived with other work and are waiting for their owner; each entry must still
# exist (so a fixed one is removed from here), and no other cycle may appear.
KNOWN_CYCLES: list[list[str]] = []  # none: a cycle found here is a regression


def test_no_import_cycle() -> None:
    found = cycles(import_graph())
    new = [c for c in found if c not in KNOWN_CYCLES]
    assert new == [], "import cycles: " + "; ".join(" <-> ".join(c) for c in new)
    stale = [c for c in KNOWN_CYCLES if c not in found]
    assert stale == [], f"fixed cycles still listed in KNOWN_CYCLES: {stale}"


# -- the layering declared in docs/architecture.md ------------------------------------------

_LAYER = re.compile(r"^\|\s*(?P<layer>\d+)\s*\|\s*(?P<modules>[^|]+)\|", re.MULTILINE)


def declared_layers() -> dict[str, int]:
    """``module or package -> layer`` from the table in docs/architecture.md."""
    layers: dict[str, int] = {}
    for match in _LAYER.finditer(ARCHITECTURE.read_text(encoding="utf-8")):
        for item in re.findall(r"`([\w.]+)`", match.group("modules")):
            layers[item] = int(match.group("layer"))
    return layers


def layer_of(module: str, layers: dict[str, int]) -> int | None:
    """The layer of ``module``: its own entry, else its nearest package's.

    The root package ``tutela`` covers only ``tutela/__init__.py``, never its submodules.
    """
    if module in layers:
        return layers[module]
    parts = module.split(".")[:-1]
    while len(parts) > 1:
        key = ".".join(parts)
        if key in layers:
            return layers[key]
        parts.pop()
    return None


def test_every_declared_module_exists() -> None:
    layers = declared_layers()
    assert layers, "docs/architecture.md has no layer table"
    known = set(modules())
    missing = [name for name in layers if name not in known]
    assert missing == [], f"docs/architecture.md names modules that do not exist: {missing}"


def test_every_module_has_a_layer() -> None:
    layers = declared_layers()
    unplaced = sorted(m for m in modules() if layer_of(m, layers) is None)
    assert unplaced == [], f"modules missing from docs/architecture.md: {unplaced}"


def test_no_edge_goes_up_the_layers() -> None:
    """A module imports only modules of its own layer or of layers below it."""
    layers = declared_layers()
    wrong = []
    for source, targets in sorted(import_graph().items()):
        mine = layer_of(source, layers)
        for target in sorted(targets):
            theirs = layer_of(target, layers)
            if mine is not None and theirs is not None and theirs > mine:
                wrong.append(f"{source} (layer {mine}) -> {target} (layer {theirs})")
    assert wrong == [], "imports against docs/architecture.md:\n" + "\n".join(wrong)


def _reaches(graph: dict[str, set[str]], source: str, prefix: str) -> list[str]:
    return sorted(t for t in graph[source] if t == prefix or t.startswith(prefix + "."))


def test_the_gates_do_not_import_each_other() -> None:
    graph = import_graph()
    assert _reaches(graph, "tutela.lint", "tutela.shares.check") == []
    for name in graph:
        if name.startswith("tutela.shares"):
            assert _reaches(graph, name, "tutela.lint") == [], name
    assert _reaches(graph, "tutela.gate", "tutela.lint") == []
    assert _reaches(graph, "tutela.gate", "tutela.shares") == []


def test_the_engine_base_knows_no_back_end() -> None:
    graph = import_graph()
    assert graph["tutela.engine.base"] & {"tutela.engine.embedded", "tutela.engine.opa"} == set()
    assert {"tutela.engine.embedded", "tutela.engine.opa"} <= graph["tutela.engine"]
