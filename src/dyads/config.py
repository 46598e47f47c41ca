"""Settings from a `dyads.toml` file: the store path and the user dictionaries every command loads.

    [dyads]
    db = "events.duckdb"
    dictionaries = ["dicts/my_actors.tsv", "dicts/petrarch.actors.txt"]   # actors: dyads TSV or PETRARCH
    agents = ["dicts/petrarch.agents.txt"]                                # PETRARCH agents
    verbs = ["dicts/my_verbs.tsv"]

Relative paths are read relative to the file. Options given on the command line add to these.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from dyads.errors import DataFileError

__all__ = ["CONFIG_NAME", "Settings", "load_settings"]

CONFIG_NAME = "dyads.toml"
_KEYS = frozenset({"db", "dictionaries", "agents", "verbs"})


@dataclass(frozen=True, slots=True)
class Settings:
    """What a config file sets (all optional)."""

    db: Path | None = None
    dictionaries: tuple[Path, ...] = ()
    agents: tuple[Path, ...] = ()
    verbs: tuple[Path, ...] = ()
    path: Path | None = None  # the file it came from


def _paths(value: object, base: Path, label: str, key: str) -> tuple[Path, ...]:
    """Read a list of paths (or one path) relative to the config file."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        raise DataFileError(label, f"[dyads] {key} must be a path or a list of paths")
    return tuple(base / item for item in items)


def load_settings(path: str | Path | None = None) -> Settings:
    """Return the settings of `path`, of $DYADS_CONFIG, or of ./dyads.toml; empty settings when none exists."""
    explicit = path is not None or "DYADS_CONFIG" in os.environ
    chosen = Path(path if path is not None else os.environ.get("DYADS_CONFIG", CONFIG_NAME))
    if not chosen.is_file():
        if explicit:
            raise DataFileError(str(chosen), "no such config file")
        return Settings()
    label = str(chosen)
    try:
        data = tomllib.loads(chosen.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise DataFileError(label, f"not a valid TOML file ({e})") from e
    table = data.get("dyads", {})
    if not isinstance(table, dict):
        raise DataFileError(label, "[dyads] must be a table")
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise DataFileError(
            label, f"unknown key(s) in [dyads]: {', '.join(unknown)} (known: {', '.join(sorted(_KEYS))})"
        )
    base = chosen.parent
    db = table.get("db")
    if db is not None and not isinstance(db, str):
        raise DataFileError(label, "[dyads] db must be a path")
    return Settings(
        db=base / db if db else None,
        dictionaries=_paths(table.get("dictionaries", []), base, label, "dictionaries"),
        agents=_paths(table.get("agents", []), base, label, "agents"),
        verbs=_paths(table.get("verbs", []), base, label, "verbs"),
        path=chosen,
    )
