"""Code actions: find triggers in each parsed sentence, match patterns, find source and target, build Mentions.

The order of work for one sentence: every verb or event noun whose lemma has patterns is matched; a
framing verb ("promised to", "called on … to") absorbs the action it governs; each remaining action
gets its sources (subject, passive agent, or the nearest subject up the clause chain — never across
reported speech) and targets (pattern preposition, direct object, default prepositions), and each
source × target pair whose actors resolve becomes one Mention.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace

from spacy.tokens import Span, Token

from dyads.actors.resolve import DocActors, prep_objects
from dyads.coding.cameo import root_of
from dyads.coding.verbs import NO_EVENT, Lexicon, Pattern
from dyads.modality import is_negated, modality_of
from dyads.model import Actor
from dyads.parse import CLAUSE_DEPTH as _CLAUSE_DEPTH
from dyads.resources import word_list, word_set

__all__: list[str] = []  # the rules' reading is used by the candidate, decide and assemble stages

_WORDS = "coding/words.tsv"  # the word and code sets below (set<TAB>item)

_VERB_POS = frozenset({"VERB", "AUX"})
_NOUN_POS = frozenset({"NOUN", "PROPN"})
# What a verb may carry and still share its coordinated verb's object ("arrested and later released X").
_SHARING_DEPS = frozenset({"nsubj", "aux", "neg", "advmod", "npadvmod", "cc", "conj", "punct"})
_OBJECT_DEPS = frozenset({"dobj", "attr", "oprd"})
_RELATIVE = word_set(_WORDS, "relative_pronouns")
# Verbs whose subject (not object) does the framed action: "China promised Pyongyang to return …".
_SUBJECT_CONTROL = word_set(_WORDS, "subject_control")
# Prepositions that introduce a target when the pattern names none ("clashed with", "fired at").
_DEFAULT_TARGET_PREPS = word_list(_WORDS, "target_preps")
_DEFAULT_NOUN_TARGET_PREPS = word_list(_WORDS, "noun_target_preps")
_DEFAULT_NOUN_SOURCE_PREPS = word_list(_WORDS, "noun_source_preps")
_SOURCE_PREPS = frozenset(_DEFAULT_NOUN_SOURCE_PREPS)
# Codes where "A and B met" means each met the other: things done together (meet, negotiate, agree
# to cooperate, sign, cooperate). "The presidents of Iran and Turkey arrived in Sochi" visits
# Russia, not each other; "France and Germany praised the deal" praises the deal.
_RECIPROCAL_CODES = word_set(_WORDS, "reciprocal_codes")
# What two parties can only have together: "A and B postponed their meeting" postpones it with each other.
_SHARED_NOUNS = word_set(_WORDS, "shared_nouns")
_MAX_CLIMB = 6
_LOCATIVE_PREPS = word_list(_WORDS, "locative_preps")
_PLACE_PREPS = word_set(_WORDS, "place_preps")
_PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
_DATE_ENTS = frozenset({"DATE", "TIME"})
_PRESSED_PREPS = word_set(_WORDS, "pressed_preps")
_HOLDING = word_set(_WORDS, "holding_words")
_COMPOUND_PREP_HEADS = word_set(_WORDS, "compound_prep_heads")
_GIVING_ROOTS = word_set(_WORDS, "giving_roots")
# Verbs that take "X as Y" ("condemned the plan as illegal"), whose X may move after "as Y".
_PREDICATIVE_AS = word_set(_WORDS, "predicative_as")
# Roots whose object event does not take place ("rejected talks", "suspended the dialogue").
_HALTING_ROOTS = word_set(_WORDS, "halting_roots")
_VIOLENT_ROOTS = word_set(_WORDS, "violent_roots")
# Roots of coercion and force: a party's report of one accuses the doer (or claims it), and what
# force is used on is hit with its owner.
_FORCE_ROOTS = word_set(_WORDS, "force_roots")
# Roots of things said, whose target can be what a that-clause is about.
_VERBAL_ROOTS = word_set(_WORDS, "verbal_roots")
# Statements about an event whose place, when no one is named, is whom they concern: a claim of
# responsibility for an attack in Nairobi, condolences for shootings in South Carolina.
_EVENT_PLACE_TARGET_CODES = word_set(_WORDS, "event_place_target_codes")
_PESSIMISTIC_COMMENT = "012"
# What a pattern's `[@place]` matches: an object that is a named place.
_PLACE_OBJECT = "@place"


@dataclass(frozen=True, slots=True)
class _Action:
    """A matched predicate in one sentence, before its actors are resolved."""

    trigger: Token
    pattern: Pattern
    code: str
    sources: tuple[Token, ...]
    targets: tuple[Token, ...]
    modality_token: Token  # whose auxiliaries and governors decide modality and date
    modality: str | None = None  # set when a framing verb decides it ("pledged to expel" → intended)
    places: tuple[Token, ...] = ()  # where it happened, the target when nothing else is ("met in Zurich")
    rule: str | None = (
        None  # what decided the action, when not its pattern alone ("model:dyads-event-1 p=0.91 < …")
    )


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _with_conjuncts(token: Token) -> list[Token]:
    """Return the token and the heads coordinated with it ("China, Russia and Iran")."""
    found = [token]
    for child in token.children:
        if child.dep_ == "conj" and child.pos_ in _NOUN_POS | {"PRON"}:
            found.extend(_with_conjuncts(child))
        elif child.dep_ == "appos" and child.pos_ == "PROPN" and token.pos_ == "PROPN":
            # "The US, Russia, and Switzerland", "Arnor and the evil Gondor": the parser reads a list's
            # item as an apposition; a name restating the head ("Congo, DRC") resolves to the same actor.
            found.extend(_with_conjuncts(child))
    return found


def _with_conjuncts_any(token: Token) -> list[Token]:
    """Return the token and every head coordinated with it, whatever its part of speech."""
    found = [token]
    for child in token.children:
        if child.dep_ == "conj":
            found.extend(_with_conjuncts_any(child))
    return found


def _is_passive(verb: Token) -> bool:
    """Return whether the verb is passive, including participles the parser leaves bare."""
    if any(child.dep_ in {"nsubjpass", "auxpass"} for child in verb.children):
        return True
    return _small_clause_patient(verb) is not None or _passive_conjunct_head(verb) is not None


def _small_clause_patient(verb: Token) -> Token | None:
    """Return the subject of a bare participle clause, which is done to ("could see them executed")."""
    if verb.tag_ != "VBN" or verb.dep_ not in {"ccomp", "xcomp", "oprd"}:
        return None
    if any(c.dep_ in {"aux", "auxpass"} for c in verb.children):
        return None
    return next((c for c in verb.children if c.dep_ == "nsubj"), None)


def _passive_conjunct_head(verb: Token) -> Token | None:
    """Return the passive verb a bare participle is coordinated with ("were held hostage and tortured")."""
    if verb.tag_ != "VBN" or verb.dep_ != "conj":
        return None
    if any(c.dep_ in {"nsubj", "nsubjpass", "aux", "auxpass", "dobj"} for c in verb.children):
        return None
    head = verb.head
    # "held hostage and tortured": the parser may hang the participle on the first verb's complement.
    while head.dep_ in {"oprd", "acomp", "advmod"} and head.head.i != head.i:
        head = head.head
    if head.pos_ in _VERB_POS and any(c.dep_ in {"nsubjpass", "auxpass"} for c in head.children):
        return head
    return None


def _preps(token: Token) -> dict[str, list[Token]]:
    """Return the prepositions under a token (and its objects) with their objects."""
    found: dict[str, list[Token]] = {}
    holders = [
        token,
        *(
            o
            for c in token.children
            if c.dep_ in _OBJECT_DEPS | {"nsubjpass"}
            for o in _with_conjuncts_any(c)
        ),
    ]
    for holder in holders:
        for child in holder.children:
            if child.dep_ in {"prep", "agent"}:
                objects = [g for g in child.children if g.dep_ in {"pobj", "pcomp"}]
                found.setdefault(child.lower_, []).extend(o for obj in objects for o in _with_conjuncts(obj))
                for inner in child.children:
                    if inner.dep_ == "prep" and child.lower_ in _COMPOUND_PREP_HEADS:
                        # "out of Syria", "away from Gaza": the second word is the preposition
                        found.setdefault(inner.lower_, []).extend(
                            g for g in inner.children if g.dep_ == "pobj"
                        )
            elif child.dep_ == "dative":
                if child.pos_ == "ADP":  # "provide support to Israel": the dative is the preposition
                    found.setdefault(child.lower_, []).extend(g for g in child.children if g.dep_ == "pobj")
                else:
                    found.setdefault("to", []).append(child)
    return found


def _noun_preps(noun: Token) -> dict[str, list[Token]]:
    """Return a noun's prepositions, and those one level down ("dissent by students against the regime")."""
    found = _preps(noun)
    for objects in list(found.values()):
        for obj in objects:
            for prep, inner in _preps(obj).items():
                found.setdefault(prep, inner)
    return found


def _objects(verb: Token) -> list[Token]:
    """Return the verb's object heads (direct object, or passive subject), with conjuncts."""
    passive = _is_passive(verb)
    deps = _OBJECT_DEPS | ({"nsubjpass"} if passive else set())
    found = [o for child in verb.children if child.dep_ in deps for o in _with_conjuncts(child)]
    patient = _small_clause_patient(verb)
    if patient is not None:
        found = _with_conjuncts(patient)
    if passive and not found and verb.dep_ in {"pcomp", "advcl"} and verb.tag_ == "VBN":
        # "The Arab League adopted a position after being urged by Trump": the main clause's subject
        # is the one urged.
        clause = verb.head.head if verb.dep_ == "pcomp" else verb.head
        found = [o for c in clause.children if c.dep_ == "nsubj" for o in _with_conjuncts(c)]
    if passive and not found and verb.dep_ == "conj" and not any(c.dep_ == "nsubj" for c in verb.children):
        # "The civilians … were released": a coordinated passive shares its first verb's subject.
        first = _passive_conjunct_head(verb) or verb.head
        found = [o for c in first.children if c.dep_ in {"nsubj", "nsubjpass"} for o in _with_conjuncts(c)]
    if not found and not passive and all(c.dep_ in _SHARING_DEPS for c in verb.children):
        # "Police arrested and later released ten activists": coordinated verbs share the last object.
        shared = next(
            (
                c
                for c in verb.children
                if c.dep_ == "conj" and c.pos_ == "VERB" and not any(g.dep_ == "nsubj" for g in c.children)
            ),
            None,
        )
        if shared is not None and any(c.dep_ == "cc" for c in verb.children):
            found = [o for child in shared.children if child.dep_ == "dobj" for o in _with_conjuncts(child)]
    if not found and not passive and _lemma(verb) in _PREDICATIVE_AS:
        # "condemned as unacceptable allegations by Rwanda": the object moved after its "as" phrase.
        found = [o for o in prep_objects(verb, frozenset({"as"})) if o.pos_ in _NOUN_POS]
    return found


def _match(token: Token, patterns: tuple[Pattern, ...], places: Collection[int] = ()) -> Pattern | None:
    """Return the most specific pattern whose pieces are all present around the token.

    `places`: the tokens that name a place that is no country, for a pattern's `[@place]`.
    """
    if not patterns:
        return None  # most tokens: no need to collect their dependents
    words = {c.lower_ for c in token.children if c.dep_ in {"prt", "advmod", "prep"}}
    if token.pos_ in _NOUN_POS:
        # A noun trigger's `[…]` names its modifiers: "~strike [air|drone]" is an "air strike".
        objects = {_lemma(c) for c in token.children if c.dep_ in {"compound", "amod"}}
        preps = _noun_preps(token)
    else:
        objects = {phrase for o in _objects(token) for phrase in _object_phrases(o, places)}
        preps = _preps(token)
    pobjs = {_lemma(o) for objs in preps.values() for o in objs}
    for pattern in patterns:
        if pattern.particle and pattern.particle not in words:
            continue
        if pattern.objects and not objects & pattern.objects:
            continue
        if pattern.pobjs and not pobjs & pattern.pobjs:
            continue
        if pattern.complements and not any(
            c.dep_ in {"xcomp", "ccomp"} and _lemma(c) in pattern.complements for c in token.children
        ):
            continue
        if pattern.target_preps and not pattern.target_preps & preps.keys():
            continue
        if pattern.source_preps and not pattern.source_preps & preps.keys():
            continue
        return pattern
    return None


def _named_pieces(token: Token, pattern: Pattern) -> list[Token]:
    """Return the object and prepositional-object tokens a pattern names ("[halt]", "(mediation)")."""
    named = [o for o in _objects(token) if set(_object_phrases(o, ())) & pattern.objects]
    named += [o for objects in _preps(token).values() for o in objects if _lemma(o) in pattern.pobjs]
    return named


def _misattached_conjunct(verb: Token) -> bool:
    """Return whether a verb joined to a relative clause differs from it in tense (so belongs higher up)."""
    head = verb.head
    return verb.dep_ == "conj" and head.dep_ == "relcl" and verb.tag_ == "VBD" and head.tag_ in {"VBP", "VBZ"}


def _is_participle_modifier(verb: Token) -> bool:
    """Return whether the verb is a past participle modifying a noun ("civilians imprisoned for …")."""
    return _modified_noun(verb) is not None


def _modified_noun(verb: Token) -> Token | None:
    """Return the noun a past participle modifies: the one its action was done to.

    The parser often takes such a participle for the main verb when the sentence's own verb is a
    passive that follows it ("The civilians imprisoned for protesting were released by Putin":
    "imprisoned" as a finite verb with no object, "were released" joined to it with neither a
    subject nor a conjunction of its own).
    """
    if verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.head.pos_ in _NOUN_POS:
        return verb.head
    if verb.tag_ not in {"VBD", "VBN"} or any(
        c.dep_ in {"dobj", "ccomp", "xcomp", "attr", "aux", "auxpass", "cc", "prt"} for c in verb.children
    ):
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.pos_ in _NOUN_POS), None)
    passive_verb = next(
        (
            c
            for c in verb.children
            if c.dep_ == "conj"
            and any(g.dep_ == "auxpass" for g in c.children)
            and not any(g.dep_ in {"nsubj", "nsubjpass"} for g in c.children)
        ),
        None,
    )
    return subject if passive_verb is not None else None


def _is_infinitive(verb: Token) -> bool:
    """Return whether a clause is a to-infinitive ("to attack"), not a finite clause."""
    return verb.dep_ == "xcomp" or any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _object_phrases(obj: Token, places: Collection[int]) -> tuple[str, ...]:
    """Return the object's lemma and its modifier + lemma phrases ("humanitarian aid", "peace talk")."""
    modifiers = [c for c in obj.lefts if c.dep_ in {"amod", "compound"}]
    phrases = [_lemma(obj)]
    if obj.i in places:
        phrases.append(_PLACE_OBJECT)  # "captured Afrin": a pattern's `[@place]`
    if modifiers:
        phrases.append(f"{_lemma(modifiers[-1])} {_lemma(obj)}")
        phrases.append(" ".join([*(_lemma(m) for m in modifiers), _lemma(obj)]))
    return tuple(phrases)


class _SentenceCoder:
    """Codes one sentence; holds what the helpers share."""

    __slots__ = ("sent", "actors", "lexicon", "_coded", "_cause_nouns")

    def __init__(self, sent: Span, actors: DocActors, lexicon: Lexicon) -> None:
        self.sent = sent
        self.actors = actors
        self.lexicon = lexicon
        self._coded: set[int] = set()
        self._cause_nouns: dict[int, int] = {}  # verb → the event noun whose agent caused it

    # -- sources ------------------------------------------------------------------------------------
    def _explicit_subjects(self, verb: Token) -> list[Token]:
        """Return the verb's own subject heads (the passive agent for passives)."""
        if _is_passive(verb) or _is_participle_modifier(verb):
            agents = [
                o
                for child in verb.children
                if child.dep_ == "agent"
                for pobj in child.children
                if pobj.dep_ == "pobj"
                for o in _with_conjuncts(pobj)
            ]
            return [a for agent in agents for a in self._wielders(agent)]
        for child in verb.children:
            if child.dep_ in {"nsubj", "csubj"}:
                if child.lower_ in _RELATIVE and verb.dep_ == "relcl":
                    return _with_conjuncts(verb.head)
                if child.pos_ == "PRON" and self._is_reported(verb):
                    # "Obama said he would …", "the US claimed they had …": the speaker speaks of itself.
                    speakers = self._explicit_subjects(verb.head)
                    if speakers and all(self.actors.actor_for(t) is not None for t in speakers):
                        return speakers
                return _with_conjuncts(child)
        return []

    def _is_country(self, token: Token) -> bool:
        """Return whether the token names a country (an actor), not a town or region ("Russia", not "Afrin")."""
        match = self.actors.match_at.get(token.i)
        entry = match.best(self.actors.day) if match else None
        return entry is not None and entry.kind in {"name", "adjective", "demonym"}

    def _warns_of_others(self, verb: Token, sources: list[Token]) -> bool:
        """Return whether a warning says what others do or suffer, not what the speaker will do.

        "The UN warned that 400 civilians needed evacuation" is a pessimistic comment (012);
        "Iran warned that it would retaliate" is a threat.
        """
        speakers = {a.code for t in sources if (a := self.actors.actor_for(t))}
        clauses = [c for c in verb.children if c.dep_ == "ccomp"]
        if not clauses:
            return False
        for clause in clauses:
            for subject in self._explicit_subjects(clause) or [
                c for c in clause.children if c.dep_ == "expl"
            ]:
                actor = self.actors.actor_for(subject)
                if actor is None and subject.pos_ == "PRON" and subject.lower_ in {"we", "i"}:
                    return False  # "warned that we will respond"
                if actor is not None and actor.code in speakers:
                    return False
        return True

    def _wielders(self, agent: Token) -> list[Token]:
        """Return who acted through a passive's agent: itself, or whoever fired the weapon it names.

        "blown up by a missile believed to be fired by pro-Russia rebels": the rebels did it.
        """
        if self.actors.actor_for(agent) is not None:
            return [agent]
        for acl in (c for c in agent.children if c.dep_ == "acl" and c.tag_ == "VBN"):
            for verb in (acl, *(c for c in acl.children if c.dep_ == "xcomp")):
                inner = [
                    g for a in verb.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"
                ]
                found = [g for g in inner if self.actors.actor_for(g) is not None]
                if found:
                    return found
        return [agent]

    def _is_reported(self, verb: Token) -> bool:
        """Return whether the clause is what a speech verb reports ("X said [that …]")."""
        return verb.dep_ == "ccomp" and _lemma(verb.head) in self.lexicon.speech

    def _sources(self, verb: Token) -> list[Token]:
        """Return who acts: the subject, or the nearest actor up the chain of non-finite clauses."""
        subjects = self._explicit_subjects(verb)
        if subjects:
            return subjects
        if _misattached_conjunct(verb):
            # "… accused China of returning North Koreans who flee across the border and called on
            # Beijing …": the parser joins "called" to the relative clause; its tense says otherwise.
            root = verb.sent.root
            return self._explicit_subjects(root) if root.pos_ in _VERB_POS and root is not verb else []
        if _is_passive(verb) or _is_participle_modifier(verb):
            return self._passive_cause(verb)
        token = verb
        for _ in range(_MAX_CLIMB):
            dep, head = token.dep_, token.head
            if head is token or dep not in {"xcomp", "conj", "advcl", "acl", "dobj", "relcl", "acomp"}:
                return []
            if dep == "advcl" and token.pos_ in _VERB_POS and token.tag_ not in {"VBG", "VBN"}:
                return []
            if dep == "xcomp" and _lemma(head) not in _SUBJECT_CONTROL:
                controller = [o for o in _objects(head) if self.actors.actor_for(o) is not None]
                if controller:
                    return controller
            if dep == "acl" and head.pos_ in _NOUN_POS and _is_infinitive(token):
                # "pressure on Saudi Arabia to protect children": the one pressed is to act.
                pressed = [
                    o for o in prep_objects(head, _PRESSED_PREPS) if self.actors.actor_for(o) is not None
                ]
                if pressed:
                    return pressed
            token = head
            if token.pos_ in _VERB_POS:
                subjects = self._explicit_subjects(token)
                if subjects:
                    return subjects
            elif token.pos_ in _NOUN_POS and token.dep_ == "pobj" and token.head.lower_ == "with":
                # "responded with a wave of artillery bombardment targeting Damascus": whoever
                # responds with it targets, not the artillery.
                wielders = self._wielder(token)
                if wielders:
                    return wielders
                if self.actors.actor_for(token) is not None:
                    return [token]
            elif token.pos_ in _NOUN_POS and _lemma(token) in self.lexicon.nouns:
                # "an offensive targeting Damascus": whoever carries out the offensive targets.
                return self._noun_sources(token, self.lexicon.nouns[_lemma(token)][-1]) or self._wielder(
                    token
                )
            elif token.pos_ in _NOUN_POS and self.actors.actor_for(token) is not None:
                return [token]
        return []

    def _wielder(self, noun: Token) -> list[Token]:
        """Return the subject of the verb an event noun hangs from through prepositions ("responded with …")."""
        token = noun
        for _ in range(_CLAUSE_DEPTH):
            if token.dep_ not in {"pobj", "prep", "dobj"} or token.head.i == token.i:
                return []
            token = token.head
            if token.pos_ in _VERB_POS:
                return self._explicit_subjects(token)
        return []

    def _places(self, token: Token, pattern: Pattern) -> list[Token]:
        """Return the place names where the action happened: "in Zurich", or "the Beijing Olympics"."""
        preps = _preps(token)
        places = [o for prep in _LOCATIVE_PREPS for o in preps.get(prep, []) if self.actors.place_for(o)]
        if root_of(pattern.code) in _VIOLENT_ROOTS:
            # "shelled Aleppo", "attacked Gori": an attack on a place is one on its country; so is one
            # on a site in it ("fired missiles at al-Shayrat airfield in western Syria").
            places += [o for o in _objects(token) if self.actors.place_for(o)]
            places += [
                p
                for prep in ("at", "on", "into")
                for o in preps.get(prep, [])
                for p in prep_objects(o, frozenset({"in", "near"}))
                if self.actors.place_for(p)
            ]
        if not places and pattern.objects:
            # "the Beijing Olympics"; "took control of Deraa", "seized parts of Iraq"
            places = [
                m
                for o in _objects(token)
                for m in (
                    *(c for c in o.children if c.dep_ == "compound"),
                    *prep_objects(o, frozenset({"of"})),
                )
                if self.actors.place_for(m)
            ]
        return places

    def _passive_cause(self, verb: Token) -> list[Token]:
        """For an agentless passive, the actor of the event that caused it ("killed in Israeli shelling")."""
        for prep, objects in _preps(verb).items():
            if prep not in {"in", "during", "by", "from"}:
                continue
            for obj in objects:
                # "killed in Israeli shelling" (an event noun), "fired from the Gaza Strip" (an origin);
                # not "released in the Rwandan capital" (a place)
                if not (self._is_event_noun(obj) or prep in {"from", "by"}):
                    continue
                if self.actors.actor_for(obj) is not None:
                    return [obj]
                # "killed in an air strike by government forces": the event noun's own agent.
                agents = [o for p in _DEFAULT_NOUN_SOURCE_PREPS for o in _preps(obj).get(p, [])]
                found = [o for o in agents if self.actors.actor_for(o) is not None]
                if found:
                    self._cause_nouns[verb.i] = obj.i
                    return found
        return []

    def _is_event_noun(self, token: Token) -> bool:
        """Return whether the word names an event ("shelling", "air strike"), however it was tagged."""
        nouns = self.lexicon.nouns
        if _lemma(token) in nouns or token.lower_ in nouns:
            return True
        # "Israeli tank shelling": the parser often splits a compound event noun, leaving the
        # modifier as the object and the event word as a separate clause right after it.
        following = token.nbor(1) if token.i + 1 < len(token.doc) else None
        return following is not None and following.head.i != token.i and following.lower_ in nouns

    # -- targets ------------------------------------------------------------------------------------
    def _targets(self, token: Token, pattern: Pattern) -> list[Token]:
        """Return the target heads the pattern points at."""
        targets = self._pattern_targets(token, pattern)
        if not self._is_reported(token):
            return targets
        speakers = self._explicit_subjects(token.head)
        if any(t.pos_ == "PRON" for t in targets):
            # "Israel said Hamas fired rockets at it": the pronoun is the speaker.
            targets = [s for t in targets for s in (speakers if t.pos_ == "PRON" else [t])]
        elif not targets and any(
            c.dep_ == "poss" and c.lower_ in {"its", "their"} for o in _objects(token) for c in o.children
        ):
            # "Armenia says Azerbaijani soldiers shelled its border villages": the speaker's own.
            targets = [s for s in speakers if self.actors.actor_for(s) is not None]
        return targets

    def _pattern_targets(self, token: Token, pattern: Pattern) -> list[Token]:
        """Return the target heads the pattern points at, as written, or the unknown people it is done to."""
        found = self._named_targets(token, pattern)
        if found or pattern.noun:
            return found
        return [o for o in _objects(token) if self.actors.unknown_person(o) is not None]

    def _named_targets(self, token: Token, pattern: Pattern) -> list[Token]:
        """Return the target heads the pattern points at, as written."""
        preps = _noun_preps(token) if pattern.noun else _preps(token)
        if pattern.target_preps:
            named = [o for prep in sorted(pattern.target_preps) for o in preps.get(prep, [])]
            # "warned Iran about its programme": when the pattern's preposition names no actor, the
            # target is found as for any other pattern (the object first).
            if pattern.noun or self._any_actor(tuple(named)):
                return named
        if pattern.noun:
            for prep in _DEFAULT_NOUN_TARGET_PREPS:
                found = [o for o in preps.get(prep, []) if self.actors.actor_for(o) is not None]
                if found:
                    return found
            return []
        objects = _objects(token)
        modified = _modified_noun(token)
        if not objects and modified is not None:
            objects = [modified]  # "soldiers killed in Ukraine": the soldiers are the ones killed
        if pattern.objects and not pattern.object_is_target and root_of(pattern.code) not in _FORCE_ROOTS:
            # The named object is the event itself ("expressed China's dissatisfaction and opposition
            # to …"): its target comes from a preposition, not from the object or its conjuncts. What
            # force is used on is hit with its owner ("shot down a Russian jet", "seized a British tanker").
            objects = []
        resolved = [o for o in objects if self._object_actor(o, token) is not None]
        if resolved:
            return resolved
        if root_of(pattern.code) in _VERBAL_ROOTS:
            # "expressed hopes that Osgiliath could be drawn in", "welcomed the US keeping troops in
            # Syria": what is said is about the subject of the clause it takes.
            said = [
                s
                for holder in (token, *_objects(token))
                for c in holder.children
                if c.dep_ in {"ccomp", "acl"}
                and (c.tag_ == "VBG" or any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children))
                for s in self._explicit_subjects(c)
                if self.actors.actor_for(s) is not None
            ]
            if said:
                return said
        if pattern.complements:
            # "told two diplomats to leave", "declared two diplomats persona non grata": the parser
            # often makes the one told the complement's subject (or a modifier of it).
            inner = [
                g
                for c in token.children
                if c.dep_ in {"xcomp", "ccomp"} and _lemma(c) in pattern.complements
                for g in c.children
                if g.dep_ in {"nsubj", "compound"} and self.actors.actor_for(g) is not None
            ]
            if inner:
                return inner
        for prep in (*_DEFAULT_TARGET_PREPS, *(("for",) if root_of(pattern.code) in _GIVING_ROOTS else ())):
            # "pledged a support package for the Gambia": what is given is for its target
            found = [
                o
                for o in preps.get(prep, [])
                if _lemma(o) not in pattern.pobjs and self.actors.actor_for(o) is not None
            ]
            if found:
                return found
        if pattern.objects and not pattern.object_is_target:
            # "demanded the resignation of President Chun": the named act is of its target.
            of = [
                g
                for o in _objects(token)
                if _lemma(o) in pattern.objects
                for g in _preps(o).get("of", [])
                if self.actors.actor_for(g) is not None
            ]
            if of:
                return of
        # "suspend exchanges on human rights with the United States": the parser hangs the target's
        # preposition on a noun inside the object; look one level down.
        nested: dict[str, list[Token]] = {}
        for objects in preps.values():
            for obj in objects:
                for prep, inner in _preps(obj).items():
                    nested.setdefault(prep, []).extend(inner)
        for prep in _DEFAULT_TARGET_PREPS:
            found = [o for o in nested.get(prep, []) if self.actors.actor_for(o) is not None]
            if found:
                return found
        if root_of(pattern.code) in _VIOLENT_ROOTS | _GIVING_ROOTS:
            # "rebels fighting to overthrow Assad": whom the fighting is for is whom it is against;
            # "helped prop up Assad's forces": whom the help is for.
            return [
                o
                for c in token.children
                if c.dep_ in {"xcomp", "advcl"} and _is_infinitive(c)
                for o in _objects(c)
                if self.actors.actor_for(o) is not None
            ]
        return []

    def _object_actor(self, obj: Token, trigger: Token | None = None) -> Actor | None:
        """Return the actor of an object, or of the agent of an event noun used as object."""
        return self.actors.actor_for(obj) or _agent_of_event(obj, self.actors, trigger)

    def _noun_sources(self, noun: Token, pattern: Pattern) -> list[Token]:
        """Return who acts in a nominal event: "by/from X", "X's visit", or the light verb's subject."""
        # "criticism of its record by U.S. legislators": the parser often hangs "by" on the inner noun.
        preps = _noun_preps(noun)
        wanted = sorted(pattern.source_preps) or list(_DEFAULT_NOUN_SOURCE_PREPS)
        for prep in wanted:
            found = [o for o in preps.get(prep, []) if self.actors.actor_for(o) is not None]
            if found:
                return found
        owners = [
            c
            for c in noun.children
            if c.dep_ in {"poss", "compound", "amod"} and self.actors.actor_for(c) is not None
        ]
        if (
            len(owners) > 1
            and all(o.dep_ != "poss" for o in owners)
            and self.actors.actor_for(noun) is not None
        ):
            return [noun]  # "a Syrian army incursion": the modifiers together name who acts (SYRMIL)
        if owners:
            return owners[:1]
        if (
            noun.dep_ in _OBJECT_DEPS
            and noun.head.pos_ in _VERB_POS
            and noun.head.i not in self._coded
            and _lemma(noun.head) in self.lexicon.light_verbs
        ):
            # "launched an attack", "posed a threat": the light verb's subject acts; "France will end
            # the threat" is no threat of France's.
            return self._sources(noun.head)
        return []

    def _noun_target_from_clause(self, noun: Token) -> list[Token]:
        """For "X is under fire from Y", the target is the clause's subject."""
        token = noun
        for _ in range(3):
            token = token.head
            if token.pos_ in _VERB_POS:
                return [
                    s
                    for s in self._explicit_subjects(token)
                    if s.i != noun.i and self.actors.actor_for(s) is not None
                ]
        return []

    def _event_place(self, token: Token) -> list[Token]:
        """Return where the event the action is about happened ("sorrow for the shootings in Texas")."""
        nouns = [o for o in _objects(token) if self._is_event_noun(o)]
        nouns += [o for objects in _preps(token).values() for o in objects if self._is_event_noun(o)]
        queue = [(noun, 0) for noun in nouns]
        while queue:
            current, depth = queue.pop(0)
            if current.dep_ == "pobj" and current.head.lower_ in _PLACE_PREPS:
                if self.actors.place_for(current) or self.actors.actor_for(current):
                    return [current]
            if depth < _CLAUSE_DEPTH:
                queue += [(c, depth + 1) for c in current.children if c.dep_ in {"prep", "pobj", "acl"}]
        return []

    def _any_actor(self, tokens: tuple[Token, ...]) -> bool:
        """Return whether any of the tokens resolves to an actor ("both countries" to the last two named)."""
        return any(self.actors.actors_for(t) for t in tokens)

    # -- actions ------------------------------------------------------------------------------------
    def _is_toll(self, action: _Action, actions: list[_Action]) -> bool:
        """Return whether the action is the toll of an attack it hangs off ("shelled Aleppo, killing eight").

        The killing is what the shelling did, not a second happening: one event, as CAMEO codes it.
        Unless only the toll names whom the attack hit ("opened fire, killing five policemen").
        """
        verb = action.trigger
        if verb.dep_ != "advcl" or verb.tag_ != "VBG" or root_of(action.code) not in _VIOLENT_ROOTS:
            return False
        if any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children):
            return False
        return any(
            a.trigger.i == verb.head.i
            and root_of(a.code) in _VIOLENT_ROOTS
            and (self._any_actor(a.targets) or any(self.actors.place_for(t) for t in a.places))
            for a in actions
        )

    def _attributed(self, actions: list[_Action]) -> list[_Action]:
        """Return the actions with the accusations (112) and claims (015) their reports make.

        A party that reports another's attack ("Israel said a mortar was fired at it from Gaza", "the
        US said Iraq had attacked") accuses the attacker; an attacker's own report ("Hamas said it
        fired") claims responsibility. The attack stays an event of its own: a party's word is how
        most attacks reach the news, and analysts count them. Journalists, police, courts and medics
        (informants.tsv) accuse nobody.
        """
        claims: list[_Action] = []
        for action in actions:
            doers = {a.code for t in action.sources if (a := self.actors.actor_for(t))}
            if root_of(action.code) in _FORCE_ROOTS and doers and self._is_reported(action.trigger):
                claim = self._claim(action, doers)
                if claim is not None:
                    claims.append(claim)
        return actions + claims

    def _accuses(self, speakers: Iterable[Actor]) -> bool:
        """Return whether the speakers' report of another's violence is an accusation, not a report.

        Only an identified party accuses: a state, its bodies, an organization. Unnamed "officials"
        of no known side, journalists, police, courts and medics report.
        """
        return all(
            not set(a.roles) & self.lexicon.informants
            and (a.country is not None or a.code.startswith(("IGO", "NGO")))
            for a in speakers
        )

    def _claim(self, action: _Action, doers: set[str]) -> _Action | None:
        """Return the accusation (112) or claim of responsibility (015) a reported act makes, if any."""
        verb = action.trigger
        kind, origin = self.lexicon.speech[_lemma(verb.head)]
        speakers = self._explicit_subjects(verb.head)
        said_by = [a for t in speakers if (a := self.actors.actor_for(t))]
        said = {a.code for a in said_by}
        if not said:
            return None
        victims = {a.code for t in action.targets if (a := self.actors.actor_for(t))}
        pattern = replace(action.pattern, origin=origin)
        # "Hamas said it fired": the pronoun subject is the speaker itself.
        speaks_of_itself = kind == "allege" or any(
            c.dep_ in {"nsubj", "nsubjpass"} and c.pos_ == "PRON" for c in verb.children
        )
        # Only a deed is claimed or imputed: "announced the US would not attack" accuses no one.
        if is_negated(verb, self.lexicon.modality) or (action.modality or "asserted") != "asserted":
            return None
        if modality_of(verb, self.lexicon.modality) not in {"asserted", "alleged"}:
            return None
        if said == doers and speaks_of_itself:
            return _Action(verb.head, pattern, "015", tuple(speakers), action.targets, verb.head)
        if not said & doers and (kind == "allege" or said & victims or self._accuses(said_by)):
            return _Action(verb.head, pattern, "112", tuple(speakers), action.sources, verb.head)
        return None

    def _soft_frame(self, verb: Token, matched: dict[int, Pattern], absorbed: set[int]) -> _Action | None:
        """Compose "wants Putin to attack" (appeal) or "wants to attack" (a threat) from an intention verb.

        An intention verb only composes when the codebook has a code for it (intent + attack = threaten);
        otherwise the framed action stays itself, with modality `intended`.
        """
        inner = next(
            (
                c
                for c in verb.children
                if c.dep_ in {"xcomp", "ccomp"}
                and c.i in matched
                and c.i not in absorbed
                and _is_infinitive(c)
            ),
            None,
        )
        if inner is None:
            return None
        inner_code = matched[inner.i].code
        addressee = [o for o in _objects(verb) if self.actors.actor_for(o) is not None]
        if inner.dep_ == "ccomp":
            # "wants Putin to attack": the parser makes Putin the subject of the infinitive.
            addressee = [s for s in self._explicit_subjects(inner) if self.actors.actor_for(s) is not None]
            if not addressee:
                return None
        if addressee:
            code = self.lexicon.frame_code("appeal", inner_code)
            targets = addressee
        elif self.lexicon.framed_code("intent", inner_code) is not None:
            code = self.lexicon.frame_code("intent", inner_code)
            targets = self._targets(inner, matched[inner.i])
        else:
            return None
        absorbed.add(inner.i)
        pattern = matched[inner.i]
        places = tuple(self._places(inner, pattern)) if not targets else ()
        return _Action(verb, pattern, code, tuple(self._sources(verb)), tuple(targets), verb, places=places)

    def actions(self) -> list[_Action]:
        """Return every action in the sentence, frames already composed."""
        lexicon = self.lexicon
        matched: dict[int, Pattern] = {}
        frames: dict[int, Pattern] = {}
        intents: list[Token] = []
        intended: dict[int, str] = {}
        towns = {t.i for t in self.sent if t.ent_type_ in _PLACE_ENTS and not self._is_country(t)}
        for token in self.sent:
            lemma = _lemma(token)
            if token.pos_ in _VERB_POS and _is_standing(token):
                continue
            if token.pos_ in _VERB_POS:
                pattern = _match(token, lexicon.verbs.get(lemma, ()), towns)
                if pattern is not None:
                    matched[token.i] = pattern
                frame = _match(token, lexicon.frame_verbs.get(lemma, ()))
                if frame is not None:
                    frames[token.i] = frame
                elif lexicon.modality.get(lemma) == "intended":
                    intents.append(token)
            elif token.pos_ == "NOUN":
                pattern = _match(token, lexicon.nouns.get(lemma, ()))
                if pattern is not None:
                    matched[token.i] = pattern
        matched = {i: pattern for i, pattern in matched.items() if pattern.code != NO_EVENT}
        self._coded = set(matched)
        absorbed: set[int] = set()
        actions: list[_Action] = []
        doc = self.sent.doc
        for i, frame in sorted(frames.items()):
            verb = doc[i]
            inner = next((c for c in verb.children if c.dep_ in {"xcomp", "ccomp"} and c.i in matched), None)
            if inner is None and i in matched:
                continue  # the verb codes by its own pattern
            name = frame.code.removeprefix("frame:")
            if name == "halt":
                # "stopped supplying arms", "ceased its bombing of Gaza": what stops; stopping nothing
                # coded ("stopped refugees from crossing") is no halt.
                inner = inner or next(
                    (o for o in _objects(verb) if o.i in matched and matched[o.i].noun), None
                )
                if inner is None or lexicon.framed_code(name, matched[inner.i].code) is None:
                    continue
            inner_code = matched[inner.i].code if inner is not None else None
            targets = [t for t in self._targets(verb, frame) if inner is None or t.i != inner.i]
            if inner is not None and not targets and lexicon.framed_code(name, inner_code) is None:
                # "pledged to expel exiled leaders": no code for the promise itself, so the framed
                # action is coded as what it is, meant rather than done.
                intended[inner.i] = (
                    "intended" if name == "intent" else "demanded" if name != "reject" else "denied"
                )
                absorbed.add(i)  # the promise is not an event of its own beside what it promises
                continue
            code = lexicon.frame_code(name, inner_code)
            places: list[Token] = []
            if not targets and inner is not None:
                targets = self._targets(inner, matched[inner.i])
                # "prepared to attend the Beijing Olympics": the framed visit keeps its place.
                places = self._places(inner, matched[inner.i])
            if inner is not None:
                absorbed.add(inner.i)
            actions.append(
                _Action(
                    verb, frame, code, tuple(self._sources(verb)), tuple(targets), verb, places=tuple(places)
                )
            )
        for verb in intents:
            composed = self._soft_frame(verb, matched, absorbed)
            if composed is not None:
                actions.append(composed)
        for i, pattern in sorted(matched.items()):
            if i in absorbed or any(a.trigger.i == i for a in actions):
                continue
            token = doc[i]
            if pattern.noun:
                sources = self._noun_sources(token, pattern)
                targets = self._targets(token, pattern)
                if not targets and pattern.source_preps:
                    targets = self._noun_target_from_clause(token)
                if not sources and pattern.code in _RECIPROCAL_CODES and _between_parties(targets):
                    # "talks between India and Pakistan": each party acts towards the other.
                    sources = targets
            elif pattern.source_preps:
                preps = _preps(token)
                sources = [o for prep in sorted(pattern.source_preps) for o in preps.get(prep, [])]
                targets = self._explicit_subjects(token) or self._sources(token)
            else:
                sources = self._sources(token)
                targets = self._targets(token, pattern)
                if pattern.code in _EVENT_PLACE_TARGET_CODES and not self._any_actor(tuple(targets)):
                    targets = self._event_place(token)
            code = pattern.code
            if root_of(code) == "13" and not pattern.noun and self._warns_of_others(token, sources):
                code = _PESSIMISTIC_COMMENT
            actions.append(
                _Action(
                    token,
                    pattern,
                    code,
                    tuple(sources),
                    tuple(targets),
                    _carrier(token) if pattern.noun else token,
                    intended.get(i),
                    tuple(self._places(token, pattern)),
                )
            )
        # "killed in Israeli shelling": the shelling is the killing's cause, not a second event —
        # unless only the shelling names whom it hit ("An Israeli air strike on Gaza killed 12");
        # "suspended its dialogue with X": the dialogue is what stops, not a meeting that happened.
        nouns = {a.trigger.i: a for a in actions if a.pattern.noun}
        causes: set[int] = set()
        superseded: set[int] = set()
        for action in actions:
            if action.pattern.noun:
                continue
            cause_nouns = [t.i for t in action.sources]
            if action.trigger.i in self._cause_nouns:
                cause_nouns.append(self._cause_nouns[action.trigger.i])
            for i in cause_nouns:
                noun = nouns.get(i)
                if noun is not None and not self._any_actor(action.targets) and self._any_actor(noun.targets):
                    superseded.add(id(action))
                else:
                    causes.add(i)
        actions = [a for a in actions if id(a) not in superseded]
        halted = {
            o.i
            for action in actions
            if root_of(action.code) in _HALTING_ROOTS
            for o in _objects(action.trigger)
        }
        # "threatened a halt to its mediation": a noun the verb's pattern names is part of that event.
        halted |= {
            o.i
            for action in actions
            if not action.pattern.noun
            for o in _named_pieces(action.trigger, action.pattern)
        }
        actions = [
            a
            for a in actions
            if not (a.pattern.noun and (a.trigger.i in causes or a.trigger.i in halted))
            and not self._is_toll(a, actions)
        ]
        return self._attributed(actions)


def _between_parties(targets: list[Token]) -> bool:
    """Return whether the targets are two or more parties named by one "between" ("between A and B")."""
    heads = {t.head.i for t in targets if t.head.lower_ == "between"}
    return (
        len(targets) > 1
        and len(heads) == 1
        and all(t.head.lower_ == "between" or t.dep_ == "conj" for t in targets)
    )


def _agent_of_event(obj: Token, actors: DocActors, trigger: Token | None = None) -> Actor | None:
    """Return the "by X"/"from X" actor of an event noun ("condemned an attack by Osgiliath soldiers")."""
    return next(
        (found for pobj in _agents(obj, trigger) if (found := actors.actor_for(pobj)) is not None), None
    )


def _agents(obj: Token, trigger: Token | None = None) -> list[Token]:
    """Return who does an event noun ("an attack by X", "aid from X") or holds a thing ("areas controlled by X").

    A participle that is itself the trigger ("an agreement forced on Qatar by Saudi Arabia") holds nothing.
    """
    holders = [
        pobj
        for c in obj.children
        if c.dep_ == "acl" and c.tag_ == "VBN" and (trigger is None or c.i != trigger.i)
        for agent in c.children
        if agent.dep_ == "agent"
        for pobj in agent.children
        if pobj.dep_ == "pobj"
    ]
    # "rebel-held positions", "Kurdish-controlled towns"
    holders += [
        g
        for c in obj.children
        if c.dep_ == "amod" and c.lower_ in _HOLDING
        for g in c.children
        if g.dep_ in {"npadvmod", "compound", "amod", "nmod"}
    ]
    return [*prep_objects(obj, _SOURCE_PREPS), *holders]


def _is_standing(verb: Token) -> bool:
    """Return whether the verb says what someone does as a rule, not what happened.

    "the US agency that protects pension funds", "firms that break the law", "Russia, which backs
    Assad": a relative clause in the simple present describes its noun; no event happened.
    """
    return (
        verb.dep_ == "relcl"
        and verb.tag_ in {"VBZ", "VBP"}
        and not any(
            c.dep_ in {"aux", "auxpass", "npadvmod"} or c.ent_type_ in _DATE_ENTS for c in verb.children
        )
    )


def _carrier(noun: Token) -> Token:
    """Return the verb that carries an event noun's tense and negation ("did not pose a threat").

    "launched an attack on Monday", "will hold talks", "did not pose a threat": the noun is the
    event, the verb it is the object of says when and whether.
    """
    if noun.dep_ == "dobj" and noun.head.pos_ in _VERB_POS:
        return noun.head
    return noun
