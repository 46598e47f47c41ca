"""Training rows from the annotation corpus: each candidate of each annotated sentence with its gold label.

The annotated articles are parsed by the same pipeline the coder runs (whole articles, so actors,
pronouns and the home country resolve as they would in use), the candidate stage is run on each
annotated sentence, and the candidates are aligned with the annotator's events by their trigger
spans. A gold trigger holding several candidates ("launched an attack") labels its head; the
others in it are left out of training rather than taught as non-events.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span

from dyads.actors.resolve import DocActors
from dyads.annotations.records import AnnotatedEvent, Annotation, corpus_article
from dyads.coding.candidates import (
    Candidate,
    SentenceCandidates,
    role_features,
    rule_roots,
    sentence_candidates,
    trigger_features,
)
from dyads.errors import InputError
from dyads.model import Article
from dyads.parse import parse_articles

if TYPE_CHECKING:
    from dyads.pipeline import Coder

__all__ = ["NONE", "RoleRow", "SentenceRows", "TriggerRow", "annotated_rows", "gold_trigger_of"]

NONE = "none"  # the label of a candidate that reports no event (and of an actor that is neither role)
_SOURCE, _TARGET = "source", "target"


@dataclass(frozen=True, slots=True)
class TriggerRow:
    """One candidate: its features, and the root and code of the gold event it triggers (or none)."""

    features: dict[str, float]
    root: str  # "11", or NONE
    code: str  # "111", or NONE
    span: tuple[int, int]  # the trigger token, in characters from the sentence's start
    rule_root: str  # the root the rules coded here, or NONE
    pattern_root: str  # the root of the lexicon row the trigger matched ("frame" for a framing verb), or NONE


@dataclass(frozen=True, slots=True)
class RoleRow:
    """One (gold trigger, actor mention) pair: features and whether the actor is its source, target or neither."""

    features: dict[str, float]
    role: str
    trigger: tuple[int, int]  # spans in characters from the sentence's start
    actor: tuple[int, int]  # the head token of the actor mention
    root: str


@dataclass(slots=True)
class SentenceRows:
    """The rows of one annotated sentence, with its gold roots for sentence-level scoring."""

    id: str
    split: str
    synthetic: bool
    text: str
    triggers: list[TriggerRow] = field(default_factory=list)
    roles: list[RoleRow] = field(default_factory=list)
    gold_roots: list[str] = field(default_factory=list)
    missed: int = 0  # gold events no candidate stands for


def _within(span: tuple[int, int], inner: tuple[int, int]) -> bool:
    return span[0] <= inner[0] and inner[1] <= span[1]


def gold_trigger_of(
    candidates: Sequence[tuple[Candidate, tuple[int, int]]], trigger: tuple[int, int]
) -> Candidate | None:
    """Return the candidate that stands for a gold trigger span: the one in it whose head lies outside it."""
    inside = [c for c, span in candidates if _within(trigger, span)]
    if not inside:
        return None
    indices = {c.trigger.i for c in inside}
    heads = [c for c in inside if c.trigger.head.i not in indices or c.trigger.head.i == c.trigger.i]
    verbs = [c for c in heads if c.trigger.pos_ in {"VERB", "AUX"}]
    return (verbs or heads or inside)[0]


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _rows(annotation: Annotation, found: SentenceCandidates, actors: DocActors, offset: int) -> SentenceRows:
    """Return the rows of one annotated sentence whose text starts at `offset` in the doc."""
    text = (
        actors.doc.text[offset : offset + (annotation.end - annotation.start)]
        if not annotation.synthetic
        else actors.doc.text
    )
    rows = SentenceRows(annotation.id, annotation.split, annotation.synthetic, text)
    spans = [
        (c, (c.trigger.idx - offset, c.trigger.idx - offset + len(c.trigger.text))) for c in found.candidates
    ]
    labels: dict[int, AnnotatedEvent] = {}
    ignored: set[int] = set()
    for gold in annotation.events:
        if gold.counts:
            rows.gold_roots.append(gold.root)
        chosen = gold_trigger_of(spans, gold.trigger)
        if chosen is None:
            rows.missed += 1
            continue
        labels.setdefault(chosen.trigger.i, gold)
        ignored |= {c.trigger.i for c, span in spans if _within(gold.trigger, span)}
    for candidate, trigger_span in spans:
        i = candidate.trigger.i
        event = labels.get(i)
        if event is None and i in ignored:
            continue
        features = trigger_features(candidate, actors)
        rule_root, pattern_root = rule_roots(candidate)
        if event is None or not event.counts:
            # An event said not to happen, or only alleged, is not reported as one: the coder must not code it.
            rows.triggers.append(TriggerRow(features, NONE, NONE, trigger_span, rule_root, pattern_root))
            continue
        rows.triggers.append(
            TriggerRow(features, event.root, event.code, trigger_span, rule_root, pattern_root)
        )
        for mention in found.mentions:
            token = mention.token
            span = (token.left_edge.idx - offset, token.right_edge.idx + len(token.right_edge.text) - offset)
            head = (token.idx - offset, token.idx + len(token.text) - offset)
            role = NONE
            if event.source and event.source.span and _overlaps(event.source.span, head):
                role = _SOURCE
            elif event.target and event.target.span and _overlaps(event.target.span, head):
                role = _TARGET
            elif event.source and event.source.span and _within(event.source.span, span):
                role = _SOURCE
            elif event.target and event.target.span and _within(event.target.span, span):
                role = _TARGET
            features = role_features(candidate, mention, event.root)
            rows.roles.append(RoleRow(features, role, trigger_span, head, event.root))
    return rows


def _articles(
    annotations: Sequence[Annotation], shared: Path | None
) -> Iterator[tuple[Article, list[Annotation]]]:
    """Yield each annotated article (a synthetic sentence is an article of its own) with its sentences."""
    by_article: dict[str, list[Annotation]] = defaultdict(list)
    for annotation in annotations:
        if annotation.synthetic:
            yield Article(annotation.id, annotation.text or ""), [annotation]
        else:
            by_article[annotation.article_id or ""].append(annotation)
    if by_article and shared is None:
        raise InputError("../shared", "the corpus the annotations point into is not here (set DYADS_SHARED)")
    for article_id, sentences in sorted(by_article.items()):
        assert shared is not None
        article = corpus_article(sentences[0], shared)
        if article is None:
            raise InputError(
                sentences[0].origin or article_id, f"article {article_id!r} not found in the corpus"
            )
        yield (
            Article(article_id, article.text, published=article.date),
            sorted(sentences, key=lambda a: a.start),
        )


def _sentences_in(doc: Doc, start: int, end: int) -> list[Span]:
    return [s for s in doc.sents if s.start_char < end and start < s.end_char]


def annotated_rows(
    annotations: Sequence[Annotation],
    shared: Path | None,
    coder: Coder,
    *,
    trigger_nouns: Iterable[str] | None = None,
) -> Iterator[SentenceRows]:
    """Yield the rows of every annotated sentence, parsing each article once with the coder's pipeline."""
    nouns = None if trigger_nouns is None else frozenset(trigger_nouns)
    pending = list(_articles(annotations, shared))
    sentences_of = {article.id: sentences for article, sentences in pending}
    parsed = parse_articles(
        (article for article, _ in pending), coder.nlp, batch_size=32, is_name=coder.kb.starts_name
    )
    for article, doc in parsed:
        actors = DocActors(
            doc, coder.kb, day=article.published, speech=coder.lexicon.speech, events=coder.lexicon.nouns
        )
        for annotation in sentences_of[article.id]:
            start, end = (0, len(doc.text)) if annotation.synthetic else (annotation.start, annotation.end)
            merged: list[SentenceCandidates] = []
            for sent in _sentences_in(doc, start, end):
                found = sentence_candidates(sent, actors, coder.lexicon, nouns)
                kept = tuple(c for c in found.candidates if start <= c.trigger.idx < end)
                merged.append(replace(found, candidates=kept))
            if not merged:
                continue
            combined = replace(
                merged[0],
                candidates=tuple(c for m in merged for c in m.candidates),
                mentions=tuple(a for m in merged for a in m.mentions),
            )
            yield _rows(annotation, combined, actors, start)
