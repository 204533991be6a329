"""The corpus commands, ``dipstat batch`` and ``dipstat network``.

:func:`register` adds them to the main Typer app.  Like the rest of the CLI they only
read options, call the library (:mod:`dipstat.batch`, :mod:`dipstat.network`), pick a
renderer and map errors to exit codes; progress and messages go to stderr.
"""

from __future__ import annotations

import json
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from types import FrameType
from typing import TYPE_CHECKING, Annotated, Any

import typer

from dipstat.cli_options import SETTINGS, ActorsOpt, NoColorOpt, WidthOpt
from dipstat.errors import DipstatError
from dipstat.network import Period

if TYPE_CHECKING:
    from rich.console import Console

# cli.py imports this module on every start: the heavy modules (multiprocessing, rich
# tables, the pipeline) are imported inside the commands, when they run.

CorpusInputs = Annotated[
    list[str],
    typer.Argument(
        help="Article files (.txt, .html), directories (recursive), JSON Lines corpora "
        '(.jsonl: one {"text": ..., "id": ..., "date": ...} per line), or - for stdin.',
        metavar="FILE|DIR|CORPUS.jsonl|-",
        show_default=False,
    ),
]
JobsOpt = Annotated[
    int,
    typer.Option("--jobs", "-j", min=0, metavar="N", help="Worker processes (0: one per core)."),
]
QuietOpt = Annotated[
    bool, typer.Option("--quiet", "-q", help="No progress, summary or per-input messages.")
]


class EngineName(str, Enum):
    """Where a batch runs."""

    LOCAL = "local"
    DASK = "dask"


class NetworkFormat(str, Enum):
    """Output formats of ``dipstat network``."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    GRAPHML = "graphml"
    DOT = "dot"


def register(app: typer.Typer) -> None:
    """Add ``batch`` and ``network`` to ``app``."""
    app.command("batch")(batch)
    app.command("network")(network)


def _stderr() -> Console:
    from dipstat.render.terminal import make_console

    return make_console(sys.stderr)


def _say(console: Console, message: str) -> None:
    from dipstat.render.safe import visible

    console.print(f"dipstat: {visible(message, single_line=True)}", markup=False, soft_wrap=True)


def _fail(exc: DipstatError) -> typer.Exit:
    from dipstat.cli import EXIT_ERROR

    if SETTINGS.debug:
        raise exc
    _say(_stderr(), str(exc))
    return typer.Exit(EXIT_ERROR)


def batch(
    inputs: CorpusInputs,
    output: Annotated[
        str,
        typer.Option(
            "--output", "-o", metavar="OUT.jsonl", help="Output file, JSON Lines (- for stdout)."
        ),
    ],
    jobs: JobsOpt = 0,
    resume: Annotated[
        bool, typer.Option("--resume", help="Skip the inputs already in the output file.")
    ] = False,
    engine: Annotated[
        EngineName, typer.Option("--engine", help="local (worker processes) or dask.")
    ] = EngineName.LOCAL,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            envvar="DASK_SCHEDULER_ADDRESS",
            metavar="ADDRESS",
            help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (with --engine dask).",
        ),
    ] = None,
    chunk_size: Annotated[
        int | None,
        typer.Option(
            "--chunk-size", min=1, metavar="N", help="Articles per worker task (default 16)."
        ),
    ] = None,
    quiet: QuietOpt = False,
    actors: ActorsOpt = None,
) -> None:
    """Analyse a corpus: one dipstat/1 document per input and line, in input order.

    An input that fails yields an error record ({"article", "input", "error"}) and the
    run goes on. Ctrl-C finishes the work in flight; rerun with --resume to complete.

    Example: dipstat batch corpus.jsonl news/ -o out.jsonl --jobs 4
    """
    from dipstat import batch as lib
    from dipstat.cli import EXIT_ERROR, EXIT_INTERRUPT, EXIT_PARTIAL
    from dipstat.corpus import STDIN, count_items, iter_items

    if engine is EngineName.DASK and not scheduler:
        raise typer.BadParameter(
            "--engine dask needs a scheduler address", param_hint="--scheduler"
        )
    if resume and output == STDIN:
        raise typer.BadParameter("--resume needs an output file", param_hint="--resume")
    extra = tuple(str(a) for a in actors or ())
    console = _stderr()
    with _interrupts(console, quiet) as stop:
        try:
            done = lib.done_keys(output) if resume else set()
            if engine is EngineName.DASK:
                run = lib.dask_engine(str(scheduler), actors=extra, stop=stop)
            else:
                run = lib.local_engine(jobs or lib.default_jobs(), actors=extra, stop=stop)
            sink = lib.JsonlOutput(output, append=resume)
            show = not quiet and console.is_terminal
            total = count_items(inputs) - len(done) if show and STDIN not in inputs else None
            try:
                with _progress(console, show, total) as on_chunk:
                    stats = lib.run_batch(
                        iter_items(inputs, skip=output),
                        sink,
                        run,
                        skip=done,
                        chunk_size=chunk_size or lib.CHUNK_SIZE,
                        on_chunk=on_chunk,
                        on_error=None if quiet else lambda m: _say(console, m),
                        stop=stop,
                    )
            finally:
                sink.close()
        except DipstatError as exc:
            raise _fail(exc) from None
        except KeyboardInterrupt:  # the second Ctrl-C: the output holds whole lines only
            _say(console, f"interrupted: rerun with --resume to finish {output}")
            raise typer.Exit(EXIT_INTERRUPT) from None
    if not quiet:
        _summary(console, stats, output)
    if stats.interrupted:
        raise typer.Exit(EXIT_INTERRUPT)
    if not stats.articles and not stats.skipped:
        raise _fail(DipstatError("no articles found in " + ", ".join(inputs)))
    if stats.errors:
        raise typer.Exit(EXIT_PARTIAL if stats.errors < stats.articles else EXIT_ERROR)


@contextmanager
def _interrupts(console: Console, quiet: bool) -> Iterator[Callable[[], bool]]:
    """First SIGINT/SIGTERM: finish the chunks in flight and stop; a second one: stop now."""
    stopping = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield stopping.is_set
        return

    def handle(signum: int, frame: FrameType | None) -> None:
        if stopping.is_set():
            raise KeyboardInterrupt
        stopping.set()
        if not quiet:
            console.print(
                "dipstat: stopping after the articles in flight (again to stop at once); "
                "rerun with --resume to finish",
                markup=False,
                soft_wrap=True,
            )

    previous = {s: signal.signal(s, handle) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stopping.is_set
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextmanager
def _progress(console: Console, show: bool, total: int | None) -> Iterator[Any]:
    """A progress bar on a terminal (articles, articles/s, errors, ETA); else nothing."""
    if not show:
        yield None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn("articles"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:.1f}/s"),
        TextColumn("errors {task.fields[errors]}"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console) as progress:
        task = progress.add_task("batch", total=total, rate=0.0, errors=0)

        def update(stats: Any) -> None:
            rate = stats.articles / stats.seconds if stats.seconds else 0.0
            progress.update(task, completed=stats.articles, rate=rate, errors=stats.errors)

        yield update


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _summary(console: Console, stats: Any, output: str) -> None:
    rate = stats.articles / stats.seconds if stats.seconds else 0.0
    line = (
        f"dipstat: {_count(stats.articles, 'article')}, "
        f"{_count(stats.statements, 'statement')}, {_count(stats.errors, 'error')} "
        f"in {stats.seconds:.1f} s ({rate:,.1f} articles/s)"
    )
    if stats.skipped:
        line += f"; {stats.skipped:,} already in {output}, skipped"
    if stats.interrupted:
        line += f"; interrupted: rerun with --resume to finish {output}"
    console.print(line, markup=False, highlight=False, soft_wrap=True)


def network(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="dipstat batch output (.jsonl), or articles as for batch: files, "
            "directories, JSON Lines corpora, - for stdin.",
            metavar="OUT.jsonl|FILE|DIR|-",
            show_default=False,
        ),
    ],
    fmt: Annotated[
        NetworkFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="table, json, csv, graphml (Gephi, networkx) or dot (Graphviz). "
            "Default: table on a terminal, json in a pipe.",
        ),
    ] = None,
    top: Annotated[int, typer.Option("--top", min=1, metavar="N", help="Rows of the table.")] = 30,
    min_statements: Annotated[
        int, typer.Option("--min-statements", min=1, metavar="N", help="Leave out rarer relations.")
    ] = 1,
    period: Annotated[
        Period, typer.Option("--period", help="Group dates by day, month or year.")
    ] = Period.DAY,
    jobs: JobsOpt = 0,
    quiet: QuietOpt = False,
    no_color: NoColorOpt = False,
    width: WidthOpt = None,
    actors: ActorsOpt = None,
) -> None:
    """Relations between actors across a corpus: who said what about whom, how often.

    For each actor → target actor pair: statements by stance, net Goldstein score,
    top cues and speakers, and counts by date when the corpus has dates.

    Example: dipstat batch corpus.jsonl -o out.jsonl && dipstat network out.jsonl
    """
    from dipstat.cli import EXIT_ERROR, EXIT_PARTIAL
    from dipstat.render.terminal import make_console

    chosen = fmt or (NetworkFormat.TABLE if sys.stdout.isatty() else NetworkFormat.JSON)
    try:
        net = _build_network(inputs, period, jobs, tuple(str(a) for a in actors or ()))
    except DipstatError as exc:
        raise _fail(exc) from None
    if not net.articles and not net.errors:
        raise _fail(DipstatError("no articles found in " + ", ".join(inputs)))
    edges = net.edges(min_statements=min_statements)
    _write_network(
        net, edges, chosen, top, lambda: make_console(sys.stdout, no_color=no_color, width=width)
    )
    if net.errors:
        if not quiet:
            _stderr().print(
                f"dipstat: {net.errors:,} inputs failed, left out", markup=False, soft_wrap=True
            )
        raise typer.Exit(EXIT_PARTIAL if net.articles else EXIT_ERROR)


def _build_network(inputs: list[str], period: Period, jobs: int, actors: tuple[str, ...]) -> Any:
    from dipstat.batch import chunked, default_jobs, local_engine
    from dipstat.corpus import iter_items
    from dipstat.network import Network

    net = Network(period=period)

    def articles() -> Iterator[Any]:
        for item in iter_items(inputs):
            if item.document is not None:
                net.add(item.document)  # already analysed: batch output
            else:
                yield item

    run = local_engine(jobs or default_jobs(), actors=actors)
    for outcomes in run(chunked(articles())):
        for line, _ in outcomes:
            net.add(json.loads(line))
    return net


def _write_network(
    net: Any, edges: list[Any], fmt: NetworkFormat, top: int, console: Callable[[], Console]
) -> None:
    from dipstat.render import network as render

    if fmt is NetworkFormat.TABLE:
        console().print(render.network_table(net, edges, top=top))
        return
    if fmt is NetworkFormat.JSON:
        text = render.network_json(net, edges)
    elif fmt is NetworkFormat.CSV:
        text = "".join(render.network_csv(edges))
    elif fmt is NetworkFormat.GRAPHML:
        text = render.network_graphml(net, edges)
    else:
        text = render.network_dot(edges)
    sys.stdout.write(text)
    sys.stdout.flush()
