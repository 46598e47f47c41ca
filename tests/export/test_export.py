"""Every event export of the sample store loads with the same calls that load the field's real files."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from typer.testing import CliRunner

from conftest import shared_path
from dyads.cli import app
from dyads.export import EVENT_FORMATS, Export, export_events, gdelt, icews, polecat
from dyads.store import Store

runner = CliRunner()
PRONOUNS = {"he", "she", "it", "they", "him", "her", "them", "his", "its", "their", "we", "us", "you", "i"}
# Neither a date in the text nor a publication date: its events cannot be dated.
UNDATED = "North Korea accused Japan of hostility toward its people.\n\nJapan rejected the accusation.\n"
GDELT_DATES = {1: "%Y%m%d", 2: "%Y%m", 3: "%Y", 59: "%Y%m%d%H%M%S"}  # SQLDATE MonthYear Year DATEADDED


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("store")
    db, undated = root / "s.duckdb", root / "undated.txt"
    undated.write_text(UNDATED, encoding="utf-8")
    assert runner.invoke(app, ["ingest", "--sample", "--db", str(db)]).exit_code == 0
    assert runner.invoke(app, ["ingest", str(undated), "--db", str(db)]).exit_code == 0
    return db


@pytest.fixture(scope="module")
def exported(store_path, tmp_path_factory):  # type: ignore[no-untyped-def]
    out = tmp_path_factory.mktemp("out")
    with Store(store_path) as store:
        return {
            fmt: export_events(
                store, fmt, out / f"events.{fmt}", mentions=out / "mentions.gdelt" if fmt == "gdelt" else None
            )
            for fmt in EVENT_FORMATS
        }


def _undated(store_path: Path) -> tuple[int, int]:
    """Return (events, events with neither a day nor a publication date) of the store."""
    with Store(store_path) as store:
        events = store.events()
    return len(events), sum(1 for e in events if e["first_seen"] is None and e["date_precision"] != "day")


def _read_gdelt(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, sep="\t", header=None, dtype=str)


def _read_icews(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, sep="\t", dtype=str, na_values="NA")


def _read_polecat(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, sep="\t", dtype=str)


@pytest.mark.issue(22)
@pytest.mark.parametrize("fmt", EVENT_FORMATS)
def test_export_leaves_out_and_counts_the_events_it_cannot_date(exported, store_path, fmt):
    total, undated = _undated(store_path)
    result = exported[fmt]
    assert isinstance(result, Export) and undated >= 1
    assert result.undated == undated and list(result)[0][1] == total - undated


@pytest.mark.issue(22)
def test_export_gdelt_loads_like_the_real_export(exported):
    (path, rows), (mentions, _) = exported["gdelt"]
    frame = _read_gdelt(path)
    assert frame.shape == (rows, 61) and rows > 50
    for column, form in GDELT_DATES.items():
        assert pd.to_datetime(frame[column], format=form).notna().all()
    assert frame[4].astype(float).between(1900, 2100).all()  # FractionDate
    assert frame[0].astype("int64").is_unique
    assert frame[26].str.len().isin([3, 4]).all() and frame[28].str.len().eq(2).all()
    mention_ids = pd.read_csv(mentions, sep="\t", header=None, dtype=str)
    assert mention_ids.shape[1] == 16 and set(mention_ids[0]) <= set(frame[0])


@pytest.mark.issue(22)
def test_export_gdelt_reading_loads_the_real_export():
    frame = _read_gdelt(shared_path("formats", "gdelt2", "20191024143000.export.CSV"))
    assert frame.shape == (2111, 61)
    for column, form in GDELT_DATES.items():
        assert pd.to_datetime(frame[column], format=form).notna().all()


def _duckdb_columns() -> dict[str, str]:
    """The codebook's types, as analysts give them to DuckDB's reader."""
    types = dict.fromkeys(gdelt.EVENT_COLUMNS, "VARCHAR")
    types.update(
        dict.fromkeys(("GLOBALEVENTID", "SQLDATE", "NumMentions", "NumArticles", "NumSources"), "BIGINT")
    )
    types.update(dict.fromkeys(("GoldsteinScale", "AvgTone", "ActionGeo_Lat", "ActionGeo_Long"), "DOUBLE"))
    return types


def test_export_gdelt_reads_into_duckdb_with_the_codebooks_types(exported):
    (path, rows), _ = exported["gdelt"]
    with duckdb.connect() as con:
        relation = con.read_csv(
            str(path), delimiter="\t", header=False, columns=_duckdb_columns(), quotechar=""
        )
        assert list(relation.columns) == list(gdelt.EVENT_COLUMNS) and len(relation.fetchall()) == rows


@pytest.mark.issue(22)
def test_export_icews_loads_like_the_dataverse_file(exported):
    ((path, rows),) = exported["icews"]
    frame = _read_icews(path)
    assert list(frame.columns) == list(icews.COLUMNS) and len(frame) == rows
    assert pd.to_datetime(frame["Event Date"], format="%Y-%m-%d").notna().all()
    assert frame["Event ID"].astype("int64").is_unique
    assert frame["CAMEO Code"].str.len().isin([3, 4]).all()


@pytest.mark.issue(22)
def test_export_icews_reading_loads_the_real_file():
    frame = _read_icews(shared_path("formats", "icews", "events.2018.sample.tab"))
    assert list(frame.columns) == list(icews.COLUMNS) and len(frame) == 3705
    assert pd.to_datetime(frame["Event Date"], format="%Y-%m-%d").notna().all()


@pytest.mark.issue(22)
def test_export_polecat_loads_with_the_v1_header(exported):
    ((path, rows),) = exported["polecat"]
    frame = _read_polecat(path)
    assert list(frame.columns) == list(polecat.COLUMNS) and len(frame) == rows
    assert pd.to_datetime(frame["Event Date"], format="%Y-%m-%d").notna().all()
    assert frame["Event ID"].is_unique and frame["Event ID"].str.fullmatch(r"e[0-9a-f]{16}_1").all()


@pytest.mark.issue(22)
def test_export_names_no_actor_by_a_pronoun(exported):
    names = [
        *_read_icews(exported["icews"].files[0][0])[["Source Name", "Target Name"]].stack().dropna(),
        *_read_polecat(exported["polecat"].files[0][0])[["Actor Name", "Recipient Name"]].stack().dropna(),
        *_read_gdelt(exported["gdelt"].files[0][0])[[6, 16]].stack().dropna(),
    ]
    assert names and not [name for name in names if name.lower() in PRONOUNS]


@pytest.mark.issue(22)
def test_export_ids_are_stable_across_exports(exported, store_path, tmp_path):
    with Store(store_path) as store:
        again = {fmt: export_events(store, fmt, tmp_path / fmt) for fmt in ("icews", "polecat", "gdelt")}
    for fmt in ("icews", "polecat"):
        assert again[fmt].files[0][0].read_bytes() == exported[fmt].files[0][0].read_bytes()
    assert _read_gdelt(again["gdelt"].files[0][0])[0].equals(_read_gdelt(exported["gdelt"].files[0][0])[0])


def test_export_plover_one_object_per_event(exported):
    ((path, rows),) = exported["plover"]
    objects = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len({o["id"] for o in objects}) == len(objects) == rows > 50
    assert pd.to_datetime(pd.Series([o["date"] for o in objects]), format="%Y-%m-%d").notna().all()
    sample = next(o for o in objects if o["cameo_code"].startswith("11"))
    assert sample["event_type"] == "ACCUSE" and sample["quad_code"] == "VERBAL CONFLICT"
    assert {"actor_country", "recipient_country", "contexts", "latitude", "version"} <= set(sample)


def test_export_cli_writes_icews_and_filters(store_path, tmp_path):
    target = tmp_path / "events.tab"
    result = runner.invoke(
        app, ["export", "icews", "-o", str(target), "--db", str(store_path), "--actor", "CHN"]
    )
    assert result.exit_code == 0, result.output
    frame = _read_icews(target)
    assert f"wrote {len(frame)} rows to" in " ".join(result.output.split())
    assert ((frame["Source Country"] == "China") | (frame["Target Country"] == "China")).all()


def test_export_cli_writes_polecat_and_filters(store_path, tmp_path):
    target = tmp_path / "events.tsv"
    result = runner.invoke(
        app, ["export", "polecat", "-o", str(target), "--db", str(store_path), "--actor", "CHN"]
    )
    assert result.exit_code == 0, result.output
    frame = _read_polecat(target)
    assert f"wrote {len(frame)} rows to" in " ".join(result.output.split())
    assert ((frame["Actor Country"] == "CHN") | (frame["Recipient Country"] == "CHN")).all()
