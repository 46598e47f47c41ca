"""Assemble the Mentions of a decided action: its actor pairs, the code each pair makes, the record.

One action becomes one Mention per (source, target) pair whose actors resolve; a visit also gives
the host's hosting (mirrors.tsv); a state's protest is an official complaint; a code may change with
who takes part (role_senses.tsv); restrictions.tsv rules out pairs that cannot take part. Each
rewrite is added to the mention's `rule` chain. Dates, places and confidence are later stages.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from spacy.tokens import Token

from dyads.actors.resolve import DocActors
from dyads.coding.cameo import lookup_cameo, root_of
from dyads.coding.plover import plover_for
from dyads.coding.reading import (
    _RECIPROCAL_CODES,
    _SHARED_NOUNS,
    _Action,
    _agent_of_event,
    _lemma,
    _objects,
    _preps,
)
from dyads.coding.verbs import Lexicon
from dyads.modality import ActionModality
from dyads.model import Actor, Article, Mention, Sentence, mention_id_for
from dyads.resources import word_set

__all__ = ["as_written", "assemble"]

_WORDS = "coding/words.tsv"
# Roots where, with no other target, the place names whom the action concerns (CAMEO practice:
# "met in Zurich", "protested in Beijing", "held exercises in Alaska", "inspected sites in Iran").
_PLACE_TARGET_ROOTS = word_set(_WORDS, "place_target_roots")
# A visit's place is whom it visits ("attend a summit in Switzerland").
_VISIT_CODES = word_set(_WORDS, "visit_codes")
_OFFICIAL_COMPLAINT = "114"
_STATE_ROLES = word_set(_WORDS, "state_roles")


def _trigger_span(token: Token) -> tuple[int, int, str]:
    """Return the character span and text of the trigger words (auxiliaries, negation, particle)."""
    words = [
        token,
        *(c for c in token.children if c.dep_ in {"aux", "neg", "prt"} and abs(c.i - token.i) <= 3),
    ]
    first = min(words, key=lambda t: t.i)
    last = max(words, key=lambda t: t.i)
    text = token.doc[first.i : last.i + 1].text
    return first.idx, last.idx + len(last.text), text


def _of_their_own(verb: Token) -> bool:
    """Return whether the verb acts on something the subjects share or on each other's.

    "postponed their meeting", "voted against the other's proposals", "criticised each other's plans".
    """
    objects = [*_objects(verb), *(o for objs in _preps(verb).values() for o in objs)]
    return any(
        (_lemma(o) in _SHARED_NOUNS and c.lower_ == "their")
        or (c.dep_ == "poss" and c.lemma_.lower() == "other")
        for o in objects
        for c in o.children
    )


def _pairs(action: _Action, actors: DocActors, lexicon: Lexicon) -> Iterator[tuple[Actor, Actor | None]]:
    """Yield the (source, target) actor pairs of an action.

    A thing a country only modifies does not act ("American dithering has invited defiance"),
    unless it is an event of that country's ("Israeli shelling killed four").
    """
    # One actor named twice ("the International Energy Agency (IEA)") acts once.
    sources = _distinct(
        a
        for t in action.sources
        if not (actors.is_modified_thing(t) and _lemma(t) not in lexicon.nouns)
        for a in (actors.actors_for(t) or _agents_of(t, actors, lexicon))
    )
    targets = _distinct(a for t in action.targets for a in actors.actors_for(t))
    if not targets and not action.pattern.noun:
        targets = [
            a for a in (_agent_of_event(t, actors, action.trigger) for t in action.targets) if a is not None
        ]
    if not targets:
        # "Police arrested Tommy Robinson": a person no dictionary knows is a civilian, not no one.
        targets = _distinct(a for t in action.targets if (a := actors.unknown_person(t)) is not None)
    root = root_of(action.code)
    if (
        not targets
        and len(sources) > 1
        and (action.code in _RECIPROCAL_CODES or _of_their_own(action.trigger))
        and not any(actors.actor_for(o) for o in _objects(action.trigger))
    ):
        for source in sources:
            for other in sources:
                if other.code != source.code:
                    yield source, other
        return
    if not targets and (root in _PLACE_TARGET_ROOTS or action.code == "036"):
        places = action.places
        if root == "04" and action.code not in _VISIT_CODES:
            # "attended the Beijing Olympics" is a visit to China; "the board meets in Vienna" is no visit.
            places = tuple(t for t in places if t.dep_ == "compound")
        targets = [a for a in (actors.place_for(t) for t in places) if a is not None]
    if not targets:
        # An actor doing something to no one the dictionaries know ("militants burned the village",
        # "Israel refused concessions") is still an event: coded with a null target, as GDELT does.
        yield from ((source, None) for source in sources)
        return
    seen: set[tuple[str, str]] = set()
    for source in sources:
        for target in targets:
            if source.code != target.code and (source.code, target.code) not in seen:
                seen.add((source.code, target.code))
                yield source, target


def _distinct(actors: Iterable[Actor]) -> list[Actor]:
    """Return the actors in order, each code once."""
    first: dict[str, Actor] = {}
    for actor in actors:
        first.setdefault(actor.code, actor)
    return list(first.values())


def _agents_of(token: Token, actors: DocActors, lexicon: Lexicon) -> list[Actor]:
    """Return who does an event noun that acts ("Airstrikes by the Saudi-led coalition killed 20")."""
    if _lemma(token) not in lexicon.nouns:
        return []
    agent = _agent_of_event(token, actors)
    return [agent] if agent is not None else []


def _is_state(actor: Actor) -> bool:
    """Return whether the actor is a state or speaks for one: a country, its government, army or parliament, an IGO."""
    if actor.origin == "demonym":
        return False  # "Greeks rioted": people, not the state
    return (
        actor.code == actor.country
        or (bool(set(actor.roles) & _STATE_ROLES) and actor.country is not None)
        or actor.code.startswith("IGO")
    )


def _object_is_a_thing(action: _Action, actors: DocActors) -> bool:
    """Return whether the verb's direct object is a common noun that is no actor and no place.

    An object the pattern names ("held [talks]") is the event itself, never a stray thing.
    """
    if action.pattern.noun or action.pattern.objects:
        return False
    objects = [c for c in action.trigger.children if c.dep_ == "dobj"]
    return bool(objects) and all(
        o.pos_ == "NOUN" and not o.ent_type_ and actors.actor_for(o) is None and actors.place_for(o) is None
        for o in objects
    )


def as_written(mention: Mention, text: str) -> Mention:
    """Return the mention with its trigger and actor names taken from the article's own text."""

    def actor(found: Actor | None) -> Actor | None:
        if found is None or found.start is None or found.end is None:
            return found
        return replace(found, name=text[found.start : found.end])

    return replace(
        mention,
        trigger=text[mention.trigger_start : mention.trigger_end],
        source=actor(mention.source),
        target=actor(mention.target),
    )


def assemble(
    article: Article,
    action: _Action,
    modal: ActionModality,
    actors: DocActors,
    lexicon: Lexicon,
    sentence: Sentence,
    probability: float | None = None,
) -> Iterator[Mention]:
    """Yield the Mentions of one action, one per source × target pair (dates and places are later stages)."""
    code, chain, negated, modality = modal.code, modal.chain, modal.negated, modal.modality
    trigger_start, trigger_end, trigger = _trigger_span(action.trigger)
    pairs = list(_pairs(action, actors, lexicon))
    mirror = lexicon.mirrors.get(code)
    coded = [(source, target, code, chain) for source, target in pairs]
    if mirror is not None and not negated:
        # Hosting needs a host named as such: "visited China" is China's hosting, "attended a summit
        # in Switzerland" or "flew to Beijing" (a place) says nothing of who received the visitor.
        coded += [
            (target, source, mirror[0], f"{mirror[1]} < {chain}")
            for source, target in pairs
            if target is not None and target.origin != "place"
        ]
    thing = _object_is_a_thing(action, actors)
    # A state does not take to the streets: "Ankara protested at the alliance" is an official complaint.
    coded = [
        (source, target, _OFFICIAL_COMPLAINT, f"state-protest < {rule}")
        if root_of(code) == "14" and _is_state(source) and code != _OFFICIAL_COMPLAINT
        else (source, target, code, rule)
        for source, target, code, rule in coded
    ]
    # "backed Assad's forces" is military cooperation where "backed Serbia" is an endorsement.
    lemma = _lemma(action.trigger)
    sensed = [(s, t, lexicon.sense_for(c, lemma, s, t), rule) for s, t, c, rule in coded]
    coded = [
        (s, t, c, rule if c == before else f"role_senses.tsv:{lemma} < {rule}")
        for (s, t, c, rule), (_, _, before, _) in zip(sensed, coded, strict=True)
    ]
    for source, target, code, rule in coded:
        if not lexicon.allows(code, source, target, thing_object=thing):
            continue
        cameo = lookup_cameo(code)
        plover = plover_for(code)
        mention_id = mention_id_for(
            article.id, sentence.start, trigger_start, code, source.code, target.code if target else ""
        )
        yield Mention(
            id=mention_id,
            article_id=article.id,
            source=source,
            target=target,
            cameo=code,
            goldstein=cameo.goldstein,
            quadclass=cameo.quadclass,
            plover_type=plover.type,
            plover_mode=plover.mode,
            plover_context=plover.context,
            trigger=trigger,
            trigger_start=trigger_start,
            trigger_end=trigger_end,
            negated=negated,
            modality=modality,
            date=None,  # the dates stage
            date_precision=None,
            date_text=None,
            place=None,  # the places stage
            sentence_index=sentence.index,
            sentence=sentence.text,
            sentence_start=sentence.start,
            sentence_end=sentence.end,
            confidence=round(probability, 2)
            if probability is not None
            else 0.0,  # else scored by the confidence stage
            rule=rule,
        )
