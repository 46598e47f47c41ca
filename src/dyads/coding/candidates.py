"""Candidate events of a parsed sentence: every predicate that could report an event, with its features.

A candidate is a verb or an event noun (one the lexicon or the trained model knows as a trigger),
the rules' readings of it (the pattern rows that matched and the actions they coded), and the actor
mentions of the sentence with where each stands from the trigger (dependency path, side, distance).
The rules decide among candidates by their patterns; the learned coder by models over these
features. Nothing here decides: a candidate may well be no event at all.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from spacy.tokens import Span, Token

from dyads.actors.resolve import DocActors
from dyads.coding.cameo import root_of
from dyads.coding.reading import _Action, _match, _SentenceCoder
from dyads.coding.verbs import NO_EVENT, Lexicon, Pattern
from dyads.model import Actor

__all__ = ["ActorMention", "Candidate", "SentenceCandidates", "actor_mentions", "sentence_candidates"]

_VERB_POS = frozenset({"VERB"})
_NOUN_POS = frozenset({"NOUN"})
_ACTOR_POS = frozenset({"PROPN", "NOUN", "PRON"})
_NOT_HEADS = frozenset({"compound", "amod", "nmod", "det", "nummod"})
_ARGUMENT_DEPS = frozenset(
    {
        "nsubj",
        "nsubjpass",
        "dobj",
        "iobj",
        "attr",
        "xcomp",
        "ccomp",
        "agent",
        "prt",
        "neg",
        "aux",
        "auxpass",
        "advcl",
        "acomp",
        "poss",
        "pcomp",
    }
)
_MAX_PATH = 4


@dataclass(frozen=True, slots=True)
class ActorMention:
    """An actor the sentence names: its head token and the Actor it resolves to."""

    token: Token
    actor: Actor


@dataclass(frozen=True, slots=True)
class Candidate:
    """One predicate that may report an event, with the rules' readings of it."""

    trigger: Token
    pattern: Pattern | None  # the lexicon row the trigger matched, if any
    actions: tuple[_Action, ...]  # the events the rules coded at this trigger (none: the rules are silent)

    @property
    def rule_roots(self) -> frozenset[str]:
        """Return the CAMEO roots the rules coded here."""
        return frozenset(root_of(a.code) for a in self.actions)


@dataclass(frozen=True, slots=True)
class SentenceCandidates:
    """The candidates and actor mentions of one sentence."""

    sentence: Span
    candidates: tuple[Candidate, ...]
    mentions: tuple[ActorMention, ...]
    actions: tuple[_Action, ...]  # every action the rules coded in the sentence
    reader: _SentenceCoder  # the rules' reading of the sentence: subjects, objects, places


def actor_mentions(sent: Span, actors: DocActors) -> list[ActorMention]:
    """Return the actor mentions of a sentence, one per noun-phrase head that resolves to an actor."""
    found: list[ActorMention] = []
    for token in sent:
        if token.pos_ not in _ACTOR_POS or token.dep_ in _NOT_HEADS:
            continue
        actor = actors.actor_for(token)
        if actor is not None:
            found.append(ActorMention(token, actor))
    return found


def sentence_candidates(
    sent: Span, actors: DocActors, lexicon: Lexicon, trigger_nouns: Collection[str] | None = None
) -> SentenceCandidates:
    """Return the candidate events of one sentence: its verbs, its event nouns, and whatever the rules coded.

    Nouns are candidates when the lexicon has a pattern for them or their lemma is in `trigger_nouns`
    (every noun when it is None).
    """
    reader = _SentenceCoder(sent, actors, lexicon)
    actions = tuple(reader.actions())
    by_trigger: dict[int, list[_Action]] = {}
    for action in actions:
        by_trigger.setdefault(action.trigger.i, []).append(action)
    candidates: list[Candidate] = []
    for token in sent:
        lemma = token.lemma_.lower()
        pattern: Pattern | None = None
        if token.pos_ in _VERB_POS or token.pos_ == "AUX" and token.i in by_trigger:
            pattern = _match(token, lexicon.verbs.get(lemma, ())) or _match(
                token, lexicon.frame_verbs.get(lemma, ())
            )
        elif token.pos_ in _NOUN_POS:
            pattern = _match(token, lexicon.nouns.get(lemma, ()))
            known = trigger_nouns is None or lemma in trigger_nouns
            if pattern is None and not known and token.i not in by_trigger:
                continue
        elif token.i not in by_trigger:
            continue
        if pattern is not None and pattern.code == NO_EVENT:
            pattern = None
        candidates.append(Candidate(token, pattern, tuple(by_trigger.get(token.i, ()))))
    return SentenceCandidates(sent, tuple(candidates), tuple(actor_mentions(sent, actors)), actions, reader)


def dep_path(start: Token, end: Token) -> str:
    """Return the dependency path from one token to another ("^nsubj", "vdobj>vprep:on>vpobj"), at most a few steps."""
    up_start = [start, *start.ancestors]
    up_end = [end, *end.ancestors]
    index = {t.i: n for n, t in enumerate(up_end)}
    common = next((n for n, t in enumerate(up_start) if t.i in index), None)
    if common is None:
        return "none"
    ups = [t.dep_ for t in up_start[:common]]
    downs = [
        t.dep_ + (":" + t.lower_ if t.dep_ == "prep" else "")
        for t in reversed(up_end[: index[up_start[common].i]])
    ]
    if len(ups) + len(downs) > _MAX_PATH:
        return "far"
    return ">".join(["^" + d for d in ups] + ["v" + d for d in downs]) or "self"


def trigger_features(candidate: Candidate, actors: DocActors) -> dict[str, float]:
    """Return the sparse features of a candidate trigger: its words, its parse, and the rules' reading."""
    t = candidate.trigger
    lemma = t.lemma_.lower()
    f: dict[str, float] = {
        "lemma=" + lemma: 1.0,
        "lower=" + t.lower_: 1.0,
        "pos=" + t.pos_: 1.0,
        "tag=" + t.tag_: 1.0,
        "dep=" + t.dep_: 1.0,
        "head=" + t.head.lemma_.lower(): 1.0,
        "dep_head=" + t.dep_ + ":" + t.head.lemma_.lower(): 1.0,
        "lemma_dep=" + lemma + ":" + t.dep_: 1.0,
    }
    for child in t.children:
        dep = child.dep_
        if dep == "prep":
            f["prep=" + child.lower_] = 1.0
            f["lemma_prep=" + lemma + ":" + child.lower_] = 1.0
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    f["prep_obj=" + child.lower_ + ":" + pobj.lemma_.lower()] = 1.0
        elif dep in _ARGUMENT_DEPS:
            f["child=" + dep + ":" + child.lemma_.lower()] = 1.0
            f["has=" + dep] = 1.0
            if dep == "prt":
                f["lemma_prt=" + lemma + ":" + child.lower_] = 1.0
            found = actors.actor_for(child) if child.pos_ in _ACTOR_POS else None
            if found is not None:
                f["actor=" + dep] = 1.0
                for role in found.roles:
                    f["actor_role=" + dep + ":" + role] = 1.0
        else:
            f["has=" + dep] = 1.0
    doc = t.doc
    for offset in (-2, -1, 1, 2):
        j = t.i + offset
        word = doc[j].lower_ if 0 <= j < len(doc) and doc[j].sent == t.sent else "<s>"
        f[f"w{offset:+d}={word}"] = 1.0
    if candidate.pattern is not None:
        code = candidate.pattern.code
        f["pattern=" + code] = 1.0
        f["pattern_root=" + (code if code.startswith("frame:") else root_of(code))] = 1.0
        f["pattern_specific=" + str(min(candidate.pattern.specificity, 3))] = 1.0
    else:
        f["pattern=none"] = 1.0
    for action in candidate.actions:
        f["rule=" + action.code] = 1.0
        f["rule_root=" + root_of(action.code)] = 1.0
    if not candidate.actions:
        f["rule=none"] = 1.0
    return f


def rule_roots(candidate: Candidate) -> tuple[str, str]:
    """Return the root the rules coded at a candidate and the root of the lexicon row it matched ("none" for none)."""
    coded = sorted(candidate.rule_roots)
    pattern = candidate.pattern
    matched = (
        "none" if pattern is None else "frame" if pattern.code.startswith("frame:") else root_of(pattern.code)
    )
    return (coded[0] if coded else "none"), matched


def without_rules(features: dict[str, float]) -> dict[str, float]:
    """Return the features without those the rules give (for the ablation)."""
    return {k: v for k, v in features.items() if not k.startswith(("pattern", "rule"))}


def role_features(candidate: Candidate, mention: ActorMention, root: str) -> dict[str, float]:
    """Return the sparse features of one (trigger, actor mention) pair, for choosing source and target."""
    t, a = candidate.trigger, mention.token
    path = dep_path(t, a)
    side = "before" if a.i < t.i else "after"
    gap = abs(a.i - t.i)
    distance = "1" if gap <= 1 else "2-3" if gap <= 3 else "4-7" if gap <= 7 else "8+"
    lemma = t.lemma_.lower()
    f: dict[str, float] = {
        "path=" + path: 1.0,
        "path_root=" + path + ":" + root: 1.0,
        "path_pos=" + path + ":" + t.pos_: 1.0,
        "side=" + side: 1.0,
        "side_pos=" + side + ":" + t.pos_: 1.0,
        "distance=" + distance: 1.0,
        "adep=" + a.dep_: 1.0,
        "adep_root=" + a.dep_ + ":" + root: 1.0,
        "origin=" + mention.actor.origin: 1.0,
        "lemma_path=" + lemma + ":" + path: 1.0,
        "root=" + root: 1.0,
    }
    for role in mention.actor.roles:
        f["role=" + role + ":" + root] = 1.0
    if mention.actor.country is None:
        f["countryless"] = 1.0
    if a.dep_ == "pobj":
        f["prep=" + a.head.lower_ + ":" + root] = 1.0
        f["lemma_prep=" + lemma + ":" + a.head.lower_] = 1.0
    for action in candidate.actions:
        if any(_covers(s, a) for s in action.sources):
            f["rule_source"] = 1.0
        if any(_covers(s, a) for s in action.targets):
            f["rule_target"] = 1.0
    return f


def _covers(head: Token, token: Token) -> bool:
    """Return whether the phrase headed by `head` holds `token`."""
    return head.i == token.i or head.left_edge.i <= token.i <= head.right_edge.i and token.head.i == head.i
