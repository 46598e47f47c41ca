"""ICEWS and PLOVER exports: the layouts analysts' readers expect, read back."""

from __future__ import annotations

import csv
import json

import pytest
from typer.testing import CliRunner

from conftest import SHARED
from dyads.cli import app
from dyads.export.icews import COLUMNS

runner = CliRunner()


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):  # type: ignore[no-untyped-def]
    db = tmp_path_factory.mktemp("store") / "s.duckdb"
    assert runner.invoke(app, ["ingest", "--sample", "--db", str(db)]).exit_code == 0
    return db


def test_icews_export_has_the_dataverse_columns(store_path, tmp_path):
    target = tmp_path / "events.tab"
    result = runner.invoke(
        app, ["export", "icews", "-o", str(target), "--db", str(store_path), "--actor", "CHN"]
    )
    assert result.exit_code == 0, result.output
    with target.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    assert rows and list(rows[0]) == list(COLUMNS)
    assert all(r["Source Country"] == "China" or r["Target Country"] == "China" for r in rows)
    suspend = [r for r in rows if r["CAMEO Code"].startswith("16")]
    assert suspend and suspend[0]["Source Sectors"] in {"NA", "Government"}
    real = SHARED / "formats" / "icews" / "events.2018.sample.tab"
    if real.exists():
        with real.open(encoding="utf-8") as handle:
            assert next(csv.reader(handle, delimiter="\t")) == list(COLUMNS)


def test_plover_export_one_object_per_event(store_path, tmp_path):
    target = tmp_path / "events.jsonl"
    result = runner.invoke(app, ["export", "plover", "-o", str(target), "--db", str(store_path)])
    assert result.exit_code == 0, result.output
    objects = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert len({o["id"] for o in objects}) == len(objects) > 50
    sample = next(o for o in objects if o["cameo_code"].startswith("11"))
    assert sample["event_type"] == "ACCUSE" and sample["quad_code"] == "VERBAL CONFLICT"
    assert {"actor_country", "recipient_country", "contexts", "latitude", "version"} <= set(sample)
