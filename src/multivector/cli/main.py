"""The ``multivector`` command. Each sub-command module registers its commands on :data:`app`.

Library errors (:class:`multivector.errors.MultivectorError`) are turned into a one-line message on stderr
and exit code 2 here, in one place; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import sys

import typer
from rich.console import Console
from rich.markup import escape

from multivector.errors import MultivectorError, ScenarioError

app = typer.Typer(
    name="multivector",
    help="Measure, monitor and stress-test how a state balances its ties among the great powers.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err_console = Console(stderr=True)


def _register() -> None:
    """Import the command modules; each adds its commands to :data:`app`."""
    from multivector.cli import (
        commands_core,  # noqa: F401
        commands_data,  # noqa: F401
        commands_panel,  # noqa: F401
        commands_scenario,  # noqa: F401
        commands_serve,  # noqa: F401
    )


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


def main() -> None:
    """Entry point of the console script."""
    _register()
    try:
        app()
    except MultivectorError as exc:
        # soft_wrap: a long path stays whole (Rich would break it at the terminal width)
        message = escape(error_message(exc))
        err_console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
        sys.exit(2)
