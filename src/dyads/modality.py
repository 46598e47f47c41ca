"""Negation and modality of a coded action: asserted, future, intended, attempted, alleged, demanded, hypothetical, conditional, denied, averted.

A yes/no question ("Did Russia attack Georgia?") asserts nothing: its actions are hypothetical.
The modality stage (`action_modality`) also applies what CAMEO makes of some negations: a cooperation
said not to happen is its refusal, a supply said to stop is its reduction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.tokens import Token

from dyads.coding.cameo import root_of
from dyads.resources import word_set

if TYPE_CHECKING:
    from dyads.coding.reading import _Action
    from dyads.coding.verbs import Lexicon

__all__ = ["ActionModality", "action_modality", "is_discontinued", "is_negated", "modality_of"]

# Roots whose negation is a refusal ("would not provide support" → reject, CAMEO 12x).
_REFUSABLE_ROOTS = word_set("coding/words.tsv", "refusable_roots")
# What an event noun's own adjective can make of it ("an impending strike", "a possible deal").
_NOUN_MODALITIES = frozenset({"future", "hypothetical", "intended", "averted"})

# How far up the clause chain a framing word still colours the action ("plans to seek to …").
_MAX_CLIMB = 4
_CLIMB_DEPS = frozenset(
    {"xcomp", "ccomp", "acl", "advcl", "pcomp", "dobj", "pobj", "prep", "conj", "relcl", "acomp"}
)


def _aux_words(verb: Token) -> list[Token]:
    """Return the auxiliaries and negations attached to the verb (and to a copula head)."""
    return [child for child in verb.children if child.dep_ in {"aux", "auxpass", "neg", "advmod", "preconj"}]


def is_negated(verb: Token, words: Mapping[str, str]) -> bool:
    """Return whether the action itself is negated ("did not attack", "never met", "neither … nor")."""
    for child in verb.children:
        if child.dep_ == "neg" or (
            child.dep_ in {"advmod", "preconj", "det"} and words.get(child.lower_) == "negation"
        ):
            return True
    subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    return subject is not None and any(
        c.dep_ == "preconj" and c.lower_ == "neither" for c in subject.children
    )


def is_discontinued(verb: Token) -> bool:
    """Return whether the action is said to stop ("no longer supplies", "will not buy … any longer", "not … anymore")."""
    return any(
        c.dep_ == "advmod"
        and (
            c.lower_ == "anymore"
            or (c.lower_ == "longer" and any(g.lower_ in {"no", "any"} for g in c.children))
        )
        for c in verb.children
    )


def _is_polar_question(verb: Token) -> bool:
    """Return whether the verb's sentence asks whether something is so ("Did Russia attack Georgia?").

    A wh-question ("Why did Japan criticise China?") takes its event as given and stays asserted.
    """
    sent = verb.sent
    if not sent.text.rstrip().endswith("?") or sent[0].tag_ in {"WDT", "WP", "WP$", "WRB"}:
        return False
    root = sent.root
    subject = next((c for c in root.children if c.dep_ in {"nsubj", "nsubjpass", "expl"}), None)
    aux = next((c for c in root.children if c.dep_ in {"aux", "auxpass"}), None)
    if root.lemma_ == "be" and subject is not None:
        return root.i < subject.i  # "Is Russia behind the attack?"
    return aux is not None and subject is not None and aux.i < subject.i


def _is_condition(verb: Token, words: Mapping[str, str]) -> bool:
    """Return whether the clause is an if-clause ("if Russia attacks", "unless talks resume")."""
    return verb.dep_ == "advcl" and any(
        c.dep_ == "mark" and words.get(c.lower_) == "conditional" for c in verb.children
    )


# Negated verbs that still assert what they govern: "did not hesitate to strike" struck.
_ASSERTING_WHEN_NEGATED = frozenset({"hesitate", "wait", "delay", "stop", "cease", "fail"})


def _has_no(token: Token, words: Mapping[str, str]) -> bool:
    """Return whether a framing word is itself negated ("no plans", "did not intend")."""
    if is_negated(token, words) or (token.dep_ == "acomp" and is_negated(token.head, words)):
        return True  # "did not intend", "is not willing"
    return token.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ == "no" for c in token.children)


def _is_to_infinitive(verb: Token) -> bool:
    """Return whether the clause is a to-infinitive ("to detain them")."""
    return verb.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _denies_what_it_governs(verb: Token, words: Mapping[str, str]) -> bool:
    """Return whether a verb above an infinitive says that infinitive's act did not happen."""
    lemma = verb.lemma_.lower()
    if words.get(lemma) == "negation":
        return not is_negated(verb, words)  # "failed to stop"; "did not fail to stop" stopped
    return is_negated(verb, words) and lemma not in _ASSERTING_WHEN_NEGATED


def modality_of(verb: Token, words: Mapping[str, str]) -> str:
    """Return the modality of the action headed by `verb`, from its auxiliaries and the verbs above it."""
    if _is_polar_question(verb):
        return "hypothetical"
    if _is_condition(verb, words):
        return "conditional"
    if any(c.dep_ == "mark" and c.lower_ == "whether" for c in verb.children) or (
        verb.dep_ == "ccomp" and words.get(verb.head.lemma_.lower()) == "imagined"
    ):
        return "hypothetical"  # "whether Turkey would fight", "speculated that Iran would strike"
    for aux in _aux_words(verb):
        kind = words.get(aux.lower_)
        if aux.lower_ == "would" and verb.dep_ == "ccomp":
            return "future"  # "said he would not provide": the future of the past, not a hypothesis
        if kind in {"future", "hypothetical"}:
            return kind
    if any(a.lower_ == "going" for a in verb.children) or (
        verb.dep_ == "xcomp" and verb.head.lower_ == "going"
    ):
        return "future"
    token = verb
    infinitive = False
    for _ in range(_MAX_CLIMB):
        if token.dep_ not in _CLIMB_DEPS or token.head.i == token.i:
            break
        if token.dep_ == "ccomp" and words.get(token.head.lemma_.lower()) not in {
            "denied",
            "alleged",
            "imagined",
        }:
            break  # reported speech: "X said Y attacked" stays asserted; "X claimed Y attacked" is alleged
        infinitive = infinitive or _is_to_infinitive(token)
        token = token.head
        kind = words.get(token.lemma_.lower())
        if kind == "intended" and _has_no(token, words):
            return "denied"  # "Japan has no plans to bow", "did not intend to attack"
        if kind in {"intended", "denied", "attempted", "alleged", "averted"}:
            return kind
        if kind == "future" and token.dep_ in {"acomp", "ROOT", "xcomp"} and token.pos_ in {"ADJ", "VERB"}:
            return "future"  # "is due to begin a tour", "is set to visit", "scheduled to meet"
        if kind == "imagined":
            return "hypothetical"  # "I imagined fighter jets bombing", "speculated that Iran would strike"
        if infinitive and token.pos_ in {"VERB", "AUX"} and _denies_what_it_governs(token, words):
            # "did not have the resources to detain them", "failed to stop the attack": the
            # infinitive's act is said not to have happened.
            return "denied"
        if kind in {"demanded", "hypothetical"} and token.pos_ == "NOUN":
            # "pressure from Congress to help Iran": the help is asked for, not given; "the levers
            # the US has to pressure Moscow": a means to act is no act.
            return kind
        if kind == "conditional" or _is_condition(token, words):
            return "conditional"  # "If Assad is to end the war, …": the ending is a condition
        for aux in _aux_words(token):
            if (
                words.get(aux.lower_) in {"future", "hypothetical"}
                and token.pos_ in {"VERB", "AUX"}
                and (verb.dep_ == "xcomp" or (verb.dep_ == "advcl" and _is_to_infinitive(verb)))
            ):
                # "will try to meet", "will be sent to approve it": what is to be done is still to come
                return words[aux.lower_]
    return "asserted"


@dataclass(frozen=True, slots=True)
class ActionModality:
    """What the modality stage decided of one action: its code (perhaps rewritten), the chain, modality, negation."""

    code: str
    chain: str  # what shaped the code, the latest step first ("frames.tsv:reject < verbs/…:12")
    modality: str
    negated: bool


def _noun_modality(noun: Token, lexicon: Lexicon) -> str | None:
    """Return the modality an event noun's own adjective gives it ("impending", "possible", "planned")."""
    kinds = [
        lexicon.modality.get(c.lower_) or lexicon.modality.get(c.lemma_.lower())
        for c in noun.children
        if c.dep_ in {"amod", "compound"}
    ]
    return next((k for k in kinds if k in _NOUN_MODALITIES), None)


def action_modality(action: _Action, lexicon: Lexicon) -> ActionModality:
    """The modality stage: decide an action's modality and negation, and the code they make of it."""
    code = action.code
    chain = action.rule or action.pattern.origin
    carrier = action.modality_token
    told = _noun_modality(action.trigger, lexicon) if action.pattern.noun else None
    if carrier.i != action.trigger.i and lexicon.modality.get(carrier.lemma_.lower()) == "averted":
        modality = "averted"  # "a deal to avoid a regime assault": the noun's own verb averts it
    elif told is not None:
        modality = told  # "an impending regime incursion", "a possible strike"
    else:
        modality = action.modality or modality_of(carrier, lexicon.modality)
    negated = is_negated(carrier, lexicon.modality)
    if is_discontinued(carrier):
        # "would no longer supply arms": the supply stops, which CAMEO codes as reducing it.
        if lexicon.framed_code("halt", code) is not None:
            code, negated = lexicon.frame_code("halt", code), False
            chain = f"frames.tsv:halt < {chain}"
        else:
            negated = True
    elif negated and root_of(code) in _REFUSABLE_ROOTS and modality in {"future", "intended"}:
        # CAMEO codes a cooperation said not to happen as its refusal, which did happen ("will not
        # provide aid"); one that merely did not happen ("have not met since March") stays negated.
        code, negated, modality = lexicon.frame_code("reject", code), False, "asserted"
        chain = f"frames.tsv:reject < {chain}"
    return ActionModality(code, chain, modality, negated)
