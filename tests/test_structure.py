"""The package's shape: no import cycles, short modules and functions, private names kept private.

* **No import cycle** among the modules of ``multivector``, counting every ``import`` and ``from ...
  import`` anywhere in a module (inside functions too, and under ``TYPE_CHECKING``). An edge goes from the
  importing module to the module it names; ``from package import name`` goes to ``package.name`` when
  that is a submodule, else to ``package``. A package's ``__init__`` is the node ``package``.
* **No module over 600 lines and no function over 100 lines** (a function's lines run from its ``def``
  (decorators included) to its last line; nested functions count within their parent and on their own).
* **Private names stay in their module**: a name defined with a leading underscore in one module is not
  imported (``from m import _name``) or read as an attribute (``m._name``) by another module; a private
  module (``pkg/_helpers.py``) is imported only from within its own package ``pkg``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import multivector

PACKAGE = Path(multivector.__file__).resolve().parent
ROOT = PACKAGE.name
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 100


def _module_name(path: Path, package: Path = PACKAGE) -> str:
    parts = [package.name, *path.relative_to(package).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules(package: Path = PACKAGE) -> dict[str, Path]:
    return {_module_name(p, package): p for p in sorted(package.rglob("*.py"))}


def _is_package(path: Path) -> bool:
    return path.name == "__init__.py"


def _resolve(module: str, path: Path, level: int, target: str | None) -> str:
    """The absolute module named by ``from <level dots><target> import ...`` in ``module``."""
    if level == 0:
        return target or ""
    base = module.split(".") if _is_package(path) else module.split(".")[:-1]
    base = base[: len(base) - (level - 1)] if level > 1 else base
    return ".".join([*base, *([target] if target else [])])


def _imports(module: str, path: Path, known: dict[str, Path]) -> Iterator[tuple[str, str, str | None]]:
    """(imported module, the module's own name for it, the name taken from it or None) for every
    import statement in the module, at any depth."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, alias.asname or alias.name, None
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(module, path, node.level, node.module)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                if sub in known:
                    yield sub, alias.asname or alias.name, None
                else:
                    yield base, alias.asname or alias.name, alias.name


def import_graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    """Module -> the package modules it imports (anywhere in its body)."""
    known = _modules(package)
    graph: dict[str, set[str]] = {m: set() for m in known}
    for module, path in known.items():
        for target, _local, _name in _imports(module, path, known):
            if target in known and target != module:
                graph[module].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(found)


def long_functions(package: Path = PACKAGE) -> list[str]:
    out = []
    for module, path in _modules(package).items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                length = (node.end_lineno or node.lineno) - first + 1
                if length > MAX_FUNCTION_LINES:
                    out.append(f"{module}.{node.name} ({length} lines)")
    return sorted(out)


def long_modules(package: Path = PACKAGE) -> list[str]:
    out = []
    for module, path in _modules(package).items():
        n = len(path.read_text(encoding="utf-8").splitlines())
        if n > MAX_MODULE_LINES:
            out.append(f"{module} ({n} lines)")
    return out


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def private_uses(package: Path = PACKAGE) -> list[str]:
    """Private names (and private modules) used outside the module (package) that owns them."""
    known = _modules(package)
    out = []
    for module, path in known.items():
        aliases: dict[str, str] = {}  # local name -> package module it stands for
        for target, local, name in _imports(module, path, known):
            if target not in known:
                continue
            if name is None:
                aliases[local] = target
            elif _private(name):
                out.append(f"{module}: imports {target}.{name}")
            leaf = target.rsplit(".", 1)
            if len(leaf) == 2 and _private(leaf[1]) and not (module + ".").startswith(leaf[0] + "."):
                out.append(f"{module}: imports the private module {target} from outside {leaf[0]}")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and _private(node.attr)
                and isinstance(node.value, ast.Name)
                and node.value.id in aliases
                and aliases[node.value.id] != module
                and f"{aliases[node.value.id]}.{node.attr}" not in known
            ):
                out.append(f"{module}:{node.lineno}: uses {aliases[node.value.id]}.{node.attr}")
    return sorted(set(out))


def test_no_import_cycles() -> None:
    found = cycles(import_graph())
    assert not found, "import cycles (counting function-level imports):\n" + "\n".join(
        " <-> ".join(c) for c in found
    )


def test_modules_and_functions_are_short() -> None:
    found = long_modules() + long_functions()
    assert not found, (
        f"modules over {MAX_MODULE_LINES} lines or functions over {MAX_FUNCTION_LINES} lines:\n"
        + "\n".join(found)
    )


def test_private_names_stay_in_their_module() -> None:
    found = private_uses()
    assert not found, "private names used outside their module:\n" + "\n".join(found)


def test_the_checks_find_what_they_look_for(tmp_path: Path) -> None:
    """Each check catches a planted defect: a cycle through a function-level import and a package
    import, a long function, a long module, a private name used across modules."""
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "a.py").write_text("def f():\n    from pkg.sub import b\n    return b._hidden\n")
    (pkg / "sub" / "b.py").write_text("from pkg import a\n_hidden = 1\n")
    (pkg / "sub" / "_impl.py").write_text("x = 1\n")
    (pkg / "c.py").write_text("from pkg.sub._impl import x\nfrom .sub.b import _hidden\n")
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION_LINES))
    (pkg / "d.py").write_text(f"def long():\n{body}\n" + "\n" * MAX_MODULE_LINES)
    assert cycles(import_graph(pkg)) == [["pkg.a", "pkg.sub.b"]]
    assert long_functions(pkg) == [f"pkg.d.long ({MAX_FUNCTION_LINES + 1} lines)"]
    assert long_modules(pkg) == [f"pkg.d ({MAX_FUNCTION_LINES + 1 + MAX_MODULE_LINES} lines)"]
    assert private_uses(pkg) == [
        "pkg.a:3: uses pkg.sub.b._hidden",
        "pkg.c: imports pkg.sub.b._hidden",
        "pkg.c: imports the private module pkg.sub._impl from outside pkg.sub",
    ]
