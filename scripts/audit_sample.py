"""Draw a sample of real news, code it, and write a sheet of mentions for a person to judge.

    python scripts/audit_sample.py ../shared/corpus/news.jsonl -o audit/ [--seed 2026] [--per-collection 25]
        [--mentions 120] [--exclude OLD_SAMPLE.jsonl]
    python scripts/audit_sample.py --score audit/sheet.tsv

The first form writes `audit/sample.jsonl` (the articles: a number per `collection`, drawn with the
seed), `audit/coded.jsonl` (every mention `dyads code` writes for them) and `audit/sheet.tsv` (a
random draw of mentions with their evidence sentence and an empty `label` column). A judge fills
`label` with `correct`, `wrong-source`, `wrong-target`, `wrong-code`, `not-an-event` or
`wrong-modality`: is (source, target, CAMEO root) what the sentence reports? The second form prints
precision overall, by collection and by confidence band, with 95% Wilson intervals.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import random
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

SHEET_COLUMNS = (
    "n",
    "article_id",
    "collection",
    "confidence",
    "source",
    "target",
    "cameo",
    "modality",
    "negated",
    "trigger",
    "sentence",
    "label",
    "note",
)
BANDS = ((0.0, 0.5), (0.5, 0.7), (0.7, 1.01))


def wilson(hits: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """Return the 95% Wilson interval of a proportion."""
    if n == 0:
        return 0.0, 0.0
    p = hits / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def draw(
    corpus: Path, out: Path, seed: int, per_collection: int, mentions: int, exclude: Path | None
) -> None:
    """Write the sample, its coding and the sheet to judge."""
    skip = {json.loads(line)["id"] for line in exclude.open()} if exclude else set()
    by_collection: dict[str, list[dict[str, object]]] = defaultdict(list)
    with corpus.open() as lines:
        for line in lines:
            record = json.loads(line)
            if record["id"] not in skip:
                by_collection[str(record.get("collection") or "")].append(record)
    rng = random.Random(seed)
    sample = [r for group in sorted(by_collection) for r in rng.sample(by_collection[group], per_collection)]
    out.mkdir(parents=True, exist_ok=True)
    with (out / "sample.jsonl").open("w") as f:
        f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in sample)
    command = [
        sys.executable,
        "-m",
        "dyads",
        "code",
        str(out / "sample.jsonl"),
        "-o",
        str(out / "coded.jsonl"),
    ]
    subprocess.run(command, check=True)
    collection = {str(r["id"]): str(r.get("collection") or "") for r in sample}
    coded = [json.loads(line) for line in (out / "coded.jsonl").open()]
    picked = rng.sample(coded, min(mentions, len(coded)))
    with (out / "sheet.tsv").open("w", newline="") as f:
        writer = csv.writer(f, delimiter="\t")
        writer.writerow(SHEET_COLUMNS)
        for n, m in enumerate(picked):
            writer.writerow(
                [n, m["article_id"], collection.get(m["article_id"], ""), m["confidence"], m["source"]]
                + [m["target"], m["cameo"], m["modality"], m["negated"], m["trigger"], m["sentence"], "", ""]
            )
    print(f"{len(sample)} articles, {len(coded)} mentions, {len(picked)} to judge in {out / 'sheet.tsv'}")


def score(sheet: Path) -> None:
    """Print precision of a judged sheet, overall, by collection and by confidence band."""
    rows = [r for r in csv.DictReader(sheet.open(), delimiter="\t") if r["label"]]
    groups: dict[str, list[bool]] = defaultdict(list)
    for row in rows:
        right = row["label"] == "correct"
        groups["all"].append(right)
        groups[f"collection {row['collection']}"].append(right)
        confidence = float(row["confidence"])
        low, high = next(band for band in BANDS if band[0] <= confidence < band[1])
        groups[f"confidence {low:.1f}-{min(high, 1.0):.1f}"].append(right)
    for name, judged in groups.items():
        low, high = wilson(sum(judged), len(judged))
        print(
            f"{name:<40} {sum(judged):>4}/{len(judged):<4} = {sum(judged) / len(judged):.3f}  [{low:.2f}-{high:.2f}]"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path)
    parser.add_argument("-o", "--out", type=Path, default=Path("audit"))
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--per-collection", type=int, default=25)
    parser.add_argument("--mentions", type=int, default=120)
    parser.add_argument("--exclude", type=Path, help="a JSONL of articles not to draw again")
    parser.add_argument("--score", type=Path, help="a judged sheet to score")
    args = parser.parse_args()
    if args.score:
        score(args.score)
    elif args.corpus:
        draw(args.corpus, args.out, args.seed, args.per_collection, args.mentions, args.exclude)
    else:
        parser.error("give a corpus to draw from, or --score SHEET")


if __name__ == "__main__":
    main()
