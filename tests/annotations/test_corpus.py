"""The project's own annotation corpus (annotations/): well formed, and as large and balanced as issue 19 asks.

The record checks run everywhere; the text checks need ../shared and skip without it.
"""

from pathlib import Path

import pytest

from dyads.annotations.agreement import agreement
from dyads.annotations.check import check_folder
from dyads.annotations.folder import agreement_rounds, load_agreement, load_annotations
from dyads.annotations.stats import corpus_stats
from dyads.corpus import find_shared

FOLDER = Path(__file__).resolve().parents[2] / "annotations"

pytestmark = pytest.mark.skipif(
    not (FOLDER / "real").is_dir(), reason="no annotations/ folder in this checkout"
)


def test_every_record_is_well_formed():
    report = check_folder(FOLDER, None)
    assert [str(p) for p in report.problems] == []


@pytest.mark.shared
def test_every_pointer_still_finds_its_sentence():
    shared = find_shared(FOLDER)
    if shared is None:
        pytest.skip("../shared is absent: the corpus the annotations point into is for evaluation only")
    report = check_folder(FOLDER, shared)
    assert [str(p) for p in report.problems] == []
    agreement_records = sum(
        len(part) for name in agreement_rounds(FOLDER) for part in load_agreement(FOLDER, name)
    )
    assert (
        report.text_checked == sum(1 for a in load_annotations(FOLDER) if not a.synthetic) + agreement_records
    )


def test_the_corpus_is_as_large_and_balanced_as_issue_19_asks():
    annotations = load_annotations(FOLDER)
    rounds = {name: agreement(*load_agreement(FOLDER, name)) for name in agreement_rounds(FOLDER)}
    figures = corpus_stats(annotations, rounds)
    assert figures["real"] >= 6000
    assert figures["no_event_share_real"] >= 0.35
    assert min(figures["by_root"].values()) >= 150, figures["by_root"]
    assert (
        figures["by_split"]["test"] >= 900 and figures["by_split_real"]["test"] == figures["by_split"]["test"]
    )
    assert all(a.split == "train" for a in annotations if a.synthetic)
    assert {a.collection for a in annotations if not a.synthetic} >= {
        "agnews-test",
        "bbc-2004-2005",
        "reuters21578",
        "guardian-ngec-sample",
        "sample_html",
    }
    assert figures["agreement"]["sentences"] >= 400
    assert figures["kappa_root"] >= 0.75
