"""Load a case: a built-in one by name, or a YAML file by path, validated against the schema.

A malformed case raises :class:`~multivector.errors.CasebookError` whose message names the file, the
entry (section, index and id, e.g. ``ties[3] (id=kaz-chn-trade-2024)``), the field, what is wrong and the
YAML line::

    cases/bad.yaml: 1 problem in the case
      - line 57: ties[3] (id=kaz-chn-trade-2024), field 'value': Input should be a valid number (got 'lots')

Parsed cases are cached per file (path, modification time, size); every call returns a deep copy.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from multivector.casebook.schema import (
    Actor,
    Agreement,
    Amount,
    Case,
    Claim,
    Flow,
    Infrastructure,
    Ownership,
    Source,
    Tie,
)
from multivector.errors import CasebookError
from multivector.safeyaml import SafeLoader, load_yaml

__all__ = ["BUILTIN_DIR", "list_cases", "load_case"]

#: Directory of the built-in cases (``<name>.yaml``), shipped with the package.
BUILTIN_DIR: Path = Path(__file__).resolve().parent / "data"

_BaseLoader: type[yaml.SafeLoader] = SafeLoader


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """A safe loader that leaves dates as text, so pydantic parses (and reports) them with the field name."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}

_SECTION_MODELS: dict[str, type[BaseModel]] = {
    "sources": Source,
    "actors": Actor,
    "ties": Tie,
    "agreements": Agreement,
    "infrastructure": Infrastructure,
    "claims": Claim,
}
_NESTED_MODELS: dict[str, type[BaseModel]] = {
    "flows": Flow,
    "owners": Ownership,
    "amounts": Amount,
    "capacity": Amount,
}
# Entry-level validators cannot say which field they object to; these hints map their messages to a field.
_MESSAGE_FIELDS: tuple[tuple[str, str], ...] = (
    ("needs a unit", "unit"),
    ("value must not be negative", "value"),
    ("end_date", "end_date"),
)
# The cross-reference problems of Case._references_resolve: "section[entry_id].field: message".
_REFERENCE_PROBLEM = re.compile(r"^(?P<section>\w+)\[(?P<id>[^\]]*)\]\.(?P<field>\w+): (?P<msg>.*)$")
_QUOTED = re.compile(r"'([^']*)'")


def list_cases() -> list[str]:
    """Return the names of the built-in cases (e.g. ``["kazakhstan"]``), sorted."""
    return sorted(p.stem for p in BUILTIN_DIR.glob("*.yaml"))


def load_case(case: str | Path = "kazakhstan") -> Case:
    """Load and validate a case.

    ``case`` is the name of a built-in case (see :func:`list_cases`) or the path of a YAML case file (the
    format is documented in ``docs/casebook.md``). Returns a fresh :class:`~multivector.casebook.schema.Case`
    each call, so callers may modify it.

    Raises :class:`~multivector.errors.CasebookError` when the file is missing, is not YAML, is not a mapping,
    or does not validate; the message names the file, the entry, the field and the line.
    """
    path = _resolve(case)
    try:
        stat = path.stat()
    except OSError as exc:
        raise CasebookError(f"{path}: cannot read the case file ({exc.strerror or exc})") from None
    return _load_cached(str(path), stat.st_mtime_ns, stat.st_size).model_copy(deep=True)


def _resolve(case: str | Path) -> Path:
    if isinstance(case, Path):
        path = case
    else:
        text = case.strip()
        builtin = BUILTIN_DIR / f"{text}.yaml"
        if re.fullmatch(r"[A-Za-z0-9_-]+", text) and builtin.is_file():
            return builtin
        looks_like_path = text.endswith((".yaml", ".yml")) or "/" in text or "\\" in text
        if not looks_like_path and not Path(text).is_file():
            raise CasebookError(
                f"unknown case {text!r}: the built-in cases are {', '.join(list_cases()) or 'none'}; "
                "pass the path of a YAML case file to load your own (--casebook FILE)"
            )
        path = Path(text)
    path = path.expanduser()
    if not path.is_file():
        what = "is a directory, not a case file" if path.is_dir() else "does not exist"
        raise CasebookError(f"{path}: the case file {what}")
    return path


@functools.lru_cache(maxsize=16)
def _load_cached(path_str: str, mtime_ns: int, size: int) -> Case:
    del mtime_ns, size  # part of the cache key only: a changed file is read again
    path = Path(path_str)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CasebookError(f"{path}: cannot read the case file ({exc})") from None
    data, root = load_yaml(text, str(path), CasebookError, _Loader)  # aliases, depth and size checked
    if not isinstance(data, dict):
        kind = "empty" if data is None else f"a YAML {type(data).__name__}"
        raise CasebookError(
            f"{path}, line 1: a case file must be a YAML mapping with the keys id, name, country, sources, "
            f"actors, ties, agreements, infrastructure, claims; this file is {kind}"
        )
    duplicates = _duplicate_keys(root) if root is not None else []
    if duplicates:
        lines = [f"line {line}: key {key!r} appears twice in the same mapping" for key, line in duplicates]
        raise CasebookError(_report(path, lines))
    try:
        case = Case.model_validate(data)
    except ValidationError as exc:
        raise CasebookError(_report(path, _describe(exc, data, root))) from None
    problems = _implausible_dates(case, data, root)
    if problems:
        raise CasebookError(_report(path, problems))
    return case


def _report(path: Path, problems: Sequence[str]) -> str:
    n = len(problems)
    head = f"{path}: {n} problem{'s' if n != 1 else ''} in the case"
    return "\n".join([head, *(f"  - {p}" for p in problems)])


def _duplicate_keys(node: yaml.Node) -> list[tuple[str, int]]:
    """Keys that appear twice in one mapping. Each node is visited once: a mapping reached through several
    aliases is checked once (and alias bombs were refused by :func:`~multivector.safeyaml.load_yaml`)."""
    found: list[tuple[str, int]] = []
    stack: list[yaml.Node] = [node]
    visited: set[int] = set()
    while stack:
        current = stack.pop()
        if id(current) in visited:
            continue
        visited.add(id(current))
        if isinstance(current, yaml.MappingNode):
            seen: set[str] = set()
            for key, value in current.value:
                if isinstance(key, yaml.ScalarNode):
                    if key.value in seen:
                        found.append((key.value, key.start_mark.line + 1))
                    seen.add(key.value)
                stack.append(value)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    return sorted(found, key=lambda item: item[1])


#: Years a case may date its figures and events with (a typo such as 20222 or 99999999 is an error).
YEAR_RANGE = (1800, 2100)


def _implausible_dates(case: Case, data: dict[str, Any], root: yaml.Node | None) -> list[str]:
    """Every ``year`` and date of the case outside :data:`YEAR_RANGE`, located like a validation error."""
    first, last = YEAR_RANGE
    problems: list[str] = []
    for loc, value in _dated_fields(case, ()):
        year = value.year if isinstance(value, dt.date) else value
        if not first <= year <= last:
            shown = str(value) if len(str(value)) <= 20 else str(value)[:17] + "..."
            where = _locate(loc, data, root)
            problems.append(where.render(f"year {shown} is outside {first}-{last}"))
    return problems


def _dated_fields(model: BaseModel, loc: tuple[Any, ...]) -> list[tuple[tuple[Any, ...], int | dt.date]]:
    out: list[tuple[tuple[Any, ...], int | dt.date]] = []
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        key = info.alias or name
        if isinstance(value, dt.date) or (name.endswith("year") and isinstance(value, int)):
            out.append(((*loc, key), value))
        elif isinstance(value, BaseModel):
            out += _dated_fields(value, (*loc, key))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    out += _dated_fields(item, (*loc, key, i))
    return out


# ----------------------------------------------------------------------------------------------------------
# Turning pydantic errors into "file, entry, field, line: what is wrong"


@dataclass
class _Where:
    entry: str
    field: str | None
    line: int | None

    def render(self, message: str) -> str:
        parts = []
        if self.line is not None:
            parts.append(f"line {self.line}: ")
        parts.append(self.entry)
        if self.field:
            parts.append(f", field {self.field!r}")
        return "".join(parts) + f": {message}"


def _describe(exc: ValidationError, data: dict[str, Any], root: yaml.Node | None) -> list[str]:
    problems: list[str] = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        message = str(err["msg"])
        if not loc and err["type"] == "value_error":
            problems.extend(_describe_references(message, data, root))
            continue
        where = _locate(loc, data, root)
        if err["type"] == "extra_forbidden":
            allowed = _allowed_fields(loc)
            message = "unknown field (not in the schema)"
            if allowed:
                message += f"; allowed fields: {allowed}"
        elif err["type"] == "missing":
            message = "required field is missing"
        else:
            message = _strip_prefix(message) + _got(err)
            if where.field is None:
                for needle, field in _MESSAGE_FIELDS:
                    if needle in message:
                        where.field = field
                        where.line = _line_of(root, (*loc, field)) or where.line
                        break
        problems.append(where.render(message))
    return problems


def _strip_prefix(message: str) -> str:
    return message.removeprefix("Value error, ")


def _got(err: Any) -> str:
    if err["type"] in ("missing", "extra_forbidden") or "input" not in err:
        return ""
    value = err["input"]
    if isinstance(value, (dict, list)):
        return ""
    text = repr(value)
    if text in str(err["msg"]):
        return ""
    return f" (got {text if len(text) <= 60 else text[:57] + '...'})"


def _entry_label(section: str, index: int, data: dict[str, Any]) -> str:
    entries = data.get(section)
    entry_id = None
    if isinstance(entries, list) and 0 <= index < len(entries) and isinstance(entries[index], dict):
        entry_id = entries[index].get("id")
    return f"{section}[{index}]" + (f" (id={entry_id})" if entry_id is not None else "")


def _field_path(parts: Sequence[Any]) -> str | None:
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text or None


def _locate(loc: tuple[Any, ...], data: dict[str, Any], root: yaml.Node | None) -> _Where:
    if len(loc) >= 2 and loc[0] in _SECTION_MODELS and isinstance(loc[1], int):
        entry = _entry_label(str(loc[0]), loc[1], data)
        field = _field_path(loc[2:])
    else:
        entry = "case header" if len(loc) <= 1 else f"section {loc[0]!r}"
        field = _field_path(loc)
    return _Where(entry=entry, field=field, line=_line_of(root, loc))


def _allowed_fields(loc: tuple[Any, ...]) -> str:
    model: type[BaseModel] = Case
    for part in loc[:-1]:
        if isinstance(part, str):
            model = _SECTION_MODELS.get(part) or _NESTED_MODELS.get(part) or model
    names = [(info.alias or name) for name, info in model.model_fields.items()]
    return ", ".join(names)


def _child(node: yaml.Node | None, key: Any) -> tuple[yaml.Node | None, yaml.Node | None]:
    """(key node, value node) of ``key`` in a mapping, or (item, item) of index ``key`` in a sequence."""
    if isinstance(node, yaml.MappingNode) and isinstance(key, str):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return k, v
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
        item = node.value[key]
        return item, item
    return None, None


def _line_of(root: yaml.Node | None, loc: Sequence[Any]) -> int | None:
    """1-based line of the deepest node of ``loc`` that exists (the key's line for a mapping entry)."""
    node = root
    line = None
    for part in loc:
        key_node, value_node = _child(node, part)
        if value_node is None:
            break
        line = (key_node or value_node).start_mark.line + 1
        node = value_node
    return line


def _find_scalar(node: yaml.Node | None, value: str) -> yaml.Node | None:
    stack = [node] if node is not None else []
    while stack:
        current = stack.pop(0)
        if isinstance(current, yaml.ScalarNode) and current.value == value:
            return current
        if isinstance(current, yaml.MappingNode):
            stack.extend(v for _, v in current.value)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    return None


def _describe_references(message: str, data: dict[str, Any], root: yaml.Node | None) -> list[str]:
    """Split the case-level reference check ("ties[x].sources: unknown source id 'y'; ...") per problem."""
    problems: list[str] = []
    for part in _strip_prefix(message).split("; "):
        match = _REFERENCE_PROBLEM.match(part)
        if match is None:
            problems.append(f"case: {part}")
            continue
        section, entry_id, field, msg = match["section"], match["id"], match["field"], match["msg"]
        entries = data.get(section) if isinstance(data.get(section), list) else []
        indices = [
            i for i, e in enumerate(entries or []) if isinstance(e, dict) and str(e.get("id")) == entry_id
        ]
        if not indices:
            problems.append(f"{section} (id={entry_id}), field {field!r}: {msg}")
            continue
        # a duplicate is reported at its second occurrence
        index = indices[-1] if msg == "duplicate id" else indices[0]
        _, entry_node = _child(_child(root, section)[1], index)
        line = _line_of(root, (section, index, field))
        bad = _QUOTED.search(msg)
        field_label = field
        if bad is not None and entry_node is not None:
            _, field_node = _child(entry_node, field)
            hit = _find_scalar(field_node, bad.group(1)) or _find_scalar(entry_node, bad.group(1))
            if hit is not None:
                line = hit.start_mark.line + 1
                if field_node is None or _find_scalar(field_node, bad.group(1)) is None:
                    field_label = _nested_field(entry_node, hit) or field
        where = _Where(entry=_entry_label(section, index, data), field=field_label, line=line)
        problems.append(where.render(msg))
    return problems


def _nested_field(entry_node: yaml.Node, target: yaml.Node) -> str | None:
    """Path (e.g. ``flows[2].sources``) of the field holding ``target`` inside an entry."""

    def walk(node: yaml.Node, path: list[Any]) -> list[Any] | None:
        if node is target:
            return path
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                found = walk(v, [*path, k.value])
                if found is not None:
                    return found
        elif isinstance(node, yaml.SequenceNode):
            for i, v in enumerate(node.value):
                found = walk(v, [*path, i])
                if found is not None:
                    return found
        return None

    path = walk(entry_node, [])
    if path is None:
        return None
    while path and isinstance(path[-1], int):  # "sources[1]" -> "sources"
        path.pop()
    return _field_path(path)
