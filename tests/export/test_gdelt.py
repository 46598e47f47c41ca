"""GDELT 2.0 export rows: the codebook's 61 (and 16) columns, each field as GDELT writes it."""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from conftest import shared_path
from dyads.export.gdelt import EVENT_COLUMNS, MENTION_COLUMNS, event_row

ADDED = dt.datetime(2004, 3, 25, 12)
DAY = dt.date(2004, 3, 23)
RECORD = {
    "event_id": "e0123456789abcdef",
    "date": "2004-03-23",
    "date_precision": "day",
    "first_seen": "2004-03-25",
    "source": "CHNGOV",
    "source_name": "Beijing",
    "target": "IGOUNOHCR",
    "target_name": "the UN refugee agency",
    "cameo": "1246",
    "quadclass": 3,
    "goldstein": -5.0,
    "num_mentions": 3,
    "num_sources": 2,
    "num_articles": 3,
    "sentence_start": 0,
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
    record = RECORD | fields
    return dict(zip(EVENT_COLUMNS, event_row(record, day=DAY, added=ADDED), strict=True))


def test_gdelt_columns_match_the_codebook():
    assert len(EVENT_COLUMNS) == 61 and len(MENTION_COLUMNS) == 16
    header = shared_path("formats", "gdelt2", "GDELT_2.0_Events_Column_Labels_Header_Row_Sep2016.csv")
    with header.open(encoding="utf-8") as handle:
        names = [row["tableId"] for row in csv.DictReader(handle)]
    assert [n.lower() for n in names] == [n.lower() for n in EVENT_COLUMNS]


def test_gdelt_event_row_fields():
    row = _row()
    assert (row["SQLDATE"], row["MonthYear"], row["Year"], row["FractionDate"]) == (
        "20040323",
        "200403",
        "2004",
        "2004.2274",
    )
    assert (row["Actor1Code"], row["Actor1CountryCode"], row["Actor1Type1Code"]) == ("CHNGOV", "CHN", "GOV")
    assert (row["Actor2CountryCode"], row["Actor2KnownGroupCode"], row["Actor2Type1Code"]) == (
        "",
        "HCR",
        "IGO",
    )
    assert (row["EventCode"], row["EventBaseCode"], row["EventRootCode"], row["QuadClass"]) == (
        "1246",
        "124",
        "12",
        "3",
    )
    assert (row["ActionGeo_Type"], row["ActionGeo_CountryCode"], row["ActionGeo_FeatureID"]) == (
        "4",
        "SZ",
        "2660646",
    )
    assert row["DATEADDED"] == "20040325120000"


def test_gdelt_event_row_dates_by_the_given_day():
    row = _row(date="2004-03", date_precision="month")
    assert (row["SQLDATE"], row["MonthYear"], row["Year"]) == ("20040323", "200403", "2004")


@pytest.mark.issue(22)
def test_gdelt_event_row_id_is_the_event_ids_hex():
    assert _row()["GLOBALEVENTID"] == str(0x0123456789ABCDE)


@pytest.mark.issue(22)
@pytest.mark.parametrize(
    ("cameo", "event", "base", "root"),
    [("03", "030", "030", "03"), ("190", "190", "190", "19"), ("0311", "0311", "031", "03")],
)
def test_gdelt_event_row_codes_have_three_or_four_digits(cameo, event, base, root):
    row = _row(cameo=cameo)
    assert (row["EventCode"], row["EventBaseCode"], row["EventRootCode"]) == (event, base, root)


@pytest.mark.issue(22)
@pytest.mark.parametrize(
    ("code", "raw", "name"),
    [
        ("CHNGOV", "Beijing", "CHINA"),
        ("CHNGOV", "He", "CHINA"),
        ("IGOUNOHCR", "the UN refugee agency", "UNITED NATIONS HIGH COMMISSIONER FOR REFUGEES"),
        ("PAKGOV", "Musharraf", "PERVEZ MUSHARRAF"),
        ("GOV", "they", "GOVERNMENT"),
    ],
)
def test_gdelt_event_row_names_the_actor_from_the_actor_files(code, raw, name):
    row = _row(source=code, source_name=raw)
    assert row["Actor1Name"] == name
