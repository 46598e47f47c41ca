"""Compose the stages in order: ingest → parse → actors → candidates → decide → modality → assemble → dates → places → confidence → events.

`Coder` holds what is loaded once (the spaCy pipeline, the actor KB, the action lexicon);
`Coder.code_articles` streams articles through the stages in batches. A stage never calls the next.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from dyads.actors.kb import ActorKB, default_kb, load_kb
from dyads.actors.resolve import DocActors
from dyads.coding.assemble import as_written, assemble
from dyads.coding.candidates import sentence_candidates
from dyads.coding.decide import CODERS, DEFAULT_CODER, Decider, LearnedDecider, RulesDecider, decider_for
from dyads.coding.verbs import Lexicon, default_lexicon, load_lexicon
from dyads.confidence import with_confidence
from dyads.dates import dated
from dyads.dedupe import assign_events
from dyads.identity import DigestLookup, place_articles, renamed_reason
from dyads.modality import action_modality
from dyads.model import RENAMED, Article, Mention, Problem, article_id_for, mention_id_for
from dyads.parse import load_nlp, parse_articles, sentences_of
from dyads.places import gazetteer, placed
from dyads.store import Store
from dyads.stories import Story, StoryArticle
from dyads.topics import off_topic
from dyads.workers import code_in_workers

__all__ = [
    "CodedBatch",
    "Coder",
    "CoderSpec",
    "IngestSummary",
    "code_batches",
    "code_doc",
    "ingest_into",
    "store_coded",
]


# What to do with mentions that are not plain assertions (future, intended, negated, alleged…).
NON_ASSERTED_POLICIES = ("keep", "drop")


@dataclass(frozen=True, slots=True)
class CoderSpec:
    """What a Coder is built from: enough for a worker process to build the same Coder again."""

    actors: tuple[str | Path, ...] = ()
    verbs: tuple[str | Path, ...] = ()
    petrarch_actors: tuple[str | Path, ...] = ()
    petrarch_agents: tuple[str | Path, ...] = ()
    model: str | None = None
    non_asserted: str = "keep"
    place_fallback: bool = False
    coder: str = DEFAULT_CODER  # which registered coder decides among the candidates (coding/decide.py)
    coder_model: str | None = None  # the learned coder's model folder, when not the packaged one

    def __post_init__(self) -> None:
        if self.non_asserted not in NON_ASSERTED_POLICIES:
            raise ValueError(
                f"non_asserted must be one of {NON_ASSERTED_POLICIES}, not {self.non_asserted!r}"
            )
        if self.coder not in CODERS:
            raise ValueError(f"coder must be one of {tuple(CODERS)}, not {self.coder!r}")

    def build(self) -> Coder:
        """Load the model and dictionaries and return the Coder."""
        nlp = load_nlp(self.model)
        if self.actors or self.petrarch_actors or self.petrarch_agents:
            kb = load_kb(
                nlp,
                user_files=self.actors,
                petrarch_actors=self.petrarch_actors,
                petrarch_agents=self.petrarch_agents,
            )
        else:
            kb = default_kb(nlp)
        lexicon = load_lexicon(user_verbs=self.verbs) if self.verbs else default_lexicon()
        decider = LearnedDecider(self.coder_model) if self.coder == "learned" else decider_for(self.coder)
        return Coder(nlp, kb, lexicon, self.non_asserted, self.place_fallback, self, decider)


@dataclass(frozen=True, slots=True)
class Coder:
    """The loaded resources of one coding run."""

    nlp: Language
    kb: ActorKB
    lexicon: Lexicon
    non_asserted: str = "keep"  # keep: store them, flagged by `modality`/`negated`; drop: leave them out
    place_fallback: bool = False  # no place in the text → the source's country, marked `source-country`
    spec: CoderSpec | None = None  # how it was built; worker processes need it to build their own
    decider: Decider | None = None  # who chooses the events among the candidates (None: the rules)

    @classmethod
    def create(
        cls,
        *,
        actors: Sequence[str | Path] = (),
        verbs: Sequence[str | Path] = (),
        petrarch_actors: Sequence[str | Path] = (),
        petrarch_agents: Sequence[str | Path] = (),
        model: str | None = None,
        non_asserted: str = "keep",
        place_fallback: bool = False,
        coder: str = DEFAULT_CODER,
        coder_model: str | None = None,
    ) -> Coder:
        """Return a Coder with the packaged dictionaries plus the given user files, deciding with `coder`."""
        return CoderSpec(
            tuple(actors),
            tuple(verbs),
            tuple(petrarch_actors),
            tuple(petrarch_agents),
            model,
            non_asserted,
            place_fallback,
            coder,
            coder_model,
        ).build()

    def code_articles(
        self, articles: Iterable[Article], *, batch_size: int = 32
    ) -> Iterator[tuple[Article, list[Mention]]]:
        """Yield each article with the Mentions coded from it."""
        for article, doc in parse_articles(
            articles, self.nlp, batch_size=batch_size, is_name=self.kb.starts_name
        ):
            actors = DocActors(
                doc, self.kb, day=article.published, speech=self.lexicon.speech, events=self.lexicon.nouns
            )
            # A sport report's "England beat France" is no political event, nor a film's plot.
            mentions = [] if off_topic(doc) else code_doc(article, doc, actors, self.lexicon, self.decider)
            if self.non_asserted == "drop":
                mentions = [m for m in mentions if m.modality == "asserted" and not m.negated]
            if self.place_fallback:
                mentions = [_with_source_country(m) for m in mentions]
            yield article, assign_events([with_confidence(m) for m in mentions])

    def code_text(
        self, text: str, *, published: dt.date | None = None, article_id: str | None = None
    ) -> list[Mention]:
        """Return the Mentions of one text (stateless; nothing is stored)."""
        article = Article(article_id or article_id_for(text), text, published=published)
        return next(self.code_articles([article]))[1]


def code_doc(
    article: Article, doc: Doc, actors: DocActors, lexicon: Lexicon, decider: Decider | None = None
) -> list[Mention]:
    """Return every Mention of one parsed article: candidates, decided, then each action's stages in order."""
    chooser = decider or RulesDecider()
    spans = [sent for sent in doc.sents if sent.text.strip()]
    nouns = None if chooser.needs_all_nouns else ()
    found = [sentence_candidates(sent, actors, lexicon, nouns) for sent in spans]
    mentions: list[Mention] = []
    for decided, record in zip(chooser.decide(found), sentences_of(article, doc), strict=True):
        for action, probability in decided:
            modal = action_modality(action, lexicon)
            built = assemble(article, action, modal, actors, lexicon, record, probability)
            coded = dated(built, action.trigger, article.published)
            used = {t.i for t in (*action.sources, *action.targets)}
            mentions.extend(placed(coded, action.trigger, actors, used))
    if doc.text != article.text:
        # A recased headline: what is quoted comes from the article as written.
        mentions = [as_written(mention, article.text) for mention in mentions]
    return mentions


def _with_source_country(mention: Mention) -> Mention:
    """Place an unplaced mention in its source's country, marked as a fallback (`feature: source-country`)."""
    if mention.place is not None or mention.source is None or mention.source.country is None:
        return mention
    country = gazetteer().country(mention.source.country)
    if country is None:
        return mention
    return replace(mention, place=replace(country, feature="source-country"))


@dataclass(frozen=True, slots=True)
class IngestSummary:
    """What one ingest run did."""

    articles_added: int
    articles_skipped: int
    mentions_added: int
    problems: tuple[Problem, ...]


def _batches(items: Iterable[Article | Problem], size: int) -> Iterator[tuple[list[Article], list[Problem]]]:
    """Group a stream of articles and problems into batches of at most `size` articles."""
    articles: list[Article] = []
    problems: list[Problem] = []
    for item in items:
        if isinstance(item, Problem):
            problems.append(item)
        else:
            articles.append(item)
        if len(articles) >= size:
            yield articles, problems
            articles, problems = [], []
    if articles or problems:
        yield articles, problems


@dataclass(frozen=True, slots=True)
class CodedBatch:
    """One batch ready for the store: how many articles were read, those coded, and the problems met."""

    read: int  # articles read, including those not coded because they were already stored
    coded: Sequence[tuple[Article, list[Mention]]]
    problems: Sequence[Problem]


def code_batches(
    items: Iterable[Article | Problem],
    coder: Coder | CoderSpec,
    *,
    stored: DigestLookup,
    batch_size: int = 64,
    processes: int = 1,
) -> Iterator[CodedBatch]:
    """Yield the stream's articles coded in batches, leaving out those whose text is already stored.

    `stored` gives the text digest of each of some ids that is stored (`Store.article_digests`).

    With `processes` > 1, batches are parsed and coded by that many worker processes (each loading the
    model once) while this process reads the input; what is yielded is the same, in the same order.
    A `CoderSpec` is built here only when `processes` is 1, so the parent need not load the model.
    """
    if processes < 1:
        raise ValueError(f"processes must be at least 1, not {processes}")

    def unseen(batch: tuple[list[Article], list[Problem]]) -> tuple[int, list[Article], list[Problem]]:
        articles, batch_problems = batch
        # Only texts already stored under their id are left uncoded; a new text under a used id is coded
        # and given an id of its own by `store_coded` (issue 23). One lookup per batch, not per article.
        placed = place_articles(articles, stored)
        fresh = [
            article for article, article_id in zip(articles, placed, strict=True) if article_id is not None
        ]
        return len(articles), fresh, batch_problems

    batches = map(unseen, _batches(items, batch_size))
    if processes == 1:
        local = coder.build() if isinstance(coder, CoderSpec) else coder
        yield from (
            CodedBatch(read, list(local.code_articles(fresh)), found) for read, fresh, found in batches
        )
        return
    spec = coder if isinstance(coder, CoderSpec) else coder.spec
    if spec is None:
        raise ValueError("processes > 1 needs a Coder made by Coder.create, or a CoderSpec")
    in_workers = code_in_workers(spec, batches, lambda batch: batch[1], processes=processes)
    yield from (CodedBatch(read, done, found) for (read, _, found), done in in_workers)


def ingest_into(
    store: Store,
    items: Iterable[Article | Problem],
    coder: Coder | CoderSpec,
    *,
    batch_size: int = 64,
    on_batch: Callable[[int, int], None] | None = None,
    processes: int = 1,
) -> IngestSummary:
    """Code a stream of articles into the store, one transaction per batch; return what was done.

    `processes` is that of `code_batches`: what is stored does not depend on it.
    """
    if processes < 1:
        raise ValueError(f"processes must be at least 1, not {processes}")
    coded = code_batches(
        items, coder, stored=store.article_digests, batch_size=batch_size, processes=processes
    )
    return store_coded(store, coded, on_batch=on_batch)


def store_coded(
    store: Store,
    batches: Iterable[CodedBatch],
    *,
    on_batch: Callable[[int, int], None] | None = None,
    group: Callable[[list[StoryArticle]], Sequence[Story]] | None = None,
) -> IngestSummary:
    """Write coded batches into the store, one transaction each, then regroup stories; return what was done.

    The local and the Ray engines, and a server's live ingest, all end here, so the stored tables do
    not depend on the engine; `group` is that of `Store.update_stories`.
    """
    added = skipped = mentions_added = 0
    problems: list[Problem] = []
    for batch in batches:
        # Placed here, against the store as the batches before this one left it: the one writer decides.
        coded, renamed = _identified(batch.coded, store)
        found = [*batch.problems, *renamed]
        result = store.write_batch(
            [article for article, _ in coded],
            [mention for _, mentions in coded for mention in mentions],
            found,
        )
        added += result.articles_added
        skipped += result.articles_skipped + batch.read - len(coded)
        mentions_added += result.mentions_added
        problems.extend(found)
        if on_batch is not None:
            on_batch(batch.read, len(found))
    # Every article stored since stories were last grouped: this run's, and any a killed run left behind.
    pending = store.pending_story_ids()
    if pending:
        # A new article can join or bridge stories already stored: those are regrouped with it.
        store.update_stories(pending, group=group)
    return IngestSummary(added, skipped, mentions_added, tuple(problems))


def _identified(
    coded: Sequence[tuple[Article, list[Mention]]], store: Store
) -> tuple[list[tuple[Article, list[Mention]]], list[Problem]]:
    """Return the coded articles not yet stored, each under the id it is stored as, and a Problem per renamed one."""
    kept: list[tuple[Article, list[Mention]]] = []
    problems: list[Problem] = []
    placed = place_articles([article for article, _ in coded], store.article_digests)
    for (article, mentions), article_id in zip(coded, placed, strict=True):
        if article_id is None:
            continue
        if article_id != article.id:
            problems.append(Problem.about(article, renamed_reason(article.id, article_id), stage=RENAMED))
            article, mentions = _with_article_id(article, mentions, article_id)
        kept.append((article, mentions))
    return kept, problems


def _with_article_id(
    article: Article, mentions: Sequence[Mention], article_id: str
) -> tuple[Article, list[Mention]]:
    """Return the article and its mentions under another id, mention and event ids made as coding makes them."""
    moved = [
        replace(
            mention,
            id=mention_id_for(
                article_id,
                mention.sentence_start,
                mention.trigger_start,
                mention.cameo,
                mention.source.code if mention.source else "",
                mention.target.code if mention.target else "",
            ),
            article_id=article_id,
            event_id=None,
        )
        for mention in mentions
    ]
    return replace(article, id=article_id), assign_events(moved)
