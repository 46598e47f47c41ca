"""Tests for the DuckDB store: round trips, idempotent batches, rollback, filters, export, open errors."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dyads.store as store_module
from dyads.dedupe import assign_events
from dyads.errors import StoreError
from dyads.layout import table_columns
from dyads.model import Actor, Article, Mention, Place, Problem, article_id_for, mention_id_for
from dyads.store import BatchResult, Store

TEXT = (
    "China said Tuesday it will suspend its human rights dialogue with the United States. "
    "Human Rights Watch criticised Beijing."
)


def make_article(text: str = TEXT, **fields: object) -> Article:
    """Return an article with a content-hash id."""
    values: dict[str, object] = {
        "id": article_id_for(text),
        "text": text,
        "title": "China suspends rights dialogue",
        "published": dt.date(2004, 3, 2),
        "source": "Wire",
        "url": "https://example.org/a",
        "path": "samples/01.txt",
    }
    values.update(fields)
    return Article(**values)  # type: ignore[arg-type]


def make_mention(article: Article, **fields: object) -> Mention:
    """Return a fully filled mention of `article` (every DESIGN.md field set)."""
    source = Actor(
        code="CHNGOV",
        name="China",
        country="CHN",
        roles=("GOV",),
        origin="name",
        rule="actors/countries.tsv:12",
        start=0,
        end=5,
    )
    target = Actor(code="USA", name="the United States", country="USA", origin="name", start=68, end=85)
    values: dict[str, object] = {
        "article_id": article.id,
        "source": source,
        "target": target,
        "cameo": "163",
        "goldstein": -6.8,
        "quadclass": 4,
        "plover_type": "REDUCE",
        "plover_mode": None,
        "plover_context": ("human_rights",),
        "trigger": "will suspend",
        "trigger_start": 22,
        "trigger_end": 34,
        "negated": False,
        "modality": "future",
        "date": "2004-03-02",
        "date_precision": "day",
        "date_text": "Tuesday",
        "place": Place(name="Beijing", country="CHN", lat=39.9075, lon=116.39723, geonameid=1816670),
        "sentence_index": 0,
        "sentence": article.text[:86],
        "sentence_start": 0,
        "sentence_end": 86,
        "confidence": 0.82,
        "rule": "verbs/reduce.tsv:7",
    }
    values.update(fields)
    source_code = values["source"].code if values["source"] else ""  # type: ignore[attr-defined]
    target_code = values["target"].code if values["target"] else ""  # type: ignore[attr-defined]
    mention_id = mention_id_for(
        article.id,
        values["sentence_start"],  # type: ignore[arg-type]
        values["trigger_start"],  # type: ignore[arg-type]
        values["cameo"],  # type: ignore[arg-type]
        source_code,
        target_code,
    )
    return Mention(id=mention_id, **values)  # type: ignore[arg-type]


def expected(mention: Mention) -> dict[str, object]:
    """Return the record the store should give back for a mention that is the only report of its event."""
    return mention.to_record() | {"event_id": assign_events([mention])[0].event_id}


@pytest.fixture
def store() -> Iterator[Store]:
    """An empty in-memory store."""
    with Store(":memory:") as opened:
        yield opened


@pytest.fixture
def corpus() -> tuple[list[Article], list[Mention]]:
    """Three articles from two outlets (one unnamed) and five mentions on different dates and dyads."""
    first = make_article()
    second = make_article("Pakistan and India met in Islamabad on Friday.", source=None, published=None)
    third = make_article("Iran rejected the EU proposal.", source="Other", published=dt.date(2004, 11, 5))
    pakistan = Actor(code="PAKGOV", name="Pakistan", country="PAK", roles=("GOV",))
    india = Actor(code="IND", name="India", country="IND")
    iran = Actor(code="IRNGOV", name="Iran", country="IRN", roles=("GOV",))
    mentions = [
        make_mention(first),
        make_mention(
            first,
            source=Actor(code="NGO", name="Human Rights Watch", roles=("NGO",), origin="organization"),
            target=Actor(code="CHN", name="Beijing", country="CHN", origin="capital"),
            cameo="111",
            goldstein=-2.0,
            quadclass=3,
            trigger="criticised",
            trigger_start=105,
            trigger_end=115,
            date="2004-03",
            date_precision="month",
            sentence_index=1,
            sentence_start=86,
            sentence_end=len(first.text),
            sentence=first.text[86:],
            place=None,
        ),
        make_mention(
            second,
            source=pakistan,
            target=india,
            cameo="040",
            goldstein=1.0,
            quadclass=1,
            trigger="met",
            trigger_start=20,
            date="2004-02-20",
            sentence=second.text,
            sentence_end=len(second.text),
        ),
        make_mention(
            third,
            source=iran,
            target=Actor(code="IGOEEC", name="the EU", roles=("IGO",)),
            cameo="125",
            goldstein=-5.0,
            quadclass=3,
            trigger="rejected",
            date="2004-11-05",
            sentence=third.text,
            sentence_end=len(third.text),
        ),
        make_mention(third, source=iran, target=None, cameo="010", date=None, trigger_start=0, place=None),
    ]
    return [first, second, third], mentions


def test_store_new_store_has_the_current_schema_version(tmp_path: Path) -> None:
    path = tmp_path / "new.duckdb"
    Store(path).close()
    with duckdb.connect(str(path)) as con:
        assert con.execute("SELECT key, value FROM meta").fetchall() == [
            ("schema_version", str(store_module.SCHEMA_VERSION))
        ]
        tables = {row[0] for row in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert tables == {"meta", "articles", "mentions", "events", "stories", "problems"}


def test_store_empty_counts(store: Store) -> None:
    assert store.counts() == {"articles": 0, "mentions": 0, "events": 0, "stories": 0, "problems": 0}


def test_store_mention_record_round_trips(store: Store) -> None:
    article = make_article()
    mention = make_mention(article)
    store.write_batch([article], [mention])
    assert store.mentions() == [expected(mention)]


def test_store_mention_without_target_place_or_goldstein_round_trips(store: Store) -> None:
    article = make_article()
    mention = make_mention(
        article,
        target=None,
        place=None,
        goldstein=None,
        plover_type=None,
        plover_context=(),
        date=None,
        date_precision=None,
        date_text=None,
        negated=True,
        modality="denied",
    )
    store.write_batch([article], [mention])
    assert store.mentions() == [expected(mention)]


def test_store_mention_record_keys_match_design(store: Store) -> None:
    article = make_article()
    mention = make_mention(article)
    store.write_batch([article], [mention])
    assert list(store.mentions()[0]) == list(mention.to_record())


# The columns stores have been made with since schema version 2: a new store keeps them, names and order.
MENTION_COLUMNS = (
    "id VARCHAR, article_id VARCHAR, event_id VARCHAR, sentence_index INTEGER, sentence VARCHAR, "
    "sentence_start INTEGER, sentence_end INTEGER, source VARCHAR, source_name VARCHAR, "
    "source_country VARCHAR, source_roles VARCHAR[], source_origin VARCHAR, source_rule VARCHAR, "
    "source_start INTEGER, source_end INTEGER, target VARCHAR, target_name VARCHAR, target_country VARCHAR, "
    "target_roles VARCHAR[], target_origin VARCHAR, target_rule VARCHAR, target_start INTEGER, "
    "target_end INTEGER, cameo VARCHAR, goldstein DOUBLE, quadclass INTEGER, plover_type VARCHAR, "
    "plover_mode VARCHAR, plover_context VARCHAR[], trigger VARCHAR, trigger_start INTEGER, "
    "trigger_end INTEGER, negated BOOLEAN, modality VARCHAR, date VARCHAR, date_precision VARCHAR, "
    "date_text VARCHAR, place_name VARCHAR, place_country VARCHAR, lat DOUBLE, lon DOUBLE, geonameid BIGINT, "
    "place_feature VARCHAR, confidence DOUBLE, rule VARCHAR, event_group VARCHAR"
)


def test_store_mentions_table_keeps_its_columns(tmp_path: Path) -> None:
    Store(tmp_path / "s.duckdb").close()
    with duckdb.connect(str(tmp_path / "s.duckdb"), read_only=True) as con:
        described = con.execute("DESCRIBE mentions").fetchall()
    assert ", ".join(f"{name} {sql_type}" for name, sql_type, *_ in described) == MENTION_COLUMNS


def test_store_mentions_table_is_the_mention_columns_then_event_group() -> None:
    assert store_module.table_schema("mentions").names == [
        *(name for name, _ in table_columns(Mention)),
        "event_group",
    ]


@pytest.mark.parametrize(
    "fields",
    [{}, {"target": None, "place": None, "plover_context": ()}],
    ids=["filled", "without-target-or-place"],
)
def test_store_mention_row_round_trips_every_field(fields: dict[str, object]) -> None:
    mention = make_mention(make_article(), **fields)
    # No attribute left at its default, so a value the row loses shows.
    mention = replace(
        mention,
        event_id="e1",
        source=replace(mention.source, origin="title"),
        place=mention.place and replace(mention.place, feature="city"),
    )
    row = store_module.mention_to_row(mention)
    assert list(row) == store_module.table_schema("mentions").names
    assert store_module.mention_from_row(row) == mention


def test_store_articles_round_trip(store: Store) -> None:
    article = make_article()
    before = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    store.write_batch([article], [])
    (row,) = store.articles()
    ingested_at = row.pop("ingested_at")
    assert row == article.to_row() | {"story_id": None}
    assert before <= ingested_at <= dt.datetime.now(dt.UTC).replace(tzinfo=None)


def test_store_has_article(store: Store) -> None:
    article = make_article()
    store.write_batch([article], [])
    assert store.has_article(article.id) is True
    assert store.has_article("a0000") is False


def test_store_double_write_stores_once(store: Store) -> None:
    article = make_article()
    mention = make_mention(article)
    first = store.write_batch([article], [mention])
    second = store.write_batch([article], [mention])
    assert first == BatchResult(articles_added=1, articles_skipped=0, mentions_added=1, problems_added=0)
    assert second == BatchResult(articles_added=0, articles_skipped=1, mentions_added=0, problems_added=0)
    assert store.counts() == {"articles": 1, "mentions": 1, "events": 1, "stories": 0, "problems": 0}


def test_store_article_repeated_in_batch_stored_once(store: Store) -> None:
    article = make_article()
    mention = make_mention(article)
    result = store.write_batch([article, article], [mention, mention])
    assert result == BatchResult(articles_added=1, articles_skipped=1, mentions_added=1, problems_added=0)
    assert store.counts()["mentions"] == 1


def test_store_skips_new_mentions_of_stored_article(store: Store) -> None:
    article = make_article()
    store.write_batch([article], [make_mention(article)])
    later = make_mention(article, cameo="112", trigger_start=40)
    result = store.write_batch([article], [later])
    assert result.mentions_added == 0
    assert [record["cameo"] for record in store.mentions()] == ["163"]


def test_store_mention_of_unknown_article_rolls_back(store: Store) -> None:
    article = make_article()
    orphan = make_mention(make_article("Some other text."))
    with pytest.raises(StoreError) as error:
        store.write_batch([article], [orphan])
    assert str(error.value).startswith(":memory:: batch not written")
    assert orphan.article_id in str(error.value)
    assert store.counts()["articles"] == 0


def test_store_failed_mentions_insert_rolls_back_articles(store: Store) -> None:
    stored = make_article()
    store.write_batch([stored], [make_mention(stored)])
    before = store.counts()
    article = make_article("North Korea expelled two diplomats.")
    # the articles table is written before this value fails to convert for the mentions table
    bad = make_mention(article, place=Place(name="X", country=None, lat=0.0, lon=0.0, geonameid=2**70))
    with pytest.raises(StoreError) as error:
        store.write_batch([article], [bad], [Problem(source="feed.jsonl", reason="bad JSON", line=3)])
    assert "store unchanged" in str(error.value)
    assert store.counts() == before
    assert store.has_article(article.id) is False


def test_store_constraint_error_rolls_back(store: Store) -> None:
    stored = make_article()
    mention = make_mention(stored)
    store.write_batch([stored], [mention])
    before = store.counts()
    article = make_article("Russia threatened Georgia.")
    clash = replace(mention, article_id=article.id)  # same mention id as a stored one: primary key fails
    with pytest.raises(StoreError):
        store.write_batch([article], [clash])
    assert store.counts() == before
    assert store.has_article(article.id) is False


def test_store_failure_after_mentions_insert_rolls_back(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = make_article()

    def fail(*args: object) -> None:
        raise RuntimeError("killed while writing events")

    # articles and mentions are inserted before the event rows are built
    monkeypatch.setattr(store_module.Store, "_refresh_events", fail)
    with pytest.raises(RuntimeError):
        store.write_batch([article], [make_mention(article)])
    assert store.counts() == {"articles": 0, "mentions": 0, "events": 0, "stories": 0, "problems": 0}
    monkeypatch.undo()
    assert store.write_batch([article], [make_mention(article)]).mentions_added == 1


def test_store_problems_stored(store: Store) -> None:
    problems = [
        Problem(source="feed.jsonl", reason="invalid JSON (Expecting value)", line=17),
        Problem(source="page.html", reason="empty text", stage="extract"),
    ]
    result = store.write_batch([], [], problems)
    assert result == BatchResult(articles_added=0, articles_skipped=0, mentions_added=0, problems_added=2)
    rows = [{key: row[key] for key in ("source", "line", "stage", "reason")} for row in store.problems()]
    assert sorted(rows, key=str) == sorted(
        [
            {
                "source": "feed.jsonl",
                "line": 17,
                "stage": "ingest",
                "reason": "invalid JSON (Expecting value)",
            },
            {"source": "page.html", "line": None, "stage": "extract", "reason": "empty text"},
        ],
        key=str,
    )


def test_store_each_mention_is_its_own_event(
    store: Store, corpus: tuple[list[Article], list[Mention]]
) -> None:
    articles, mentions = corpus
    store.write_batch(articles, mentions)
    events = store.events()
    assert len(events) == 5
    by_id = {event["event_id"]: event for event in events}
    published = {article.id: article.published for article in articles}
    for mention in mentions:
        seen = published[mention.article_id]
        day = seen.isoformat() if seen else None
        counts = {
            "num_mentions": 1,
            "num_articles": 1,
            "num_sources": 1,
            "first_seen": day,
            "last_seen": day,
            "story_id": None,
            "status": "happened" if mention.modality == "asserted" and not mention.negated else "announced",
        }
        assert by_id[expected(mention)["event_id"]] == expected(mention) | counts
    assert [record["event_id"] for record in store.mentions(article_id=articles[0].id)] == [
        expected(mentions[0])["event_id"],
        expected(mentions[1])["event_id"],
    ]


def test_store_events_gather_reports_across_batches(store: Store) -> None:
    first = make_article()
    second = make_article("China criticised the United States.", source=None)
    third = make_article("Beijing criticised Washington.", source=None)
    store.write_batch([first], [make_mention(first)])
    (event,) = store.events()
    assert (event["num_mentions"], event["num_articles"], event["num_sources"]) == (1, 1, 1)
    # a later batch with more reports of the same event updates its counts (incremental ingest)
    store.write_batch([second, third], [make_mention(article) for article in (second, third)])
    (later,) = store.events()
    assert (later["event_id"], later["num_mentions"], later["num_articles"], later["num_sources"]) == (
        event["event_id"],
        3,
        3,
        2,
    )
    assert (later["first_seen"], later["last_seen"]) == ("2004-03-02", "2004-03-02")


def test_store_undated_reports_join_the_dated_event_whatever_the_order(store: Store) -> None:
    dated = make_article("China on Tuesday suspended the dialogue.")
    vague = make_article("China has suspended the dialogue.", published=dt.date(2004, 3, 3))
    other_day = make_article("China on Tuesday suspended the dialogue again.", published=dt.date(2004, 3, 16))
    undated = {"date": "2004-03-03", "date_text": None}
    mentions = {
        "dated": make_mention(dated),
        "vague": replace(make_mention(vague), **undated),  # type: ignore[arg-type]
        "other": replace(make_mention(other_day), date="2004-03-16"),
    }
    # the vague report comes first and stands alone, then joins the dated one when it arrives
    store.write_batch([vague], [mentions["vague"]])
    store.write_batch([dated, other_day], [mentions["dated"], mentions["other"]])
    by_article = {m["article_id"]: m["event_id"] for m in store.mentions()}
    assert by_article[vague.id] == by_article[dated.id] != by_article[other_day.id]
    assert len(store.events()) == 2
    with Store(":memory:") as reverse:
        reverse.write_batch([dated, other_day], [mentions["dated"], mentions["other"]])
        reverse.write_batch([vague], [mentions["vague"]])
        assert {m["article_id"]: m["event_id"] for m in reverse.mentions()} == by_article


def test_store_events_ordered_by_date_undated_last(
    store: Store, corpus: tuple[list[Article], list[Mention]]
) -> None:
    articles, mentions = corpus
    store.write_batch(articles, mentions)
    assert [event["date"] for event in store.events()] == [
        "2004-02-20",
        "2004-03",
        "2004-03-02",
        "2004-11-05",
        None,
    ]


@pytest.mark.parametrize(
    ("filters", "dates"),
    [
        ({"since": "2004-03-01"}, ["2004-03", "2004-03-02", "2004-11-05"]),
        ({"since": dt.date(2004, 3, 15)}, ["2004-03", "2004-11-05"]),
        ({"until": "2004-03-01"}, ["2004-02-20", "2004-03"]),
        ({"since": "2004-03", "until": "2004-03"}, ["2004-03", "2004-03-02"]),
        ({"until": "2004"}, ["2004-02-20", "2004-03", "2004-03-02", "2004-11-05"]),
        ({"actor": "CHN"}, ["2004-03", "2004-03-02"]),
        ({"actor": "IRN"}, ["2004-11-05", None]),
        ({"actor": "USA"}, ["2004-03-02"]),
        ({"root": "16"}, ["2004-03-02"]),
        ({"root": "04"}, ["2004-02-20"]),
        ({"root": "11", "actor": "NGO"}, ["2004-03"]),
        ({"limit": 2}, ["2004-02-20", "2004-03"]),
        ({"actor": "SDN"}, []),
    ],
)
def test_store_events_filters(
    store: Store,
    corpus: tuple[list[Article], list[Mention]],
    filters: dict[str, object],
    dates: list[str | None],
) -> None:
    articles, mentions = corpus
    store.write_batch(articles, mentions)
    assert [event["date"] for event in store.events(**filters)] == dates  # type: ignore[arg-type]


def test_store_mentions_filters(store: Store, corpus: tuple[list[Article], list[Mention]]) -> None:
    articles, mentions = corpus
    store.write_batch(articles, mentions)
    event_id = expected(mentions[2])["event_id"]
    assert store.mentions(event_id=event_id) == [expected(mentions[2])]
    assert len(store.mentions(article_id=articles[2].id)) == 2
    assert len(store.mentions(limit=3)) == 3
    assert store.mentions(article_id=articles[1].id, event_id=event_id) == [expected(mentions[2])]
    assert store.mentions(article_id=articles[0].id, event_id=event_id) == []


def test_store_num_sources_counts_null_outlet_once(store: Store) -> None:
    article = make_article(source=None)
    store.write_batch([article], [make_mention(article)])
    (event,) = store.events()
    assert (event["num_mentions"], event["num_articles"], event["num_sources"]) == (1, 1, 1)


def test_store_export_parquet_row_counts(
    store: Store, corpus: tuple[list[Article], list[Mention]], tmp_path: Path
) -> None:
    articles, mentions = corpus
    store.write_batch(articles, mentions, [Problem(source="x.txt", reason="empty")])
    paths = store.export_parquet(tmp_path / "out")
    assert [path.name for path in paths] == [
        "articles.parquet",
        "mentions.parquet",
        "events.parquet",
        "stories.parquet",
        "problems.parquet",
    ]
    counts = store.counts()
    for path in paths:
        assert pq.read_table(path).num_rows == counts[path.stem]
    exported = pq.read_table(tmp_path / "out" / "mentions.parquet").to_pylist()
    assert sorted(row["id"] for row in exported) == sorted(mention.id for mention in mentions)
    first = next(row for row in exported if row["id"] == mentions[0].id)
    assert (first["source_roles"], first["plover_context"], first["geonameid"]) == (
        ["GOV"],
        ["human_rights"],
        1816670,
    )


def test_store_reopen_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "dyads.duckdb"
    article = make_article()
    with Store.open(path) as opened:
        opened.write_batch([article], [make_mention(article)])
    with Store.open(path) as reopened:
        assert reopened.counts()["mentions"] == 1
        assert reopened.mentions() == [expected(make_mention(article))]


def test_store_not_a_duckdb_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.duckdb"
    path.write_text("these are not the droids\n")
    with pytest.raises(StoreError) as error:
        Store(path)
    assert str(error.value) == f"{path}: not a dyads store (not a DuckDB database file)"


def test_store_foreign_duckdb_database(tmp_path: Path) -> None:
    path = tmp_path / "other.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE sales (id INTEGER)")
    with pytest.raises(StoreError) as error:
        Store(path)
    assert str(error.value) == f"{path}: not a dyads store (a DuckDB database without a dyads meta table)"


def test_store_unsupported_schema_version(tmp_path: Path) -> None:
    path = tmp_path / "future.duckdb"
    Store(path).close()
    with duckdb.connect(str(path)) as con:
        con.execute("UPDATE meta SET value = ? WHERE key = ?", ["99", "schema_version"])
    with pytest.raises(StoreError) as error:
        Store(path)
    assert (
        str(error.value)
        == f"{path}: store schema version 99 is not supported (dyads reads version {store_module.SCHEMA_VERSION})"
    )


def _as_version_1(path: Path) -> None:
    """Turn a store back into what schema version 1 wrote (no dedupe groups, stories only on events)."""
    with duckdb.connect(str(path)) as con:
        con.execute("ALTER TABLE mentions DROP COLUMN event_group")
        con.execute("ALTER TABLE articles DROP COLUMN story_id")
        con.execute("ALTER TABLE events DROP COLUMN confidence")
        con.execute("ALTER TABLE events DROP COLUMN status")
        con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")


def _as_version_2(path: Path) -> None:
    """Turn a store back into what schema version 2 wrote (blocks with the standing, no event status)."""
    with duckdb.connect(str(path)) as con:
        con.execute("ALTER TABLE events DROP COLUMN status")
        con.execute(
            "UPDATE mentions SET event_group = event_group || chr(31) || 'real', event_id = 'e' || id"
        )
        con.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")


@pytest.mark.parametrize("older", [1, 2])
def test_store_migrates_an_older_store(
    tmp_path: Path, corpus: tuple[list[Article], list[Mention]], older: int
) -> None:
    articles, mentions = corpus
    path = tmp_path / "old.duckdb"
    with Store(path) as current:
        current.write_batch(articles, mentions)
        current.rebuild_stories()
        expected = (current.articles(), current.mentions(), current.events(), current.stories())
    (_as_version_1 if older == 1 else _as_version_2)(path)
    with pytest.raises(StoreError, match="needs an upgrade to version 3"):
        Store(path, read_only=True)
    with Store(path) as upgraded:
        assert (upgraded.articles(), upgraded.mentions(), upgraded.events(), upgraded.stories()) == expected
    with duckdb.connect(str(path)) as con:
        assert con.execute("SELECT value FROM meta").fetchall() == [("3",)]


def test_store_closed_store_raises(tmp_path: Path) -> None:
    opened = Store(tmp_path / "closed.duckdb")
    opened.close()
    with pytest.raises(StoreError) as error:
        opened.counts()
    assert str(error.value).endswith(": store is closed")


LOCK_PROBE = """
import sys
from dyads.errors import StoreError
from dyads.layout import table_columns
from dyads.store import Store
try:
    Store(sys.argv[1])
except StoreError as error:
    print(error)
    sys.exit(3)
"""


def test_store_in_use_by_another_process(tmp_path: Path) -> None:
    path = tmp_path / "held.duckdb"
    env = os.environ | {"PYTHONPATH": str(Path(store_module.__file__).parents[1])}
    with Store(path):
        probe = subprocess.run(
            [sys.executable, "-c", LOCK_PROBE, str(path)],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
    assert (probe.returncode, probe.stdout.strip()) == (
        3,
        f"{path}: store is in use by another process (DuckDB allows one writer at a time)",
    ), probe.stderr


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=st.text(), text=st.text(min_size=1), sentence=st.text(min_size=1))
def test_store_arbitrary_text_round_trips(title: str, text: str, sentence: str) -> None:
    article = make_article(text, title=title)
    mention = make_mention(article, sentence=sentence)
    with Store(":memory:") as opened:
        opened.write_batch([article], [mention])
        (row,) = opened.articles()
        assert (row["title"], row["text"]) == (title, text)
        assert opened.mentions() == [expected(mention)]


def test_store_event_confidence_counts_each_outlet_once(store: Store) -> None:
    texts = [
        "China criticised the United States.",
        "Beijing criticised Washington.",
        "China hit out at the US.",
    ]
    outlets = ["Reuters", "Reuters", "AP"]
    articles = [make_article(text, source=outlet) for text, outlet in zip(texts, outlets, strict=True)]
    store.write_batch(articles[:2], [replace(make_mention(a), confidence=0.5) for a in articles[:2]])
    (event,) = store.events()
    assert event["confidence"] == 0.5  # one outlet repeating itself is no confirmation
    store.write_batch(articles[2:], [replace(make_mention(articles[2]), confidence=0.5)])
    (event,) = store.events()
    assert event["confidence"] == 0.75  # a second outlet: right unless both are wrong
    assert store.events(min_confidence=0.7) == [event]
    assert store.events(min_confidence=0.8) == []


def test_store_articles_at_the_ends_of_the_calendar(tmp_path: Path, coder) -> None:
    import datetime as dt

    from dyads.model import Article

    articles = [
        Article(
            id=f"edge-{i}",
            text="Israeli troops attacked Gaza yesterday. Egypt criticized Israel.",
            published=day,
        )
        for i, day in enumerate((dt.date.min, dt.date.max))
    ]
    with Store(tmp_path / "edge.duckdb") as store:
        for article, mentions in coder.code_articles(articles):
            store.write_batch([article], mentions)
        store.update_stories([a.id for a in articles])
        assert store.counts()["articles"] == 2


@pytest.mark.issue(23)
def test_store_refuses_two_texts_under_one_id_in_a_batch(store: Store) -> None:
    article = make_article()
    other = replace(article, text="Iran accused Iraq.")
    with pytest.raises(StoreError, match="two different texts under article id"):
        store.write_batch([article, other], [make_mention(article)])
    assert store.counts()["articles"] == 0


@pytest.mark.issue(23)
def test_store_refuses_another_text_under_a_stored_id(store: Store) -> None:
    article = make_article()
    store.write_batch([article], [make_mention(article)])
    other = replace(article, text="Iran accused Iraq.")
    with pytest.raises(StoreError, match="other texts under the ids"):
        store.write_batch([other], [])
    assert [row["text"] for row in store.articles()] == [TEXT]


@pytest.mark.issue(23)
def test_store_check_passes_on_a_sound_store(store: Store) -> None:
    article = make_article()
    store.write_batch([article], [make_mention(article)])
    assert store.check() == []


@pytest.mark.issue(23)
@pytest.mark.parametrize(
    ("corruption", "rule"),
    [
        ("UPDATE mentions SET sentence = 'Iran accused Iraq.'", "mention-evidence"),
        ("UPDATE mentions SET sentence_end = 100000", "mention-evidence"),
        ("UPDATE articles SET text = 'Iran accused Iraq.'", "mention-evidence"),
        ("UPDATE mentions SET trigger_start = 0, trigger_end = 100000", "mention-trigger"),
        ("UPDATE mentions SET event_id = 'e-gone'", "mention-event"),
        ("DELETE FROM articles", "mention-article"),
        ("UPDATE events SET num_mentions = 2", "event-mentions"),
        ("UPDATE events SET mention_id = 'm-gone'", "event-record"),
        ("UPDATE articles SET story_id = 's-gone'", "article-story"),
    ],
)
def test_store_check_names_what_hand_made_sql_broke(tmp_path: Path, corruption: str, rule: str) -> None:
    path = tmp_path / "s.duckdb"
    article = make_article()
    mention = make_mention(article)
    with Store(path) as store:
        store.write_batch([article], [mention])
        (event,) = store.events()
    with duckdb.connect(str(path)) as con:
        con.execute(corruption)
    with Store(path, read_only=True) as store:
        violations = store.check()
    assert rule in {violation.rule for violation in violations}
    broken = next(violation for violation in violations if violation.rule == rule)
    assert broken.subject in {mention.id, article.id, event["event_id"]}
    assert str(broken).startswith(f"{rule}: {broken.subject}: ")
