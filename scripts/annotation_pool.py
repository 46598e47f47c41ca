"""Build the sentence pool the annotation sample is drawn from (issue 19), one collection at a time.

For every sentence of the pooled articles it records where it is, its split, whether today's rule
coder writes a mention there (and with which CAMEO roots), and which roots a keyword screen
suggests. These are only sampling strata: labels come from annotators reading the guideline, never
from the rules. The pool holds pointers and hashes only, no corpus text.

    python scripts/annotation_pool.py agnews_test.jsonl -o /work/annotate/pool-agnews.jsonl
    python scripts/annotation_pool.py news.jsonl --collection reuters21578 --limit 2500 -o …
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

from dyads.actors.resolve import DocActors
from dyads.annotations.records import sentence_hash, split_of
from dyads.corpus import find_shared, iter_corpus
from dyads.model import Article
from dyads.parse import parse_articles, sentences_of
from dyads.pipeline import CoderSpec, code_doc
from dyads.topics import off_topic

# A screen for sentences that may hold the roots real news reports least often, so the sample
# holds enough of them. Word stems only; a hit says nothing about the label.
KEYWORDS: dict[str, str] = {
    "02": r"\b(urg(e|ed|es|ing)|appeal(ed|s)?|call(ed|s)? (on|for)|request(ed|s)?|ask(ed|s)? .{0,30}to)\b",
    "05": r"\b(prais|endors|recogni[sz]|apologi|forgiv|signed|ratif)",
    "06": r"\b(joint (exercise|patrol|operation)|extradit|shar(e|ed|ing) intelligence|trade (deal|pact)|cooperat)",
    "07": r"\b(aid|assistance|donat|relief|asylum|peacekeep|loan|grant(ed)?)\b",
    "08": r"\b(releas|freed|lift(ed|s)?|eas(ed|es|ing)|withdr[ae]w|ceasefire|truce|surrender|pull(ed)? out|pardon|amnesty|concession|allow(ed)? .{0,20}(inspector|access))",
    "09": r"\b(investigat|inquiry|probe|inspect|examin)",
    "10": r"\b(demand|insist|ultimatum)",
    "12": r"\b(reject|refus|veto|rebuff|defied|defy|boycott)",
    "13": r"\b(threat|warn(ed|s)?|ultimatum)",
    "14": r"\b(protest|demonstrat|rall(y|ied|ies)|strike|marched|riot|hunger strike|sit-in)",
    "15": r"\b(alert|mobili[sz]|massed|reinforc|military exercises|deploy|troop build)",
    "16": r"\b(sanction|embargo|suspend|sever|expel|recall(ed)? .{0,20}ambassador|cut (off )?ties|broke off)",
    "17": r"\b(arrest|detain|jail|imprison|seiz|confiscat|curfew|deport|crackdown|ban(ned|s)?|raid|demolish|hack)",
    "18": r"\b(bomb|suicide|kidnap|hostage|abduct|assassinat|hijack|tortur|rape|beat(en|ing)?|stabb)",
    "19": r"\b(clash|shell(ed|ing)|air ?strike|fighting|fought|artillery|tank|mortar|offensive|occup|siege|blockade|kill(ed|ing|s)?)\b",
    "20": r"\b(massacre|genocide|ethnic cleansing|chemical (weapon|attack)|mass (killing|grave|expulsion)|nerve agent|sarin|chlorine)",
}
_KEYWORDS = {root: re.compile(pattern, re.IGNORECASE) for root, pattern in KEYWORDS.items()}
_WORD = re.compile(r"[A-Za-z]{2,}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpus", help="news.jsonl, agnews_test.jsonl or sample_html")
    parser.add_argument("--collection", help="keep only this collection of the corpus file")
    parser.add_argument("--limit", type=int, help="pool at most this many articles (seeded random choice)")
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    shared = find_shared()
    if shared is None:
        sys.exit("../shared not found (set DYADS_SHARED)")
    articles = [
        a for a in iter_corpus(shared, args.corpus) if not args.collection or a.collection == args.collection
    ]
    if args.limit and len(articles) > args.limit:
        articles = random.Random(args.seed).sample(articles, args.limit)
    coder = CoderSpec().build()
    by_id = {a.id: a for a in articles}
    inputs = (Article(a.id, a.text, title=a.title, published=a.date) for a in articles)
    written = 0
    with args.output.open("w", encoding="utf-8") as out:
        for article, doc in parse_articles(inputs, coder.nlp, is_name=coder.kb.starts_name):
            source = by_id[article.id]
            actors = DocActors(
                doc, coder.kb, day=article.published, speech=coder.lexicon.speech, events=coder.lexicon.nouns
            )
            topic = off_topic(doc)
            mentions = [] if topic else code_doc(article, doc, actors, coder.lexicon)
            fired: dict[int, set[str]] = {}
            for mention in mentions:
                fired.setdefault(mention.sentence_start, set()).add(mention.cameo[:2])
            for index, sentence in enumerate(sentences_of(article, doc)):
                words = len(_WORD.findall(sentence.text))
                if words < 4:
                    continue
                record = {
                    "corpus": source.corpus,
                    "article_id": source.id,
                    "collection": source.collection,
                    "category": source.meta.get("class") or source.meta.get("category"),
                    "index": index,
                    "start": sentence.start,
                    "end": sentence.end,
                    "sha": sentence_hash(sentence.text),
                    "words": words,
                    "split": split_of(source.id),
                    "off_topic": topic,
                    "rule_roots": sorted(fired.get(sentence.start, ())),
                    "keyword_roots": sorted(r for r, rx in _KEYWORDS.items() if rx.search(sentence.text)),
                }
                out.write(json.dumps(record) + "\n")
                written += 1
    print(f"{written} sentences of {len(articles)} articles -> {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
