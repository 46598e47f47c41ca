import copy

import pytest
from annotation_fixtures import (
    S1,
    S4,
    good_records,
    pointer,
    shared_fixture,  # noqa: F401 (the `shared` fixture)
    span,
    write_folder,
)

from dyads.annotations.check import check_folder
from dyads.errors import InputError


def _problems(tmp_path, shared, records):
    write_folder(tmp_path / "ann", records)
    return [str(p) for p in check_folder(tmp_path / "ann", shared).problems]


def test_good_records_pass_and_are_verified_against_the_corpus(tmp_path, shared):
    write_folder(tmp_path / "ann", good_records())
    report = check_folder(tmp_path / "ann", shared)
    assert report.problems == [] and report.records == 4 and report.text_checked == 4


def test_without_the_corpus_the_rest_is_still_checked(tmp_path):
    records = good_records()
    records[0]["events"][0]["code"] = "999"
    write_folder(tmp_path / "ann", records)
    report = check_folder(tmp_path / "ann", None)
    assert report.text_checked == 0
    assert any("'999'" in str(p) for p in report.problems)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda r: r[0]["events"][0].update(code="1999"), "not a CAMEO event code"),
        (lambda r: r[0]["events"][0]["source"].update(code="FRX"), "no country"),
        (lambda r: r[0].update(sha="0" * 16), "changed (hash differs)"),
        (lambda r: r[0]["events"][0].update(trigger=[40, 90]), "outside the sentence"),
        (lambda r: r[0]["events"][0].update(trigger=[6, 16]), "begins or ends with a space"),
        (lambda r: r[0].update(split="dev" if r[0]["split"] != "dev" else "test"), "but its article is in"),
        (lambda r: r[0].update(id="fixture-1@3"), "id should be"),
        (lambda r: r[0].update(no_event=True), "no_event is True"),
        (lambda r: r[0]["events"][0].update(modality="perhaps"), "schema"),
        (lambda r: r[0]["events"].append(copy.deepcopy(r[0]["events"][0])), "written twice"),
        (lambda r: r[0].update(article_id="fixture-7", id="fixture-7@0"), "not in news.jsonl"),
    ],
)
def test_each_bad_record_is_named_with_its_problem(tmp_path, shared, change, expected):
    records = good_records()
    change(records)
    problems = _problems(tmp_path, shared, records)
    assert any(expected in p for p in problems), problems
    assert all(":1:" in p for p in problems), "the problem names the record's file and line"


def test_partly_overlapping_source_and_target(tmp_path, shared):
    records = good_records()
    event = records[3]["events"][0]
    event["source"]["span"] = span(S4, "Police arrested")
    event["target"]["span"] = span(S4, "arrested 40")
    assert any("partly overlap" in p for p in _problems(tmp_path, shared, records))


def test_a_span_inside_the_other_is_no_overlap(tmp_path, shared):
    records = good_records()
    event = records[3]["events"][0]
    event["source"]["span"] = span(S4, "Police arrested 40 protesters")
    event["target"]["span"] = span(S4, "40 protesters")
    assert _problems(tmp_path, shared, records) == []


def test_overlapping_sentences_and_duplicate_ids(tmp_path, shared):
    records = good_records()
    again = copy.deepcopy(records[2])
    inside = pointer(0, S1[7:], [])  # starts inside the first sentence
    problems = _problems(tmp_path, shared, records + [again, inside])
    assert any("id already used" in p for p in problems)
    assert any("sentence overlaps fixture-1@0" in p for p in problems)


def test_an_empty_folder_is_an_error(tmp_path):
    (tmp_path / "ann" / "real").mkdir(parents=True)
    with pytest.raises(InputError, match="no annotation records"):
        check_folder(tmp_path / "ann", None)
