"""One vocabulary: dimension, table and source names are spelled only in src/multivector/dimensions.py.

Every other module imports the constants (``from multivector.dimensions import COW_TRADE``) or reads the
registry (``DIMENSIONS``, ``TABLES``, ``SOURCES``). The scan parses every module of the package:

* a string literal equal to a table name or a registered source name is a violation wherever it stands
  (these names are distinctive: ``cow_trade``, ``sipri_register_2024``, ``unga_undl``);
* a string literal equal to a dimension name is a violation where it names a dimension: a subscript of a
  ``DIMENSIONS`` mapping, a ``dimension``/``dimensions``/``steps`` argument or default, a comparison with a
  ``dimension`` value, or an element of a ``steps`` list. (Dimension names are also plain words, such as a
  count column called ``events``: those are not the vocabulary and are left alone.)
"""

from __future__ import annotations

import ast
from pathlib import Path

from multivector import dimensions as vocab

PACKAGE = Path(vocab.__file__).resolve().parent
REGISTRY = PACKAGE / "dimensions.py"
DIMENSION_WORDS = frozenset({"dimension", "dimensions", "dim", "dims", "steps", "step"})


def _exact_names() -> frozenset[str]:
    return frozenset(vocab.TABLES) | frozenset(vocab.SOURCES)


def _is_dimension_place(node: ast.Constant, parent: ast.AST | None) -> bool:
    if isinstance(parent, ast.Subscript) and parent.slice is node:
        target = ast.unparse(parent.value)
        return target.endswith("DIMENSIONS")
    if isinstance(parent, ast.keyword):
        return parent.arg in DIMENSION_WORDS
    if isinstance(parent, ast.Compare):
        sides = [parent.left, *parent.comparators]
        return any(
            (isinstance(s, ast.Name) and s.id in DIMENSION_WORDS)
            or (isinstance(s, ast.Subscript) and ast.unparse(s.slice).strip("'\"") in DIMENSION_WORDS)
            for s in sides
        )
    return False  # defaults of parameters named dimension(s): see the loop in _violations


def _violations(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents: dict[ast.AST, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[child] = node
    exact = _exact_names()
    dims = frozenset(vocab.DIMENSIONS)
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or not isinstance(node.value, str):
            continue
        value = node.value
        if value in exact:
            out.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: {value!r}")
            continue
        if value not in dims:
            continue
        parent = parents.get(node)
        grand = parents.get(parent) if parent is not None else None
        in_steps = (
            isinstance(parent, (ast.List, ast.Tuple))
            and isinstance(grand, ast.keyword)
            and grand.arg in DIMENSION_WORDS
        )
        if _is_dimension_place(node, parent) or in_steps:
            out.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: {value!r} (a dimension)")
    # defaults of parameters named dimension(s)
    for fn in ast.walk(tree):
        if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            args = fn.args
            positional = [*args.posonlyargs, *args.args]
            pairs = list(zip(positional[len(positional) - len(args.defaults) :], args.defaults, strict=True))
            pairs += [(a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d is not None]
            for arg, default in pairs:
                if arg.arg in DIMENSION_WORDS and isinstance(default, ast.Constant) and default.value in dims:
                    where = f"{path.relative_to(PACKAGE.parent)}:{default.lineno}"
                    out.append(f"{where}: {default.value!r} (default)")
    return sorted(set(out))


def test_names_are_spelled_only_in_the_registry() -> None:
    found = [v for p in sorted(PACKAGE.rglob("*.py")) if p != REGISTRY for v in _violations(p)]
    assert not found, "spell these with the registry's constants:\n" + "\n".join(found)


def test_the_scan_finds_what_it_looks_for(tmp_path: Path) -> None:
    """The scan is not vacuous: a module spelling a table, a source and a dimension is caught."""
    bad = tmp_path / "bad.py"
    bad.write_text(
        "import multivector.dimensions as vocab\n"
        "T = 'cow_trade'\n"
        "S = 'unga_undl'\n"
        "x = vocab.DIMENSIONS['unga']\n"
        "def f(dimension='energy'):\n"
        "    return dimension == 'trade'\n"
        "events = {'events': 1}  # a column name: allowed\n",
        encoding="utf-8",
    )
    original = PACKAGE
    try:
        globals()["PACKAGE"] = tmp_path
        found = _violations(bad)
    finally:
        globals()["PACKAGE"] = original
    assert len(found) == 5, found
    assert not any("'events'" in f for f in found)
