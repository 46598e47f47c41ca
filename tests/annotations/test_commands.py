"""`dyads annotations …` and `dyads eval --split` end to end, on the test's own two-article corpus."""

import json

from annotation_fixtures import (
    S2,
    good_records,
    shared_fixture,  # noqa: F401 (the `shared` fixture)
    write_folder,
)
from typer.testing import CliRunner

from dyads.annotations.records import split_of
from dyads.cli import app

runner = CliRunner()


def test_stats_json_has_the_figures_the_issue_names(tmp_path, shared):
    folder = tmp_path / "ann"
    write_folder(folder, good_records())
    result = runner.invoke(app, ["annotations", "stats", "--dir", str(folder), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    for key in ("sentences", "real", "synthetic", "events", "no_event", "by_root", "by_split", "kappa_root"):
        assert key in figures
    assert figures["sentences"] == 4 and figures["events"] == 3 and figures["no_event"] == 1
    assert figures["by_root"]["11"] == 1 and figures["by_root"]["17"] == 1 and len(figures["by_root"]) == 20
    assert sum(figures["by_split"].values()) == 4


def test_check_names_a_bad_record_and_fails(tmp_path, shared):
    records = good_records()
    records[1]["events"][0]["code"] = "0299"
    write_folder(tmp_path / "ann", records)
    result = runner.invoke(app, ["annotations", "check", "--dir", str(tmp_path / "ann")])
    assert result.exit_code == 1
    assert "batch-01.jsonl:2: fixture-1@45: event 1: code '0299'" in result.stdout


def test_add_second_annotation_then_agreement(tmp_path, shared):
    folder = tmp_path / "ann"
    write_folder(folder, good_records())
    worksheet = tmp_path / "ws.jsonl"
    item = {
        "sid": f"fixture-1@{45}",
        "sentence": S2,
        "context": "",
        "title": None,
        "date": None,
        "collection": "fixture",
        "corpus": "news.jsonl",
        "article_id": "fixture-1",
        "start": 45,
        "end": 45 + len(S2),
        "stratum": "rule",
        "synthetic": False,
    }
    worksheet.write_text(json.dumps(item) + "\n", encoding="utf-8")
    answers = tmp_path / "answers.jsonl"
    event = {
        "code": "1053",
        "trigger": "urged",
        "source": {"text": "Its foreign minister", "code": "FRAGOV"},
        "target": {"text": "the junta", "code": "MLIMIL"},
        "negated": False,
        "modality": "asserted",
    }
    answers.write_text(json.dumps({"sid": item["sid"], "events": [event]}) + "\n", encoding="utf-8")
    args = ["annotations", "add", str(worksheet), str(answers), "--annotator", "t2", "--dir", str(folder)]
    result = runner.invoke(app, [*args, "--second"])
    assert result.exit_code == 0, result.output
    assert (folder / "agreement" / "round-1" / "first-ws.jsonl").is_file()
    result = runner.invoke(app, ["annotations", "agreement", "--dir", str(folder), "--json"])
    figures = json.loads(result.stdout)
    assert figures["sentences"] == 1 and figures["same_root_pairs"] == 0  # 02 against 10
    stats = json.loads(runner.invoke(app, ["annotations", "stats", "--dir", str(folder), "--json"]).stdout)
    assert list(stats["agreement_rounds"]) == ["1"] and stats["kappa_root"] == figures["kappa_root"]
    assert runner.invoke(app, ["annotations", "check", "--dir", str(folder)]).exit_code == 0


def test_eval_on_a_split_scores_only_the_annotated_sentences(tmp_path, shared):
    folder = tmp_path / "ann"
    records = [dict(r, split=split_of(r["article_id"])) for r in good_records()]
    write_folder(folder, records)
    split = records[0]["split"]
    result = runner.invoke(app, ["eval", "--split", split, "--annotations", str(folder), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    expected = sum(len(r["events"]) for r in records if r["split"] == split)
    assert report["gold_events"] == expected
    assert report["records"] == sum(1 for r in records if r["split"] == split)  # one per sentence


def test_eval_on_a_split_by_category(tmp_path, shared):
    folder = tmp_path / "ann"
    records = good_records()
    write_folder(folder, records)
    split = records[0]["split"]
    result = runner.invoke(app, ["eval", "--split", split, "--annotations", str(folder), "--by-category"])
    assert result.exit_code == 0, result.output
    assert "by category" in result.stdout and "fixture" in result.stdout


def test_eval_needs_a_gold_file_or_a_split():
    result = runner.invoke(app, ["eval"])
    assert result.exit_code != 0
