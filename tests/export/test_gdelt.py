"""GDELT 2.0 export: the codebook's 61 (and 16) columns, readable with the same reader and types as real files."""

from __future__ import annotations

import csv
import datetime as dt

import duckdb
import pytest
from typer.testing import CliRunner

from conftest import SHARED
from dyads.cli import app
from dyads.export.gdelt import EVENT_COLUMNS, MENTION_COLUMNS, event_row

runner = CliRunner()
FORMATS = SHARED / "formats" / "gdelt2"

RECORD = {
    "event_id": "e0123456789abcdef",
    "date": "2004-03-23",
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


def test_gdelt_columns_match_the_codebook():
    assert len(EVENT_COLUMNS) == 61 and len(MENTION_COLUMNS) == 16
    header = FORMATS / "GDELT_2.0_Events_Column_Labels_Header_Row_Sep2016.csv"
    if not header.exists():
        pytest.skip("../shared/formats is absent")
    with header.open(encoding="utf-8") as handle:
        names = [row["tableId"] for row in csv.DictReader(handle)]
    assert [n.lower() for n in names] == [n.lower() for n in EVENT_COLUMNS]


def test_gdelt_event_row_fields():
    row = dict(zip(EVENT_COLUMNS, event_row(RECORD, added=dt.datetime(2004, 3, 25, 12)), strict=True))
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


def _read(path, columns):
    """Read a GDELT file the way analysts do: DuckDB, tab-separated, no header, the codebook's types."""
    types = {name: "VARCHAR" for name in columns}
    types.update(
        {
            c: "BIGINT"
            for c in ("GLOBALEVENTID", "SQLDATE", "NumMentions", "NumArticles", "NumSources")
            if c in types
        }
    )
    types.update(
        {c: "DOUBLE" for c in ("GoldsteinScale", "AvgTone", "ActionGeo_Lat", "ActionGeo_Long") if c in types}
    )
    with duckdb.connect() as con:
        relation = con.read_csv(str(path), delimiter="\t", header=False, columns=types, quotechar="")
        return relation.columns, relation.fetchall()


def test_gdelt_export_reads_like_a_real_gdelt_file(tmp_path):
    db = tmp_path / "s.duckdb"
    assert runner.invoke(app, ["ingest", "--sample", "--db", str(db)]).exit_code == 0
    events, mentions = tmp_path / "x.export.CSV", tmp_path / "x.mentions.CSV"
    result = runner.invoke(
        app, ["export", "gdelt", "-o", str(events), "--mentions", str(mentions), "--db", str(db)]
    )
    assert result.exit_code == 0, result.output
    columns, rows = _read(events, EVENT_COLUMNS)
    assert list(columns) == list(EVENT_COLUMNS) and len(rows) > 50
    _, mention_rows = _read(mentions, MENTION_COLUMNS)
    assert len(mention_rows) >= len(rows)
    real = FORMATS / "20191024143000.export.CSV"
    if real.exists():
        real_columns, real_rows = _read(real, EVENT_COLUMNS)
        assert list(real_columns) == list(columns) and len(real_rows) == 2111
