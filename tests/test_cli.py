"""The CLI end to end, in process (typer's CliRunner)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from conftest import SHARED
from dyads.cli import app
from dyads.store import Store

runner = CliRunner()

ARTICLE = """China Suspends Rights Talks - 2004-03-25

Beijing suspended its human rights dialogue with Washington on Tuesday. The Chinese Foreign Ministry criticized the United States.
"""


@pytest.fixture
def corpus(tmp_path):
    directory = tmp_path / "in"
    directory.mkdir()
    (directory / "story.txt").write_text(ARTICLE, encoding="utf-8")
    return directory


def test_cli_ingest_then_events_json(tmp_path, corpus):
    db = tmp_path / "s.duckdb"
    result = runner.invoke(app, ["ingest", str(corpus), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "1 articles added" in result.output
    events = runner.invoke(app, ["events", "--db", str(db), "--json"])
    records = [json.loads(line) for line in events.stdout.splitlines()]
    assert records, events.output
    assert all(record["num_mentions"] >= 1 and record["event_id"] for record in records)
    assert {(r["source"], r["target"]) for r in records} & {("CHNGOV", "USAGOV"), ("CHNGOV", "USA")}


def test_cli_ingest_twice_stores_once(tmp_path, corpus):
    db = tmp_path / "s.duckdb"
    runner.invoke(app, ["ingest", str(corpus), "--db", str(db)])
    again = runner.invoke(app, ["ingest", str(corpus), "--db", str(db)])
    assert again.exit_code == 0
    assert "0 articles added, 1 already stored" in again.output


def test_cli_ingest_bad_file_names_it_and_exits_1(tmp_path, corpus):
    (corpus / "broken.jsonl").write_text('{"id": "a", "text": "x"\n', encoding="utf-8")
    db = tmp_path / "s.duckdb"
    result = runner.invoke(app, ["ingest", str(corpus), "--db", str(db)])
    assert result.exit_code == 1
    assert "broken.jsonl:1" in result.output
    assert "1 articles added" in result.output


def test_cli_code_writes_design_records(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(
        json.dumps({"id": "r1", "date": "20040325", "text": "The United States criticized China on Tuesday."})
        + "\n",
        encoding="utf-8",
    )
    target = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["code", str(source), "-o", str(target)])
    assert result.exit_code == 0, result.output
    (record,) = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert (record["article_id"], record["source"], record["target"], record["cameo"]) == (
        "r1",
        "USA",
        "CHN",
        "111",
    )
    assert record["date"] == "2004-03-23" and record["date_text"] == "Tuesday"
    schema_path = SHARED / "schema" / "mention.schema.json"
    if schema_path.exists():
        jsonschema = pytest.importorskip("jsonschema")
        jsonschema.validate(record, json.loads(schema_path.read_text(encoding="utf-8")))


def test_cli_eval_prints_four_levels(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        json.dumps(
            {
                "id": "g1",
                "date": "20040325",
                "text": "France condemned Germany.",
                "events": [{"source": "FRA", "target": "DEU", "code": "111"}],
            }
        )
        + "\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["eval", str(gold), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert set(report["levels"]) == {"triple", "root", "code", "rootcode"}
    assert report["levels"]["triple"]["tp"] == 1


def test_cli_events_without_store_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["events", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code != 0
    assert "no such store" in result.output


@pytest.mark.parametrize(
    ("phrase", "date", "code"),
    [
        ("Chinese Foreign Ministry spokesman Liu Jianchao", "2004-03-23", "CHNGOV"),
        ("U.S. legislators", None, "USALEG"),
        ("North Korean refugees", None, "PRKREF"),
        ("President Bush", "2004-03-23", "USAGOV"),
        ("President Bush", "2012-03-23", "USAELI"),
    ],
)
def test_cli_actor_explains_resolution(phrase, date, code):
    args = ["actor", phrase] + (["--date", date] if date else [])
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines()[-1] == f"{phrase} → {code}"


PETR_ACTORS = "ARNOR [ARN]\n+ARNORIAN\nGONDOR [GON]\n"
PETR_AGENTS = "!PERSON! = MAN, MEN\nFOREIGN_MINISTER [~GOVFRM]\nCONGRESS!PERSON! [~LEG]\n"


def test_cli_import_petrarch_then_code_with_the_tsv(tmp_path):
    (tmp_path / "v.actors.txt").write_text(PETR_ACTORS, encoding="utf-8")
    (tmp_path / "v.agents.txt").write_text(PETR_AGENTS, encoding="utf-8")
    out_dir = tmp_path / "dicts"
    result = runner.invoke(
        app,
        [
            "dict",
            "import-petrarch",
            "--actors",
            str(tmp_path / "v.actors.txt"),
            "--agents",
            str(tmp_path / "v.agents.txt"),
            "-o",
            str(out_dir),
        ],
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out_dir.iterdir()) == ["v.actors.tsv", "v.agents.tsv"]
    source = tmp_path / "in.jsonl"
    source.write_text(
        json.dumps({"id": "x", "text": "Arnor's foreign minister criticized Gondor."}) + "\n",
        encoding="utf-8",
    )
    target = tmp_path / "out.jsonl"
    coded = runner.invoke(
        app,
        [
            "code",
            str(source),
            "-o",
            str(target),
            "--dictionary",
            str(out_dir / "v.actors.tsv"),
            "--dictionary",
            str(out_dir / "v.agents.tsv"),
        ],
    )
    assert coded.exit_code == 0, coded.output
    (record,) = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert (record["source"], record["cameo"], record["target"]) == ("ARNGOVFRM", "111", "GON")


def test_cli_config_file_sets_the_store(tmp_path, corpus, monkeypatch):
    (tmp_path / "dyads.toml").write_text('[dyads]\ndb = "from_config.duckdb"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["ingest", str(corpus)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "from_config.duckdb").exists()


def test_cli_code_can_drop_non_asserted_mentions(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(
        json.dumps(
            {"id": "r", "date": "20040325", "text": "France criticized Italy. Spain will criticize Portugal."}
        )
        + "\n",
        encoding="utf-8",
    )
    kept, dropped = tmp_path / "kept.jsonl", tmp_path / "dropped.jsonl"
    assert runner.invoke(app, ["code", str(source), "-o", str(kept)]).exit_code == 0
    assert (
        runner.invoke(app, ["code", str(source), "-o", str(dropped), "--non-asserted", "drop"]).exit_code == 0
    )
    modalities = [json.loads(line)["modality"] for line in kept.read_text(encoding="utf-8").splitlines()]
    assert sorted(modalities) == ["asserted", "future"]
    assert [json.loads(line)["modality"] for line in dropped.read_text(encoding="utf-8").splitlines()] == [
        "asserted"
    ]
    bad = runner.invoke(app, ["code", str(source), "--non-asserted", "maybe"])
    assert bad.exit_code != 0 and "want one of keep, drop" in bad.output


def test_cli_info_reports_dictionaries_and_store(tmp_path, corpus):
    db = tmp_path / "s.duckdb"
    runner.invoke(app, ["ingest", str(corpus), "--db", str(db)])
    result = runner.invoke(app, ["info", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "actor phrases:" in result.stdout and "articles: 1" in result.stdout


def test_cli_code_place_fallback_marks_the_source_country(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "r", "text": "France criticized Italy."}) + "\n", encoding="utf-8")
    plain, fallback = tmp_path / "plain.jsonl", tmp_path / "fallback.jsonl"
    assert runner.invoke(app, ["code", str(source), "-o", str(plain)]).exit_code == 0
    assert runner.invoke(app, ["code", str(source), "-o", str(fallback), "--place-fallback"]).exit_code == 0
    assert json.loads(plain.read_text(encoding="utf-8"))["location"] is None
    location = json.loads(fallback.read_text(encoding="utf-8"))["location"]
    assert (location["name"], location["country"], location["feature"]) == ("France", "FRA", "source-country")


def test_cli_eval_by_category(tmp_path):
    gold = tmp_path / "gold.jsonl"
    rows = [
        {
            "id": "a",
            "category": "VERB",
            "text": "France condemned Germany.",
            "events": [{"source": "FRA", "target": "DEU", "code": "111"}],
        },
        {
            "id": "b",
            "category": "NOUN",
            "text": "Spain praised Italy.",
            "events": [{"source": "ESP", "target": "ITA", "code": "111"}],
        },
    ]
    gold.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = runner.invoke(app, ["eval", str(gold), "--by-category"])
    assert result.exit_code == 0, result.output
    lines = {line.split("│")[1].strip(): line for line in result.stdout.splitlines() if line.count("│") > 5}
    assert "1.000" in lines["VERB"] and "0.000" in lines["NOUN"]


def test_cli_event_shows_its_reports(tmp_path, corpus):
    (corpus / "again.txt").write_text(ARTICLE.replace("China Suspends", "Beijing Halts"), encoding="utf-8")
    db = tmp_path / "s.duckdb"
    runner.invoke(app, ["ingest", str(corpus), "--db", str(db)])
    events = [
        json.loads(line)
        for line in runner.invoke(app, ["events", "--db", str(db), "--json"]).stdout.splitlines()
    ]
    shared = [e for e in events if e["num_mentions"] == 2]
    assert shared, events
    result = runner.invoke(app, ["event", shared[0]["event_id"], "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "(2 mentions, status happened)" in result.stdout
    assert result.stdout.count("Beijing suspended its human rights dialogue") == 2
    assert "first report" in result.stdout and "joined at p=" in result.stdout  # how the linker decided
    missing = runner.invoke(app, ["event", "e0000", "--db", str(db)])
    assert missing.exit_code == 1 and "no event 'e0000'" in missing.output


def test_cli_stories_and_story_timeline(tmp_path):
    db = tmp_path / "s.duckdb"
    assert runner.invoke(app, ["ingest", "--sample", "--db", str(db)]).exit_code == 0
    rows = [
        json.loads(line)
        for line in runner.invoke(app, ["stories", "--db", str(db), "--json"]).stdout.splitlines()
    ]
    china = [r for r in rows if "China" in r["title"] and r["num_articles"] >= 3]
    assert china and china[0]["start"] <= "2004-03-23" and china[0]["end"] >= "2004-04-15"
    result = runner.invoke(app, ["story", china[0]["id"], "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "CHN" in result.stdout and "USA" in result.stdout


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_cli_export_tables(tmp_path, corpus, fmt):
    db = tmp_path / "s.duckdb"
    runner.invoke(app, ["ingest", str(corpus), "--db", str(db)])
    result = runner.invoke(app, ["export", fmt, "-o", str(tmp_path / "out"), "--db", str(db)])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == sorted(f"{t}.{fmt}" for t in ("articles", "mentions", "events", "stories", "problems"))
    import duckdb

    with duckdb.connect() as con:
        count = con.execute(
            "SELECT count(*) FROM read_" + fmt + "(?)", [str(tmp_path / "out" / f"mentions.{fmt}")]
        ).fetchall()[0][0]
    assert count >= 1


def test_cli_export_unknown_format(tmp_path, corpus):
    db = tmp_path / "s.duckdb"
    runner.invoke(app, ["ingest", str(corpus), "--db", str(db)])
    result = runner.invoke(app, ["export", "xml", "--db", str(db)])
    assert result.exit_code == 2 and "unknown export format 'xml'" in result.output


@pytest.mark.issue(11)
def test_cli_ingest_with_worker_processes_stores_the_same(tmp_path, corpus):
    stored = []
    for processes in ("1", "2"):
        db = tmp_path / f"p{processes}.duckdb"
        result = runner.invoke(app, ["ingest", str(corpus), "--db", str(db), "--processes", processes])
        assert result.exit_code == 0, result.output
        assert "1 articles added" in result.output
        stored.append(runner.invoke(app, ["events", "--db", str(db), "--json"]).stdout)
    assert stored[0] and stored[1] == stored[0]


@pytest.mark.issue(11)
def test_cli_ingest_processes_go_with_the_local_engine(tmp_path, corpus):
    result = runner.invoke(app, ["ingest", str(corpus), "--engine", "ray", "--processes", "2"])
    assert result.exit_code == 2
    assert "--processes goes with --engine local" in result.output


@pytest.mark.issue(22)
def test_cli_sample_first_screen_leads_somewhere(tmp_path):
    db = tmp_path / "s.duckdb"
    result = runner.invoke(app, ["ingest", "--sample", "--db", str(db)])
    assert result.exit_code == 0, result.output
    with Store(db, read_only=True) as store:
        counts = store.counts()
    assert f"{counts['mentions']} mentions of {counts['events']} events" in result.stdout
    assert "mentions coded" in result.output and "events coded" not in result.output
    assert "top dyads" in result.stdout and "newest events" in result.stdout
    assert f"dyads serve --db {db}" in result.stdout
    newest = result.stdout.split("newest events", 1)[1]
    assert "2004-11-" in newest.splitlines()[4]  # newest first, one line per event


@pytest.mark.issue(23)
def test_cli_ingest_same_id_other_text_warns_and_stores_both(tmp_path):
    source = tmp_path / "x.jsonl"
    source.write_text(
        '{"id":"1","text":"China condemned Japan."}\n{"id":"1","text":"Iran accused Iraq."}\n',
        encoding="utf-8",
    )
    db = tmp_path / "s.duckdb"
    result = runner.invoke(app, ["ingest", str(source), "--db", str(db)])
    assert result.exit_code == 0  # a warning: nothing failed, both articles are stored
    assert "2 articles added, 0 already stored, 2 mentions coded" in result.output
    assert f"warning {source}:2: id '1' is already used by an article with a different text" in result.output


@pytest.mark.issue(23)
def test_cli_ingest_points_to_problems_then_problems_lists_them_all(tmp_path):
    source = tmp_path / "bad.jsonl"
    source.write_text('{"text": 1}\n{"id": "b"}\nnot json\n', encoding="utf-8")
    db = tmp_path / "s.duckdb"
    result = runner.invoke(app, ["ingest", str(source), "--db", str(db)])
    assert result.exit_code == 1
    assert "(and 2 more problems in this file)" in result.output
    assert f"2 more problems not shown: `dyads problems --db {db}` lists them all" in result.output
    listed = runner.invoke(app, ["problems", "--db", str(db)])
    assert listed.exit_code == 0
    assert listed.stdout.splitlines() == [
        f"{source}:1: [ingest] field 'text' is a number, not a string",
        f"{source}:2: [ingest] missing field 'text'",
        f"{source}:3: [ingest] invalid JSON: Expecting value (column 1)",
    ]
    limited = runner.invoke(app, ["problems", "--db", str(db), "--limit", "1", "--json"])
    (record,) = [json.loads(line) for line in limited.stdout.splitlines()]
    assert (record["source"], record["line"], record["stage"]) == (str(source), 1, "ingest")


@pytest.mark.issue(23)
def test_cli_check_passes_then_names_a_corrupted_mention(tmp_path, corpus):
    import duckdb

    db = tmp_path / "s.duckdb"
    runner.invoke(app, ["ingest", str(corpus), "--db", str(db)])
    good = runner.invoke(app, ["check", "--db", str(db)])
    assert good.exit_code == 0, good.output
    assert good.output.startswith(f"ok: {db} (1 articles, ")
    with duckdb.connect(str(db)) as con:
        (mention_id,) = con.execute("SELECT min(id) FROM mentions").fetchone()
        con.execute("UPDATE mentions SET sentence = 'Iran accused Iraq.' WHERE id = ?", [mention_id])
    bad = runner.invoke(app, ["check", "--db", str(db)])
    assert bad.exit_code == 1
    assert f"mention-evidence: {mention_id}: its evidence is not the text of article story.txt" in bad.stdout


@pytest.mark.issue(23)
def test_cli_bidi_override_is_visible_in_the_evidence_and_the_store_checks(tmp_path):
    source = tmp_path / "x.jsonl"
    source.write_text(
        json.dumps({"id": "r\u202e1", "text": "China \u202econdemned Japan."}) + "\n", encoding="utf-8"
    )
    db = tmp_path / "s.duckdb"
    assert runner.invoke(app, ["ingest", str(source), "--db", str(db)]).exit_code == 0
    listed = runner.invoke(app, ["mentions", "--db", str(db), "--json"])
    records = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [(r["article_id"], r["sentence"]) for r in records] == [("r1", "China ⟨U+202E⟩condemned Japan.")]
    assert runner.invoke(app, ["check", "--db", str(db)]).exit_code == 0
