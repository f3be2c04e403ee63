"""The command-line reference (docs/cli.md), generated from the ``--help`` of every command.

``python -m multivector.cli.reference > docs/cli.md`` writes it; tests/cli/test_cli_reference.py fails when
the committed file differs from what this module generates, so the reference is the ``--help`` text. Every
command module is imported (:func:`multivector.cli.main.register_commands` with no command line) and each
help page is rendered at a fixed width (:data:`WIDTH` columns) without colour, so the output does not depend
on the terminal it is run in.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import typer
import typer.rich_utils
from typer.testing import CliRunner

from multivector.cli.main import app, register_commands

__all__ = ["WIDTH", "command_paths", "help_text", "reference_markdown"]

#: The terminal width the help pages are rendered at.
WIDTH = 100
_PROG = "multivector"
_HEADER = f"""# Command-line reference

Every command and sub-command of `{_PROG}` with its `--help` text ({WIDTH} columns). This file is generated:
run `python -m multivector.cli.reference > docs/cli.md` after changing a command; a test fails when it is out
of date.
"""


def command_paths() -> list[tuple[str, ...]]:
    """Every command path (``()`` for the top level, ``("data", "import")`` ...), groups before their
    sub-commands, in the order ``--help`` lists them."""
    register_commands([])
    root = typer.main.get_command(app)

    def walk(cmd: Any, path: tuple[str, ...], ctx: Any) -> Iterator[tuple[str, ...]]:
        yield path
        if not hasattr(cmd, "list_commands"):  # a command, not a group
            return
        for name in cmd.list_commands(ctx):
            sub = cmd.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                yield from walk(sub, (*path, name), sub.context_class(sub, parent=ctx, info_name=name))

    return list(walk(root, (), root.context_class(root, info_name=_PROG)))


def help_text(path: tuple[str, ...]) -> str:
    """The ``--help`` output of the command ``path``, at :data:`WIDTH` columns, without colour or trailing
    spaces."""
    rich = typer.rich_utils  # typer reads its console settings from the environment once, at import
    saved = (rich.MAX_WIDTH, rich.FORCE_TERMINAL, rich.COLOR_SYSTEM)
    rich.MAX_WIDTH, rich.FORCE_TERMINAL, rich.COLOR_SYSTEM = WIDTH, False, None
    try:
        env = {"COLUMNS": str(WIDTH), "NO_COLOR": "1", "TERM": "dumb"}
        result = CliRunner().invoke(app, [*path, "--help"], prog_name=_PROG, env=env)
    finally:
        rich.MAX_WIDTH, rich.FORCE_TERMINAL, rich.COLOR_SYSTEM = saved
    if result.exit_code != 0:
        raise RuntimeError(f"{_PROG} {' '.join(path)} --help exited with {result.exit_code}: {result.output}")
    return "\n".join(line.rstrip() for line in result.output.splitlines()).strip("\n")


def reference_markdown() -> str:
    """docs/cli.md: a header, then one section per command path with its help text."""
    parts = [_HEADER]
    for path in command_paths():
        title = " ".join((_PROG, *path))
        parts.append(f"## `{title}`\n\n```text\n{help_text(path)}\n```\n")
    return "\n".join(parts)


def main() -> None:
    sys.stdout.write(reference_markdown())


if __name__ == "__main__":
    main()
