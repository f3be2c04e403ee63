"""The ``multivector`` command. Each sub-command module registers its commands on :data:`app`.

Library errors (:class:`multivector.errors.MultivectorError`) are turned into a one-line message on stderr
and exit code 2 here, in one place; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import sys
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperGroup

from multivector.dimensions import SRC_MONITOR
from multivector.errors import MultivectorError, ScenarioError

#: The module that registers each top-level command: only the one a command line needs is imported, so
#: ``multivector profile KAZ`` does not load the scenario solver or the web server (help loads them all).
COMMAND_MODULES: dict[str, str] = {
    "profile": "commands_assess",
    "compare": "commands_assess",
    "report": "commands_core",
    "casebook": "commands_core",
    "panel": "commands_panel",
    "data": "commands_data",
    "scenario": "commands_scenario",
    "frontier": "commands_scenario",
    "serve": "commands_serve",
    SRC_MONITOR: "commands_monitor",
    "check": "commands_check",
    "ledger": "commands_check",
}


class _ListedInOrder(TyperGroup):
    """Lists the top-level commands in the order of :data:`COMMAND_MODULES` (others after, by name),
    whatever order their modules were imported in: ``--help`` and docs/cli.md do not depend on which
    command ran first in a process."""

    def list_commands(self, ctx: Any) -> list[str]:  # typer's vendored click.Context
        order = {name: i for i, name in enumerate(COMMAND_MODULES)}
        return sorted(super().list_commands(ctx), key=lambda name: (order.get(name, len(order)), name))


app = typer.Typer(
    cls=_ListedInOrder,
    rich_markup_mode="markdown",
    name="multivector",
    help="Measure, monitor and stress-test how a state balances its ties among the great powers.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err_console = Console(stderr=True)


def register_commands(argv: list[str] | None = None) -> None:
    """Import the command modules; each adds its commands to :data:`app`. With ``argv`` naming a known
    command, only that command's module is imported."""
    import importlib

    first = next((a for a in argv or [] if not a.startswith("-")), None)
    wanted = [COMMAND_MODULES[first]] if first in COMMAND_MODULES else sorted(set(COMMAND_MODULES.values()))
    for module in wanted:
        importlib.import_module(f"multivector.cli.{module}")


def error_message(exc: MultivectorError) -> str:
    """The one-line message of a library error on the command line.

    A :class:`~multivector.errors.ScenarioError` about one parameter (``exc.param``) names it the way it was
    given, ``--set days: ...``, whatever wording the library used (``parameter 'days': ...``)."""
    text = str(exc)
    param = getattr(exc, "param", None) if isinstance(exc, ScenarioError) else None
    if not param or text.startswith("--set"):
        return text
    for prefix in (f"parameter {param!r}: ", f"{param}: "):
        if text.startswith(prefix):
            text = text[len(prefix) :]
            break
    return f"--set {param}: {text}"


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script (``argv``: the arguments, default ``sys.argv[1:]``)."""
    register_commands(sys.argv[1:] if argv is None else argv)
    try:
        app(args=argv, prog_name="multivector")
    except MultivectorError as exc:
        message = f"[bold red]error:[/] {escape(error_message(exc))}"
        err_console.print(message, highlight=False, soft_wrap=True)  # one line, however long
        sys.exit(2)
