"""The packaged event model: its files, its manifest, and that it was trained on the committed annotations."""

from __future__ import annotations

import json

import numpy as np
import pytest

from dyads.annotations.folder import default_folder, load_annotations
from dyads.learn.data import training_hash
from dyads.learn.events import default_model_dir, load_event_model

FOLDER = default_model_dir()
pytestmark = pytest.mark.skipif(not (FOLDER / "manifest.json").is_file(), reason="no packaged event model")


def _manifest() -> dict:
    return json.loads((FOLDER / "manifest.json").read_text(encoding="utf-8"))


def test_manifest_records_files_data_and_figures() -> None:
    manifest = _manifest()
    assert manifest["name"] == "dyads-event-1"
    for name, size in manifest["files"].items():
        assert (FOLDER / name).stat().st_size == size, name
    assert sum(p.stat().st_size for p in FOLDER.iterdir()) < 150 * 1024 * 1024
    dev = manifest["dev"]
    assert 0.0 < dev["event_type_f1"] <= 1.0 and 0.0 <= dev["ece"] < 0.2
    assert manifest["base_model"]["licence"].startswith("Apache-2.0")
    assert len(manifest["base_model"]["weights_sha256"]) == 64


def test_model_was_trained_on_the_committed_train_split() -> None:
    folder = default_folder()
    if not folder.is_dir():
        pytest.skip("no annotations folder beside the package (an installed copy)")
    train = [a for a in load_annotations(folder) if a.split == "train"]
    assert _manifest()["training_data"]["hash"] == training_hash(train)


def test_model_scores_a_candidate_as_a_calibrated_distribution() -> None:
    model = load_event_model()
    (sentence,) = model.encode(["France condemned Germany on Monday."])
    x = model.trigger_input(sentence, (6, 15), "11", "11")
    assert x is not None
    roots, codes = model.triggers(x[None, :])
    assert roots.shape == (1, len(model.roots)) and np.isclose(roots.sum(), 1.0)
    assert model.roots[int(roots[0].argmax())] == "11"
    code, certainty = model.code_for(int(roots[0].argmax()), codes[0])
    assert code.startswith("11") and 0.0 <= certainty <= 1.0
