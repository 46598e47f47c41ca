"""`dyads annotations check`: validate every annotation record and name each bad one.

A record is checked against the JSON Schema (`data/schemas/annotation.schema.json`), then for what a
schema cannot say: known CAMEO and actor codes, ids and splits as the sampling fixed them, spans
inside their sentence and not partly overlapping, sentences not overlapping each other, and, when
`../shared` is present, that each pointer still finds the same sentence text (by its hash).
"""

from __future__ import annotations

import functools
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema

from dyads.annotations.records import (
    Annotation,
    annotation_from_json,
    corpus_article,
    iter_annotation_files,
    sentence_hash,
    split_of,
)
from dyads.annotations.validate import actor_code_problem, event_code_problem
from dyads.errors import InputError
from dyads.ingest.jsonl import json_objects

__all__ = ["CheckProblem", "CheckReport", "annotation_schema", "check_folder"]


@dataclass(frozen=True, slots=True)
class CheckProblem:
    """One thing wrong with one record."""

    where: str  # file:line
    id: str | None
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: " + (f"{self.id}: " if self.id else "") + self.reason


@dataclass(slots=True)
class CheckReport:
    """What `check_folder` found."""

    records: int = 0
    problems: list[CheckProblem] = field(default_factory=list)
    text_checked: int = 0  # real records whose text was read back from the corpus


@functools.cache
def annotation_schema() -> dict[str, Any]:
    """Return the annotation record's JSON Schema."""
    text = (resources.files("dyads") / "data" / "schemas" / "annotation.schema.json").read_text(
        encoding="utf-8"
    )
    schema: dict[str, Any] = json.loads(text)
    return schema


@functools.cache
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(annotation_schema())


def _schema_problems(record: dict[str, Any]) -> list[str]:
    validator = _validator()
    return [
        f"schema: {'/'.join(map(str, error.absolute_path)) or 'record'}: {error.message}"
        for error in sorted(validator.iter_errors(record), key=lambda e: list(map(str, e.absolute_path)))
    ]


def _span_problems(annotation: Annotation, text: str) -> list[str]:
    """Return what is wrong with the spans of the record's events, given its sentence text."""
    problems: list[str] = []
    for number, event in enumerate(annotation.events, start=1):
        spans = {"trigger": event.trigger}
        if event.source and event.source.span:
            spans["source"] = event.source.span
        if event.target and event.target.span:
            spans["target"] = event.target.span
        for name, (start, end) in spans.items():
            if not 0 <= start < end <= len(text):
                problems.append(f"event {number}: {name} span [{start}, {end}] is outside the sentence")
            elif text[start:end] != text[start:end].strip():
                problems.append(f"event {number}: {name} span [{start}, {end}] begins or ends with a space")
        source, target = spans.get("source"), spans.get("target")
        if source and target and _crossing(source, target):
            problems.append(f"event {number}: source {list(source)} and target {list(target)} partly overlap")
    keys = [json.dumps(event.to_json(), sort_keys=True) for event in annotation.events]
    if len(set(keys)) < len(keys):
        problems.append("the same event is written twice")
    return problems


def _crossing(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Return whether two spans overlap without one holding the other ("South Korea" in "South Korea's allies" is fine)."""
    overlap = a[0] < b[1] and b[0] < a[1]
    nested = (a[0] <= b[0] and b[1] <= a[1]) or (b[0] <= a[0] and a[1] <= b[1])
    return overlap and not nested


def _code_problems(annotation: Annotation) -> list[str]:
    problems: list[str] = []
    for number, event in enumerate(annotation.events, start=1):
        problem = event_code_problem(event.code)
        if problem:
            problems.append(f"event {number}: code {event.code!r}: {problem}")
        for role, actor in (("source", event.source), ("target", event.target)):
            if actor is not None and (problem := actor_code_problem(actor.code)):
                problems.append(f"event {number}: {role} code {actor.code!r}: {problem}")
        if event.source is None and event.target is None:
            problems.append(f"event {number}: has neither source nor target")
    return problems


def _identity_problems(annotation: Annotation) -> list[str]:
    if annotation.synthetic:
        return [] if annotation.id.startswith("syn-") else ["a synthetic record's id starts with 'syn-'"]
    problems = []
    expected = f"{annotation.article_id}@{annotation.start}"
    if annotation.id != expected:
        problems.append(f"id should be {expected!r} (article id @ sentence start)")
    if annotation.article_id and annotation.split != split_of(annotation.article_id):
        problems.append(
            f"split is {annotation.split!r}, but its article is in {split_of(annotation.article_id)!r}"
        )
    if annotation.end <= annotation.start:
        problems.append(f"sentence end {annotation.end} is not after its start {annotation.start}")
    return problems


def check_records(
    lines: Iterable[tuple[str, dict[str, Any] | None, str | None]], shared: Path | None, report: CheckReport
) -> list[Annotation]:
    """Check (where, record, read-problem) triples into the report; return the well-formed annotations."""
    good: list[Annotation] = []
    for where, record, problem in lines:
        report.records += 1
        if record is None:
            report.problems.append(CheckProblem(where, None, problem or "unreadable record"))
            continue
        record_id = record.get("id") if isinstance(record.get("id"), str) else None
        found = _schema_problems(record)
        if found:
            report.problems.extend(CheckProblem(where, record_id, reason) for reason in found)
            continue
        annotation = annotation_from_json(record, where)
        found = _identity_problems(annotation) + _code_problems(annotation)
        if annotation.no_event != record["no_event"]:
            found.append(
                f"no_event is {record['no_event']} but the record has {len(annotation.events)} events"
            )
        text = annotation.text if annotation.synthetic else None
        if not annotation.synthetic and shared is not None:
            article = corpus_article(annotation, shared)
            if article is None:
                found.append(f"article {annotation.article_id!r} is not in {annotation.corpus}")
            elif annotation.end > len(article.text):
                found.append(f"sentence end {annotation.end} is past the article's end ({len(article.text)})")
            else:
                text = article.text[annotation.start : annotation.end]
                report.text_checked += 1
                if sentence_hash(text) != annotation.sha:
                    found.append("the corpus text at these offsets changed (hash differs)")
                    text = None
        if text is not None:
            found.extend(_span_problems(annotation, text))
        report.problems.extend(CheckProblem(where, annotation.id, reason) for reason in found)
        if not found:
            good.append(annotation)
    return good


def _overlaps(annotations: list[Annotation], report: CheckReport) -> None:
    """Report duplicate ids and sentences of one article whose ranges overlap."""
    by_id: dict[str, str] = {}
    by_article: dict[str, list[Annotation]] = defaultdict(list)
    for annotation in annotations:
        if annotation.id in by_id:
            report.problems.append(
                CheckProblem(annotation.origin, annotation.id, f"id already used at {by_id[annotation.id]}")
            )
            continue
        by_id[annotation.id] = annotation.origin
        if not annotation.synthetic and annotation.article_id:
            by_article[annotation.article_id].append(annotation)
    for sentences in by_article.values():
        sentences.sort(key=lambda a: a.start)
        for before, after in zip(sentences, sentences[1:], strict=False):
            if after.start < before.end:
                report.problems.append(
                    CheckProblem(after.origin, after.id, f"sentence overlaps {before.id} ({before.origin})")
                )


def check_folder(folder: Path, shared: Path | None) -> CheckReport:
    """Check every record of an annotations folder (real, synthetic and agreement files)."""
    report = CheckReport()
    main: list[Annotation] = []
    for path in iter_annotation_files(folder):
        lines = ((f"{path}:{n}", record, problem) for n, record, problem in json_objects(path))
        main.extend(check_records(lines, shared, report))
    _overlaps(main, report)
    known = {annotation.id for annotation in main}
    for path in (
        sorted((folder / "agreement").glob("round-*/*.jsonl")) if (folder / "agreement").is_dir() else []
    ):
        lines = ((f"{path}:{n}", record, problem) for n, record, problem in json_objects(path))
        for annotation in check_records(lines, shared, report):
            if annotation.id not in known:
                report.problems.append(
                    CheckProblem(
                        annotation.origin, annotation.id, "agreement record of a sentence not in real/"
                    )
                )
    if report.records == 0:
        raise InputError(
            str(folder), "no annotation records found (expected real/*.jsonl, synthetic/*.jsonl)"
        )
    return report
