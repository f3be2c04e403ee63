"""Command-line interface: a thin Typer layer over the public API (see :mod:`multivector.cli.main`)."""
