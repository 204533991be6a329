"""The ``dipstat`` command line: a thin layer over :func:`dipstat.analyze`.

Each command reads its inputs, calls the library, hands results to a renderer and
maps errors to exit codes: 0 success (finding no statements is success), 1 fatal
error, 2 usage error, 3 when some inputs failed but others produced output, 141 when
the reader of stdout went away (as ``cat`` does under SIGPIPE).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from dipstat import __version__
from dipstat.errors import DipstatError
from dipstat.model import Analysis
from dipstat.render.emit import Emitter, Format
from dipstat.render.table import eval_tables, quotes_table, stances_table

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_PARTIAL, EXIT_PIPE = 0, 1, 2, 3, 141

app = typer.Typer(
    name="dipstat",
    help="Who said what to whom in diplomatic news: quotes, speakers, actors, stances, replies.",
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    no_args_is_help=True,
)


@dataclass
class Settings:
    debug: bool = False
    quiet: bool = False


SETTINGS = Settings()


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dipstat {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of errors.")] = False,
) -> None:
    SETTINGS.debug = debug


# Options shared by the article commands, defined once.
Inputs = Annotated[
    list[str],
    typer.Argument(help="Article files, directories, or - for stdin.", show_default=False),
]
FormatOpt = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        help="table, json (one dipstat/1 document per line), jsonl, csv or tsv "
        "(one record per statement). Default: table on a terminal, jsonl in a pipe.",
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Same as --format json.")]
NoColorOpt = Annotated[bool, typer.Option("--no-color", help="No colours (also: NO_COLOR=1).")]
WidthOpt = Annotated[
    int | None,
    typer.Option("--width", min=40, help="Table width in columns (default: terminal or COLUMNS)."),
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No messages on stderr.")]
ActorsOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--actors", help="Extra actor table (TSV: code, type, alias) to add or override entries."
    ),
]


def _stderr() -> Console:
    return Console(stderr=True, no_color=_no_color(False), highlight=False)


def _no_color(flag: bool) -> bool:
    return flag or bool(os.environ.get("NO_COLOR"))


def _stdout_console(no_color: bool, width: int | None) -> Console:
    force = os.environ.get("FORCE_COLOR")
    return Console(
        no_color=_no_color(no_color),
        width=width,
        highlight=False,
        emoji=False,
        markup=False,
        force_terminal=True if force else None,
        soft_wrap=False,
    )


def _pick_format(fmt: Format | None, as_json: bool) -> Format:
    if as_json:
        return Format.JSON
    if fmt is not None:
        return fmt
    return Format.TABLE if sys.stdout.isatty() else Format.JSONL


def _analyses(
    inputs: list[str], actors: list[Path] | None, failures: list[str]
) -> Iterator[Analysis]:
    """Analyse each input in turn; a failed input is reported and counted, not fatal."""
    from dipstat.pipeline import analyze
    from dipstat.resources import build_resources, default_resources
    from dipstat.textio import expand_inputs, read_article

    resources = build_resources(tuple(actors)) if actors else default_resources()
    sources = list(expand_inputs(inputs))
    if not sources:
        raise DipstatError("no article files found in " + ", ".join(inputs))
    for source in sources:
        try:
            article = read_article(source)
            yield analyze(article.text, article.name, resources=resources)
        except DipstatError as exc:
            failures.append(source)
            if not SETTINGS.quiet:
                _stderr().print(f"dipstat: {exc}", markup=False)


def _run_articles(
    inputs: list[str],
    fmt: Format | None,
    as_json: bool,
    no_color: bool,
    width: int | None,
    quiet: bool,
    actors: list[Path] | None,
    table: Callable[[Analysis], Table],
) -> None:
    SETTINGS.quiet = quiet
    console = _stdout_console(no_color, width)
    emitter = Emitter(_pick_format(fmt, as_json), sys.stdout, console, table)
    failures: list[str] = []
    written = 0
    for analysis in _guard(lambda: _analyses(inputs, actors, failures)):
        emitter.write(analysis)
        written += 1
    if failures:
        raise typer.Exit(EXIT_PARTIAL if written else EXIT_ERROR)


def _guard(make: Callable[[], Iterator[Analysis]]) -> Iterator[Analysis]:
    try:
        yield from make()
    except DipstatError as exc:
        if SETTINGS.debug:
            raise
        _stderr().print(f"dipstat: {exc}", markup=False)
        raise typer.Exit(EXIT_ERROR) from None


@app.command()
def quotes(
    inputs: Inputs,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    no_color: NoColorOpt = False,
    width: WidthOpt = None,
    quiet: QuietOpt = False,
    actors: ActorsOpt = None,
) -> None:
    """Who said what: every quotation with its speaker, cue and kind.

    Example: dipstat quotes data/samples/beijing_parade.txt
    """
    _run_articles(inputs, fmt, as_json, no_color, width, quiet, actors, quotes_table)


@app.command()
def stances(
    inputs: Inputs,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    no_color: NoColorOpt = False,
    width: WidthOpt = None,
    quiet: QuietOpt = False,
    actors: ActorsOpt = None,
    explain: Annotated[bool, typer.Option("--explain", help="Show the evidence.")] = False,
) -> None:
    """Stance of each statement toward its target, with CAMEO code and Goldstein score.

    Example: dipstat stances --explain data/samples/beijing_parade.txt
    """
    _run_articles(
        inputs,
        fmt,
        as_json,
        no_color,
        width,
        quiet,
        actors,
        lambda a: stances_table(a, explain=explain),
    )


@app.command("eval")
def evaluate(
    gold_dir: Annotated[
        Path, typer.Argument(help="Directory of NAME.txt articles with NAME.json gold.")
    ],
    pred: Annotated[
        Path | None,
        typer.Option(
            "--pred",
            help="Score these dipstat/1 documents (JSON Lines) instead of running dipstat.",
        ),
    ] = None,
    as_json: JsonOpt = False,
    detail: Annotated[
        bool, typer.Option("--detail", help="Add per-article scores and stance confusion.")
    ] = False,
    no_color: NoColorOpt = False,
) -> None:
    """Score dipstat against gold annotations (SCHEMA.md matching rules).

    Example: dipstat eval ../shared/devset --json
    """
    from dipstat.evaluate import load_gold_dir, score

    try:
        gold = load_gold_dir(gold_dir)
        predicted = _load_predictions(pred) if pred else _predict(gold)
    except DipstatError as exc:
        if SETTINGS.debug:
            raise
        _stderr().print(f"dipstat: {exc}", markup=False)
        raise typer.Exit(EXIT_ERROR) from None
    report = score([doc for _, doc in gold], predicted).to_dict(detail=detail)
    if as_json:
        sys.stdout.write(json.dumps(report, ensure_ascii=False) + "\n")
        return
    console = _stdout_console(no_color, None)
    for table in eval_tables(report):
        console.print(table)


def _predict(gold: list[tuple[Path, dict]]) -> list[dict]:  # type: ignore[type-arg]
    from dipstat.pipeline import analyze
    from dipstat.textio import read_article

    docs = []
    for txt_path, _ in gold:
        article = read_article(str(txt_path))
        docs.append(analyze(article.text, txt_path.name).to_dict())
    return docs


def _load_predictions(path: Path) -> list[dict]:  # type: ignore[type-arg]
    from dipstat.errors import GoldError

    docs = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise GoldError(f"{path}: cannot read ({exc.strerror})") from None
    for number, line in enumerate(lines, 1):
        if line.strip():
            try:
                docs.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise GoldError(f"{path}:{number}: not JSON ({exc.msg})") from None
    return docs


def main() -> None:
    """Console-script entry point: run the app, end quietly on a closed pipe."""
    try:
        app()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(EXIT_PIPE)
    except KeyboardInterrupt:
        sys.exit(130)
