"""The candidate stage: every predicate that could report an event, with the rules' reading and features."""

from __future__ import annotations

from dyads.actors.resolve import DocActors
from dyads.coding.candidates import (
    actor_mentions,
    dep_path,
    role_features,
    rule_roots,
    sentence_candidates,
    trigger_features,
    without_rules,
)


def _found(coder, text: str, nouns=None):  # type: ignore[no-untyped-def]
    doc = coder.nlp(text)
    actors = DocActors(doc, coder.kb, speech=coder.lexicon.speech, events=coder.lexicon.nouns)
    sent = next(iter(doc.sents))
    return sentence_candidates(sent, actors, coder.lexicon, nouns), actors


def test_verbs_and_rule_actions_are_candidates(coder) -> None:  # type: ignore[no-untyped-def]
    found, _ = _found(coder, "France condemned Germany and praised Italy.")
    lemmas = {c.trigger.lemma_ for c in found.candidates}
    assert {"condemn", "praise"} <= lemmas
    condemned = next(c for c in found.candidates if c.trigger.lemma_ == "condemn")
    assert condemned.rule_roots == {"11"}
    assert rule_roots(condemned)[0] == "11"
    assert {m.actor.code for m in found.mentions} >= {"FRA", "DEU", "ITA"}


def test_nouns_are_candidates_when_known_or_all_asked(coder) -> None:  # type: ignore[no-untyped-def]
    text = "The boycott of the summit by Canada surprised diplomats."
    restricted, _ = _found(coder, text, ())
    everything, _ = _found(coder, text, None)
    assert "diplomat" not in {c.trigger.lemma_ for c in restricted.candidates}
    assert "diplomat" in {c.trigger.lemma_ for c in everything.candidates}


def test_trigger_features_carry_the_rules_reading_and_the_ablation_drops_it(coder) -> None:  # type: ignore[no-untyped-def]
    found, actors = _found(coder, "France condemned Germany.")
    condemned = next(c for c in found.candidates if c.trigger.lemma_ == "condemn")
    features = trigger_features(condemned, actors)
    assert features["lemma=condemn"] == 1.0
    assert features["rule_root=11"] == 1.0
    assert "actor=nsubj" in features and "actor=dobj" in features
    plain = without_rules(features)
    assert "lemma=condemn" in plain and not any(k.startswith(("rule", "pattern")) for k in plain)


def test_dep_path_and_role_features(coder) -> None:  # type: ignore[no-untyped-def]
    found, _ = _found(coder, "France condemned the attack on Germany.")
    verb = next(c for c in found.candidates if c.trigger.lemma_ == "condemn")
    france = next(m for m in found.mentions if m.actor.code == "FRA")
    germany = next(m for m in found.mentions if m.actor.code == "DEU")
    assert dep_path(verb.trigger, france.token) == "vnsubj"
    assert dep_path(verb.trigger, germany.token) == "vdobj>vprep:on>vpobj"
    features = role_features(verb, france, "11")
    assert features["side=before"] == 1.0 and features["rule_source"] == 1.0


def test_actor_mentions_skip_modifiers(coder) -> None:  # type: ignore[no-untyped-def]
    doc = coder.nlp("The French foreign minister met Angela Merkel in Berlin.")
    actors = DocActors(doc, coder.kb)
    heads = [m.token.text for m in actor_mentions(next(iter(doc.sents)), actors)]
    assert "minister" in heads and "French" not in heads
