"""The public API is what `dyads.__all__` says, and `dyads.code` works end to end."""

import datetime as dt

import pytest

import dyads

EXPECTED = {
    "Actor",
    "Article",
    "DataFileError",
    "DyadsError",
    "Event",
    "EventRecord",
    "InputError",
    "Mention",
    "MentionRecord",
    "ModelError",
    "Place",
    "Problem",
    "Sentence",
    "StoreError",
    "StoryRecord",
    "as_frame",
    "code",
    "ingest_paths",
    "open",
    "open_store",
}


def test_public_api_exports_exactly_all():
    assert set(dyads.__all__) == EXPECTED
    for name in dyads.__all__:
        assert getattr(dyads, name) is not None


def test_public_api_code_returns_mentions_with_dates():
    mentions = dyads.code("Russia criticized Poland on Tuesday.", date="2004-03-25")
    assert [(m.source.code, m.cameo, m.target.code, m.date) for m in mentions] == [
        ("RUS", "111", "POL", "2004-03-23")
    ]


def test_public_api_code_accepts_a_date_object():
    (mention,) = dyads.code("Russia criticized Poland yesterday.", date=dt.date(2004, 3, 25))
    assert mention.date == "2004-03-24"


def test_public_api_open_store_roundtrip(tmp_path):
    with dyads.open_store(str(tmp_path / "api.duckdb")) as store:
        assert store.counts()["articles"] == 0


def test_public_api_store_ingest_events_and_series(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(
        "China Hits Back - 2004-03-25\n\nChina criticized the United States on Tuesday. "
        "China accused the United States of interference on Wednesday.\n",
        encoding="utf-8",
    )
    with dyads.open(str(tmp_path / "api.duckdb")) as store:
        summary = dyads.ingest_paths(store, [article])
        assert summary.articles_added == 1
        events = store.events(actor="CHN")
        assert {e["cameo"][:3] for e in events} >= {"111", "112"}
        series = store.dyad_series("CHN", "USA", freq="D")
        assert [(str(row["period"]), row["events"], row["quad3"]) for row in series] == [
            ("2004-03-23", 1, 1),
            ("2004-03-24", 1, 1),
        ]
        weekly = store.dyad_series("USA", "CHN", freq="W", both=True)
        assert [(str(row["period"]), row["events"]) for row in weekly] == [("2004-03-22", 2)]


def _one_article(tmp_path):
    """Write one short article (China criticizes the US on 2004-03-23) and return its path."""
    article = tmp_path / "a.txt"
    article.write_text(
        "Row - 2004-03-25\n\nChina criticized the United States on Tuesday.\n", encoding="utf-8"
    )
    return article


def test_public_api_series_with_filters(tmp_path):
    article = _one_article(tmp_path)
    with dyads.open(str(tmp_path / "f.duckdb")) as store:
        dyads.ingest_paths(store, [article])
        inside = store.dyad_series("CHN", "USA", freq="D", since="2004-03-01", until="2004-03-31")
        outside = store.dyad_series("CHN", "USA", freq="D", since="2004-04-01")
    assert [row["events"] for row in inside] == [1]
    assert outside == []


def test_public_api_records_as_arrow_or_pandas(tmp_path):
    article = _one_article(tmp_path)
    with dyads.open(str(tmp_path / "f.duckdb")) as store:
        dyads.ingest_paths(store, [article])
        events = store.events()
    table = dyads.as_frame(events, "arrow")
    assert table.num_rows == 1 and "num_mentions" in table.column_names
    frame = dyads.as_frame(events, "pandas")
    assert frame.loc[0, "source"] == "CHN"
    with pytest.raises(dyads.StoreError, match="unknown frame kind"):
        dyads.as_frame(events, "excel")


def test_public_api_mention_records_have_the_keys_mention_declares():
    from dyads.layout import record_keys

    record = dyads.code("Russia criticized Poland on Tuesday.", date="2004-03-25")[0].to_record()
    assert tuple(record) == record_keys(dyads.Mention)
