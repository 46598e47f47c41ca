"""Convert PETRARCH-format dictionaries into dyads TSV files that users can read, edit and extend."""

from __future__ import annotations

import csv
from pathlib import Path

from dyads.actors.petrarch import read_actors, read_agents

__all__ = ["import_petrarch"]


def import_petrarch(actors: Path | None, agents: Path | None, directory: Path) -> list[Path]:
    """Write `<name>.actors.tsv` / `<name>.agents.tsv` into `directory`; return the files written."""
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    if actors is not None:
        target = directory / (actors.stem + ".tsv")
        with target.open("w", encoding="utf-8", newline="") as handle:
            handle.write(f"# Converted by `dyads dict import-petrarch` from {actors.name}.\n")
            writer = csv.writer(
                handle, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\"
            )
            writer.writerow(("phrase", "code", "kind", "start", "end"))
            for phrase, entry in read_actors(actors):
                writer.writerow((phrase, entry.code, entry.kind, entry.start or "", entry.end or ""))
        written.append(target)
    if agents is not None:
        target = directory / (agents.stem + ".tsv")
        with target.open("w", encoding="utf-8", newline="") as handle:
            handle.write(f"# Converted by `dyads dict import-petrarch` from {agents.name}.\n")
            handle.write("# A role ending in ~ is written before the country code (NGO~ + ARN → NGOARN).\n")
            writer = csv.writer(
                handle, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\"
            )
            writer.writerow(("phrase", "role", "priority"))
            for phrase, entry in read_agents(agents):
                writer.writerow((phrase, entry.code, entry.priority))
        written.append(target)
    return written
