"""Check or import sentences the team wrote for roots real news runs short of (issue 19).

A writer's file has one line per sentence: `{"sid": "syn-RR-NNNN", "date", "sentence", "events"}`,
the events in the answer format of docs/annotation.md §12. They train models only (split `train`).

    python scripts/annotation_synthetic.py check WRITTEN.jsonl
    python scripts/annotation_synthetic.py add WRITTEN.jsonl --writer w1 --name synthetic-15 [--dir annotations]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from pathlib import Path

from dyads.annotations.folder import add_annotations, default_folder
from dyads.annotations.worksheet import WorksheetItem, read_answers, write_worksheet

_SID = re.compile(r"^syn-\d{2}-\d{4}$")


def _read(path: Path) -> tuple[list[WorksheetItem], list[str]]:
    items: list[WorksheetItem] = []
    problems: list[str] = []
    seen_sentences: dict[str, str] = {}
    for number, line in enumerate(path.open(encoding="utf-8"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            problems.append(f"line {number}: invalid JSON ({e.msg})")
            continue
        sid, sentence = record.get("sid"), record.get("sentence")
        if not isinstance(sid, str) or not _SID.match(sid):
            problems.append(f"line {number}: sid {sid!r} is not syn-RR-NNNN")
            continue
        if not isinstance(sentence, str) or not sentence.strip():
            problems.append(f"line {number} ({sid}): no sentence")
            continue
        if sentence in seen_sentences:
            problems.append(f"line {number} ({sid}): same sentence as {seen_sentences[sentence]}")
        seen_sentences[sentence] = sid
        date = record.get("date")
        if not (isinstance(date, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", date)):
            problems.append(f"line {number} ({sid}): date {date!r} is not YYYY-MM-DD")
        items.append(
            WorksheetItem(
                sid, sentence, "", None, date, "synthetic", stratum=f"synthetic:{sid[4:6]}", synthetic=True
            )
        )
    return items, problems


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("action", choices=["check", "add"])
    parser.add_argument("written", type=Path)
    parser.add_argument("--writer", default="writer")
    parser.add_argument("--name")
    parser.add_argument("--dir", type=Path)
    args = parser.parse_args()
    items, problems = _read(args.written)
    with tempfile.TemporaryDirectory() as tmp:
        worksheet = Path(tmp) / "worksheet.jsonl"
        write_worksheet(worksheet, items)
        from dyads.annotations.worksheet import read_worksheet

        annotations, answer_problems = read_answers(
            args.written, read_worksheet(worksheet), annotator=args.writer
        )
    problems.extend(str(p) for p in answer_problems)
    for problem in problems:
        print(problem)
    events = sum(len(a.events) for a in annotations)
    print(f"{len(annotations)} sentences well formed ({events} events); {len(problems)} problems")
    if problems:
        sys.exit(1)
    if args.action == "add":
        path = add_annotations(
            args.dir or default_folder(), args.name or args.written.stem, annotations, mode="new"
        )
        print(f"written to {path}")


if __name__ == "__main__":
    main()
