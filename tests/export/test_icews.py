"""ICEWS export rows: the Dataverse columns, with ICEWS's own names for actors and countries."""

from __future__ import annotations

import csv
import datetime as dt

import pandas as pd
import pycountry
import pytest

from conftest import shared_path
from dyads.export.icews import COLUMNS, country_name, event_row

DAY = dt.date(2004, 3, 23)
RECORD = {
    "event_id": "e0123456789abcdef",
    "article_id": "a1",
    "story_id": "s1",
    "date": "2004-03",
    "date_precision": "month",
    "first_seen": "2004-03-23",
    "source": "CHNGOV",
    "source_name": "he",
    "target": "USA",
    "target_name": "Washington",
    "cameo": "03",
    "goldstein": 4.0,
    "sentence_index": 2,
    "location": {"name": "Ankara", "country": "TUR", "lat": 39.92, "lon": 32.85, "feature": "city"},
}


def _row(**fields: object) -> dict[str, str]:
    return dict(zip(COLUMNS, event_row(RECORD | fields, day=DAY, publisher="Wire"), strict=True))


def test_icews_columns_are_the_real_files_header():
    with shared_path("formats", "icews", "events.2018.sample.tab").open(encoding="utf-8") as handle:
        assert next(csv.reader(handle, delimiter="\t")) == list(COLUMNS)


@pytest.mark.issue(22)
def test_icews_event_row_fields():
    row = _row()
    assert (row["Event ID"], row["Event Date"], row["Story ID"], row["Sentence Number"]) == (
        str(0x0123456789ABCDE),
        "2004-03-23",
        "s1",
        "3",
    )
    assert (row["CAMEO Code"], row["Event Text"], row["Intensity"]) == (
        "030",
        "Express intent to cooperate, not specified below",
        "4",
    )
    assert (row["City"], row["Province"], row["Country"], row["Publisher"]) == (
        "Ankara",
        "NA",
        "Turkey",
        "Wire",
    )


@pytest.mark.issue(22)
@pytest.mark.parametrize(
    ("code", "raw", "name", "sectors", "country"),
    [
        ("CHNGOV", "he", "Government (China)", "Government", "China"),
        ("CHN", "It", "China", "NA", "China"),
        ("RUSCOP", "riot police", "Police (Russia)", "Police", "Russian Federation"),
        (
            "PSEREB",
            "him",
            "Armed Rebel (Palestinian Territory, Occupied)",
            "Dissident,Rebel",
            "Occupied Palestinian Territory",
        ),
        ("PSEREBHMS", "the group", "Hamas", "Dissident,Rebel", "Occupied Palestinian Territory"),
        ("PAKGOV", "President Musharraf", "Pervez Musharraf", "Government", "Pakistan"),
        ("IGOUNO", "it", "United Nations", "International Government Organization", "NA"),
        (
            "NGOHRI",
            "they",
            "Rights Activist (Nongovernmental Organization)",
            "Nongovernmental Organizations / Activists,Human Rights NGOs",
            "NA",
        ),
        ("EURGOV", "European governments", "Government (Europe)", "Government", "NA"),
        ("GOV", "she", "Government", "Government", "NA"),
    ],
)
def test_icews_event_row_names_actors_as_icews_does(code, raw, name, sectors, country):
    row = _row(source=code, source_name=raw)
    assert (row["Source Name"], row["Source Sectors"], row["Source Country"]) == (name, sectors, country)


@pytest.mark.issue(22)
@pytest.mark.parametrize(
    ("iso3", "name"),
    [
        ("TUR", "Turkey"),
        ("PSE", "Occupied Palestinian Territory"),
        ("RUS", "Russian Federation"),
        ("COG", "Congo"),
        ("COD", "Democratic Republic of Congo"),
        ("KOR", "South Korea"),
        ("IRN", "Iran"),
        ("USA", "United States"),
        ("EUR", None),
    ],
)
def test_icews_country_name_follows_icews(iso3, name):
    assert country_name(iso3) == name


@pytest.mark.issue(22)
def test_icews_country_name_writes_every_country_of_the_real_file():
    real = pd.read_csv(
        shared_path("formats", "icews", "events.2018.sample.tab"), sep="\t", dtype=str, na_values="NA"
    )
    names = (
        set(real["Source Country"].dropna())
        | set(real["Target Country"].dropna())
        | set(real["Country"].dropna())
    )
    states = {country.alpha_3 for country in pycountry.countries} | {"XKX"}
    assert names - {country_name(code) for code in states} == set()
