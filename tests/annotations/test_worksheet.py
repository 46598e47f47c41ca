import json

from dyads.annotations.worksheet import WorksheetItem, read_answers, read_worksheet, write_worksheet

SENTENCE = "Japan criticised China, and China criticised Japan."


def _worksheet(tmp_path):
    item = WorksheetItem(
        sid="fixture-9@0",
        sentence=SENTENCE,
        context="",
        title=None,
        date=None,
        collection="fixture",
        corpus="news.jsonl",
        article_id="fixture-9",
        start=0,
        end=len(SENTENCE),
    )
    path = tmp_path / "ws.jsonl"
    write_worksheet(path, [item])
    return read_worksheet(path)


def _answers(tmp_path, *lines):
    path = tmp_path / "answers.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def _event(**fields):
    event = {
        "code": "111",
        "trigger": "criticised",
        "source": {"text": "Japan", "code": "JPN"},
        "target": {"text": "China", "code": "CHN"},
        "negated": False,
        "modality": "asserted",
    }
    event.update(fields)
    return event


def test_answers_become_records_with_offsets_and_occurrences(tmp_path):
    second = _event(
        trigger={"text": "criticised", "occurrence": 2},
        source={"text": "China", "occurrence": 2, "code": "CHN"},
        target={"text": "Japan", "occurrence": 2, "code": "JPN"},
    )
    answers = _answers(tmp_path, {"sid": "fixture-9@0", "events": [_event(), second]})
    (annotation,), problems = read_answers(answers, _worksheet(tmp_path), annotator="t1")
    assert problems == []
    first, again = annotation.events
    assert SENTENCE[slice(*first.trigger)] == "criticised" and first.trigger[0] < again.trigger[0]
    assert SENTENCE[slice(*again.source.span)] == "China" and again.source.span[0] > 20
    assert annotation.sha and annotation.split in {"train", "dev", "test"}


def test_every_problem_is_named_and_nothing_bad_is_imported(tmp_path):
    bad = _event(code="42", trigger="blamed", source={"text": "Japan", "code": "japan"}, modality="maybe")
    answers = _answers(tmp_path, {"sid": "fixture-9@0", "events": [bad]}, {"sid": "nope@1", "events": []})
    annotations, problems = read_answers(answers, _worksheet(tmp_path), annotator="t1")
    reasons = " | ".join(str(p) for p in problems)
    assert annotations == []
    for expected in (
        "leading zero",
        "'blamed'",
        "JAPAN",
        "modality 'maybe'",
        "not in the worksheet",
    ):
        assert expected in reasons


def test_no_event_is_an_empty_list(tmp_path):
    answers = _answers(tmp_path, {"sid": "fixture-9@0", "events": []})
    (annotation,), problems = read_answers(answers, _worksheet(tmp_path), annotator="t1")
    assert problems == [] and annotation.no_event


def test_unanswered_sentences_are_a_problem(tmp_path):
    answers = _answers(tmp_path)
    annotations, problems = read_answers(answers, _worksheet(tmp_path), annotator="t1")
    assert annotations == [] and "1 worksheet sentences unanswered" in str(problems[0])
