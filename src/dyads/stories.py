"""Group articles into stories: threads of articles about one developing situation.

Articles are taken in date order (undated ones after, by id: never in the order of ingest). Each joins
the open story its words are most like (cosine of TF-IDF vectors against the story's centroid), if that similarity reaches `MIN_SIMILARITY`
(`MIN_SIMILARITY_UNDATED` for undated articles); otherwise it opens a story of its own. Articles that report no event never open a story: once the
threads are formed, each joins the one it is most like and fits in time, if any. An article whose events share no country with a story's
events never joins it. A story is open to a dated article only while its latest
article is at most `GAP_DAYS` older and its first at most `SPAN_DAYS` older: that caps a story by
time, and the centroid, which follows what its articles say, caps it by drift. Undated articles (the
BBC collection gives no dates) join undated stories by their words alone.

A story's id is a hash of its first article's id; its title is the headline of its most central
article (the one most like the centroid), else its most frequent pair of countries and kind of event.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from spacy.lang.en.stop_words import STOP_WORDS

__all__ = [
    "GAP_DAYS",
    "MIN_SIMILARITY",
    "MIN_SIMILARITY_UNDATED",
    "SPAN_DAYS",
    "Story",
    "StoryArticle",
    "content_words",
    "group_stories",
]

GAP_DAYS = 28  # a thread quiet for longer than this has ended
SPAN_DAYS = 75  # and no thread runs longer than this
MIN_SIMILARITY = 0.17
# Without dates nothing but the words keeps two threads apart, so undated articles must be more alike.
MIN_SIMILARITY_UNDATED = 0.25
_LEAD_WORDS = 250  # what a story is about is in its headline and opening

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]{2,}")


@dataclass(frozen=True, slots=True)
class StoryArticle:
    """What story grouping needs of an article."""

    id: str
    title: str | None
    published: dt.date | None
    words: Mapping[str, int]  # content words of its headline and opening, with counts
    countries: frozenset[str] = frozenset()  # of the actors of its events
    events: tuple[str, ...] = field(default=(), compare=False)  # "CHN–USA 16" of each event, for titles


@dataclass(frozen=True, slots=True)
class Story:
    """A thread of articles."""

    id: str
    title: str
    start: str | None
    end: str | None
    article_ids: tuple[str, ...]


def content_words(text: str, *, limit: int = _LEAD_WORDS) -> dict[str, int]:
    """Return the lower-case content words of the first `limit` words of a text, with their counts."""
    words = [w.lower() for w in _WORD.findall(text)[:limit]]
    return dict(Counter(w for w in words if w not in STOP_WORDS))


def article_words(title: str | None, text: str) -> dict[str, int]:
    """Return an article's story words: its headline's twice (a headline says what it is about), then its opening's."""
    counts = Counter(content_words(f"{title or ''} {title or ''} {text}"))
    return dict(counts)


@dataclass(slots=True)
class _Open:
    first: StoryArticle
    members: list[StoryArticle]
    vectors: list[dict[str, float]]
    centroid: dict[str, float]
    countries: set[str]
    start: dt.date | None
    last: dt.date | None


def _idf(articles: Sequence[StoryArticle]) -> dict[str, float]:
    df = Counter(w for a in articles for w in a.words)
    n = len(articles)
    return {w: math.log((1 + n) / (1 + d)) + 1.0 for w, d in df.items()}


def _vector(words: Mapping[str, int], idf: Mapping[str, float]) -> dict[str, float]:
    raw = {w: (1.0 + math.log(c)) * idf.get(w, 1.0) for w, c in words.items()}
    norm = math.sqrt(sum(v * v for v in raw.values())) or 1.0
    return {w: v / norm for w, v in raw.items()}


def _cosine(vector: Mapping[str, float], centroid: Mapping[str, float]) -> float:
    norm = math.sqrt(sum(v * v for v in centroid.values())) or 1.0
    return sum(v * centroid.get(w, 0.0) for w, v in vector.items()) / norm


def _is_open(story: _Open, article: StoryArticle, gap: dt.timedelta, span: dt.timedelta) -> bool:
    day = article.published
    if day is None or story.last is None:
        return day is None and story.last is None
    assert story.start is not None
    return day - story.last <= gap and day - story.start <= span


def _title(story: _Open) -> str:
    """Return the headline of the story's most central article, else its commonest dyad and event."""
    central = max(
        zip(story.members, story.vectors, strict=True),
        key=lambda mv: (_cosine(mv[1], story.centroid), mv[0].id),
    )[0]
    titled = [m for m in story.members if m.title]
    if central.title:
        return central.title
    if titled:
        return titled[0].title or ""
    events = Counter(e for m in story.members for e in m.events)
    if events:
        top, count = min(events.items(), key=lambda kv: (-kv[1], kv[0]))
        return f"{top} ({count} events)"
    return story.first.id


def _join_quietly(
    article: StoryArticle,
    vector: Mapping[str, float],
    threads: Sequence[_Open],
    gap: dt.timedelta,
    span: dt.timedelta,
    least: float,
    least_undated: float,
) -> None:
    """Add an article to the thread it is most like and fits in time, if one is alike enough (centroids unchanged)."""
    day = article.published
    best: tuple[float, str, _Open] | None = None
    for story in threads:
        if (day is None) != (story.start is None):
            continue
        if day is not None and story.start is not None and story.last is not None:
            first, last = min(day, story.start), max(day, story.last)
            if day < story.start - gap or day > story.last + gap or last - first > span:
                continue
        score = _cosine(vector, story.centroid)
        if score >= (least if day is not None else least_undated) and (
            best is None or (score, story.first.id) > best[:2]
        ):
            best = (score, story.first.id, story)
    if best is not None:
        best[2].members.append(article)
        best[2].vectors.append(dict(vector))


def group_stories(
    articles: Iterable[StoryArticle],
    *,
    gap_days: int = GAP_DAYS,
    span_days: int = SPAN_DAYS,
    min_similarity: float = MIN_SIMILARITY,
    min_similarity_undated: float = MIN_SIMILARITY_UNDATED,
) -> list[Story]:
    """Return the stories of the articles: each article that reports an event is in one (perhaps alone),
    and each that reports none is in the thread it is most like, if any."""
    everything = sorted(articles, key=lambda a: (a.published is None, a.published or dt.date.min, a.id))
    idf = _idf(everything)
    listed = [a for a in everything if a.events]
    gap, span = dt.timedelta(days=gap_days), dt.timedelta(days=span_days)
    open_stories: list[_Open] = []
    done: list[_Open] = []
    for article in listed:
        vector = _vector(article.words, idf)
        if article.published is not None:
            still = [s for s in open_stories if _is_open(s, article, gap, span)]
            done.extend(s for s in open_stories if not _is_open(s, article, gap, span))
            open_stories = still
        best: tuple[float, int] | None = None
        least = min_similarity if article.published is not None else min_similarity_undated
        for index, story in enumerate(open_stories):
            if not _is_open(story, article, gap, span):
                continue
            if article.countries and story.countries and not article.countries & story.countries:
                continue  # a thread is about some actors: without one in common it is another thread
            score = _cosine(vector, story.centroid)
            if score >= least and (best is None or score > best[0]):
                best = (score, index)
        if best is None:
            open_stories.append(
                _Open(
                    article,
                    [article],
                    [vector],
                    dict(vector),
                    set(article.countries),
                    article.published,
                    article.published,
                )
            )
            continue
        story = open_stories[best[1]]
        story.members.append(article)
        story.vectors.append(vector)
        for w, v in vector.items():
            story.centroid[w] = story.centroid.get(w, 0.0) + v
        story.countries |= article.countries
        story.last = article.published or story.last
    threads = [*done, *open_stories]
    # An article that reports no event can join a thread (an analysis of the deal), never start one.
    for article in everything:
        if not article.events:
            _join_quietly(
                article,
                _vector(article.words, idf),
                threads,
                gap,
                span,
                min_similarity,
                min_similarity_undated,
            )
    stories = []
    for story in threads:
        dates = sorted(m.published.isoformat() for m in story.members if m.published is not None)
        stories.append(
            Story(
                id="s" + hashlib.sha256(story.first.id.encode("utf-8")).hexdigest()[:16],
                title=_title(story),
                start=dates[0] if dates else None,
                end=dates[-1] if dates else None,
                article_ids=tuple(sorted(m.id for m in story.members)),
            )
        )
    return sorted(stories, key=lambda s: (s.start is None, s.start or "", s.id))
