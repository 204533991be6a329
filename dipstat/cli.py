"""The ``dipstat`` command line: a thin layer over :func:`dipstat.analyze`.

Each command reads its inputs, calls the library, hands results to a renderer and
maps errors to exit codes.  Results go to stdout; messages go to stderr.

Exit codes:
    0    success (finding no statements is success)
    1    fatal error: bad input, missing data, or every input failed
    2    usage error (unknown option, bad value, no input on a terminal)
    3    some inputs failed (each named on stderr) but the others produced output
    130  interrupted (Ctrl-C)
    141  the reader of stdout went away early, as with ``| head`` (128 + SIGPIPE,
         what ``cat`` gives there); under ``set -o pipefail`` the pipeline fails
         with 141, so add ``|| [ $? -eq 141 ]`` where an early close is expected

The options every command shares (inputs, ``--format``/``--json``, ``--no-color``,
``--width``, ``-q``, ``--actors``) are defined once, in :mod:`dipstat.cli_options`.
Imports of rich and of the analysis modules stay inside functions: ``dipstat
--version`` must not pay for NLTK.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from dipstat import __version__
from dipstat.cli_options import SETTINGS, Options, article_command
from dipstat.errors import DipstatError
from dipstat.render.formats import EvalFormat, ReplyFormat

if TYPE_CHECKING:
    from dipstat.model import Analysis
    from dipstat.render.emit import View, Writer

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_PARTIAL = 0, 1, 2, 3
EXIT_INTERRUPT, EXIT_PIPE = 130, 141

app = typer.Typer(
    name="dipstat",
    help="Who said what to whom in diplomatic news: quotes, speakers, actors, stances, replies.",
    epilog="Exit status: 0 ok (also when nothing is found), 1 error, 2 usage error, "
    "3 some inputs failed, 141 output pipe closed early.",
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    no_args_is_help=True,
)


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
    debug: Annotated[
        bool, typer.Option("--debug", help="Show a traceback for errors (give it first).")
    ] = False,
) -> None:
    SETTINGS.debug = debug


# ---------------------------------------------------------------------------------
# Running: inputs in, analyses out, errors to stderr and exit codes.


def say(message: str, *, always: bool = False) -> None:
    """One ``dipstat: ...`` line on stderr, unless --quiet (``always``: even then)."""
    if SETTINGS.quiet and not always:
        return
    from dipstat.render.safe import visible

    sys.stderr.write(f"dipstat: {visible(message, single_line=True)}\n")
    sys.stderr.flush()


@contextmanager
def guarded() -> Iterator[None]:
    """Turn a DipstatError into one line and exit 1, a closed stdout into exit 141."""
    try:
        yield
    except DipstatError as exc:
        if SETTINGS.debug:
            raise
        say(str(exc), always=True)
        raise typer.Exit(EXIT_ERROR) from None
    except BrokenPipeError:
        # Nobody reads any more: send what is still buffered to /dev/null, so the
        # interpreter's final flush cannot fail, and end like a SIGPIPE'd program.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise typer.Exit(EXIT_PIPE) from None


def analyses(opts: Options, failures: list[str]) -> Iterator[Analysis]:
    """Analyse each input in turn; a failed input is named on stderr and counted."""
    from dipstat.pipeline import analyze
    from dipstat.resources import build_resources, default_resources
    from dipstat.textio import expand_inputs, read_article

    resources = build_resources(opts.actors) if opts.actors else default_resources()
    for source in expand_inputs(opts.inputs):
        try:
            article = read_article(source)
            analysis = analyze(article.text, article.name, resources=resources)
        except DipstatError as exc:
            if SETTINGS.debug:
                raise
            failures.append(source)
            say(str(exc))
            continue
        if article.encoding_guessed:
            say(f"{article.name}: not UTF-8; decoded as {article.encoding} (a guess)")
        yield replace(analysis, encoding=article.encoding)


def run(opts: Options, writer: Writer) -> None:
    """Analyse every input of ``opts`` and write each result; set the exit code."""
    failures: list[str] = []
    written = 0
    with guarded():
        for analysis in analyses(opts, failures):
            writer.write(analysis)
            written += 1
        writer.close()
        sys.stdout.flush()
    if failures:
        raise typer.Exit(EXIT_PARTIAL if written else EXIT_ERROR)


def emit(opts: Options, view: View) -> None:
    """:func:`run` with the standard writer of ``view`` (table, json, jsonl, csv, tsv)."""
    from dipstat.render.emit import Emitter

    run(opts, Emitter(opts.format, sys.stdout, view, opts.console))


# ---------------------------------------------------------------------------------
# Commands.


@article_command(app)
def quotes(opts: Options) -> None:
    """Who said what: every statement with its speaker, cue and kind.

    Example: dipstat quotes data/samples/beijing_parade.txt
    """
    from dipstat.render.emit import quotes_view

    emit(opts, quotes_view())


@article_command(app)
def stances(
    opts: Options,
    explain: Annotated[
        bool, typer.Option("--explain", help="Add the stance confidence and its evidence.")
    ] = False,
) -> None:
    """Stance of each statement toward its target (CAMEO, Goldstein).

    Example: dipstat stances --explain data/samples/beijing_parade.txt
    """
    from dipstat.render.emit import stances_view

    emit(opts, stances_view(explain=explain))


@article_command(app, ReplyFormat)
def replies(
    opts: Options,
    show_all: Annotated[
        bool, typer.Option("--all", help="Also show statements with no reply link.")
    ] = False,
) -> None:
    """Reply graph: which statement answers which.

    Shown as a tree on a terminal; --format dot or mermaid draws it with Graphviz or
    Mermaid, json gives the statements and links.

    Example: dipstat replies data/samples/beijing_parade.txt --format dot | dot -Tsvg
    """
    from dipstat.render.replies import ReplyWriter

    run(opts, ReplyWriter(opts.format, sys.stdout, opts.console, include_all=show_all))


@article_command(
    app,
    format_help="table, json (one document per article, one per line), or jsonl, csv, "
    "tsv (one record per actor).  Default: table on a terminal, else jsonl.",
)
def actors(opts: Options) -> None:
    """Every speaker and target, with role, actor and counts.

    The "decided by" column (actor_source) tells how the actor was found.

    Example: dipstat actors --format csv data/samples/beijing_parade.txt
    """
    from dipstat.render.emit import actors_view

    emit(opts, actors_view())


@article_command(app, EvalFormat, name="eval", inputs=False)
def evaluate(
    opts: Options,
    gold_dir: Annotated[
        Path, typer.Argument(help="Directory of NAME.txt articles with NAME.json gold.")
    ],
    pred: Annotated[
        Path | None,
        typer.Option(
            "--pred",
            help="Score these dipstat/1 documents (JSON Lines, as --format json writes) "
            "instead of running dipstat.",
        ),
    ] = None,
    detail: Annotated[
        bool, typer.Option("--detail", help="Add per-article scores and stance confusion.")
    ] = False,
) -> None:
    """Score dipstat against gold annotations (dipstat/1).

    Example: dipstat eval gold/ --detail --json
    """
    from dipstat.evaluate import load_gold_dir, score
    from dipstat.render.records import json_line

    with guarded():
        gold = load_gold_dir(gold_dir)
        if not gold:
            raise DipstatError(f"{gold_dir}: no NAME.json gold file with its NAME.txt")
        predicted = _load_predictions(pred) if pred else _predict(gold, opts)
        report = score([doc for _, doc in gold], predicted).to_dict(detail=detail)
        if opts.format is EvalFormat.JSON:
            sys.stdout.write(json_line(report) + "\n")
        else:
            from dipstat.render.table import eval_tables

            console = opts.console()
            for table in eval_tables(report):
                console.print(table)
        sys.stdout.flush()


def _predict(gold: list[tuple[Path, dict[str, Any]]], opts: Options) -> list[dict[str, Any]]:
    failures: list[str] = []
    paths = tuple(str(txt_path) for txt_path, _ in gold)
    docs = [a.to_dict() for a in analyses(replace(opts, inputs=paths), failures)]
    if failures:
        raise DipstatError(f"{len(failures)} gold article(s) could not be read")
    return docs


def _load_predictions(path: Path) -> list[dict[str, Any]]:
    import json

    from dipstat.errors import GoldError

    docs = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise GoldError(f"{path}: cannot read ({exc.strerror})") from None
    except UnicodeDecodeError as exc:
        raise GoldError(f"{path}: not UTF-8 ({exc.reason})") from None
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
        app(prog_name="dipstat")
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(EXIT_PIPE)
    except KeyboardInterrupt:
        sys.exit(130)  # as a shell reports SIGINT (docs/cli.md)


# ---------------------------------------------------------------------------------
# Corpus commands (batch, network) live in dipstat/cli_corpus.py.  Imported last: it
# uses the names above.

from dipstat.cli_corpus import register  # noqa: E402

register(app)
