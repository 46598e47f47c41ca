"""An article is its text, not the id it claims: a second text under a used id gets an id of its own.

A record's id (a JSONL `id`, a feed guid, a file name) is only a claim: two records may claim one id
with different texts (issue 23). The first text stored keeps the id; a later one is stored under
`<id>#<first 8 hex digits of the SHA-256 of its text>` (then `…#<digits>.2`, `.3` … should that be
taken too), and a Problem names both ids. The same id with the same text is a plain duplicate.
Derived ids depend only on the claimed id and the text, so re-running an ingest finds every derived
id already stored with its text and stores nothing twice, whatever the batch size or engine.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

from dyads.model import Article

__all__ = [
    "DIGEST_DIGITS",
    "candidate_ids",
    "place_articles",
    "renamed_reason",
    "text_digest",
]

DIGEST_DIGITS = 8  # hex digits of the text's SHA-256 in a derived id (as for repeated file names)

# Looks up the text digests of stored articles by id (ids not stored are absent from the result).
DigestLookup = Callable[[Sequence[str]], Mapping[str, str]]


def text_digest(text: str) -> str:
    """Return the SHA-256 hex digest of an article text (its identity)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def candidate_ids(claimed: str, digest: str) -> Iterator[str]:
    """Yield the ids an article claiming `claimed` may be stored under, in the order they are tried."""
    yield claimed
    derived = f"{claimed}#{digest[:DIGEST_DIGITS]}"
    yield derived
    for number in itertools.count(2):
        yield f"{derived}.{number}"


def renamed_reason(claimed: str, stored_as: str) -> str:
    """Return the reason of the Problem for an article stored under a derived id."""
    return (
        f"id {claimed!r} is already used by an article with a different text; "
        f"this article is stored as {stored_as!r}"
    )


def place_articles(articles: Iterable[Article], stored: DigestLookup) -> list[str | None]:
    """Return the id each article is stored under, in order; None for one whose text is stored (or seen) under it.

    Articles are taken one after the other, each seeing the ones before it, so a batch gives the ids a
    run of one-article batches would. `stored` is asked once for the first two candidates of every
    article, and again only for the rare article whose derived id is taken as well.
    """
    listed = list(articles)
    digests = [text_digest(article.text) for article in listed]
    first_two = [
        candidate
        for article, digest in zip(listed, digests, strict=True)
        for candidate in itertools.islice(candidate_ids(article.id, digest), 2)
    ]
    known: dict[str, str] = dict(stored(first_two))
    looked = set(first_two)
    placed: list[str | None] = []
    for article, digest in zip(listed, digests, strict=True):
        for candidate in candidate_ids(article.id, digest):
            if candidate not in looked:
                known.update(stored([candidate]))
                looked.add(candidate)
            held = known.get(candidate)
            if held is None:
                known[candidate] = digest
                placed.append(candidate)
                break
            if held == digest:
                placed.append(None)
                break
    return placed
