"""Each field of a record declared once: its store columns, its record keys, how a nested value flattens.

A record's dataclass fields carry a `Layout` in their metadata (`field(metadata=stored("VARCHAR"))`);
the store's table definition, the row written to the store, the record rebuilt from a row and the JSON
record `dyads code` writes are all derived from it by the functions here, which walk
`dataclasses.fields`. In a name, `{}` stands for the field's own name, so one layout serves the two
actors of a mention (`{}_name` is `source_name` and `target_name`).

Orders are part of the contract (stored tables, exported files and JSON lines keep them): store columns
are those of the fields marked `lead` first, then the others', each in declaration order; record keys
follow declaration order, except that consecutive `paired` fields interleave their keys one by one
(`source`, `target`, `source_name`, `target_name`, …, as DESIGN.md's table pairs them).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, TypeVar

__all__ = [
    "Column",
    "Key",
    "Layout",
    "from_row",
    "record_keys",
    "stored",
    "table_columns",
    "to_record",
    "to_row",
]

_METADATA = "dyads.layout"
_LIST = "VARCHAR[]"  # the one list type: a tuple field is stored and written as a list
_T = TypeVar("_T")


@dataclasses.dataclass(frozen=True, slots=True)
class Column:
    """One store column of a field: its name, DuckDB type, and the attribute of a nested value it holds."""

    name: str
    sql: str
    attr: str | None = None  # None: the field's value itself


@dataclasses.dataclass(frozen=True, slots=True)
class Key:
    """One key of the JSON record: its name and the attribute of a nested value it holds."""

    name: str
    attr: str | None = None  # None: the field's value itself (a nested record becomes a JSON object)


@dataclasses.dataclass(frozen=True, slots=True)
class Layout:
    """How one field is stored and written: its columns, its record keys, the class its columns rebuild."""

    columns: tuple[Column, ...]
    keys: tuple[Key, ...] = ()
    nested: type | None = None  # a record class whose columns are its attributes (Actor, Place)
    lead: bool = False  # stored before the unmarked fields (see the module docstring)
    paired: bool = False  # its record keys interleave with those of the next paired field

    def metadata(self) -> dict[str, Layout]:
        """Return the `dataclasses.field(metadata=...)` that attaches this layout."""
        return {_METADATA: self}


def stored(sql: str, *, record: bool = True, lead: bool = False) -> dict[str, Layout]:
    """Return the metadata of a plain field: one column and (unless `record=False`) one key, both its name."""
    return Layout((Column("{}", sql),), (Key("{}"),) if record else (), lead=lead).metadata()


@dataclasses.dataclass(frozen=True, slots=True)
class _Field:
    """One field's layout with `{}` in its names filled in."""

    name: str
    layout: Layout
    columns: tuple[Column, ...]
    keys: tuple[Key, ...]


@dataclasses.dataclass(frozen=True, slots=True)
class _Plan:
    """A record class laid out: its fields, and (field name, column or key) in table and record order."""

    fields: tuple[_Field, ...]
    columns: tuple[tuple[str, Column], ...]
    keys: tuple[tuple[str, Key], ...]


_PLANS: dict[type, _Plan] = {}  # a record class's plan is made on first use; building it twice is harmless


def _plan(cls: type) -> _Plan:
    """Return the layout plan of a record class."""
    plan = _PLANS.get(cls)
    if plan is None:
        found = tuple(_laid_out(cls, field) for field in dataclasses.fields(cls))
        plan = _PLANS[cls] = _Plan(found, _table_order(found), _record_order(found))
    return plan


def _laid_out(cls: type, field: dataclasses.Field[Any]) -> _Field:
    """Return one field with its layout; a field without one is a mistake in the declaration."""
    layout = field.metadata.get(_METADATA)
    if not isinstance(layout, Layout):
        raise TypeError(f"{cls.__name__}.{field.name} declares no layout (see dyads.layout)")
    columns = tuple(dataclasses.replace(c, name=c.name.format(field.name)) for c in layout.columns)
    keys = tuple(dataclasses.replace(k, name=k.name.format(field.name)) for k in layout.keys)
    return _Field(field.name, layout, columns, keys)


def _stored_late(field: _Field) -> bool:
    """Sort key of the table order: fields marked `lead` first."""
    return not field.layout.lead


def _table_order(fields: tuple[_Field, ...]) -> tuple[tuple[str, Column], ...]:
    """Return (field name, column) for every store column, in table order."""
    return tuple(
        (field.name, column) for field in sorted(fields, key=_stored_late) for column in field.columns
    )


def _interleaved(runs: list[list[tuple[str, Key]]]) -> list[tuple[str, Key]]:
    """Return the keys of consecutive paired fields one by one: the first of each, the second of each…"""
    return [part for group in zip(*runs, strict=True) for part in group]


def _record_order(fields: tuple[_Field, ...]) -> tuple[tuple[str, Key], ...]:
    """Return (field name, key) for every record key, in record order."""
    parts: list[tuple[str, Key]] = []
    paired: list[list[tuple[str, Key]]] = []
    for field in fields:
        keys = [(field.name, key) for key in field.keys]
        if field.layout.paired:
            paired.append(keys)
            continue
        parts += _interleaved(paired) + keys
        paired = []
    return tuple(parts + _interleaved(paired))


def table_columns(cls: type) -> tuple[tuple[str, str], ...]:
    """Return the (name, DuckDB type) of each store column of a record class, in table order."""
    return tuple((column.name, column.sql) for _, column in _plan(cls).columns)


def record_keys(cls: type) -> tuple[str, ...]:
    """Return the keys of the JSON record of a record class, in record order."""
    return tuple(key.name for _, key in _plan(cls).keys)


def _part(value: Any, attr: str | None) -> Any:
    """Return the value itself, or one attribute of it (None for a missing nested value)."""
    if attr is None or value is None:
        return value
    return getattr(value, attr)


def _cell(value: Any) -> Any:
    """Return a value as the store holds it (tuples as lists)."""
    return list(value) if isinstance(value, tuple) else value


def _json(value: Any) -> Any:
    """Return a value as the JSON record holds it: tuples as lists, a nested record as an object of its fields."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: _json(getattr(value, field.name)) for field in dataclasses.fields(value)}
    return _cell(value)


def to_row(record: object) -> dict[str, Any]:
    """Return a record as a store row: one value per column of its class."""
    return {
        column.name: _cell(_part(getattr(record, name), column.attr))
        for name, column in _plan(type(record)).columns
    }


def to_record(record: object) -> dict[str, Any]:
    """Return a record as its JSON record: one value per key of its class."""
    return {key.name: _json(_part(getattr(record, name), key.attr)) for name, key in _plan(type(record)).keys}


def _value(row: Mapping[str, Any], column: Column) -> Any:
    """Return the value of one column as the record holds it (lists as tuples)."""
    value = row[column.name]
    return tuple(value or ()) if column.sql == _LIST else value


def from_row(cls: type[_T], row: Mapping[str, Any]) -> _T:
    """Rebuild a record of this class from a store row (other columns in the row are ignored)."""
    values: dict[str, Any] = {}
    for field in _plan(cls).fields:
        nested, first = field.layout.nested, field.columns[0]
        if nested is None:
            values[field.name] = _value(row, first)
        elif row[first.name] is None:  # a nested value's first column is set whenever the value exists
            values[field.name] = None
        else:
            values[field.name] = nested(**{c.attr: _value(row, c) for c in field.columns if c.attr})
    return cls(**values)
