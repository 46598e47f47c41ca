"""Worksheets: what an annotator reads (sentence, context, headline, date) and how their answers come back.

A worksheet line shows one sentence with its context; an answer line names spans by their words
(`"text": "the foreign ministry"`, with `"occurrence": 2` when the words occur more than once),
because people (and models) count words well and characters badly. `read_answers` turns answers
into Annotation records with character offsets, and lists every problem with the line it is on.
Worksheets hold corpus text: they are written outside the project and never committed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dyads.annotations.records import (
    ANNOTATION_MODALITIES,
    ActorSpan,
    AnnotatedEvent,
    Annotation,
    sentence_hash,
    split_of,
)
from dyads.annotations.validate import actor_code_problem, event_code_problem
from dyads.errors import InputError
from dyads.ingest.jsonl import json_objects, write_json_lines

__all__ = ["AnswerProblem", "WorksheetItem", "read_answers", "read_worksheet", "write_worksheet"]


@dataclass(frozen=True, slots=True)
class WorksheetItem:
    """One sentence to annotate: its pointer (or synthetic text) and what the annotator sees."""

    sid: str
    sentence: str
    context: str
    title: str | None
    date: str | None
    collection: str | None
    corpus: str | None = None
    article_id: str | None = None
    start: int = 0
    end: int = 0
    stratum: str | None = None
    synthetic: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "sid": self.sid,
            "collection": self.collection,
            "date": self.date,
            "title": self.title,
            "context": self.context,
            "sentence": self.sentence,
            "corpus": self.corpus,
            "article_id": self.article_id,
            "start": self.start,
            "end": self.end,
            "stratum": self.stratum,
            "synthetic": self.synthetic,
        }


@dataclass(frozen=True, slots=True)
class AnswerProblem:
    """Something wrong with one answer line."""

    line: int
    sid: str | None
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}" + (f" ({self.sid})" if self.sid else "") + f": {self.reason}"


def write_worksheet(path: Path, items: Iterable[WorksheetItem]) -> int:
    """Write worksheet items as JSONL; return how many."""
    return write_json_lines(path, (item.to_json() for item in items))


def read_worksheet(path: Path) -> dict[str, WorksheetItem]:
    """Return a worksheet's items by sid (raise InputError naming the line of a bad one)."""
    items: dict[str, WorksheetItem] = {}
    for number, record, problem in json_objects(path):
        if record is None:
            raise InputError(str(path), problem or "bad line", line=number)
        try:
            items[record["sid"]] = WorksheetItem(**record)
        except (KeyError, TypeError) as e:
            raise InputError(str(path), f"not a worksheet line ({e})", line=number) from e
    return items


def _find(sentence: str, words: str, occurrence: int) -> tuple[int, int] | None:
    """Return the offsets of the n-th (1-based) occurrence of words in the sentence, or None."""
    start = -1
    for _ in range(max(occurrence, 1)):
        start = sentence.find(words, start + 1)
        if start < 0:
            return None
    return (start, start + len(words))


def _span_of(value: dict[str, Any], sentence: str, what: str, problems: list[str]) -> tuple[int, int] | None:
    words = value.get("text")
    if words is None:
        return None
    if not isinstance(words, str) or not words.strip() or words != words.strip():
        problems.append(f"{what} text {words!r} is empty or has edge spaces")
        return None
    occurrence = value.get("occurrence", 1)
    if not isinstance(occurrence, int) or occurrence < 1:
        problems.append(f"{what} occurrence {occurrence!r} is not a positive number")
        return None
    span = _find(sentence, words, occurrence)
    if span is None:
        problems.append(f"{what} text {words!r} (occurrence {occurrence}) is not in the sentence")
    elif _inside_word(sentence, span):
        problems.append(
            f"{what} text {words!r} (occurrence {occurrence}) falls inside a longer word "
            f"({_word_around(sentence, span)!r}): give the occurrence of the word itself"
        )
    return span


def _inside_word(sentence: str, span: tuple[int, int]) -> bool:
    """Return whether a span cuts a word ("he" in "The"), which is never what an annotator means."""
    start, end = span
    cuts_start = start > 0 and sentence[start - 1].isalnum() and sentence[start].isalnum()
    cuts_end = end < len(sentence) and sentence[end].isalnum() and sentence[end - 1].isalnum()
    return cuts_start or cuts_end


def _word_around(sentence: str, span: tuple[int, int]) -> str:
    start, end = span
    while start > 0 and sentence[start - 1].isalnum():
        start -= 1
    while end < len(sentence) and sentence[end].isalnum():
        end += 1
    return sentence[start:end]


def _actor(value: object, sentence: str, what: str, problems: list[str]) -> ActorSpan | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        problems.append(f"{what} is not an object or null")
        return None
    code = value.get("code")
    if not isinstance(code, str):
        problems.append(f"{what} has no code")
        return None
    code = code.strip().upper()
    problem = actor_code_problem(code)
    if problem:
        problems.append(f"{what} code {code!r}: {problem}")
    return ActorSpan(code, _span_of(value, sentence, what, problems))


def _event(value: object, sentence: str, problems: list[str]) -> AnnotatedEvent | None:
    if not isinstance(value, dict):
        problems.append("an event is not an object")
        return None
    code = str(value.get("code", "")).strip()
    problem = event_code_problem(code)
    if problem:
        problems.append(f"event code {code!r}: {problem}")
    trigger_value = value.get("trigger")
    trigger_words = trigger_value if isinstance(trigger_value, dict) else {"text": trigger_value}
    trigger = _span_of(trigger_words, sentence, "trigger", problems)
    if trigger_words.get("text") is None:
        problems.append("event has no trigger")
    modality = value.get("modality", "asserted")
    if modality not in ANNOTATION_MODALITIES:
        problems.append(f"modality {modality!r} is not one of {', '.join(ANNOTATION_MODALITIES)}")
    negated = value.get("negated", False)
    if not isinstance(negated, bool):
        problems.append(f"negated {negated!r} is not true or false")
    source = _actor(value.get("source"), sentence, "source", problems)
    target = _actor(value.get("target"), sentence, "target", problems)
    if source is None and target is None:
        problems.append("event has neither source nor target")
    return AnnotatedEvent(code, trigger or (0, 0), source, target, bool(negated), str(modality))


def read_answers(
    path: Path, worksheet: dict[str, WorksheetItem], *, annotator: str
) -> tuple[list[Annotation], list[AnswerProblem]]:
    """Return the annotations of an answer file, and every problem found (answers with problems are left out)."""
    annotations: list[Annotation] = []
    problems: list[AnswerProblem] = []
    seen: set[str] = set()
    for number, record, problem in json_objects(path):
        if record is None:
            problems.append(AnswerProblem(number, None, problem or "bad line"))
            continue
        sid = record.get("sid")
        item = worksheet.get(sid) if isinstance(sid, str) else None
        if item is None:
            problems.append(AnswerProblem(number, sid, "sid is not in the worksheet"))
            continue
        if sid in seen:
            problems.append(AnswerProblem(number, sid, "sid answered twice"))
            continue
        seen.add(item.sid)
        events = record.get("events")
        if not isinstance(events, list):
            problems.append(AnswerProblem(number, sid, "events is not a list ([] for no event)"))
            continue
        found: list[str] = []
        coded = [_event(event, item.sentence, found) for event in events]
        if found:
            problems.extend(AnswerProblem(number, sid, reason) for reason in found)
            continue
        # The same event written twice (a group meeting itself, coded both ways) is one event.
        unique = list(dict.fromkeys(e for e in coded if e is not None))
        annotations.append(_annotation(item, unique, annotator, record.get("note")))
    missing = [sid for sid in worksheet if sid not in seen]
    if missing:
        problems.append(
            AnswerProblem(0, None, f"{len(missing)} worksheet sentences unanswered, e.g. {missing[0]}")
        )
    return annotations, problems


def _annotation(
    item: WorksheetItem, events: Sequence[AnnotatedEvent], annotator: str, note: object
) -> Annotation:
    note_text = note.strip() if isinstance(note, str) and note.strip() else None
    if item.synthetic:
        return Annotation(
            id=item.sid,
            split="train",
            events=tuple(events),
            annotator=annotator,
            synthetic=True,
            text=item.sentence,
            date=item.date,
            stratum=item.stratum,
            note=note_text,
        )
    assert item.article_id is not None
    return Annotation(
        id=item.sid,
        split=split_of(item.article_id),
        events=tuple(events),
        annotator=annotator,
        corpus=item.corpus,
        article_id=item.article_id,
        collection=item.collection,
        start=item.start,
        end=item.end,
        sha=sentence_hash(item.sentence),
        stratum=item.stratum,
        note=note_text,
    )
