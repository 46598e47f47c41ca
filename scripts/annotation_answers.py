"""Check an annotator's answer file against its worksheet, and list every problem (issue 19).

    python scripts/annotation_answers.py WORKSHEET.jsonl ANSWERS.jsonl

Exit status 0 when every sentence is answered and every answer is well formed. `dyads annotations
add` imports checked answers into the project's annotation records.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dyads.annotations.worksheet import read_answers, read_worksheet


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("worksheet", type=Path)
    parser.add_argument("answers", type=Path)
    args = parser.parse_args()
    worksheet = read_worksheet(args.worksheet)
    annotations, problems = read_answers(args.answers, worksheet, annotator="check")
    for problem in problems:
        print(problem)
    events = sum(len(a.events) for a in annotations)
    empty = sum(1 for a in annotations if not a.events)
    print(
        f"{len(annotations)} of {len(worksheet)} sentences well formed ({events} events, {empty} with no event); "
        f"{len(problems)} problems"
    )
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
