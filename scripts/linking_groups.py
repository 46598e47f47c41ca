"""Draw groups of reports for the linking gold (annotations/linking/) from a store of real articles.

    python scripts/linking_groups.py STORE OUT_DIR [--groups 70] [--seed 2121] [--per-block 3]

A group is up to 8 mentions of one block (the same source and target countries and CAMEO root,
whatever their modality), from at least two articles, dated within 7 days of its first one. Those are
the reports a linker must tell apart, so every pair in a group is a hard pair. Writes, outside the
project (they hold corpus text): `worksheet.jsonl` for annotators (each report's article date, title,
context and sentence with the act's word marked, never dyads' codes) and `groups.jsonl` (the reports'
article ids and offsets, the skeleton `annotations/linking/groups.jsonl` is completed from).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from collections import defaultdict
from pathlib import Path

import duckdb

from dyads.dedupe import country_level

WINDOW_DAYS = 7
MAX_REPORTS = 8
BEFORE, AFTER = 600, 300


def _day(date: str | None, published: dt.date | None) -> dt.date | None:
    if date and len(date) >= 10:
        try:
            return dt.date.fromisoformat(date[:10])
        except ValueError:
            pass
    return published


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--groups", type=int, default=70)
    parser.add_argument("--per-block", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2121)
    args = parser.parse_args()
    con = duckdb.connect(str(args.store), read_only=True)
    rows = con.execute(
        "SELECT m.id, m.article_id, m.source, m.target, m.cameo, m.date, m.sentence_start, "
        "m.sentence_end, m.trigger_start, m.trigger_end, a.published, a.title, a.text "
        "FROM mentions m JOIN articles a ON a.id = m.article_id WHERE m.source IS NOT NULL "
        "ORDER BY m.id"
    ).fetchall()
    blocks: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    seen: set[tuple[str, str, str, str, int]] = set()
    for mid, article, source, target, cameo, date, s0, s1, t0, t1, published, title, text in rows:
        day = _day(date, published)
        if day is None:
            continue
        key = (country_level(source), country_level(target or ""), cameo[:2])
        if (*key, article, t0) in seen:
            continue  # two dyads of one word in one block: one report, not a pair to judge
        seen.add((*key, article, t0))
        blocks[key].append(
            {
                "id": mid,
                "article": article,
                "day": day,
                "sentence": (s0, s1),
                "trigger": (t0, t1),
                "title": title,
                "text": text,
            }
        )
    rng = random.Random(args.seed)
    candidates = []
    for key, members in sorted(blocks.items()):
        members.sort(key=lambda m: (m["day"], m["id"]))
        seeds = list(range(len(members)))
        rng.shuffle(seeds)
        taken: set[str] = set()
        found = 0
        for i in seeds:
            if found >= args.per_block or members[i]["id"] in taken:
                continue
            start = members[i]["day"]
            window = [
                m
                for m in members
                if start <= m["day"] <= start + dt.timedelta(days=WINDOW_DAYS) and m["id"] not in taken
            ]
            per_article: dict[str, int] = defaultdict(int)
            chosen = []
            for m in sorted(window, key=lambda m: rng.random()):
                if per_article[m["article"]] < 2 and len(chosen) < MAX_REPORTS:
                    per_article[m["article"]] += 1
                    chosen.append(m)
            if len({m["article"] for m in chosen}) >= 2 and len(chosen) >= 3:
                taken |= {m["id"] for m in chosen}
                candidates.append((key, sorted(chosen, key=lambda m: (m["day"], m["id"]))))
                found += 1
    rng.shuffle(candidates)
    picked = sorted(candidates[: args.groups], key=lambda c: (c[0], c[1][0]["day"]))
    args.out.mkdir(parents=True, exist_ok=True)
    with (
        (args.out / "worksheet.jsonl").open("w", encoding="utf-8") as sheet,
        (args.out / "groups.jsonl").open("w", encoding="utf-8") as skeleton,
    ):
        for n, (_, members) in enumerate(picked, 1):
            group = f"L{n:03d}"
            reports, shown = [], []
            for k, m in enumerate(members, 1):
                text, (s0, s1), (t0, t1) = m["text"], m["sentence"], m["trigger"]
                report = f"{group}-{k}"
                reports.append(
                    {"report": report, "article_id": m["article"], "sentence": [s0, s1], "trigger": [t0, t1]}
                )
                marked = text[s0:t0] + "⟦" + text[t0:t1] + "⟧" + text[t1:s1]
                shown.append(
                    {
                        "report": report,
                        "article_id": m["article"],
                        "date": m["day"].isoformat(),
                        "title": m["title"],
                        "before": text[max(0, s0 - BEFORE) : s0],
                        "sentence": marked,
                        "after": text[s1 : s1 + AFTER],
                        "act_word": text[t0:t1],
                    }
                )
            sheet.write(json.dumps({"group": group, "reports": shown}, ensure_ascii=False) + "\n")
            skeleton.write(json.dumps({"group": group, "reports": reports}) + "\n")
    pairs = sum(len(m) * (len(m) - 1) // 2 for _, m in picked)
    print(f"{len(picked)} groups, {sum(len(m) for _, m in picked)} reports, {pairs} pairs → {args.out}")


if __name__ == "__main__":
    main()
