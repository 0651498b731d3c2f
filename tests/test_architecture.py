"""The layout shows the architecture: each wing a package, imports only downward, no circle anywhere
(CONTRIBUTING.md has the map). Read from the source with ``ast``, lazy imports inside functions included."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "zjtx"

#: Floors, top first. A module may import its own wing and any floor below its own; never a floor above,
#: never a peer on the same floor (policy and company stand side by side and know nothing of each other).
FLOORS: tuple[tuple[str, ...], ...] = (
    ("__main__",),
    ("cli",),
    ("render",),
    ("awards",),
    ("policy", "company"),
    ("io", "places"),
    ("vocab", "errors"),
    ("lexicon",),  # the titles and project types in effect (data/vocabulary.yaml + the documents' declarations)
    ("money", "record"),
    ("__init__",),  # zjtx/__init__.py: the version
)
FLOOR = {wing: i for i, wings in enumerate(FLOORS) for wing in wings}
#: Directly under zjtx/ besides __init__ and __main__: the ground floor, at most eight modules.
GROUND = {"places", "vocab", "lexicon", "money", "record", "errors"}


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            if base == "zjtx" or base.startswith("zjtx."):
                found.update(f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("zjtx"))
    return {m for m in found if m in modules and m != name}


def _wing(module: str) -> str:
    parts = module.split(".")
    return "__init__" if len(parts) == 1 else parts[1]


def test_every_module_is_on_a_floor():
    assert {_wing(m) for m in _modules()} <= set(FLOOR)


def test_imports_run_downward_only():
    modules = _modules()
    wrong = []
    for name, path in sorted(modules.items()):
        for target in sorted(_imports(name, path, modules)):
            here, there = _wing(name), _wing(target)
            if here != there and FLOOR[there] <= FLOOR[here]:
                wrong.append(f"{name} imports {target} ({here} may not import {there})")
    assert not wrong, "\n".join(wrong)


def test_no_import_circle():
    modules = _modules()
    graph = {name: _imports(name, path, modules) for name, path in modules.items()}
    circles = []

    def visit(node: str, trail: list[str], done: set[str]) -> None:
        for nxt in sorted(graph[node]):
            if nxt in trail:
                circles.append(" → ".join([*trail[trail.index(nxt) :], nxt]))
            elif nxt not in done:
                visit(nxt, [*trail, nxt], done)
        done.add(node)

    done: set[str] = set()
    for name in sorted(graph):
        if name not in done:
            visit(name, [name], done)
    assert not circles, circles


def test_at_most_eight_modules_on_the_ground_floor():
    ground = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__", "__main__"}
    assert ground == GROUND and len(ground) <= 8
