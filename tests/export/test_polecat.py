"""POLECAT v1 rows: the 40 columns of the weekly files, `None` for empty, `;` between values."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import shared_path
from dyads.export.polecat import COLUMNS, event_row

RECORD = {
    "event_id": "e0123456789abcdef",
    "date": "2004-03",
    "date_precision": "month",
    "first_seen": "2004-03-23",
    "source": "NGOHRI",
    "source_name": "They",
    "target": "CHNGOV",
    "target_name": "Beijing",
    "cameo": "112",
    "quadclass": 3,
    "goldstein": -2.0,
    "plover_type": "ACCUSE",
    "plover_mode": None,
    "plover_context": ["human_rights", "legal"],
    "location": {
        "name": "Geneva",
        "country": "CHE",
        "lat": 46.2,
        "lon": 6.1,
        "geonameid": 2660646,
        "feature": "city",
    },
}


def _row(**fields: object) -> dict[str, str]:
    row = event_row(RECORD | fields, day=dt.date(2004, 3, 23), source="Wire", published="2004-03-23")
    return dict(zip(COLUMNS, row, strict=True))


@pytest.mark.issue(22)
def test_polecat_columns_are_the_v1_header():
    assert len(COLUMNS) == 40
    header = shared_path("formats", "polecat_plover", "polecat_v1_header.tsv").read_text(encoding="utf-8")
    assert header.rstrip("\n").split("\t") == list(COLUMNS)


@pytest.mark.issue(22)
def test_polecat_event_row_fields():
    row = _row()
    assert (row["Event ID"], row["Event Date"], row["Event Type"], row["Event Mode"]) == (
        "e0123456789abcdef_1",
        "2004-03-23",
        "ACCUSE",
        "None",
    )
    assert (row["Intensity"], row["Quad Code"], row["Contexts"]) == (
        "-2",
        "VERBAL CONFLICT",
        "human_rights;legal",
    )
    assert (row["City"], row["Country"], row["GeoNames ID"], row["Source"], row["Language"]) == (
        "Geneva",
        "CHE",
        "2660646",
        "Wire",
        "en",
    )


@pytest.mark.issue(22)
def test_polecat_event_row_actors():
    row = _row()
    assert [row[f"Actor {c}"] for c in ("Name", "Country", "Sectors", "Name Raw")] == [
        "Rights Activist",
        "None",
        "NGO;HRI",
        "They",
    ]
    assert (row["Primary Actor Sector"], row["Recipient Name"], row["Recipient Country"]) == (
        "NGO",
        "China",
        "CHN",
    )


def test_polecat_event_row_without_recipient_or_place_is_none():
    row = _row(target=None, target_name=None, location=None, plover_context=[])
    assert {row[c] for c in COLUMNS[15:33]} == {"None"} and row["Contexts"] == "None"


@pytest.mark.issue(22)
def test_polecat_cow_numbers_are_correlates_of_war_not_gleditsch_ward():
    assert (_row()["Actor COW"], _row()["Recipient COW"]) == ("None", "710")  # an NGO has none; China 710
    germany = _row(target="DEUGOV", target_name="Berlin")
    assert germany["Recipient COW"] == "255"  # Gleditsch–Ward number Germany 260
    assert _row(target="USAGOV")["Recipient COW"] == "2"
