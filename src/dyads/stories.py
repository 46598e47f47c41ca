"""Group articles into story threads: articles about the same dyads, close in time, with shared vocabulary.

Two articles belong to one story when they report events between the same pair of countries (in
either direction), were published within `window_days` of each other, and share enough content words
(Jaccard ≥ `min_overlap`); stories are the connected groups. The story id is a hash of its earliest
article, its title that article's title (or first sentence).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS

__all__ = ["MIN_OVERLAP", "WINDOW_DAYS", "Story", "StoryArticle", "content_words", "group_stories"]

WINDOW_DAYS = 30
MIN_OVERLAP = 0.05

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]{3,}")


@dataclass(frozen=True, slots=True)
class StoryArticle:
    """What story grouping needs of an article."""

    id: str
    title: str | None
    published: dt.date | None
    dyads: frozenset[tuple[str, str]]  # unordered country pairs of its events
    words: frozenset[str]


@dataclass(frozen=True, slots=True)
class Story:
    """A thread of articles."""

    id: str
    title: str
    start: str | None
    end: str | None
    article_ids: tuple[str, ...]


def content_words(text: str, *, limit: int = 400) -> frozenset[str]:
    """Return the lower-case content words of the first `limit` words of a text."""
    words = [w.lower() for w in _WORD.findall(text)[:limit]]
    return frozenset(w for w in words if w not in STOP_WORDS)


def _close(a: StoryArticle, b: StoryArticle, window: dt.timedelta, min_overlap: float) -> bool:
    """Return whether two articles sharing a dyad are one story (near in time, shared vocabulary)."""
    if a.published is not None and b.published is not None and abs(a.published - b.published) > window:
        return False
    shared = len(a.words & b.words)
    union = len(a.words) + len(b.words) - shared
    return bool(union) and shared / union >= min_overlap


def _candidates(
    group: Sequence[StoryArticle], window: dt.timedelta
) -> Iterator[tuple[StoryArticle, StoryArticle]]:
    """Yield the pairs of one dyad's articles that can be close: dated ones within the window, undated with all.

    Sorting by date stops each scan at the window's end, so a dyad reported over years is not
    compared pair by pair; the pairs skipped are those `_close` would reject.
    """
    dated = sorted(((a.published, a.id, a) for a in group if a.published is not None), key=lambda d: d[:2])
    undated = [a for a in group if a.published is None]
    for i, (day, _, first) in enumerate(dated):
        for later, _, second in dated[i + 1 :]:
            if later - day > window:
                break
            yield first, second
    for i, first in enumerate(undated):
        for second in (*undated[i + 1 :], *(a for _, _, a in dated)):
            yield first, second


def _earliest(articles: Iterable[StoryArticle]) -> StoryArticle:
    return min(articles, key=lambda a: (a.published is None, a.published or dt.date.min, a.id))


def _pairs(
    group: Sequence[StoryArticle], fresh: Collection[str] | None, window: dt.timedelta
) -> Iterator[tuple[StoryArticle, StoryArticle]]:
    """Yield the pairs of articles to compare: all that can be close, or only those with a fresh article."""
    if fresh is None:
        yield from _candidates(group, window)
        return
    for first in group:
        if first.id in fresh:
            for second in group:
                if second.id != first.id:
                    yield first, second


def group_stories(
    articles: Sequence[StoryArticle],
    *,
    window_days: int = WINDOW_DAYS,
    min_overlap: float = MIN_OVERLAP,
    known: Mapping[str, str] | None = None,
    fresh: Collection[str] | None = None,
) -> list[Story]:
    """Return the stories of the articles that report dyadic events (articles without any are left out).

    Incremental use: `known` maps articles already grouped to their story, `fresh` names the new
    articles; articles of one known story stay together and only pairs with a fresh article are
    compared, which gives the stories a regrouping of everything would give.
    """
    parent = {article.id: article.id for article in articles if article.dyads}

    def find(item: str) -> str:
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    first_of: dict[str, str] = {}
    for article_id, story_id in (known or {}).items():
        if article_id in parent:
            if story_id in first_of:
                parent[find(article_id)] = find(first_of[story_id])
            else:
                first_of[story_id] = article_id
    by_dyad: dict[tuple[str, str], list[StoryArticle]] = {}
    for article in articles:
        for dyad in article.dyads:
            by_dyad.setdefault(dyad, []).append(article)
    window = dt.timedelta(days=window_days)
    for group in by_dyad.values():
        for first, second in _pairs(group, fresh, window):
            if find(first.id) != find(second.id) and _close(first, second, window, min_overlap):
                parent[find(first.id)] = find(second.id)
    members: dict[str, list[StoryArticle]] = {}
    for article in articles:
        if article.id in parent:
            members.setdefault(find(article.id), []).append(article)
    stories = []
    for group in members.values():
        earliest = _earliest(group)
        dates = sorted(a.published.isoformat() for a in group if a.published is not None)
        stories.append(
            Story(
                id="s" + hashlib.sha256(earliest.id.encode("utf-8")).hexdigest()[:16],
                title=earliest.title or earliest.id,
                start=dates[0] if dates else None,
                end=dates[-1] if dates else None,
                article_ids=tuple(sorted(a.id for a in group)),
            )
        )
    return sorted(stories, key=lambda s: (s.start is None, s.start or "", s.id))
