"""The `dyads` command line: each command parses options, calls a library function, and formats output."""

from __future__ import annotations

import contextlib
import csv
import json
import logging
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import typer
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from dyads.annotations.commands import annotations_app
from dyads.annotations.records import SPLITS
from dyads.coding.decide import CODERS, DEFAULT_CODER
from dyads.config import Settings, load_settings
from dyads.errors import DyadsError, InputError, StoreError
from dyads.evaluate import (
    LEVELS,
    CalibrationBin,
    GoldRecord,
    Report,
    Triple,
    WhenWhereScore,
    calibration,
    gold_articles,
    read_gold,
    score,
    score_by_root,
    score_when_where,
    scored_pairs,
)
from dyads.export import EVENT_FORMATS, export_events
from dyads.ingest import iter_inputs
from dyads.linking import WINDOW_DAYS
from dyads.model import Article, Mention, Problem
from dyads.pipeline import NON_ASSERTED_POLICIES, CoderSpec, IngestSummary, ingest_into
from dyads.store import IN_USE, Store
from dyads.tokens import TOKEN_ENV

app = typer.Typer(
    help="dyads: political event data from news — who did what to whom, when, where, and who said so.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# Piped or in CI, Rich would wrap tables at 80 columns; give evidence sentences room instead.
out = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 200)
err = Console(stderr=True, highlight=False, soft_wrap=True)

TokenFileOption = Annotated[
    Path | None,
    typer.Option("--token-file", help="File holding the server's write token (its first line)."),
]
DbOption = Annotated[
    Path | None, typer.Option("--db", help="DuckDB store file [default: dyads.duckdb].", envvar="DYADS_DB")
]
ActorsOption = Annotated[
    list[Path] | None,
    typer.Option("--actors", "--dictionary", help="Extra actor dictionary: dyads TSV, or PETRARCH format."),
]
AgentsOption = Annotated[
    list[Path] | None, typer.Option("--agents", help="PETRARCH-format agents dictionary.")
]
VerbsOption = Annotated[list[Path] | None, typer.Option("--verbs", help="Extra verb-pattern TSV file.")]
PlaceFallbackOption = Annotated[
    bool,
    typer.Option(
        "--place-fallback",
        help="When the text names no place, use the source's country (marked feature=source-country).",
    ),
]
CoderOption = Annotated[
    str,
    typer.Option(
        "--coder",
        help="Who decides the events among the candidates: learned (the trained event model) or rules "
        "(the verb patterns alone).",
    ),
]
CoderModelOption = Annotated[
    Path | None,
    typer.Option("--coder-model", help="The learned coder's model folder (default: the packaged model)."),
]
NonAssertedOption = Annotated[
    str,
    typer.Option(
        "--non-asserted",
        help="keep: store future/intended/negated/alleged mentions, flagged by modality; "
        "drop: store asserted ones only.",
    ),
]


@app.callback()
def _options(
    ctx: typer.Context,
    config: Annotated[
        Path | None, typer.Option("--config", help="Settings file [default: ./dyads.toml].")
    ] = None,
) -> None:
    """dyads: political event data from news — who did what to whom, when, where, and who said so."""
    try:
        ctx.obj = load_settings(config)
    except DyadsError as e:
        raise _fail(e) from e


def _settings(ctx: typer.Context) -> Settings:
    """Return the settings loaded by the callback."""
    return ctx.obj if isinstance(ctx.obj, Settings) else Settings()


def _db(ctx: typer.Context, db: Path | None) -> Path:
    """Return the store path: the option, else the config file's, else ./dyads.duckdb."""
    return db or _settings(ctx).db or Path("dyads.duckdb")


def _fail(error: DyadsError) -> typer.Exit:
    """Print a library error as one line and return the exit to raise."""
    err.print(f"[red]error:[/red] {escape(str(error))}", markup=True)
    return typer.Exit(2)


def _is_petrarch(path: Path) -> bool:
    """Tell a PETRARCH dictionary (`PHRASE [CODE]`) from a dyads TSV (tab-separated header)."""
    with path.open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if line.strip() and not line.lstrip().startswith("#"):
                return "\t" not in line
    return False


def _coder_spec(
    ctx: typer.Context,
    actors: Sequence[Path] | None,
    agents: Sequence[Path] | None,
    verbs: Sequence[Path] | None,
    *,
    non_asserted: str = "keep",
    place_fallback: bool = False,
    coder: str = DEFAULT_CODER,
    coder_model: Path | None = None,
) -> CoderSpec:
    """Return what the Coder is built from: the config file's dictionaries plus the command's options.

    Worker processes of `--processes` and Ray's coding actors build their own Coder from it.
    """
    settings = _settings(ctx)
    actors = [*settings.dictionaries, *(actors or [])]
    agents = [*settings.agents, *(agents or [])]
    verbs = [*settings.verbs, *(verbs or [])]
    for path in [*actors, *agents, *verbs]:
        if not path.is_file():
            raise typer.BadParameter(f"{path}: no such file", param_hint="--actors/--agents/--verbs")
    if non_asserted not in NON_ASSERTED_POLICIES:
        raise typer.BadParameter(
            f"{non_asserted!r}: want one of {', '.join(NON_ASSERTED_POLICIES)}", param_hint="--non-asserted"
        )
    if coder not in CODERS:
        raise typer.BadParameter(f"{coder!r}: want one of {', '.join(CODERS)}", param_hint="--coder")
    petrarch = [p for p in actors if _is_petrarch(p)]
    return CoderSpec(
        actors=tuple(p for p in actors if p not in petrarch),
        verbs=tuple(verbs),
        petrarch_actors=tuple(petrarch),
        petrarch_agents=tuple(agents),
        non_asserted=non_asserted,
        place_fallback=place_fallback,
        coder=coder,
        coder_model=str(coder_model) if coder_model else None,
    )


def _sample_paths() -> list[Path]:
    """Return the bundled sample articles."""
    root = Path(str(resources.files("dyads") / "data" / "samples"))
    return sorted(path for path in root.glob("*.txt"))


@app.command()
def ingest(
    ctx: typer.Context,
    paths: Annotated[list[str] | None, typer.Argument(help="Files, directories, or - for stdin.")] = None,
    db: DbOption = None,
    sample: Annotated[bool, typer.Option("--sample", help="Ingest the bundled sample articles.")] = False,
    batch_size: Annotated[int, typer.Option(help="Articles per parse batch and store transaction.")] = 64,
    actors: ActorsOption = None,
    agents: AgentsOption = None,
    verbs: VerbsOption = None,
    non_asserted: NonAssertedOption = "keep",
    place_fallback: PlaceFallbackOption = False,
    coder_name: CoderOption = DEFAULT_CODER,
    coder_model: CoderModelOption = None,
    engine: Annotated[
        str, typer.Option(help="local: code in this process; ray: on a Ray cluster (pip install dyads[ray]).")
    ] = "local",
    address: Annotated[
        str | None,
        typer.Option(help="ray: the cluster (ray://HOST:10001, or auto) [default: start a local Ray]."),
    ] = None,
    workers: Annotated[
        int | None, typer.Option(min=1, help="ray: coding actors, one spaCy model each [default: CPUs].")
    ] = None,
    shards: Annotated[
        str | None,
        typer.Option(help="ray: keep the coded Parquet shards under this directory or URI (s3://…)."),
    ] = None,
    processes: Annotated[
        int,
        typer.Option(
            "--processes",
            min=1,
            help="Parse and code in this many worker processes (each loads the model); the store is the same.",
        ),
    ] = 1,
    server: Annotated[
        str | None,
        typer.Option(
            "--server",
            help="Store through this running `dyads serve --allow-ingest` (http://127.0.0.1:8000): "
            "coded here, written by the server, seen by its readers at once.",
        ),
    ] = None,
    token: Annotated[
        str | None,
        typer.Option(
            "--token", envvar=TOKEN_ENV, show_envvar=True, help="--server: the write token it printed."
        ),
    ] = None,
    token_file: TokenFileOption = None,
) -> None:
    """Read articles, code their events and store them (the same article is stored once)."""
    db = _db(ctx, db)
    targets: list[str] = [str(p) for p in _sample_paths()] if sample else []
    targets += paths or []
    if not targets:
        raise typer.BadParameter("give at least one PATH (or --sample)")
    if engine not in ("local", "ray"):
        raise typer.BadParameter(f"{engine!r}: want local or ray", param_hint="--engine")
    if engine == "ray" and processes != 1:
        raise typer.BadParameter(
            "--processes goes with --engine local (Ray has --workers)", param_hint="--engine"
        )
    if engine == "local" and (address or workers or shards):
        raise typer.BadParameter(
            "--address, --workers and --shards go with --engine ray", param_hint="--engine"
        )
    if address is not None and address.startswith("ray://") and shards is None:
        # A Ray Client's scratch directory is on this machine, where the cluster's workers cannot write.
        raise typer.BadParameter("with a ray:// address, give --shards (a URI every node can write)")
    spec = _coder_spec(
        ctx,
        actors,
        agents,
        verbs,
        non_asserted=non_asserted,
        place_fallback=place_fallback,
        coder=coder_name,
        coder_model=coder_model,
    )
    if server is not None:
        if engine != "local":
            raise typer.BadParameter(
                "--server codes here: it goes with --engine local", param_hint="--server"
            )
        _ingest_via_server(server, _client_token(token, token_file), targets, spec, batch_size, processes)
        return
    if engine == "ray":
        _ingest_on_ray(db, targets, spec, address, workers, shards, batch_size, show=sample)
        return
    try:
        # Workers load the model themselves; this process then only reads input and writes the store.
        coder = spec.build() if processes == 1 else spec
        with Store(db) as store:
            started = time.perf_counter()
            with Progress(
                TextColumn("[progress.description]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=err,
                transient=True,
                disable=not err.is_terminal,
            ) as progress:
                task = progress.add_task("coding", total=None)

                def advance(articles: int, problems: int) -> None:
                    progress.advance(task, articles + problems)

                files: list[str] = []
                summary = ingest_into(
                    store,
                    iter_inputs(targets, stdin=sys.stdin, on_file=files.append),
                    coder,
                    batch_size=batch_size,
                    on_batch=advance,
                    processes=processes,
                )
            seconds = time.perf_counter() - started
    except StoreError as e:
        raise _fail(_held_store(e, db)) from e
    except DyadsError as e:
        raise _fail(e) from e
    _report_ingest(summary, db, f"{seconds:.1f}s", files=len(files), show=sample)


def _held_store(error: StoreError, db: Path) -> StoreError:
    """Return the error of a store that cannot be opened; for a held one, first say how to ingest anyway."""
    if error.reason == IN_USE:
        err.print(
            f"hint: if a `dyads serve` holds {db}, ingest through it: start it with `dyads serve "
            "--allow-ingest` and run `dyads ingest --server URL FILES…` (URL as it printed, e.g. "
            f"http://127.0.0.1:8000, and its write token in {TOKEN_ENV} or --token-file)",
            markup=False,
        )
    return error


def _client_token(token: str | None, token_file: Path | None) -> str:
    """Return the write token given to `ingest --server` (option or DYADS_TOKEN, else the token file)."""
    from dyads.tokens import checked_token, read_token_file

    try:
        if token_file is not None:
            return read_token_file(token_file)
        if token is not None:
            return checked_token(token, f"--token / {TOKEN_ENV}")
    except DyadsError as e:
        raise _fail(e) from e
    raise typer.BadParameter(
        f"--server needs the server's write token: --token, --token-file or {TOKEN_ENV}",
        param_hint="--token",
    )


def _ingest_via_server(
    server: str, token: str, targets: list[str], spec: CoderSpec, batch_size: int, processes: int
) -> None:
    """Run `dyads ingest --server URL`: code here, store through the server, print the local summary."""
    from dyads.live_client import ingest_via_server

    started = time.perf_counter()
    files: list[str] = []
    try:
        summary = ingest_via_server(
            server,
            token,
            iter_inputs(targets, stdin=sys.stdin, on_file=files.append),
            spec,
            batch_size=batch_size,
            processes=processes,
        )
    except DyadsError as e:
        raise _fail(e) from e
    seconds = time.perf_counter() - started
    _report_ingest(summary, server, f"{seconds:.1f}s", files=len(files), show=False)


def _ingest_on_ray(
    db: Path,
    targets: list[str],
    spec: CoderSpec,
    address: str | None,
    workers: int | None,
    shards: str | None,
    batch_size: int,
    *,
    show: bool,
) -> None:
    """Run `dyads ingest --engine ray` and print its summary."""
    try:
        from dyads.scale import ingest_with_ray
    except ImportError as e:
        raise typer.BadParameter(
            f"the Ray engine needs Ray ({e}): pip install 'dyads[ray]'", param_hint="--engine"
        ) from e
    started = time.perf_counter()
    try:
        with Store(db) as store:
            summary = ingest_with_ray(
                store,
                targets,
                coder=spec,
                workers=workers,
                address=address,
                shards=shards,
                batch_size=batch_size,
                progress=err.is_terminal,
            )
    except DyadsError as e:
        raise _fail(e) from e
    seconds = time.perf_counter() - started
    _report_ingest(summary, db, f"{seconds:.1f}s on Ray", files=None, show=show)


def _report_ingest(
    summary: IngestSummary, db: Path | str, took: str, *, files: int | None, show: bool
) -> None:
    """Print one line per bad file and the run's summary (and the events, for the sample); exit 1 if an item failed."""
    by_file = _problems_by_file(summary.problems)
    for first, count in by_file:
        more = f" (and {count - 1} more problems in this file)" if count > 1 else ""
        # A renamed article or a cut field is stored all the same: a warning, nothing skipped.
        label = "[yellow]warning[/yellow]" if first.is_warning else "[yellow]skipped[/yellow]"
        err.print(f"{label} {escape(str(first))}{more}", markup=True)
    read = f"{files} files read, " if files is not None else ""
    err.print(
        f"{read}{summary.articles_added} articles added, {summary.articles_skipped} already stored, "
        f"{summary.mentions_added} mentions coded, {len(summary.problems)} problems in {len(by_file)} files "
        f"({took}) → {db}",
        markup=False,
    )
    unlisted = len(summary.problems) - len(by_file)
    if unlisted:
        err.print(
            f"{unlisted} more problems not shown: `dyads problems --db {db}` lists them all", markup=False
        )
    if show:
        _print_first_screen(Store(db, read_only=True), Path(db))
    if any(not problem.is_warning for problem in summary.problems):
        raise typer.Exit(1)


def _problems_by_file(problems: Iterable[Problem]) -> list[tuple[Problem, int]]:
    """Return each input file's first problem and how many it had, in input order (one line per bad file)."""
    grouped: dict[str, tuple[Problem, int]] = {}
    for problem in problems:
        first, count = grouped.get(problem.input_file, (problem, 0))
        grouped[problem.input_file] = (first, count + 1)
    return list(grouped.values())


def _print_first_screen(store: Store, db: Path) -> None:
    """Print what a first run should show: the store's counts, its top dyads, its newest events, and where next."""
    from dyads.coding.cameo import cameo_table

    names = cameo_table()
    with store:
        counts = store.counts()
        dyads = store.network(limit=5)
        newest = store.events(limit=10, sort="-date")
    out.print(
        f"The store holds {counts['articles']} articles and {counts['mentions']} mentions of "
        f"{counts['events']} events, in {counts['stories']} stories.",
        markup=False,
    )
    top = Table(title="top dyads", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    for column in ("source", "target", "events", "mean Goldstein"):
        top.add_column(column, justify="right" if column in {"events", "mean Goldstein"} else "left")
    for edge in dyads:
        top.add_row(edge["source"], edge["target"], str(edge["events"]), f"{edge['goldstein'] or 0:+.1f}")
    out.print(top)
    table = Table(title="newest events", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    widths = (("date", 10), ("source", 9), ("event", 18), ("target", 9), ("n", 2))
    for column, width in widths:
        table.add_column(column, no_wrap=True, overflow="ellipsis", min_width=width, max_width=width)
    # One line per event: the evidence gets what the terminal has left beside the columns and their padding.
    left = min(out.width, 200) - sum(w for _, w in widths) - 3 * (len(widths) + 1)
    table.add_column("evidence", no_wrap=True, overflow="ellipsis", width=max(14, left))
    for row in newest:
        code = names.get(str(row["cameo"]))
        table.add_row(
            str(row.get("date") or ""),
            str(row.get("source") or "-"),
            f"{row['cameo']} {(code.name.split(', not specified')[0] if code else '')}".strip(),
            str(row.get("target") or "-"),
            str(row["num_mentions"]),
            str(row.get("sentence") or ""),
        )
    out.print(table)
    out.print(f"All events:    dyads events --db {db}", markup=False)
    out.print(f"The dashboard: dyads serve --db {db}   then open http://127.0.0.1:8000/", markup=False)


def _print_events(store: Store, *, limit: int | None) -> None:
    """Print events as a Rich table."""
    with store:
        rows = store.events(limit=limit)
    table = Table(title=f"{len(rows)} events", show_lines=False)
    for column in ("date", "source", "cameo", "target", "trigger", "modality", "sentence"):
        table.add_column(column, overflow="fold", max_width=70 if column == "sentence" else None)
    for row in rows:
        table.add_row(
            str(row.get("date") or ""),
            str(row.get("source") or ""),
            str(row.get("cameo")),
            str(row.get("target") or ""),
            str(row.get("trigger") or ""),
            ("not " if row.get("negated") else "") + str(row.get("modality")),
            str(row.get("sentence") or ""),
        )
    out.print(table)


def _write_rows(rows: Iterable[Mapping[str, Any]], *, as_json: bool, as_csv: bool) -> None:
    """Write records as JSON lines or CSV to stdout."""
    if as_json:
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        return
    rows = list(rows)
    if not rows:
        return
    writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {k: json.dumps(v, default=str) if isinstance(v, (dict, list)) else v for k, v in row.items()}
        )


def _open_existing(db: Path) -> Store:
    """Open a store that must exist."""
    if not db.exists():
        raise typer.BadParameter(f"{db}: no such store (run `dyads ingest` first)", param_hint="--db")
    return Store(db, read_only=True)


@app.command()
def events(
    ctx: typer.Context,
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON record per line.")] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="CSV with a header row.")] = False,
    limit: Annotated[int | None, typer.Option(help="At most this many events.")] = None,
) -> None:
    """List stored events (one per real-world happening) with their mention counts."""
    db = _db(ctx, db)
    try:
        store = _open_existing(db)
        if as_json or as_csv:
            with store:
                _write_rows(store.events(limit=limit), as_json=as_json, as_csv=as_csv)
        else:
            _print_events(store, limit=limit)
    except DyadsError as e:
        raise _fail(e) from e


@app.command()
def mentions(
    ctx: typer.Context,
    db: DbOption = None,
    event: Annotated[str | None, typer.Option("--event", help="Only the mentions of this event.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON record per line.")] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="CSV with a header row.")] = False,
    limit: Annotated[int | None, typer.Option(help="At most this many mentions.")] = None,
) -> None:
    """List every coded report of an event, with its evidence sentence."""
    db = _db(ctx, db)
    try:
        with _open_existing(db) as store:
            rows = store.mentions(event_id=event, limit=limit)
    except DyadsError as e:
        raise _fail(e) from e
    if as_json or as_csv:
        _write_rows(rows, as_json=as_json, as_csv=as_csv)
        return
    table = Table(title=f"{len(rows)} mentions")
    for column in ("event_id", "source", "cameo", "target", "trigger", "date", "sentence"):
        table.add_column(column, overflow="fold", max_width=70 if column == "sentence" else None)
    for row in rows:
        table.add_row(
            *(
                str(row.get(c) or "")
                for c in ("event_id", "source", "cameo", "target", "trigger", "date", "sentence")
            )
        )
    out.print(table)


@app.command()
def export(
    ctx: typer.Context,
    fmt: Annotated[
        str,
        typer.Argument(
            metavar="FORMAT", help="parquet|csv (every table), gdelt, icews, polecat or plover (events)."
        ),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "-o", "--output", help="Directory (parquet, csv) or file (gdelt, icews, polecat, plover)."
        ),
    ] = Path("export"),
    mentions_file: Annotated[
        Path | None, typer.Option("--mentions", help="gdelt: also write the Mentions table here.")
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="Only events on or after this date (YYYY[-MM[-DD]]).")
    ] = None,
    until: Annotated[str | None, typer.Option(help="Only events on or before this date.")] = None,
    actor: Annotated[
        str | None, typer.Option(help="Only events whose source or target code starts so.")
    ] = None,
    root: Annotated[str | None, typer.Option(help="Only events of this CAMEO root (two digits).")] = None,
    db: DbOption = None,
) -> None:
    """Export the store: every table as Parquet or CSV, or events as GDELT 2.0, ICEWS, POLECAT or PLOVER."""
    db = _db(ctx, db)
    try:
        with _open_existing(db) as store:
            if fmt in EVENT_FORMATS:
                written = export_events(
                    store,
                    fmt,
                    output,
                    mentions=mentions_file,
                    since=since,
                    until=until,
                    actor=actor,
                    root=root,
                )
                for path, count in written:
                    out.print(f"wrote {count} rows to {path}", markup=False)
                if written.undated:
                    out.print(
                        f"{written.undated} events left out: no date in the text and no publication date",
                        markup=False,
                    )
                return
            paths = store.export_tables(output, fmt=fmt)
    except DyadsError as e:
        raise _fail(e) from e
    for path in paths:
        out.print(f"wrote {path}", markup=False)


@app.command()
def event(
    ctx: typer.Context,
    event_id: Annotated[str, typer.Argument(help="The event id (from `dyads events`).")],
    db: DbOption = None,
) -> None:
    """Show one event and every report of it, each with its evidence sentence."""
    db = _db(ctx, db)
    try:
        with _open_existing(db) as store:
            mentions = store.mentions(event_id=event_id)
            linked = store.event_links(event_id)
            record = next((e for e in store.events(limit=None) if e["event_id"] == event_id), None)
    except DyadsError as e:
        raise _fail(e) from e
    if not mentions or linked is None:
        err.print(f"[red]error:[/red] {escape(f'no event {event_id!r} in {db}')}", markup=True)
        raise typer.Exit(1)
    first = mentions[0]
    status = record["status"] if record else "-"
    cameo = record["cameo"] if record else first["cameo"]
    out.print(
        f"event {event_id}: {first['source'] or '-'} {cameo} {first['target'] or '-'} "
        f"({len(mentions)} mentions, status {status})",
        markup=False,
    )
    group, links = linked
    source, target, root = group.split("\x1f")
    out.print(
        f"why one event: every report has source {source or '-'}, target {target or '-'} (country level) "
        f"and CAMEO root {root}, is dated within {WINDOW_DAYS} days of the others, and the linker judged "
        "it the same happening as the reports before it (below: the probability, against how many)",
        markup=False,
    )
    for mention, link in zip(mentions, links, strict=True):
        place = mention["location"]["name"] if mention["location"] else "-"
        dated = (
            f"date {mention['date']} ({mention['date_precision']}, from {mention['date_text']!r})"
            if mention["date_text"]
            else f"date {mention['date'] or 'unknown'} (not stated: publication)"
        )
        joined = (
            "first report"
            if link.probability is None
            else f"joined at p={link.probability:.2f} against {link.compared}"
        )
        out.print(
            f"- {mention['article_id']} · {dated} · {place} · {mention['cameo']} "
            f"{mention['trigger']} ({mention['modality']}{', negated' if mention['negated'] else ''}) · {joined}",
            markup=False,
        )
        out.print(f"  {mention['sentence']}", markup=False)


@app.command()
def stories(
    ctx: typer.Context,
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON record per line.")] = False,
) -> None:
    """List story threads: articles about one developing situation, grouped by their words within time caps."""
    db = _db(ctx, db)
    try:
        with _open_existing(db) as store:
            rows = store.stories()
    except DyadsError as e:
        raise _fail(e) from e
    if as_json:
        _write_rows(rows, as_json=True, as_csv=False)
        return
    table = Table(title=f"{len(rows)} stories")
    for column in ("id", "start", "end", "articles", "events", "title"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(
            row["id"],
            row["start"] or "",
            row["end"] or "",
            str(row["num_articles"]),
            str(row["num_events"]),
            row["title"],
        )
    out.print(table)


@app.command()
def story(
    ctx: typer.Context,
    story_id: Annotated[str, typer.Argument(help="The story id (from `dyads stories`).")],
    db: DbOption = None,
) -> None:
    """Show a story's timeline: its events in time order, with actors and evidence."""
    db = _db(ctx, db)
    try:
        with _open_existing(db) as store:
            found = [row for row in store.stories() if row["id"] == story_id]
            timeline = store.events(story=story_id)
    except DyadsError as e:
        raise _fail(e) from e
    if not found:
        err.print(f"[red]error:[/red] {escape(f'no story {story_id!r} in {db}')}", markup=True)
        raise typer.Exit(1)
    head = found[0]
    out.print(
        f"{head['title']} ({head['start']} – {head['end']}, {head['num_articles']} articles)", markup=False
    )
    for event in timeline:
        out.print(
            f"{event['date'] or 'undated'}  {event['source'] or '-'} {event['cameo']} "
            f"{event['target'] or '-'}  ×{event['num_mentions']}  {event['sentence']}",
            markup=False,
        )


def _articles_from_jsonl(path: Path) -> Iterable[Article]:
    """Read the gold/JSONL input format of `dyads code` as Articles (errors name the line)."""
    for item in iter_inputs([str(path)]):
        if isinstance(item, Article):
            yield item
        else:
            err.print(f"[yellow]skipped[/yellow] {escape(str(item))}", markup=True)


@app.command()
def code(
    ctx: typer.Context,
    input_path: Annotated[Path, typer.Argument(metavar="IN.jsonl", help="JSONL records {id, text, date?}.")],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Where to write the mention records (- for stdout).")
    ] = Path("-"),
    actors: ActorsOption = None,
    agents: AgentsOption = None,
    verbs: VerbsOption = None,
    non_asserted: NonAssertedOption = "keep",
    place_fallback: PlaceFallbackOption = False,
    coder_name: CoderOption = DEFAULT_CODER,
    coder_model: CoderModelOption = None,
) -> None:
    """Code JSONL records statelessly and write one DESIGN.md mention record per line."""
    if not input_path.is_file():
        raise typer.BadParameter(f"{input_path}: no such file")
    try:
        coder = _coder_spec(
            ctx,
            actors,
            agents,
            verbs,
            non_asserted=non_asserted,
            place_fallback=place_fallback,
            coder=coder_name,
            coder_model=coder_model,
        ).build()
        handle = sys.stdout if str(output) == "-" else output.open("w", encoding="utf-8")
        count = 0
        with handle if handle is not sys.stdout else contextlib.nullcontext():
            for _, coded in coder.code_articles(_articles_from_jsonl(input_path)):
                for mention in coded:
                    handle.write(json.dumps(mention.to_record(), ensure_ascii=False) + "\n")
                    count += 1
    except DyadsError as e:
        raise _fail(e) from e
    err.print(f"{count} mentions written to {output}")


def _print_categories(records: Sequence[GoldRecord], coded: Mapping[str, Sequence[Mention]]) -> None:
    """Print triple, root, code and root-code F1 per gold category."""
    groups: dict[str, list[tuple[list[Triple], list[Triple]]]] = {}
    for record in records:
        groups.setdefault(record.category or "-", []).extend(scored_pairs([record], coded))
    table = Table(title="by category")
    for column in ("category", "scored", "gold", "triple F1", "root F1", "code F1", "rootcode F1"):
        table.add_column(column, justify="left" if column == "category" else "right")
    for name, group in sorted(groups.items()):
        report = score(group)
        levels = report.levels
        table.add_row(
            name,
            str(report.records),
            str(report.gold_events),
            f"{levels['triple'].f1:.3f}",
            f"{levels['root'].f1:.3f}",
            f"{levels['code'].f1:.3f}",
            f"{levels['rootcode'].f1:.3f}",
        )
    out.print(table)


def _print_calibration(bins: Sequence[CalibrationBin]) -> None:
    """Print precision by confidence band."""
    table = Table(title="calibration (right country dyad and CAMEO root, by confidence)")
    for column in ("confidence", "mentions", "correct", "precision"):
        table.add_column(column, justify="right")
    for band in bins:
        share = f"{band.correct / band.mentions:.3f}" if band.mentions else "-"
        table.add_row(f"{band.low:.1f}–{band.high:.1f}", str(band.mentions), str(band.correct), share)
    out.print(table)


def _print_report(report: Report, title: str, unit: str = "records") -> None:
    table = Table(title=title)
    for column in ("level", "precision", "recall", "F1", "tp", "fp", "fn"):
        table.add_column(column, justify="right" if column != "level" else "left")
    for name, level in report.levels.items():
        table.add_row(
            name,
            f"{level.precision:.3f}",
            f"{level.recall:.3f}",
            f"{level.f1:.3f}",
            str(level.tp),
            str(level.fp),
            str(level.fn),
        )
    out.print(table)
    out.print(
        f"{report.records} {unit}, {report.gold_events} gold events, {report.predicted_events} predicted"
    )
    actors = report.actors
    out.print(
        f"actors of the {actors.found} gold events dyads found (same CAMEO root): "
        f"source {actors.rate(actors.source_code):.3f} / target {actors.rate(actors.target_code):.3f} exact code, "
        f"source {actors.rate(actors.source_country):.3f} / target {actors.rate(actors.target_country):.3f} country"
    )


@app.command("eval")
def eval_command(
    ctx: typer.Context,
    gold: Annotated[
        Path | None, typer.Argument(metavar="[GOLD.jsonl]", help="Gold JSONL with `events` per record.")
    ] = None,
    split: Annotated[
        str | None,
        typer.Option(
            help="Score against a split of the annotation corpus (train, dev, test) instead of a file."
        ),
    ] = None,
    annotations: Annotated[
        Path | None,
        typer.Option("--annotations", help="The annotations folder for --split (default: ./annotations)."),
    ] = None,
    coders: Annotated[
        list[str] | None,
        typer.Option(
            "--coder",
            help="Coder to score (learned, rules); give it twice to score both side by side [default: "
            f"{DEFAULT_CODER}].",
        ),
    ] = None,
    coder_model: CoderModelOption = None,
    shared_gold: Annotated[
        bool,
        typer.Option(
            "--shared-gold", help="Also score the gold sets of ../shared/gold (PETRARCH's validation sets)."
        ),
    ] = False,
    by_root: Annotated[
        bool, typer.Option("--by-root", help="Also print event-type F1 per CAMEO root.")
    ] = False,
    actors: ActorsOption = None,
    agents: AgentsOption = None,
    verbs: VerbsOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    show_errors: Annotated[
        bool, typer.Option("--errors", help="List each record's misses and extras.")
    ] = False,
    by_category: Annotated[
        bool, typer.Option("--by-category", help="Also score each `category` of the gold records apart.")
    ] = False,
) -> None:
    """Score coding against a gold file or an annotation split: P/R/F1 for triple, root, code and rootcode."""
    if (gold is None) == (split is None):
        raise typer.BadParameter("give either GOLD.jsonl or --split")
    if split is not None and split not in SPLITS:  # before the model loads: a typo should fail at once
        raise typer.BadParameter(f"{split}: not one of {', '.join(SPLITS)}", param_hint="--split")
    names = list(dict.fromkeys(coders or [DEFAULT_CODER]))
    for name in names:
        if name not in CODERS:
            raise typer.BadParameter(f"{name!r}: want one of {', '.join(CODERS)}", param_hint="--coder")
    try:
        sets: list[tuple[str, list[GoldRecord]]] = []
        if split is not None:
            sets.append((f"--split {split}", _annotation_gold(split, annotations)))
        else:
            assert gold is not None
            sets.append((str(gold), [record for record in read_gold(gold) if record.evaluate]))
        if shared_gold:
            sets += _shared_gold_sets()
        results: list[tuple[str, str, list[GoldRecord], dict[str, Sequence[Mention]]]] = []
        for name in names:
            coder = _coder_spec(ctx, actors, agents, verbs, coder=name, coder_model=coder_model).build()
            for label, records in sets:
                coded: dict[str, Sequence[Mention]] = {
                    article.id: found for article, found in coder.code_articles(gold_articles(records))
                }
                results.append((name, label, records, coded))
    except DyadsError as e:
        raise _fail(e) from e
    if as_json:
        payload = {
            f"{name} {label}": _eval_json(records, coded, by_root=by_root)
            for name, label, records, coded in results
        }
        only = next(iter(payload.values())) if len(payload) == 1 else payload
        sys.stdout.write(json.dumps(only, indent=2) + "\n")
        return
    for name, label, records, coded in results:
        _print_eval(name, label, records, coded, show_errors=show_errors, by_category=by_category)
    if len(results) > 1:
        _print_side_by_side(results)
    if by_root:
        _print_by_root(results)


def _shared_gold_sets() -> list[tuple[str, list[GoldRecord]]]:
    """Return the gold sets of ../shared/gold (raise when ../shared is not here)."""
    from dyads.corpus import find_shared

    shared = find_shared()
    if shared is None or not (shared / "gold").is_dir():
        raise InputError("../shared/gold", "not found (set DYADS_SHARED to the shared folder)")
    return [
        (f"gold/{path.name}", [record for record in read_gold(path) if record.evaluate])
        for path in sorted((shared / "gold").glob("*.jsonl"))
    ]


def _eval_json(
    records: Sequence[GoldRecord], coded: Mapping[str, Sequence[Mention]], *, by_root: bool
) -> dict[str, Any]:
    """Return one coder's scores on one gold set as JSON-able data."""
    pairs = scored_pairs(records, coded)
    data = score(pairs).to_dict()
    when_where = score_when_where(records, coded)
    rate = WhenWhereScore.rate
    data["when_where"] = {
        "dated": when_where.dated,
        "date": round(rate(when_where.date_correct, when_where.dated), 4),
        "placed": when_where.placed,
        "place_geonameid": round(rate(when_where.place_exact, when_where.placed), 4),
        "place_country": round(rate(when_where.place_country, when_where.placed), 4),
    }
    if by_root:
        data["by_root"] = {
            root: {"tp": s.tp, "fp": s.fp, "fn": s.fn, "f1": round(s.f1, 4)}
            for root, s in score_by_root(pairs).items()
        }
    return data


def _print_eval(
    name: str,
    label: str,
    records: Sequence[GoldRecord],
    coded: Mapping[str, Sequence[Mention]],
    *,
    show_errors: bool,
    by_category: bool,
) -> None:
    """Print one coder's report on one gold set."""
    pairs = scored_pairs(records, coded)
    report = score(pairs)
    when_where = score_when_where(records, coded)
    if show_errors:
        for record in records:
            spans = record.scope or ((0, len(record.text)),)
            for (predicted, expected), (start, end) in zip(scored_pairs([record], coded), spans, strict=True):
                if sorted(map(str, predicted)) != sorted(map(str, expected)):
                    out.print(f"[bold]{record.id}[/bold] {escape(record.text[start:end][:200])}")
                    out.print(f"   gold {expected}\n   got  {predicted}", markup=False)
    unit = "sentences" if label.startswith("--split") else "records"
    _print_report(report, f"dyads eval {label} --coder {name}", unit=unit)
    _print_calibration(calibration(records, coded))
    if by_category:
        _print_categories(records, coded)
    rate = WhenWhereScore.rate
    if when_where.dated or when_where.placed:
        out.print(
            f"when/where of found events: date {rate(when_where.date_correct, when_where.dated):.3f} "
            f"({when_where.date_correct}/{when_where.dated}), place geonameid "
            f"{rate(when_where.place_exact, when_where.placed):.3f} ({when_where.place_exact}/{when_where.placed}), "
            f"place country {rate(when_where.place_country, when_where.placed):.3f}"
        )


def _print_side_by_side(
    results: Sequence[tuple[str, str, list[GoldRecord], dict[str, Sequence[Mention]]]],
) -> None:
    """Print F1 at each level for every coder and gold set, one column each."""
    table = Table(title="F1 side by side")
    table.add_column("level")
    scored = [
        (f"{name}\n{label}", score(scored_pairs(records, coded))) for name, label, records, coded in results
    ]
    for title, _ in scored:
        table.add_column(title, justify="right")
    for level in LEVELS:
        table.add_row(level, *(f"{report.levels[level].f1:.3f}" for _, report in scored))
    out.print(table)


def _print_by_root(
    results: Sequence[tuple[str, str, list[GoldRecord], dict[str, Sequence[Mention]]]],
) -> None:
    """Print event-type F1 per CAMEO root for every coder and gold set, with the gold count."""
    for label in dict.fromkeys(label for _, label, _, _ in results):
        chosen = [
            (name, score_by_root(scored_pairs(records, coded)))
            for name, lab, records, coded in results
            if lab == label
        ]
        table = Table(title=f"event type (CAMEO root) F1 per root, {label}")
        table.add_column("root")
        table.add_column("gold", justify="right")
        for name, _ in chosen:
            table.add_column(name, justify="right")
        roots = sorted({root for _, by in chosen for root in by})
        for root in roots:
            support = next((by[root].tp + by[root].fn for _, by in chosen if root in by), 0)
            table.add_row(
                root, str(support), *(f"{by[root].f1:.3f}" if root in by else "-" for _, by in chosen)
            )
        out.print(table)


@app.command("train")
def train_command(
    annotations: Annotated[
        Path | None, typer.Option("--annotations", help="The annotations folder (default: ./annotations).")
    ] = None,
    out_dir: Annotated[
        Path | None,
        typer.Option("--out", help="Where to write the model (default: the packaged model, replaced)."),
    ] = None,
    epochs: Annotated[int, typer.Option(min=1, help="Passes over the training sentences.")] = 4,
    seed: Annotated[int, typer.Option(help="Seed of every random choice (same seed, same model).")] = 13,
    fraction: Annotated[
        float,
        typer.Option(min=0.01, max=1.0, help="Share of the training sentences to use (learning curve)."),
    ] = 1.0,
    rules: Annotated[
        bool,
        typer.Option(
            "--rules/--no-rules", help="Give the model the rules' reading (--no-rules: the ablation)."
        ),
    ] = True,
) -> None:
    """Rebuild the event model from the annotations (train split), tune it on dev and write its manifest."""
    from dyads.annotations.folder import default_folder
    from dyads.learn.events import default_model_dir

    try:
        import torch  # noqa: F401
        import transformers  # noqa: F401
    except ImportError as e:
        raise _fail(
            InputError("dyads train", f"needs the train extra: pip install 'dyads[train]' ({e})")
        ) from e
    from dyads.learn.rebuild import train_models
    from dyads.learn.train import TrainConfig

    config = TrainConfig(epochs=epochs, seed=seed, fraction=fraction, use_rules=rules)
    try:
        train_models(
            annotations or default_folder(), out_dir or default_model_dir(), config=config, log=err.print
        )
    except DyadsError as e:
        raise _fail(e) from e


@app.command("eval-clusters")
def eval_clusters_command(
    annotations: Annotated[
        Path | None, typer.Option("--annotations", help="The annotations folder (default: ./annotations).")
    ] = None,
    coder: Annotated[str, typer.Option(help="Which coder codes the gold's articles.")] = DEFAULT_CODER,
) -> None:
    """Score event linking and stories end to end on the linking and story gold (reads ../shared/corpus)."""
    from dyads.annotations.folder import default_folder
    from dyads.corpus import find_shared
    from dyads.gold_clusters import evaluate_clusters

    shared = find_shared()
    try:
        if shared is None:
            raise InputError("../shared", "the gold points into ../shared/corpus (set DYADS_SHARED)")
        report = evaluate_clusters(annotations or default_folder(), shared, CoderSpec(coder=coder).build())
    except DyadsError as e:
        raise _fail(e) from e
    links = report.links
    table = Table(title=f"event linking ({links.found} of {links.reports} gold reports coded)")
    for name in (
        "pairs: precision",
        "pairs: recall",
        "pairs: F1",
        "B-cubed precision",
        "B-cubed recall",
        "B-cubed F1",
    ):
        table.add_column(name, justify="right")
    table.add_row(
        *(
            f"{v:.3f}"
            for v in (
                links.pair_precision,
                links.pair_recall,
                links.pair_f1,
                links.bcubed_precision,
                links.bcubed_recall,
                links.bcubed_f1,
            )
        )
    )
    out.print(table)
    out.print(
        f"{links.same_pairs} same-happening and {links.different_pairs} different gold pairs", markup=False
    )
    stories = Table(title=f"stories ({report.articles} articles ingested)")
    for name in ("gold", "articles", "gold stories", "found stories", "purity", "inverse purity"):
        stories.add_column(name, justify="right" if name != "gold" else "left")
    for name, found in report.stories.items():
        stories.add_row(
            name,
            str(found.articles),
            str(found.gold_stories),
            str(found.found_stories),
            f"{found.purity:.3f}",
            f"{found.inverse_purity:.3f}",
        )
    out.print(stories)


@app.command("train-linker")
def train_linker_command(
    gold: Annotated[
        Path | None,
        typer.Option("--gold", help="The linking gold folder (default: ./annotations/linking)."),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Where to write the weights (default: the packaged linker, replaced)."),
    ] = None,
) -> None:
    """Fit the event linker on the linking gold, cross-validated by group, and write its weights and figures."""
    from dyads.annotations.folder import default_folder
    from dyads.corpus import find_shared
    from dyads.learn.linking import train_linker
    from dyads.resources import data_path

    shared = find_shared()
    try:
        if shared is None:
            raise InputError("../shared", "the linking gold points into ../shared/corpus (set DYADS_SHARED)")
        train_linker(
            gold or default_folder() / "linking",
            out or data_path("linking/linker.json"),
            shared,
            CoderSpec().build(),
            log=err.print,
        )
    except DyadsError as e:
        raise _fail(e) from e


def _annotation_gold(split: str, folder: Path | None) -> list[GoldRecord]:
    """Return the gold records of one split of the annotation corpus."""
    from dyads.annotations.folder import default_folder, load_annotations
    from dyads.annotations.gold import gold_records
    from dyads.corpus import find_shared

    return gold_records(load_annotations(folder or default_folder()), find_shared(), split=split)


@app.command()
def actor(
    ctx: typer.Context,
    phrase: Annotated[str, typer.Argument(help='The words to resolve, e.g. "Foreign Minister Li Zhaoxing".')],
    date: Annotated[str | None, typer.Option("--date", help="The day it was written (YYYY-MM-DD).")] = None,
    actors: ActorsOption = None,
    agents: AgentsOption = None,
) -> None:
    """Explain how a phrase resolves to an actor code, dictionary row by row."""
    from dyads.actors.explain import explain_actor
    from dyads.evaluate import parse_date

    day = parse_date(date) if date else None
    if date and day is None:
        raise typer.BadParameter(f"{date!r} is not a date (want YYYY-MM-DD)", param_hint="--date")
    try:
        coder = _coder_spec(ctx, actors, agents, None).build()
    except DyadsError as e:
        raise _fail(e) from e
    explanation = explain_actor(phrase, coder.nlp, coder.kb, day=day)
    for step in explanation.steps:
        out.print(step, markup=False)
    code = explanation.actor.code if explanation.actor else "no actor"
    out.print(f"{phrase} → {code}", markup=False)


app.add_typer(annotations_app, name="annotations")

dict_app = typer.Typer(help="Manage dictionaries.", no_args_is_help=True)
app.add_typer(dict_app, name="dict")


@dict_app.command("import-petrarch")
def import_petrarch_command(
    actors: Annotated[Path | None, typer.Option("--actors", help="PETRARCH actors dictionary.")] = None,
    agents: Annotated[Path | None, typer.Option("--agents", help="PETRARCH agents dictionary.")] = None,
    output: Annotated[Path, typer.Option("-o", "--output", help="Directory for the dyads TSV files.")] = Path(
        "."
    ),
) -> None:
    """Convert PETRARCH actor/agent dictionaries into dyads TSV files (load them with --dictionary)."""
    from dyads.actors.convert import import_petrarch

    if actors is None and agents is None:
        raise typer.BadParameter("give --actors and/or --agents")
    for path in (p for p in (actors, agents) if p is not None):
        if not path.is_file():
            raise typer.BadParameter(f"{path}: no such file")
    try:
        written = import_petrarch(actors, agents, output)
    except DyadsError as e:
        raise _fail(e) from e
    for path in written:
        out.print(f"wrote {path}", markup=False)


@app.command()
def serve(
    ctx: typer.Context,
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Interface to listen on (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    allow_ingest: Annotated[
        bool,
        typer.Option(
            "--allow-ingest",
            help="Accept writes (POST /api/ingest, and `dyads ingest --server`), with a write token.",
        ),
    ] = False,
    ingest_dir: Annotated[
        Path | None,
        typer.Option(
            help="With --allow-ingest (and then required): the only directory POST /api/ingest reads."
        ),
    ] = None,
    allowed_host: Annotated[
        list[str] | None,
        typer.Option(
            help="A name the Host header may give besides loopback and --host (a public name; repeatable)."
        ),
    ] = None,
    code_workers: Annotated[
        int, typer.Option(min=1, max=2, help="Threads coding POST /api/code texts (one coder shared).")
    ] = 1,
    code_queue: Annotated[
        int, typer.Option(min=0, max=64, help="POST /api/code texts waiting for a worker; more get 429.")
    ] = 4,
    token_file: Annotated[
        Path | None,
        typer.Option(
            "--token-file",
            help="With --allow-ingest: keep the write token in this file (read if it exists, else made "
            f"and written, owner-only) instead of a new one each run; {TOKEN_ENV} also gives one.",
        ),
    ] = None,
) -> None:
    """Serve the HTTP API (and its OpenAPI schema at /docs) over the store."""
    import os

    import uvicorn

    from dyads.api import create_app
    from dyads.tokens import checked_token, new_token, read_token_file, write_token_file

    db = _db(ctx, db)
    if not db.exists():
        raise typer.BadParameter(f"{db}: no such store (run `dyads ingest` first)", param_hint="--db")
    # No default for --ingest-dir: the working directory once served its .env and everything else in it.
    if ingest_dir is not None and not allow_ingest:
        raise typer.BadParameter("--ingest-dir is only used with --allow-ingest", param_hint="--ingest-dir")
    if ingest_dir is not None and not ingest_dir.is_dir():
        raise typer.BadParameter(f"{ingest_dir}: no such directory", param_hint="--ingest-dir")
    hosts = [*(allowed_host or []), *_served_names(host)]
    token = None
    if allow_ingest:
        try:
            if token_file is not None and token_file.exists():
                token, origin = read_token_file(token_file), f"from {token_file}"
            elif os.environ.get(TOKEN_ENV):
                token, origin = checked_token(os.environ[TOKEN_ENV], TOKEN_ENV), f"from {TOKEN_ENV}"
            else:
                token, origin = new_token(), "new"
                if token_file is not None:
                    write_token_file(token_file, token)
                    origin = f"new, written to {token_file}"
        except DyadsError as e:
            raise _fail(e) from e
    err.print(f"serving {db} on http://{host}:{port} ({'read-write' if allow_ingest else 'read-only'})")
    if token is not None:
        # Printed once, and only when made here: a token from a file or the environment stays there.
        shown = token if origin == "new" else "(" + origin + ")"
        err.print(f"write token {shown}: dyads ingest --server http://{host}:{port} …", markup=False)
        if origin == "new":
            err.print(f"  (give it with {TOKEN_ENV}=… or --token; --token-file keeps one across runs)")
    if host in ("0.0.0.0", "::"):
        err.print("all interfaces: requests are answered only for the Host names loopback and --allowed-host")
    server = create_app(
        db,
        allow_ingest=allow_ingest,
        ingest_dir=ingest_dir,
        allowed_hosts=hosts,
        code_workers=code_workers,
        code_queue=code_queue,
        token=token,
        on_wait=lambda message: err.print(message, markup=False),
    )
    uvicorn.run(server, host=host, port=port, log_level="warning")


def _served_names(host: str) -> list[str]:
    """Return the Host header names a listening address answers to (an IPv6 address in brackets)."""
    if host in ("0.0.0.0", "::", ""):
        return []  # every interface: which names reach it is for --allowed-host to say
    return [f"[{host}]" if ":" in host else host]


@app.command()
def check(ctx: typer.Context, db: DbOption = None) -> None:
    """Check the store's invariants (evidence is the article's text at its offsets …); exit 1 if any is broken."""
    db = _db(ctx, db)
    try:
        with _open_existing(db) as store:
            violations = store.check()
            counts = store.counts()
    except DyadsError as e:
        raise _fail(e) from e
    for violation in violations:
        out.print(str(violation), markup=False)
    checked = f"{counts['articles']} articles, {counts['mentions']} mentions, {counts['events']} events"
    if violations:
        err.print(f"{len(violations)} violations in {db} ({checked})", markup=False)
        raise typer.Exit(1)
    err.print(f"ok: {db} ({checked})", markup=False)


@app.command()
def problems(
    ctx: typer.Context,
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON record per line.")] = False,
    limit: Annotated[int | None, typer.Option(help="At most this many problems.")] = None,
) -> None:
    """List the problems ingests met (file, line, stage, reason), oldest first."""
    db = _db(ctx, db)
    try:
        with _open_existing(db) as store:
            rows = store.problems(limit=limit)
            total = store.counts()["problems"]
    except DyadsError as e:
        raise _fail(e) from e
    if as_json:
        _write_rows(rows, as_json=True, as_csv=False)
        return
    for row in rows:
        where = row["source"] if row["line"] is None else f"{row['source']}:{row['line']}"
        out.print(f"{where}: [{row['stage']}] {row['reason']}", markup=False)
    err.print(f"{len(rows)} of {total} problems in {db}", markup=False)


@app.command()
def info(ctx: typer.Context, db: DbOption = None) -> None:
    """Show the store's counts and the loaded model and dictionaries."""
    db = _db(ctx, db)
    coder = _coder_spec(ctx, None, None, None).build()
    if _settings(ctx).path is not None:
        out.print(f"config: {_settings(ctx).path}")
    out.print(
        f"model: {coder.nlp.meta.get('name')} {coder.nlp.meta.get('version')} ({', '.join(coder.nlp.pipe_names)})"
    )
    out.print(f"actor phrases: {coder.kb.size}")
    out.print(f"verb triggers: {len(coder.lexicon.verbs)}, noun triggers: {len(coder.lexicon.nouns)}")
    if db.exists():
        with Store(db, read_only=True) as store:
            for table, count in store.counts().items():
                out.print(f"{table}: {count}")


def main() -> None:
    """Run the CLI (entry point of the `dyads` script)."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app()
