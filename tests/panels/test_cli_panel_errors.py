"""CLI errors: bad input is a library error with one clear message."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from multivector.cli import commands_panel  # noqa: F401  (registers the commands)
from multivector.cli.main import app
from multivector.errors import InputError, StoreError, UnknownCountryError


@pytest.mark.parametrize(
    ("args", "error", "text"),
    [
        (["panel", "KAZ", "--years", "2020-2000", "-o", "x.csv"], InputError, "reversed"),
        (["panel", "XXQ", "-o", "x.csv"], UnknownCountryError, "unknown country"),
        (["panel", "KAZ", "-o", "x.txt"], InputError, ".csv or .parquet"),
        (["compare", "KAZ", "--format", "xml"], InputError, "--format"),
    ],
)
def test_cli_bad_input(args: list[str], error: type[Exception], text: str, tiny_store: Path) -> None:
    result = CliRunner().invoke(app, [*args, "--store", str(tiny_store)])
    assert isinstance(result.exception, error) and text in str(result.exception)


def test_cli_no_store(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["panel", "KAZ", "-o", str(tmp_path / "p.csv"), "--store", str(tmp_path / "no")]
    )
    assert isinstance(result.exception, StoreError) and "no store" in str(result.exception)
