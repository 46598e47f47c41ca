"""The annotations folder: where records live, and how checked answers are added to it.

annotations/
  real/*.jsonl        the corpus: one record per real sentence (adjudicated where it was annotated twice)
  synthetic/*.jsonl   sentences the team wrote (train only)
  agreement/first-*.jsonl, second-*.jsonl   the two blind annotations of the doubly annotated sentences
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import dyads
from dyads.annotations.records import (
    Annotation,
    annotation_from_json,
    iter_annotation_files,
    read_annotations,
)
from dyads.errors import InputError
from dyads.ingest.jsonl import write_json_lines

__all__ = ["add_annotations", "agreement_rounds", "default_folder", "load_agreement", "load_annotations"]


def default_folder() -> Path:
    """Return `./annotations`, else the source checkout's `annotations/` (dyads installed editable)."""
    here = Path("annotations")
    if here.is_dir():
        return here
    checkout = Path(dyads.__file__).resolve().parents[2] / "annotations"
    return checkout if checkout.is_dir() else here


def load_annotations(folder: Path) -> list[Annotation]:
    """Return the corpus records (real and synthetic) of a folder."""
    return list(read_annotations(iter_annotation_files(folder)))


def agreement_rounds(folder: Path) -> list[str]:
    """Return the agreement rounds of a folder, oldest first ("1", "2", …)."""
    part = folder / "agreement"
    if not part.is_dir():
        return []
    rounds = [path.name.removeprefix("round-") for path in part.glob("round-*") if path.is_dir()]
    return sorted(rounds, key=lambda r: (len(r), r))


def load_agreement(folder: Path, round_: str | None = None) -> tuple[list[Annotation], list[Annotation]]:
    """Return the first and second annotations of one agreement round (the latest when None)."""
    rounds = agreement_rounds(folder)
    if not rounds:
        return [], []
    part = folder / "agreement" / f"round-{round_ or rounds[-1]}"
    first = list(read_annotations(sorted(part.glob("first-*.jsonl"))))
    second = list(read_annotations(sorted(part.glob("second-*.jsonl"))))
    return first, second


def _write(path: Path, records: Iterable[Annotation]) -> None:
    write_json_lines(path, (record.to_json() for record in records))


def _read(path: Path) -> list[Annotation]:
    return list(read_annotations([path])) if path.is_file() else []


def add_annotations(
    folder: Path, name: str, annotations: list[Annotation], *, mode: str, round_: str = "1"
) -> Path:
    """Add annotations to the folder; return the file written.

    mode `new`: write `real/NAME.jsonl` (or `synthetic/` for synthetic ones), replacing that file;
    `replace`: put each record in place of the record with its id, wherever it is (adjudication);
    `second`: a blind second annotation, written to `agreement/round-R/second-NAME.jsonl`, with the
    current records of the same sentences copied to `agreement/round-R/first-NAME.jsonl`.
    """
    if mode == "new":
        part = "synthetic" if annotations and all(a.synthetic for a in annotations) else "real"
        path = folder / part / f"{name}.jsonl"
        _write(path, annotations)
        return path
    current = {a.id: a for a in read_annotations(iter_annotation_files(folder))} if folder.is_dir() else {}
    missing = [a.id for a in annotations if a.id not in current]
    if missing:
        raise InputError(name, f"{len(missing)} sentences are not in the corpus yet, e.g. {missing[0]}")
    if mode == "second":
        first = folder / "agreement" / f"round-{round_}" / f"first-{name}.jsonl"
        if not first.is_file():  # the first annotations as they were before any adjudication
            _write(first, [current[a.id] for a in annotations])
        path = folder / "agreement" / f"round-{round_}" / f"second-{name}.jsonl"
        _write(path, annotations)
        return path
    if mode != "replace":
        raise ValueError(f"unknown mode {mode!r}")
    new = {a.id: a for a in annotations}
    for path in iter_annotation_files(folder):
        records = _read(path)
        if any(r.id in new for r in records):
            _write(path, [annotation_from_json(new[r.id].to_json()) if r.id in new else r for r in records])
    return folder
