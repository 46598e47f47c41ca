"""The Ray engine (issue 10): same input, same stored tables as the local engine, and a killed worker loses nothing.

The first tests need no Ray: they run the engine's stages (read, code, shard, load) in this process,
which is where the "one function per stage" and the lossless Parquet round-trip are checked. The tests
marked `ray` start a local Ray instance (2 CPUs) and skip when Ray is not installed.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dyads.ingest import iter_inputs
from dyads.model import Article, Problem
from dyads.pipeline import ingest_into
from dyads.scale import ITEM_SCHEMA, code_block, load_shards, plan_inputs, read_files
from dyads.store import Store, mention_from_row, mention_to_row

pytestmark = pytest.mark.issue(10)

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "dyads" / "data" / "samples"


def _corpus(root: Path, copies: int = 1) -> list[str]:
    """Write a small mixed corpus: the sample texts, a JSONL of them (with a bad line), HTML, duplicates."""
    texts = sorted(SAMPLES.glob("*.txt"))
    (root / "texts").mkdir(parents=True)
    (root / "texts" / "nested").mkdir()
    for path in texts[:4]:
        (root / "texts" / path.name).write_bytes(path.read_bytes())
    # Same file name in another directory, other bytes: its id takes a hash suffix (`_FileIds`).
    (root / "texts" / "nested" / texts[0].name).write_bytes(texts[1].read_bytes())
    (root / "texts" / ".hidden.txt").write_text("Skipped: hidden files are not read.", encoding="utf-8")
    lines = []
    for copy in range(copies):
        for index, path in enumerate(texts[4:]):
            record = {"id": f"j{copy}-{index}", "text": path.read_text(encoding="utf-8")}
            record["date"] = "2004-03-2" + str(index % 9)
            lines.append(json.dumps(record))
    lines.insert(2, "{not json")
    (root / "records.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    # Issue 23: one id, three texts (one repeated): the engine must store each text once, never mix them.
    clashes = [
        "China condemned Japan.",
        "Iran accused Iraq.",
        "China condemned Japan.",
        "Russia threatened Georgia.",
    ]
    (root / "clashes.jsonl").write_text(
        "".join(json.dumps({"id": "c1", "text": text}) + "\n" for text in clashes), encoding="utf-8"
    )
    body = texts[2].read_text(encoding="utf-8").split("\n\n")
    html = "<html><head><title>Talks</title></head><body>" + "".join(f"<p>{p}</p>" for p in body)
    (root / "page.html").write_text(html + "</body></html>", encoding="utf-8")
    return [
        str(root / "texts"),
        str(root / "records.jsonl"),
        str(root / "clashes.jsonl"),
        str(root / "page.html"),
        str(root / "missing.txt"),
    ]


def _tables(store: Store) -> dict[str, Any]:
    """Return every stored table that must not depend on the engine (timestamps left out)."""
    return {
        "articles": [{k: v for k, v in row.items() if k != "ingested_at"} for row in store.articles()],
        "mentions": store.mentions(),
        "events": store.events(),
        "stories": store.stories(),
        "problems": sorted(
            (row["source"], row["line"], row["stage"], row["reason"]) for row in store.problems()
        ),
        "counts": store.counts(),
    }


@pytest.fixture(scope="module")
def default_coder() -> Any:
    """The coder Ray's workers build when given no spec: the default (learned) one."""
    from dyads.pipeline import Coder

    return Coder.create()


def _local(tmp_path: Path, paths: list[str], coder: Any) -> dict[str, Any]:
    with Store(tmp_path / "local.duckdb") as store:
        ingest_into(store, iter_inputs(paths), coder, batch_size=4)
        return _tables(store)


def test_scale_mentions_round_trip_through_parquet_losslessly(coder, tmp_path):
    mentions = [m for _, found in coder.code_articles(_sample_articles()) for m in found]
    assert mentions and any(m.place for m in mentions) and any(m.target is None for m in mentions)
    field = ITEM_SCHEMA.field("mentions").type.value_type
    table = pa.table({"m": pa.array([mention_to_row(m) for m in mentions], type=field)})
    pq.write_table(table, tmp_path / "m.parquet")
    back = [mention_from_row(row) for row in pq.read_table(tmp_path / "m.parquet").column("m").to_pylist()]
    assert back == mentions


def _sample_articles() -> list[Article]:
    return [item for item in iter_inputs([str(SAMPLES)]) if isinstance(item, Article)]


def test_scale_parquet_of_articles_ingests_like_jsonl(tmp_path):
    records = [
        {"id": "p1", "text": "France criticized Germany in Geneva.", "title": "T", "date": "2004-03-23"},
        {"id": "p2", "text": "   "},
        {"id": "p3", "text": "China met Japan.", "url": "http://example.org/x"},
    ]
    (tmp_path / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    columns = pa.schema([(name, pa.string()) for name in ("id", "text", "title", "date", "url")])
    pq.write_table(pa.Table.from_pylist(records, schema=columns), tmp_path / "a.parquet")
    from_jsonl = list(iter_inputs([tmp_path / "a.jsonl"]))
    from_parquet = list(iter_inputs([tmp_path / "a.parquet"]))
    assert [type(x) for x in from_parquet] == [Article, Problem, Article]
    for a, b in zip(from_jsonl, from_parquet, strict=True):
        assert str(a).replace("a.jsonl", "a.parquet") == str(b).replace("a.jsonl", "a.parquet")


def test_scale_parquet_takes_published_dates_as_exported(tmp_path, tmp_store, coder):
    ingest_into(tmp_store, iter_inputs([str(SAMPLES)]), coder)
    tmp_store.export_parquet(tmp_path / "export")
    again = [
        item for item in iter_inputs([tmp_path / "export" / "articles.parquet"]) if isinstance(item, Article)
    ]
    stored = {row["id"]: row for row in tmp_store.articles()}
    assert {a.id for a in again} == set(stored)
    assert all(a.published == stored[a.id]["published"] and a.text == stored[a.id]["text"] for a in again)


def test_scale_read_stage_yields_what_a_local_run_reads(tmp_path):
    paths = _corpus(tmp_path)
    files, problems = plan_inputs(paths)
    assert not any(".hidden" in f for f in files)
    listing = pa.Table.from_pylist([{"file": i, "path": p} for i, p in enumerate(files)])
    from dyads.scale import _first_of_name

    rows = [
        row
        for one in range(len(files))
        for block in read_files(
            listing.slice(one, 1), first_of_name=_first_of_name(files), max_bytes=10**7, block_rows=3
        )
        for row in block.to_pylist()
    ]
    assert all(
        len(block) <= 3 for block in read_files(listing, first_of_name={}, max_bytes=10**7, block_rows=3)
    )
    local = list(iter_inputs(paths))
    read = [r["id"] if r["kind"] == "article" else (r["problem_source"], r["problem_line"]) for r in rows]
    expected = [x.id if isinstance(x, Article) else (x.source, x.line) for x in local if x not in problems]
    assert read == expected
    assert any("#" in r for r in read if isinstance(r, str))  # the repeated file name kept its own id


def test_scale_stages_in_process_store_what_the_local_engine_stores(tmp_path, coder):
    """read → code → shard → load, each stage run here: the tables equal the local engine's."""
    paths = _corpus(tmp_path / "in")
    files, problems = plan_inputs(paths)
    listing = pa.Table.from_pylist([{"file": i, "path": p} for i, p in enumerate(files)])
    from dyads.scale import _first_of_name

    shards = tmp_path / "shards"
    shards.mkdir()
    blocks = read_files(listing, first_of_name=_first_of_name(files), max_bytes=10**7, block_rows=3)
    # Shards written in reverse: the load restores input order from the (file, item) key.
    for number, block in reversed(list(enumerate(blocks))):
        pq.write_table(code_block(coder, block), shards / f"{number}.parquet")
    with Store(tmp_path / "ray.duckdb") as store:
        summary = load_shards(store, str(shards), problems=problems, batch_size=4)
        got = _tables(store)
    assert summary.articles_added == got["counts"]["articles"] > 10
    assert got == _local(tmp_path, paths, coder)


# ---------------------------------------------------------------------------------------------- Ray


@pytest.fixture(scope="module")
def ray_instance():  # type: ignore[no-untyped-def]
    ray = pytest.importorskip("ray", reason="Ray is not installed (pip install 'dyads[ray]')")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray
    ray.shutdown()


def _parent(pid: int) -> int:
    """Return a process's parent pid (0 when it is gone)."""
    try:
        return int((Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return 0


def _coder_pids() -> set[int]:
    """Return the pids of this test's Ray coding actors: their title names the class, and they descend
    from this process (through the raylet it started), so another Ray run on the machine is left alone."""
    pids = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if b"_CodeBlocks" not in (entry / "cmdline").read_bytes():
                continue
        except OSError:
            continue
        ancestor = int(entry.name)
        while ancestor > 1 and ancestor != os.getpid():
            ancestor = _parent(ancestor)
        if ancestor == os.getpid():
            pids.add(int(entry.name))
    return pids


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore")  # Ray's own deprecation and resource warnings
def test_scale_ray_engine_stores_the_same_tables_as_the_local_engine(ray_instance, tmp_path, default_coder):
    from dyads.scale import ingest_with_ray

    paths = _corpus(tmp_path / "in")
    with Store(tmp_path / "ray.duckdb") as store:
        summary = ingest_with_ray(store, paths, workers=2, batch_size=4)
        got = _tables(store)
    assert summary.articles_added == got["counts"]["articles"]
    assert {str(p) for p in summary.problems} >= {
        f"{tmp_path / 'in' / 'missing.txt'}: no such file or directory"
    }
    assert got == _local(tmp_path, paths, default_coder)


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="finds Ray's actor processes in /proc")
@pytest.mark.filterwarnings("ignore")
def test_scale_a_worker_killed_mid_run_loses_nothing(ray_instance, tmp_path, default_coder):
    from dyads.scale import code_to_shards

    paths = _corpus(tmp_path / "in", copies=4)
    shards = tmp_path / "shards"
    killed: list[tuple[int, float, int]] = []
    done = threading.Event()

    def kill_one_coder_once_coding_has_begun() -> None:
        while not done.is_set():
            written = len(list(shards.glob("*.parquet"))) if shards.is_dir() else 0
            pids = _coder_pids()
            if written and pids:
                pid = min(pids)
                os.kill(pid, signal.SIGKILL)
                killed.append((pid, time.monotonic(), written))
                return
            time.sleep(0.05)

    watcher = threading.Thread(target=kill_one_coder_once_coding_has_begun)
    watcher.start()
    try:
        run = code_to_shards(paths, str(shards), workers=2, block_rows=2)
    finally:
        finished = time.monotonic()
        done.set()
        watcher.join()
    assert killed, "no coding actor was killed: the run ended before the first shard was seen"
    pid, at, written = killed[0]
    assert at < finished
    blocks = len(list(shards.glob("*.parquet")))
    assert written < blocks, f"the kill came after the last shard ({written} of {blocks})"
    rows = pq.read_table(shards, schema=ITEM_SCHEMA)
    keys = set(zip(rows.column("file").to_pylist(), rows.column("item").to_pylist(), strict=True))
    assert len(keys) == rows.num_rows, "a retried batch was written twice"
    with Store(tmp_path / "ray.duckdb") as store:
        load_shards(store, str(shards), problems=run.problems, batch_size=4)
        got = _tables(store)
    assert got == _local(tmp_path, paths, default_coder)


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore")
def test_scale_cli_ingest_engine_ray(ray_instance, tmp_path, default_coder):
    from typer.testing import CliRunner

    from dyads.cli import app

    shards = tmp_path / "shards"
    result = CliRunner().invoke(
        app,
        ["ingest", str(SAMPLES), "--db", str(tmp_path / "ray.duckdb"), "--engine", "ray", "--workers", "1"]
        + ["--shards", str(shards)],
    )
    assert result.exit_code == 0, result.output
    assert "articles added" in result.output and "on Ray" in result.output
    assert list(shards.glob("run-*/*.parquet")), "the shards are kept under --shards"
    with Store(tmp_path / "ray.duckdb", read_only=True) as store:
        got = _tables(store)
    assert got == _local(tmp_path, [str(SAMPLES)], default_coder)


def test_scale_cli_rejects_an_unknown_engine(tmp_path):
    from typer.testing import CliRunner

    from dyads.cli import app

    result = CliRunner().invoke(
        app, ["ingest", str(SAMPLES), "--db", str(tmp_path / "x.duckdb"), "--engine", "spark"]
    )
    assert result.exit_code == 2
    assert "want local" in result.output


def test_scale_plan_refuses_standard_input():
    from dyads.errors import InputError

    with pytest.raises(InputError, match="standard input"):
        plan_inputs(["-"])


def test_scale_cli_ray_options_need_the_ray_engine(tmp_path):
    from typer.testing import CliRunner

    from dyads.cli import app

    db = str(tmp_path / "x.duckdb")
    result = CliRunner().invoke(app, ["ingest", str(SAMPLES), "--db", db, "--workers", "2"])
    assert result.exit_code == 2 and "go with" in result.output
    client = ["ingest", str(SAMPLES), "--db", db, "--engine", "ray", "--address", "ray://head:10001"]
    result = CliRunner().invoke(app, client)
    assert result.exit_code == 2 and "give" in result.output and "shards" in result.output


def test_scale_reads_uris_as_it_reads_local_files(tmp_path):
    """Object storage goes through pyarrow's filesystems; file:// stands in for s3:// here."""
    _corpus(tmp_path)
    (tmp_path / "records.parquet").write_bytes(b"PAR1 but not really")
    local_files, _ = plan_inputs([str(tmp_path)])
    uri_files, problems = plan_inputs([f"file://{tmp_path}", f"file://{tmp_path}/nothing-here"])
    assert uri_files == [f"file://{path}" for path in local_files]
    assert [str(p) for p in problems] == [f"file://{tmp_path}/nothing-here: no such file or directory"]

    def read(files: list[str]) -> list[Any]:
        listing = pa.Table.from_pylist([{"file": i, "path": p} for i, p in enumerate(files)])
        from dyads.scale import _first_of_name

        blocks = read_files(listing, first_of_name=_first_of_name(files), max_bytes=10**7, block_rows=5)
        return [row for block in blocks for row in block.to_pylist()]

    local, remote = read(local_files), read(uri_files)
    assert [r["id"] for r in remote] == [r["id"] for r in local]
    assert [r["text"] for r in remote] == [r["text"] for r in local]
    assert any(r["kind"] == "problem" and "Parquet" in r["problem_reason"] for r in remote)
