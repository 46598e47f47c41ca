"""What an article is about, where that decides whether it holds political events at all.

Sport and entertainment reports name countries and use the verbs of conflict and diplomacy
("England beat France", "New Zealand toured Wales", the plot of a film); coded as politics they are
false events. An article is off topic when the words of one `data/topics/*.tsv` file are both dense
and varied in it: on the news corpus a density of 3% with six different words flags 65 of 80 BBC
sport pages and 49 of 80 entertainment pages, and 1 of 400 politics, business, world and wire
articles (a technology page about music).
"""

from __future__ import annotations

import functools

from spacy.tokens import Doc

from dyads.resources import data_files, read_table

__all__ = ["TOPIC_DENSITY", "TOPIC_VARIETY", "off_topic"]

TOPIC_DENSITY = 0.03  # share of the article's words that are the topic's words
TOPIC_VARIETY = 6  # different words of the topic


@functools.cache
def topic_words() -> dict[str, frozenset[str]]:
    """Return each off-topic subject's words (data/topics/NAME.tsv), by NAME."""
    return {
        name.rsplit("/", 1)[-1].removesuffix(".tsv"): frozenset(
            row["word"].lower() for row in read_table(name, ("word",))
        )
        for name in data_files("topics", "*.tsv")
    }


def off_topic(doc: Doc) -> str | None:
    """Return the subject the parsed article is about when it is not politics ("sport"), else None."""
    words = [t.lemma_.lower() for t in doc if t.is_alpha]
    for name, vocabulary in sorted(topic_words().items()):
        hits = [w for w in words if w in vocabulary]
        if len(set(hits)) >= TOPIC_VARIETY and len(hits) >= TOPIC_DENSITY * max(len(words), 1):
            return name
    return None
