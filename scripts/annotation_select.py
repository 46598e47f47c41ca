"""Draw the annotation sample from the sentence pools and write annotators' worksheets (issue 19).

Stratified by collection (and by category where the collection has them), then inside each by how
the sentence was screened: `keyword:RR` (a keyword screen suggests a root real news reports rarely;
drawn round-robin over those roots), `rule` (today's rule coder writes a mention there) and
`silent` (it writes none). The strata only make the sample cover more than the rules see; labels
come from annotators. Seeded, so the same pools give the same sample.

    python scripts/annotation_select.py --pools /work/annotate --out /work/annotate/batches
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

from dyads.annotations.worksheet import WorksheetItem, write_worksheet
from dyads.corpus import find_shared, load_corpus

# Sentences wanted per (collection, category); the whole is about 6,700 real sentences.
QUOTAS: dict[tuple[str, str | None], int] = {
    ("agnews-test", "World"): 1450,
    ("agnews-test", "Business"): 350,
    ("agnews-test", "Sci/Tech"): 250,
    ("agnews-test", "Sports"): 250,
    ("bbc-2004-2005", "politics"): 560,
    ("bbc-2004-2005", "business"): 420,
    ("bbc-2004-2005", "tech"): 140,
    ("bbc-2004-2005", "entertainment"): 130,
    ("bbc-2004-2005", "sport"): 150,
    ("reuters21578", None): 1300,
    ("guardian-ngec-sample", None): 1400,
    ("sample_html", None): 300,
}
# Shares of each quota by stratum.
SHARES = {"keyword": 0.15, "rule": 0.45, "silent": 0.40}
# At most this many sentences of one article, so the sample spreads over many articles.
PER_ARTICLE = {
    "agnews-test": 1,
    "bbc-2004-2005": 4,
    "reuters21578": 3,
    "guardian-ngec-sample": 10,
    "sample_html": 12,
}
RARE_ROOTS = ("02", "05", "06", "07", "08", "09", "10", "12", "13", "14", "15", "16", "17", "18", "20")
MAX_WORDS = 90
CONTEXT_CHARS = 500


def _draw(pool: list[dict], quota: int, rng: random.Random, per_article: int) -> list[dict]:
    """Draw a quota from one (collection, category) pool by stratum."""
    taken: list[dict] = []
    used: set[tuple[str, int]] = set()
    per: Counter[str] = Counter()

    def take(row: dict, stratum: str) -> bool:
        key = (row["article_id"], row["start"])
        if key in used or per[row["article_id"]] >= per_article:
            return False
        used.add(key)
        per[row["article_id"]] += 1
        taken.append({**row, "stratum": stratum})
        return True

    shuffled = pool[:]
    rng.shuffle(shuffled)
    by_root: dict[str, list[dict]] = defaultdict(list)
    for row in shuffled:
        for root in row["keyword_roots"]:
            if root in RARE_ROOTS:
                by_root[root].append(row)
    want = round(quota * SHARES["keyword"])
    cursors = dict.fromkeys(by_root, 0)
    while len(taken) < want and any(cursors[r] < len(by_root[r]) for r in by_root):
        for root in sorted(by_root):
            rows = by_root[root]
            while cursors[root] < len(rows):
                cursors[root] += 1
                if take(rows[cursors[root] - 1], f"keyword:{root}"):
                    break
            if len(taken) >= want:
                break
    for stratum in ("rule", "silent"):
        want = len(taken) + round(quota * SHARES[stratum])
        for row in shuffled:
            if len(taken) >= want:
                break
            if bool(row["rule_roots"]) == (stratum == "rule"):
                take(row, stratum)
    for row in shuffled:  # a stratum that ran short is filled from the rest
        if len(taken) >= quota:
            break
        take(row, "rule" if row["rule_roots"] else "silent")
    return taken[:quota]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pools", type=Path, required=True, help="folder of pool-*.jsonl files")
    parser.add_argument(
        "--out", type=Path, required=True, help="where the worksheets go (outside the project)"
    )
    parser.add_argument("--batch-size", type=int, default=350)
    parser.add_argument("--agreement", type=int, default=480, help="sentences annotated twice")
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument(
        "--keyword-extra",
        type=int,
        metavar="N",
        help="instead: draw N more sentences from the keyword strata only, none already in a worksheet in --out",
    )
    parser.add_argument(
        "--extra",
        type=int,
        metavar="N",
        help="instead: draw N more sentences by the same quotas and strata, none already in a worksheet in --out",
    )
    parser.add_argument("--first-batch", type=int, default=1, help="number of the first worksheet written")
    args = parser.parse_args()
    shared = find_shared()
    if shared is None:
        sys.exit("../shared not found")
    rng = random.Random(args.seed)
    pools: dict[tuple[str, str | None], list[dict]] = defaultdict(list)
    for path in sorted(args.pools.glob("pool-*.jsonl")):
        for line in path.open(encoding="utf-8"):
            row = json.loads(line)
            if row["words"] > MAX_WORDS:
                continue
            category = row["category"] if row["collection"] in ("agnews-test", "bbc-2004-2005") else None
            pools[(row["collection"], category)].append(row)
    if args.keyword_extra:
        _keyword_extra(pools, args, rng, shared)
        return
    if args.extra:
        taken = _taken(args.out)
        total = sum(QUOTAS.values())
        for key in QUOTAS:
            pools[key] = [r for r in pools[key] if f"{r['article_id']}@{r['start']}" not in taken]
        quotas = {key: round(args.extra * quota / total) for key, quota in QUOTAS.items()}
    else:
        quotas = QUOTAS
    chosen: list[dict] = []
    for key, quota in quotas.items():
        drawn = _draw(pools[key], quota, rng, PER_ARTICLE[key[0]])
        print(
            f"{key}: {len(drawn)} of {len(pools[key])}",
            Counter(r["stratum"].split(":")[0] for r in drawn),
            file=sys.stderr,
        )
        chosen.extend(drawn)
    items = [_item(row, shared) for row in chosen]
    by_article: dict[str, list[WorksheetItem]] = defaultdict(list)
    for item in items:
        by_article[item.article_id or ""].append(item)
    articles = sorted(by_article)
    rng.shuffle(articles)
    batches: list[list[WorksheetItem]] = [[]]
    for article in articles:
        if len(batches[-1]) >= args.batch_size:
            batches.append([])
        batches[-1].extend(sorted(by_article[article], key=lambda i: i.start))
    args.out.mkdir(parents=True, exist_ok=True)
    for number, batch in enumerate(batches, start=args.first_batch):
        write_worksheet(args.out / f"batch-{number:02d}.jsonl", batch)
    if args.extra:
        print(f"{len(items)} more sentences in {len(batches)} batches", file=sys.stderr)
        return
    agreement = rng.sample(items, args.agreement)
    half = len(agreement) // 2
    write_worksheet(
        args.out / "agreement-1.jsonl", sorted(agreement[:half], key=lambda i: (i.article_id or "", i.start))
    )
    write_worksheet(
        args.out / "agreement-2.jsonl", sorted(agreement[half:], key=lambda i: (i.article_id or "", i.start))
    )
    splits = Counter(r["split"] for r in chosen)
    print(
        f"{len(items)} sentences in {len(batches)} batches; splits {dict(splits)}; agreement {len(agreement)}",
        file=sys.stderr,
    )


def _taken(folder: Path) -> set[str]:
    """Return the sids already in a worksheet of the folder."""
    return {
        json.loads(line)["sid"] for path in folder.glob("*.jsonl") for line in path.open(encoding="utf-8")
    }


def _keyword_extra(pools: dict, args: argparse.Namespace, rng: random.Random, shared: Path) -> None:
    """Draw more keyword-screened sentences (rare roots, round-robin), spread over collections as QUOTAS are."""
    taken = _taken(args.out)
    per: Counter[str] = Counter(sid.rsplit("@", 1)[0] for sid in taken)
    total = sum(QUOTAS.values())
    chosen: list[dict] = []
    for key, quota in QUOTAS.items():
        share = round(args.keyword_extra * quota / total)
        rows = [
            r for r in pools[key] if f"{r['article_id']}@{r['start']}" not in taken and r["keyword_roots"]
        ]
        rng.shuffle(rows)
        by_root: dict[str, list[dict]] = defaultdict(list)
        for row in rows:
            for root in row["keyword_roots"]:
                if root in RARE_ROOTS:
                    by_root[root].append(row)
        got = 0
        while got < share and any(by_root.values()):
            for root in sorted(by_root):
                while by_root[root]:
                    row = by_root[root].pop()
                    sid = f"{row['article_id']}@{row['start']}"
                    if sid in taken or per[row["article_id"]] >= PER_ARTICLE[key[0]] + 2:
                        continue
                    taken.add(sid)
                    per[row["article_id"]] += 1
                    chosen.append({**row, "stratum": f"keyword:{root}"})
                    got += 1
                    break
                if got >= share:
                    break
    items = [_item(row, shared) for row in chosen]
    rng.shuffle(items)
    by_article: dict[str, list[WorksheetItem]] = defaultdict(list)
    for item in items:
        by_article[item.article_id or ""].append(item)
    batches: list[list[WorksheetItem]] = [[]]
    for article in by_article:
        if len(batches[-1]) >= args.batch_size:
            batches.append([])
        batches[-1].extend(sorted(by_article[article], key=lambda i: i.start))
    for number, batch in enumerate(batches, start=args.first_batch):
        write_worksheet(args.out / f"batch-{number:02d}.jsonl", batch)
    print(f"{len(items)} more keyword-screened sentences in {len(batches)} batches", file=sys.stderr)


def _item(row: dict, shared: Path) -> WorksheetItem:
    article = load_corpus(shared, row["corpus"])[row["article_id"]]
    sentence = article.text[row["start"] : row["end"]]
    context = article.text[max(0, row["start"] - CONTEXT_CHARS) : row["start"]].strip()
    if row["start"] > CONTEXT_CHARS:
        context = "… " + context.split(" ", 1)[-1]
    return WorksheetItem(
        sid=f"{row['article_id']}@{row['start']}",
        sentence=sentence,
        context=context,
        title=article.title,
        date=article.date.isoformat() if article.date else None,
        collection=row["collection"],
        corpus=row["corpus"],
        article_id=row["article_id"],
        start=row["start"],
        end=row["end"],
        stratum=row["stratum"],
    )


if __name__ == "__main__":
    main()
