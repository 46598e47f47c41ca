"""Find and parse the package's data files (and users' files of the same formats).

Every row keeps its origin (`actors/roles.tsv:42`) so a coded field can be traced to the row behind it.
Files are parsed once (`functools.cache`) and returned as tuples of read-only rows.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType

from dyads.errors import DataFileError

__all__ = ["Row", "data_path", "data_files", "read_table", "read_user_table", "word_list", "word_set"]

DATA_PACKAGE = "dyads"


@dataclass(frozen=True, slots=True)
class Row:
    """One data-file row: its values by column name and where it came from."""

    values: Mapping[str, str]
    origin: str

    def __getitem__(self, key: str) -> str:
        return self.values[key]

    def get(self, key: str, default: str = "") -> str:
        """Return the column's value, or `default` when the column is absent or empty."""
        value = self.values.get(key, "")
        return value if value else default


def data_path(name: str) -> Path:
    """Return the real path of a packaged data file (`actors/roles.tsv`)."""
    return Path(str(resources.files(DATA_PACKAGE) / "data" / name))


def data_files(directory: str, pattern: str = "*.tsv") -> tuple[str, ...]:
    """Return the names (relative to data/) of the packaged files in a data directory, sorted."""
    root = data_path(directory)
    if not root.is_dir():
        return ()
    return tuple(f"{directory}/{path.name}" for path in sorted(root.glob(pattern)))


def _strip_comment(line: str) -> str:
    """Drop a whole-line `#` comment or a trailing TAB-`#` comment."""
    if line.lstrip().startswith("#"):
        return ""
    cut = line.find("\t#")
    if cut >= 0:
        line = line[:cut]
    return line.rstrip("\r\n").rstrip(" ")


def _parse_lines(lines: Iterator[str], label: str, required: tuple[str, ...]) -> tuple[Row, ...]:
    """Parse TSV lines with a header into Rows; raise DataFileError naming label:line on bad rows."""
    header: list[str] | None = None
    rows: list[Row] = []
    for number, raw in enumerate(lines, start=1):
        line = _strip_comment(raw)
        if not line.strip():
            continue
        cells = [cell.strip() for cell in line.split("\t")]
        if header is None:
            header = cells
            missing = [column for column in required if column not in header]
            if missing:
                raise DataFileError(label, f"header lacks column(s) {', '.join(missing)}", line=number)
            continue
        if len(cells) > len(header):
            raise DataFileError(label, f"{len(cells)} columns but the header has {len(header)}", line=number)
        cells += [""] * (len(header) - len(cells))
        values = dict(zip(header, cells, strict=True))
        for column in required:
            if not values[column]:
                raise DataFileError(label, f"empty value in required column {column!r}", line=number)
        rows.append(Row(MappingProxyType(values), f"{label}:{number}"))
    if header is None:
        raise DataFileError(label, "empty file (no header line)")
    return tuple(rows)


@functools.cache
def read_table(name: str, required: tuple[str, ...] = ()) -> tuple[Row, ...]:
    """Return the rows of a packaged TSV data file (parsed once)."""
    path = data_path(name)
    if not path.is_file():
        raise DataFileError(name, "packaged data file is missing")
    with path.open(encoding="utf-8") as handle:
        return _parse_lines(iter(handle), name, required)


def read_user_table(path: str | Path, required: tuple[str, ...] = ()) -> tuple[Row, ...]:
    """Return the rows of a user's TSV file of one of the packaged formats."""
    path = Path(path)
    if not path.is_file():
        raise DataFileError(str(path), "no such file")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise DataFileError(str(path), f"not UTF-8 text ({e.reason} at byte {e.start})") from e
    return _parse_lines(iter(text.splitlines()), str(path), required)


@functools.cache
def _word_lists(name: str) -> Mapping[str, tuple[str, ...]]:
    """Return the items of each named set of a packaged `set<TAB>item` file, in file order."""
    lists: dict[str, list[str]] = {}
    for row in read_table(name, ("set", "item")):
        lists.setdefault(row["set"], []).append(row["item"])
    return MappingProxyType({set_name: tuple(items) for set_name, items in lists.items()})


def word_list(name: str, set_name: str) -> tuple[str, ...]:
    """Return the items of one set of a packaged `set<TAB>item` file (`coding/words.tsv`), in file order."""
    lists = _word_lists(name)
    if set_name not in lists:
        raise DataFileError(name, f"no set {set_name!r} (the file has {', '.join(sorted(lists))})")
    return lists[set_name]


def word_set(name: str, set_name: str) -> frozenset[str]:
    """Return the items of one set of a packaged `set<TAB>item` file, as a frozenset."""
    return frozenset(word_list(name, set_name))
