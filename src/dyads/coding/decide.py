"""Decide which candidates are events: a registry of coders, each choosing among a sentence's candidates.

`rules` keeps what the patterns coded. `learned` asks the trained event model: the root (and, where
it is confident, the full code) of each candidate, and which actor mention is the source and which
the target; where the rules coded the same root at the same trigger, their code and actors stand,
since their patterns are more specific than the model's labels. Every decided action carries the
chain of what shaped its code (`model:dyads-event-1 p=0.91 < verbs/11_disapprove.tsv:14`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

import numpy as np
from spacy.tokens import Token

from dyads.coding.cameo import lookup_cameo, root_of
from dyads.coding.candidates import Candidate, SentenceCandidates, rule_roots
from dyads.coding.reading import _Action, _carrier
from dyads.coding.verbs import Pattern
from dyads.errors import InputError

__all__ = ["CODERS", "DEFAULT_CODER", "Decider", "LearnedDecider", "RulesDecider", "decider_for"]

_NOUN_POS = frozenset({"NOUN", "PROPN"})
_CODE_CONFIDENCE = 0.5  # below it, the learned coder reports the root's own code ("110")
_WEAK_ROLE = 0.2  # a source this likely stands when nothing better names one


class Decider(Protocol):
    """Chooses the actions of each sentence from its candidates."""

    name: str
    needs_all_nouns: bool

    def decide(self, sentences: Sequence[SentenceCandidates]) -> list[list[tuple[_Action, float | None]]]:
        """Return, per sentence, the decided actions with the model's probability (None for the rules)."""
        ...


class RulesDecider:
    """Today's coder: every action the patterns coded, as they coded it."""

    name = "rules"
    needs_all_nouns = False

    def decide(self, sentences: Sequence[SentenceCandidates]) -> list[list[tuple[_Action, float | None]]]:
        """Return the rules' actions of each sentence."""
        return [[(action, None) for action in found.actions] for found in sentences]


@dataclass(frozen=True, slots=True)
class _Chosen:
    candidate: Candidate
    root: int
    probability: float
    codes: np.ndarray


class LearnedDecider:
    """The trained event model decides the root, the code and the roles; the rules' reading is one of its inputs."""

    needs_all_nouns = True

    def __init__(self, folder: str | None = None) -> None:
        from dyads.learn.events import load_event_model

        self.model = load_event_model(folder)
        self.name = "learned"

    def decide(self, sentences: Sequence[SentenceCandidates]) -> list[list[tuple[_Action, float | None]]]:
        """Return the actions the model reports in each sentence, with their calibrated probability."""
        model = self.model
        # No actor named and nothing the rules coded: no event can have a source, so the encoder is spared.
        busy = [
            i for i, found in enumerate(sentences) if found.candidates and (found.mentions or found.actions)
        ]
        encoded = dict(zip(busy, model.encode([_text(sentences[i]) for i in busy]), strict=True))
        decided: list[list[tuple[_Action, float | None]]] = [[] for _ in sentences]
        for i in busy:
            found, sentence = sentences[i], encoded[i]
            offset = found.sentence.start_char
            # A user's own verb file says what they want coded: its actions stand as the rules coded them.
            own = [a for c in found.candidates for a in c.actions if _is_users(a.pattern)]
            decided[i].extend((action, None) for action in own)
            taken = {a.trigger.i for a in own}
            inputs, kept = [], []
            for candidate in found.candidates:
                rule, pattern = rule_roots(candidate)
                x = model.trigger_input(sentence, _span(candidate.trigger, offset), rule, pattern)
                if x is not None:
                    inputs.append(x)
                    kept.append(candidate)
            if not inputs:
                continue
            roots, codes = model.triggers(np.stack(inputs))
            chosen: list[_Chosen] = []
            for candidate, p, c in zip(kept, roots, codes, strict=True):
                q = p.copy()
                q[0] = 0.0
                best = int(q.argmax())
                if q[best] >= model.threshold:
                    chosen.append(_Chosen(candidate, best, float(q[best]), c))
            for pick in _one_per_phrase(chosen):
                if pick.candidate.trigger.i in taken:
                    continue
                action = self._action(found, sentence, pick)
                if action is not None:
                    decided[i].append((action, pick.probability))
        return decided

    def _action(self, found: SentenceCandidates, sentence: object, pick: _Chosen) -> _Action | None:
        """Return the action of one chosen candidate: the rules' own when they coded that root there."""
        model = self.model
        root = model.roots[pick.root]
        tag = f"model:{model.name} p={pick.probability:.2f}"
        same = [a for a in pick.candidate.actions if root_of(a.code) == root]
        if same:
            action = same[0]
            return replace(action, rule=f"{tag} < {action.rule or action.pattern.origin}")
        code, certainty = model.code_for(pick.root, pick.codes)
        if certainty < _CODE_CONFIDENCE or lookup_cameo(code) is None:
            code = root + "0"
        trigger = pick.candidate.trigger
        offset = found.sentence.start_char
        spans = [_span(m.token, offset) for m in found.mentions]
        probs = model.roles_of(sentence, _span(trigger, offset), spans, pick.root)  # type: ignore[arg-type]
        source = _best(probs, 1, model.role_threshold)
        target = _best(probs, 2, model.role_threshold, besides=source)
        sources: tuple[Token, ...] = (found.mentions[source].token,) if source is not None else ()
        targets: tuple[Token, ...] = (found.mentions[target].token,) if target is not None else ()
        rules = pick.candidate.actions
        actors = found.reader.actors

        def resolves(tokens: tuple[Token, ...]) -> bool:
            return any(actors.actors_for(t) for t in tokens)

        if not sources and rules and resolves(rules[0].sources):
            sources = rules[0].sources  # the rules' subject, found up the clause chain or from memory
        if not sources and trigger.pos_ not in _NOUN_POS:
            sources = tuple(t for t in found.reader._sources(trigger) if actors.actors_for(t))
        if not sources:
            # No subject the rules can see: the likeliest source the model names, if at all likely.
            weak = _best(probs, 1, _WEAK_ROLE, besides=target)
            sources = (found.mentions[weak].token,) if weak is not None else ()
        if not targets and rules:
            targets = rules[0].targets
        if not sources:
            return None
        pattern = pick.candidate.pattern or _model_pattern(
            trigger.lemma_.lower(), trigger.pos_ in _NOUN_POS, model.name
        )
        pattern = replace(pattern, code=code)
        origin = pick.candidate.pattern.origin if pick.candidate.pattern else None
        carrier = _carrier(trigger) if pattern.noun else trigger
        return _Action(
            trigger,
            pattern,
            code,
            sources,
            targets,
            carrier,
            rule=f"{tag}" + (f" < {origin}" if origin else ""),
        )


def _is_users(pattern: Pattern) -> bool:
    """Return whether a pattern comes from a user's verb file (`--verbs`), not the packaged lexicon."""
    return not pattern.origin.startswith("verbs/")


def _span(token: object, offset: int) -> tuple[int, int]:
    start = token.idx - offset  # type: ignore[attr-defined]
    return start, start + len(token.text)  # type: ignore[attr-defined]


def _text(found: SentenceCandidates) -> str:
    return found.sentence.text


def _best(probs: np.ndarray, column: int, threshold: float, *, besides: int | None = None) -> int | None:
    """Return the actor mention most likely in a role, if likely enough."""
    order = [i for i in np.argsort(-probs[:, column]) if i != besides] if len(probs) else []
    return int(order[0]) if order and probs[order[0], column] >= threshold else None


def _one_per_phrase(chosen: list[_Chosen]) -> list[_Chosen]:
    """Keep one of two chosen candidates of one phrase with one root ("launched an attack"): the likelier."""
    kept: list[_Chosen] = []
    for pick in sorted(chosen, key=lambda c: -c.probability):
        t = pick.candidate.trigger
        if any(
            k.root == pick.root and (k.candidate.trigger.i == t.head.i or k.candidate.trigger.head.i == t.i)
            for k in kept
        ):
            continue
        kept.append(pick)
    return sorted(kept, key=lambda c: c.candidate.trigger.i)


def _model_pattern(lemma: str, noun: bool, name: str) -> Pattern:
    """Return the pattern a model-only trigger is coded under: no requirements, the model as its origin."""
    empty: frozenset[str] = frozenset()
    return Pattern(lemma, noun, None, empty, False, empty, empty, empty, empty, "010", f"model:{name}")


CODERS: dict[str, Callable[[], Decider]] = {"rules": RulesDecider, "learned": LearnedDecider}
DEFAULT_CODER = (
    "learned"  # it beats the rules on dev (docs/model.md); `--coder rules` keeps the patterns alone
)


def decider_for(name: str) -> Decider:
    """Return the registered coder of that name."""
    if name not in CODERS:
        raise InputError("--coder", f"unknown coder {name!r}; choose one of {', '.join(sorted(CODERS))}")
    return CODERS[name]()
