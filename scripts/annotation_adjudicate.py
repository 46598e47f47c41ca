"""Build the adjudication worksheet: every doubly annotated sentence where the two annotations differ.

    python scripts/annotation_adjudicate.py --out /work/annotate/adjudication

writes `worksheet.jsonl` (the sentences, in the worksheet format `dyads annotations add` reads) and
`versions.jsonl` (for each sentence the two annotations, as words, labelled X and Y in a random
order so the adjudicator cannot tell first from second). The adjudicator's answers replace the
records: `dyads annotations add worksheet.jsonl ANSWERS --annotator adjudicated --replace`.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

from dyads.annotations.folder import default_folder, load_agreement
from dyads.annotations.records import ActorSpan, AnnotatedEvent, Annotation, resolve_text
from dyads.annotations.worksheet import WorksheetItem, write_worksheet
from dyads.corpus import find_shared, load_corpus

CONTEXT_CHARS = 500


def _words(text: str, span: tuple[int, int] | None) -> str | None:
    return text[span[0] : span[1]] if span else None


def _actor(text: str, actor: ActorSpan | None) -> dict | None:
    return None if actor is None else {"text": _words(text, actor.span), "code": actor.code}


def _events(text: str, events: tuple[AnnotatedEvent, ...]) -> list[dict]:
    return [
        {
            "code": e.code,
            "trigger": _words(text, e.trigger),
            "source": _actor(text, e.source),
            "target": _actor(text, e.target),
            "negated": e.negated,
            "modality": e.modality,
        }
        for e in events
    ]


def _key(event: AnnotatedEvent) -> tuple[object, ...]:
    """What adjudication compares: codes, actors' codes, negation and modality (not span edges)."""
    return (
        event.code,
        event.source.code if event.source else None,
        event.target.code if event.target else None,
        event.negated,
        event.modality,
    )


def _same(a: Annotation, b: Annotation) -> bool:
    return sorted(map(_key, a.events), key=str) == sorted(map(_key, b.events), key=str)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--dir", type=Path)
    parser.add_argument("--seed", type=int, default=19)
    args = parser.parse_args()
    shared = find_shared()
    if shared is None:
        sys.exit("../shared not found")
    rng = random.Random(args.seed)
    first, second = load_agreement(args.dir or default_folder())
    by_id = {a.id: a for a in first}
    items: list[WorksheetItem] = []
    versions: list[dict] = []
    for b in second:
        a = by_id[b.id]
        if _same(a, b):
            continue
        text = resolve_text(b, shared)
        if text is None:
            continue
        article = load_corpus(shared, b.corpus or "")[b.article_id or ""]
        context = article.text[max(0, b.start - CONTEXT_CHARS) : b.start].strip()
        items.append(
            WorksheetItem(
                b.id,
                text,
                context,
                article.title,
                article.date.isoformat() if article.date else None,
                b.collection,
                b.corpus,
                b.article_id,
                b.start,
                b.end,
                b.stratum,
            )
        )
        pair = [_events(text, a.events), _events(text, b.events)]
        rng.shuffle(pair)
        versions.append({"sid": b.id, "X": pair[0], "Y": pair[1]})
    args.out.mkdir(parents=True, exist_ok=True)
    write_worksheet(args.out / "worksheet.jsonl", items)
    with (args.out / "versions.jsonl").open("w", encoding="utf-8") as handle:
        for version in versions:
            handle.write(json.dumps(version, ensure_ascii=False) + "\n")
    print(f"{len(items)} of {len(second)} doubly annotated sentences differ -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
