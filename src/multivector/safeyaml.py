"""Reading untrusted YAML (case files, scenario files) within limits: aliases, nesting and size.

A YAML file of a few hundred bytes can hold an "alias bomb" (``b: [*a, *a, ...]`` nested eight times
expands to 10^8 nodes) or nest thousands of brackets deep. :func:`load_yaml` parses the text once with a
safe loader (the C one when PyYAML has it), walks the node graph ONCE, counting each node as often as it
would appear once the aliases are expanded (shared nodes are counted from memory, never re-walked), and
refuses the file before building any Python object when:

- the expanded document would have more than :data:`MAX_NODES` nodes (100,000; the built-in Kazakhstan
  case has 6,089);
- it nests deeper than :data:`MAX_DEPTH` (64) collections;
- an alias refers to a collection that contains it (a recursive structure).

The checks cost time linear in the number of distinct nodes, whatever the aliases. The caller gives the
error class (:class:`~multivector.errors.CasebookError`, :class:`~multivector.errors.ScenarioError`), so
each problem is a one-line error naming the file.
"""

from __future__ import annotations

from typing import Any

import yaml

from multivector.errors import MultivectorError

__all__ = ["MAX_DEPTH", "MAX_NODES", "SafeLoader", "expanded_size", "load_yaml"]

MAX_NODES = 100_000
MAX_DEPTH = 64

#: PyYAML's safe loader, in C when available.
SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlLimitError(ValueError):
    """The node graph breaks a limit (the message says which)."""


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def expanded_size(root: yaml.Node, max_nodes: int = MAX_NODES, max_depth: int = MAX_DEPTH) -> int:
    """Nodes of ``root``'s document once every alias is expanded; raises :class:`YamlLimitError` past the
    limits or for a recursive alias. Each distinct node is visited once."""
    memo: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool, int]] = [(root, False, 1)]
    while stack:
        node, done, depth = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            size = 1 + sum(memo[id(c)] for c in _children(node))
            if size > max_nodes:
                raise YamlLimitError(
                    f"the document expands to more than {max_nodes:,} nodes once its aliases (*name) are "
                    "resolved; a case or scenario file needs far fewer (alias bomb?)"
                )
            memo[key] = size
            continue
        if key in memo:
            continue
        if depth > max_depth:
            line = node.start_mark.line + 1
            raise YamlLimitError(f"line {line}: nested more than {max_depth} levels deep")
        on_path.add(key)
        stack.append((node, True, depth))
        for child in _children(node):
            if id(child) in on_path:
                line = child.start_mark.line + 1
                raise YamlLimitError(f"line {line}: an alias refers to a collection that contains it")
            if id(child) not in memo:
                stack.append((child, False, depth + 1))
    return memo[id(root)]


def load_yaml(
    text: str, where: str, error: type[MultivectorError], loader: type[Any] = SafeLoader
) -> tuple[object, yaml.Node | None]:
    """``(data, root node)`` of the YAML ``text`` (``None, None`` for an empty document), parsed once and
    checked against the limits before any object is built.

    ``where`` names the file in messages; problems raise ``error``: YAML syntax errors with their line,
    the limits of the module docstring, and values the loader cannot build (an impossible date).
    """
    parser = loader(text)
    try:
        root = parser.get_single_node()
        if root is None:
            return None, None
        expanded_size(root)
        return parser.construct_document(root), root
    except YamlLimitError as exc:
        raise error(f"{where}: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f", line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        context, context_mark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
        if context and context_mark is not None:
            problem = f"{context} started at line {context_mark.line + 1}: {problem}"
        raise error(f"{where}{line}: not valid YAML ({problem})") from None
    except RecursionError:
        raise error(f"{where}: nested too deeply to read (more than {MAX_DEPTH} levels)") from None
    except (ValueError, OverflowError) as exc:  # a value the loader cannot build, e.g. 2025-02-30
        raise error(f"{where}: invalid value ({exc})") from None
    finally:
        parser.dispose()
