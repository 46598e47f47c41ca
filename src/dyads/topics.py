"""What an article is about, where that decides whether it holds political events at all.

Sport reports name countries and use the verbs of conflict ("England beat France", "New Zealand
toured Wales"); coded as politics they are false events. An article is about sport when the words
of `data/topics/sport.tsv` are both dense and varied in it: on the news corpus a density of 3% with
six different words separates the BBC's sport pages from its politics, business and world pages
(65 of 80 sport articles, none of 400 others).
"""

from __future__ import annotations

import functools

from spacy.tokens import Doc

from dyads.resources import read_table

__all__ = ["is_sport"]

SPORT_DENSITY = 0.03  # share of the article's words that are sport words
SPORT_VARIETY = 6  # different sport words


@functools.cache
def sport_words() -> frozenset[str]:
    """Return the lemmas of sport reporting (data/topics/sport.tsv)."""
    return frozenset(row["word"].lower() for row in read_table("topics/sport.tsv", ("word",)))


def is_sport(doc: Doc) -> bool:
    """Return whether the parsed article is a sport report."""
    words = [t.lemma_.lower() for t in doc if t.is_alpha]
    hits = [w for w in words if w in sport_words()]
    return len(set(hits)) >= SPORT_VARIETY and len(hits) >= SPORT_DENSITY * max(len(words), 1)
