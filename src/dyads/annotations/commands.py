"""`dyads annotations …`: check, count, add, show and export the annotation corpus (docs/annotation.md)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from dyads.annotations.agreement import Agreement, agreement, align
from dyads.annotations.check import check_folder
from dyads.annotations.folder import (
    add_annotations,
    agreement_rounds,
    default_folder,
    load_agreement,
    load_annotations,
)
from dyads.annotations.gold import gold_records, write_gold
from dyads.annotations.records import SPLITS, ActorSpan, AnnotatedEvent, Annotation, resolve_text
from dyads.annotations.stats import corpus_stats
from dyads.annotations.worksheet import read_answers, read_worksheet
from dyads.corpus import find_shared
from dyads.errors import DyadsError

__all__ = ["annotations_app"]

annotations_app = typer.Typer(
    help="Check, count, add and export the annotation corpus.", no_args_is_help=True
)
out = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 200)
err = Console(stderr=True, highlight=False, soft_wrap=True)

DirOption = Annotated[
    Path | None,
    typer.Option("--dir", help="The annotations folder (default: ./annotations, else the checkout's)."),
]


def _folder(folder: Path | None) -> Path:
    return folder if folder is not None else default_folder()


def _fail(error: DyadsError) -> typer.Exit:
    err.print(f"[red]error:[/red] {error}", markup=True, highlight=False)
    return typer.Exit(1)


def _rounds(folder: Path) -> dict[str, Agreement]:
    """Return the agreement of every round that has both annotations, oldest first."""
    found = {}
    for name in agreement_rounds(folder):
        first, second = load_agreement(folder, name)
        if first and second:
            found[name] = agreement(first, second)
    return found


@annotations_app.command("check")
def check_command(folder: DirOption = None) -> None:
    """Validate every record; name each bad one (unknown codes, spans off the text, overlaps, changed sources)."""
    folder = _folder(folder)
    shared = find_shared()
    try:
        report = check_folder(folder, shared)
    except DyadsError as e:
        raise _fail(e) from e
    for problem in report.problems:
        out.print(str(problem), markup=False)
    if shared is None:
        err.print(
            "note: ../shared not found (set DYADS_SHARED): real sentences' text and spans were not verified"
        )
    out.print(
        f"{report.records} records, {len(report.problems)} problems; "
        f"{report.text_checked} real sentences verified against the corpus"
    )
    if report.problems:
        raise typer.Exit(1)


@annotations_app.command("stats")
def stats_command(
    folder: DirOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Count sentences, events, no-event sentences, events by CAMEO root, splits, and agreement (κ)."""
    folder = _folder(folder)
    try:
        figures = corpus_stats(load_annotations(folder), _rounds(folder))
    except DyadsError as e:
        raise _fail(e) from e
    if as_json:
        sys.stdout.write(json.dumps(figures, indent=2) + "\n")
        return
    out.print(
        f"{figures['sentences']} sentences ({figures['real']} real, {figures['synthetic']} synthetic), "
        f"{figures['events']} events, {figures['no_event']} with no event "
        f"({figures['no_event_share_real']:.0%} of real ones)"
    )
    out.print(
        "splits: "
        + ", ".join(f"{k} {v}" for k, v in figures["by_split"].items())
        + " (dev and test: real only)"
    )
    table = Table(title="events by CAMEO root")
    for column in ("root", "all", "real"):
        table.add_column(column, justify="right")
    for root, count in figures["by_root"].items():
        table.add_row(root, str(count), str(figures["by_root_real"][root]))
    out.print(table)
    for name, a in figures["agreement_rounds"].items():
        out.print(
            f"agreement round {name}, {a['sentences']} doubly annotated sentences: κ(root) {a['kappa_root']:.3f}, "
            f"κ(any event) {a['kappa_event']:.3f}; of {a['same_root_pairs']} same-root event pairs, dyad (countries) "
            f"{a['dyad_country']:.3f}, exact actor codes {a['dyad_exact']:.3f}, same full code {a['code']:.3f}"
        )


@annotations_app.command("add")
def add_command(
    worksheet: Annotated[Path, typer.Argument(help="The worksheet the annotator was given.")],
    answers: Annotated[Path, typer.Argument(help="The annotator's answers (docs/annotation.md §12).")],
    annotator: Annotated[str, typer.Option(help="Who annotated (an id, kept in every record).")],
    folder: DirOption = None,
    name: Annotated[str | None, typer.Option(help="Record file name [default: the worksheet's].")] = None,
    second: Annotated[
        bool, typer.Option("--second", help="A blind second annotation, for agreement.")
    ] = False,
    round_: Annotated[str, typer.Option("--round", help="With --second: the agreement round.")] = "1",
    replace: Annotated[
        bool, typer.Option("--replace", help="Replace the records of the same sentences.")
    ] = False,
    check_only: Annotated[
        bool, typer.Option("--check-only", help="Only list the answers' problems.")
    ] = False,
) -> None:
    """Import checked answers as annotation records (all answers must be well formed)."""
    folder = _folder(folder)
    if not worksheet.is_file() or not answers.is_file():
        raise typer.BadParameter(f"{worksheet if not worksheet.is_file() else answers}: no such file")
    annotations, problems = read_answers(answers, read_worksheet(worksheet), annotator=annotator)
    for problem in problems:
        out.print(f"{answers}: {problem}", markup=False)
    if problems or check_only:
        out.print(f"{len(annotations)} answers well formed, {len(problems)} problems")
        raise typer.Exit(1 if problems else 0)
    mode = "second" if second else "replace" if replace else "new"
    try:
        path = add_annotations(folder, name or worksheet.stem, annotations, mode=mode, round_=round_)
    except DyadsError as e:
        raise _fail(e) from e
    out.print(f"{len(annotations)} annotations written to {path}")


def _span_text(text: str | None, span: tuple[int, int] | None) -> str:
    if span is None:
        return "—"
    return repr(text[span[0] : span[1]]) if text is not None else f"[{span[0]}:{span[1]}]"


def _actor(text: str | None, actor: ActorSpan | None) -> str:
    return "-" if actor is None else f"{actor.code} {_span_text(text, actor.span)}"


def _event_line(text: str | None, event: AnnotatedEvent) -> str:
    flags = ("negated " if event.negated else "") + (event.modality if event.modality != "asserted" else "")
    return (
        f"{event.code} {_span_text(text, event.trigger)}  {_actor(text, event.source)} → "
        f"{_actor(text, event.target)}" + (f"  [{flags.strip()}]" if flags.strip() else "")
    )


def _print_annotation(annotation: Annotation, text: str | None, *, label: str = "") -> None:
    out.print(
        f"[bold]{annotation.id}[/bold] {label}({annotation.split}, {annotation.annotator})", markup=True
    )
    out.print(
        f"  {text if text is not None else '(text unavailable: ../shared not found or changed)'}",
        markup=False,
    )
    for event in annotation.events:
        out.print("  " + _event_line(text, event), markup=False)
    if not annotation.events:
        out.print("  no event")
    if annotation.note:
        out.print(f"  note: {annotation.note}", markup=False)


@annotations_app.command("show")
def show_command(
    ids: Annotated[list[str], typer.Argument(help="Record ids (ARTICLE_ID@START or syn-…).")],
    folder: DirOption = None,
) -> None:
    """Print records with their sentence and the words of each span (read from ../shared)."""
    folder = _folder(folder)
    shared = find_shared()
    by_id = {a.id: a for a in load_annotations(folder)}
    rounds = {name: load_agreement(folder, name) for name in agreement_rounds(folder)}
    for record_id in ids:
        if record_id not in by_id:
            err.print(f"{record_id}: no such record")
            continue
        annotation = by_id[record_id]
        text = resolve_text(annotation, shared)
        _print_annotation(annotation, text)
        for name, (first, second) in rounds.items():
            for label, records in ((f"round {name} first ", first), (f"round {name} second ", second)):
                for other in records:
                    if other.id == record_id:
                        _print_annotation(other, text, label=label)


@annotations_app.command("agreement")
def agreement_command(
    folder: DirOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    disagreements: Annotated[
        bool, typer.Option("--disagreements", help="List every sentence where the two annotations differ.")
    ] = False,
    round_: Annotated[
        str | None, typer.Option("--round", help="The agreement round (default: the latest).")
    ] = None,
) -> None:
    """Cohen's κ on the CAMEO root between the two blind annotations, and agreement on dyad and code."""
    folder = _folder(folder)
    first, second = load_agreement(folder, round_)
    if not first or not second:
        err.print(f"{folder / 'agreement'}: no first-*/second-* annotations")
        raise typer.Exit(1)
    result = agreement(first, second)
    if as_json:
        sys.stdout.write(json.dumps(result.to_dict(), indent=2) + "\n")
    else:
        out.print(json.dumps(result.to_dict(), indent=2), markup=False)
    if disagreements:
        shared = find_shared()
        by_id = {a.id: a for a in first}
        for b in second:
            a = by_id.get(b.id)
            if a is None:
                continue
            pairs = align(a.events, b.events)
            if all(
                x and y and x.code == y.code and x.source == y.source and x.target == y.target
                for x, y in pairs
            ):
                continue
            text = resolve_text(b, shared)
            _print_annotation(a, text, label="first ")
            _print_annotation(b, text, label="second ")


@annotations_app.command("export")
def export_command(
    output: Annotated[Path, typer.Option("-o", "--output", help="Where to write the gold JSONL.")],
    split: Annotated[
        str | None, typer.Option(help=f"One split ({', '.join(SPLITS)}) [default: all].")
    ] = None,
    folder: DirOption = None,
) -> None:
    """Write a split as `dyads eval` gold (article text + scored sentences). Keep it outside the project."""
    if split is not None and split not in SPLITS:
        raise typer.BadParameter(f"{split}: not one of {', '.join(SPLITS)}", param_hint="--split")
    folder = _folder(folder)
    try:
        records = gold_records(load_annotations(folder), find_shared(), split=split)
    except DyadsError as e:
        raise _fail(e) from e
    count = write_gold(output, records)
    out.print(f"{count} gold records written to {output}")
