"""Tests for dyads.layout: columns, record keys and rows derived from field metadata."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from dyads.layout import Column, Key, Layout, from_row, record_keys, stored, table_columns, to_record, to_row


@dataclass(frozen=True, slots=True)
class Point:
    x: float
    y: float
    label: str | None = None


_POINT = Layout(
    columns=(
        Column("{}_x", "DOUBLE", "x"),
        Column("{}_y", "DOUBLE", "y"),
        Column("{}_label", "VARCHAR", "label"),
    ),
    keys=(Key("{}", "x"), Key("{}_label", "label")),
    nested=Point,
    paired=True,
).metadata()


@dataclass(frozen=True, slots=True)
class Segment:
    name: str = field(metadata=stored("VARCHAR"))
    start: Point | None = field(metadata=_POINT)
    end: Point | None = field(metadata=_POINT)
    tags: tuple[str, ...] = field(metadata=stored("VARCHAR[]"))
    key: str = field(metadata=stored("VARCHAR", record=False, lead=True))
    box: Point | None = field(
        default=None,
        metadata=Layout(
            (Column("box_x", "DOUBLE", "x"), Column("box_y", "DOUBLE", "y")), (Key("bounds"),), nested=Point
        ).metadata(),
    )


SEGMENT = Segment("s", Point(1.0, 2.0, "a"), None, ("t",), "k1", Point(0.5, 0.25))


def test_layout_table_columns_put_lead_fields_first_and_fill_in_field_names() -> None:
    assert table_columns(Segment) == (
        ("key", "VARCHAR"),
        ("name", "VARCHAR"),
        ("start_x", "DOUBLE"),
        ("start_y", "DOUBLE"),
        ("start_label", "VARCHAR"),
        ("end_x", "DOUBLE"),
        ("end_y", "DOUBLE"),
        ("end_label", "VARCHAR"),
        ("tags", "VARCHAR[]"),
        ("box_x", "DOUBLE"),
        ("box_y", "DOUBLE"),
    )


def test_layout_record_keys_interleave_paired_fields() -> None:
    assert record_keys(Segment) == ("name", "start", "end", "start_label", "end_label", "tags", "bounds")


def test_layout_to_record_lists_tuples_and_nests_records() -> None:
    assert to_record(SEGMENT) == {
        "name": "s",
        "start": 1.0,
        "end": None,
        "start_label": "a",
        "end_label": None,
        "tags": ["t"],
        "bounds": {"x": 0.5, "y": 0.25, "label": None},
    }


def test_layout_to_row_flattens_nested_values_and_missing_ones_to_nulls() -> None:
    row = to_row(SEGMENT)
    assert list(row) == [name for name, _ in table_columns(Segment)]
    assert (row["start_label"], row["end_x"], row["end_label"], row["tags"]) == ("a", None, None, ["t"])


def test_layout_from_row_inverts_to_row_and_ignores_other_columns() -> None:
    assert from_row(Segment, to_row(SEGMENT) | {"unrelated": 1}) == SEGMENT


def test_layout_from_row_reads_a_null_list_as_empty() -> None:
    assert from_row(Segment, to_row(SEGMENT) | {"tags": None}).tags == ()


def test_layout_field_without_layout_is_refused() -> None:
    @dataclass(frozen=True)
    class Loose:
        name: str = field(metadata=stored("VARCHAR"))
        note: str = ""

    with pytest.raises(TypeError, match=r"Loose\.note declares no layout"):
        table_columns(Loose)
