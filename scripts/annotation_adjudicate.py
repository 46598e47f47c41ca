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
from dyads.annotations.records import ActorSpan, AnnotatedEvent, Annotation, read_annotations, resolve_text
from dyads.annotations.worksheet import WorksheetItem, write_worksheet
from dyads.corpus import find_shared, load_corpus
from dyads.ingest.jsonl import write_json_lines

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


def _item(annotation: Annotation, text: str, shared: Path) -> WorksheetItem:
    article = load_corpus(shared, annotation.corpus or "")[annotation.article_id or ""]
    context = article.text[max(0, annotation.start - CONTEXT_CHARS) : annotation.start].strip()
    return WorksheetItem(
        annotation.id,
        text,
        context,
        article.title,
        article.date.isoformat() if article.date else None,
        annotation.collection,
        annotation.corpus,
        annotation.article_id,
        annotation.start,
        annotation.end,
        annotation.stratum,
    )


def _write(out: Path, items: list[WorksheetItem], versions: list[dict]) -> None:
    write_worksheet(out / "worksheet.jsonl", items)
    write_json_lines(out / "versions.jsonl", versions)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--dir", type=Path)
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument(
        "--round", dest="round_", help="the agreement round to adjudicate (default: the latest)"
    )
    parser.add_argument(
        "--review",
        metavar="FILE",
        help="instead: a review worksheet of one record file of real/ (its current annotations as version X), "
        "leaving out sentences annotated twice",
    )
    parser.add_argument(
        "--exclude",
        type=Path,
        nargs="*",
        default=[],
        help="with --review: leave out the sentences of these worksheets",
    )
    args = parser.parse_args()
    shared = find_shared()
    if shared is None:
        sys.exit("../shared not found")
    folder = args.dir or default_folder()
    rng = random.Random(args.seed)
    first, second = load_agreement(folder, args.round_)
    items: list[WorksheetItem] = []
    versions: list[dict] = []
    if args.review:
        twice = {a.id for a in second} | {
            json.loads(line)["sid"] for path in args.exclude for line in path.open(encoding="utf-8")
        }
        for annotation in read_annotations([folder / "real" / args.review]):
            text = resolve_text(annotation, shared)
            if annotation.id in twice or text is None:
                continue
            items.append(_item(annotation, text, shared))
            versions.append({"sid": annotation.id, "X": _events(text, annotation.events)})
        _write(args.out, items, versions)
        print(f"{len(items)} sentences to review -> {args.out}", file=sys.stderr)
        return
    by_id = {a.id: a for a in first}
    for b in second:
        a = by_id[b.id]
        if _same(a, b):
            continue
        text = resolve_text(b, shared)
        if text is None:
            continue
        items.append(_item(b, text, shared))
        pair = [_events(text, a.events), _events(text, b.events)]
        rng.shuffle(pair)
        versions.append({"sid": b.id, "X": pair[0], "Y": pair[1]})
    _write(args.out, items, versions)
    print(f"{len(items)} of {len(second)} doubly annotated sentences differ -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
