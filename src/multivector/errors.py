"""The one exception tree of multivector.

Every error the library raises on purpose is a :class:`MultivectorError`; the CLI, the report builder
and the REST API turn these into messages, exit codes and 4xx answers in one place each.

::

    MultivectorError
    ├── CasebookError            a case file is malformed (names file, entry and field)
    ├── InputError               bad input to an indicator or a function (negative flow, mixed units, ...)
    │   └── UnknownCountryError  a country code or name that cannot be resolved
    ├── DataError                a data file cannot be read (names file and line)
    │   ├── DownloadError        a download failed, was truncated or did not match its checksum
    │   └── MissingFilesError    a source's files are not where the loader looked
    ├── StoreError               the local DuckDB store is missing a table or cannot be written
    │   └── StoreBusyError       another process holds the store (an import writing it)
    ├── PipelineError            an ``add_*`` step was called on the wrong frame or before its input step
    └── ScenarioError            a scenario file or parameter is invalid (names the field)
"""

from __future__ import annotations

__all__ = [
    "CasebookError",
    "DataError",
    "DownloadError",
    "InputError",
    "MissingFilesError",
    "MultivectorError",
    "PipelineError",
    "ScenarioError",
    "StoreBusyError",
    "StoreError",
    "UnknownCountryError",
]


class MultivectorError(Exception):
    """Base class of every error multivector raises on purpose.

    Catch this to handle any expected failure (bad input, missing data) in one place::

        try:
            case = multivector.load_case("my_case.yaml")
        except multivector.MultivectorError as exc:
            print(exc)
    """


class CasebookError(MultivectorError):
    """A case file is malformed. The message names the file, the entry and the field."""


class InputError(MultivectorError, ValueError):
    """Bad input to a function: negative flows, mixed units, empty groups, unknown names."""


class UnknownCountryError(InputError):
    """A country code or name that the crosswalk cannot resolve."""


class DataError(MultivectorError):
    """A data file cannot be parsed. The message names the file and, where known, the line."""


class DownloadError(DataError):
    """A download failed, was truncated, or its checksum did not match the manifest."""


class MissingFilesError(DataError):
    """A source's files are not in the folder given: nothing to import there (``import all`` skips it)."""


class StoreError(MultivectorError):
    """The local store lacks a table, or an import could not be committed."""


class StoreBusyError(StoreError):
    """Another process holds the store's lock (an import writing it, or readers while an import waits):
    retry when it has finished. The REST API answers 503 with ``Retry-After``."""


class PipelineError(MultivectorError):
    """An ``add_*`` panel step was called on the wrong kind of frame or before the step it needs."""


class ScenarioError(MultivectorError):
    """A scenario file or parameter is invalid. The message names the field.

    ``param`` is the scenario parameter at fault when the error is about one parameter's value or name
    (an override), so each front end can name it its own way (``--set days`` on the command line,
    ``set.days`` in the REST API); ``None`` otherwise.
    """

    def __init__(self, *args: object, param: str | None = None) -> None:
        super().__init__(*args)
        self.param = param
