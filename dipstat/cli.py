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
``--width``, ``-q``, ``--actors``) are defined once, as the ``*Opt`` aliases below
gathered by :func:`shared_options`; :func:`article_command` adds them to a command,
which receives them resolved into one :class:`Options`.  Imports of rich and of the
analysis modules stay inside functions: ``dipstat --version`` must not pay for NLTK.
"""

from __future__ import annotations

import functools
import inspect
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from dipstat import __version__
from dipstat.errors import DipstatError
from dipstat.render.formats import EvalFormat, Format, ReplyFormat

if TYPE_CHECKING:
    from rich.console import Console

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


@dataclass
class Settings:
    """Process-wide switches set by the root and command options."""

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
    debug: Annotated[
        bool, typer.Option("--debug", help="Show a traceback for errors (give it first).")
    ] = False,
) -> None:
    SETTINGS.debug = debug


# ---------------------------------------------------------------------------------
# Shared options, defined once.  cli_corpus (batch, network) uses them too.

Inputs = Annotated[
    list[str] | None,
    typer.Argument(
        help="Article files or directories (searched for .txt, .text, .md, .html); "
        "- or nothing reads standard input.",
        metavar="FILE|DIR|-",
        show_default=False,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Same as --format json.")]
NoColorOpt = Annotated[
    bool, typer.Option("--no-color", help="No colours (also: NO_COLOR=1; FORCE_COLOR=1 forces).")
]
WidthOpt = Annotated[
    int | None,
    typer.Option(
        "--width",
        min=40,
        metavar="COLUMNS",
        help="Table width in columns (default: the terminal, or COLUMNS).",
    ),
]
QuietOpt = Annotated[
    bool, typer.Option("--quiet", "-q", help="No warnings or per-file messages on stderr.")
]
ActorsOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--actors",
        metavar="TSV",
        help="Extra actor table (TSV with columns code, type, alias) that adds to or "
        "overrides the built-in one; may be repeated.",
    ),
]
FORMAT_HELP = {
    Format: "table, json (one dipstat/1 document per article, one per line), or jsonl, "
    "csv, tsv (one flat record per statement).  Default: table on a terminal, else jsonl.",
    ReplyFormat: "tree, dot (Graphviz), mermaid, or json (one document per article).  "
    "Default: tree on a terminal, else json.",
    EvalFormat: "table or json.  Default: table on a terminal, else json.",
}
# What a command writes when stdout is not a terminal and no --format is given.
PIPED_DEFAULT: dict[type[Enum], Enum] = {
    Format: Format.JSONL,
    ReplyFormat: ReplyFormat.JSON,
    EvalFormat: EvalFormat.JSON,
}


def _format_option(formats: type[Enum], help_text: str | None = None) -> Any:
    return Annotated[
        formats | None,
        typer.Option("--format", "-f", help=help_text or FORMAT_HELP[formats]),
    ]


FormatOpt = _format_option(Format)


def _keyword(name: str, annotation: Any, default: Any) -> inspect.Parameter:
    return inspect.Parameter(
        name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation
    )


def shared_options(
    formats: type[Enum], *, inputs: bool = True, format_help: str | None = None
) -> list[inspect.Parameter]:
    """The shared parameters, in --help order, for a command with ``formats``."""
    params = [_keyword("inputs", Inputs, None)] if inputs else []
    return [
        *params,
        _keyword("fmt", _format_option(formats, format_help), None),
        _keyword("as_json", JsonOpt, False),
        _keyword("no_color", NoColorOpt, False),
        _keyword("width", WidthOpt, None),
        _keyword("quiet", QuietOpt, False),
        _keyword("extra_actors", ActorsOpt, None),
    ]


@dataclass(frozen=True)
class Options:
    """The shared options of one command run, resolved (format chosen, stdin named)."""

    inputs: tuple[str, ...]
    format: Any  # a member of the command's format enum
    no_color: bool
    width: int | None
    quiet: bool
    actors: tuple[Path, ...]

    def console(self) -> Console:
        """The stdout console for tables and trees, by --no-color, --width and the terminal."""
        from dipstat.render.terminal import make_console

        return make_console(sys.stdout, no_color=self.no_color, width=self.width)


def _resolve(formats: type[Enum], values: dict[str, Any]) -> Options:
    fmt, as_json = values["fmt"], values["as_json"]
    if as_json:
        if fmt is not None and fmt.value != "json":
            raise typer.BadParameter(f"--json conflicts with --format {fmt.value}")
        fmt = formats("json")
    if fmt is None:
        fmt = formats("table" if formats is not ReplyFormat else "tree")
        if not sys.stdout.isatty():
            fmt = PIPED_DEFAULT[formats]
    inputs = tuple(values.get("inputs") or ())
    if not inputs and "inputs" in values:
        if sys.stdin.isatty():
            raise typer.BadParameter(
                "no input: give article files or directories, or - to read standard input",
                param_hint="FILE|DIR|-",
            )
        inputs = ("-",)
    SETTINGS.quiet = values["quiet"]
    return Options(
        inputs=inputs,
        format=fmt,
        no_color=values["no_color"],
        width=values["width"],
        quiet=values["quiet"],
        actors=tuple(values["extra_actors"] or ()),
    )


Command = TypeVar("Command", bound=Callable[..., None])


def article_command(
    formats: type[Enum] = Format,
    *,
    name: str | None = None,
    inputs: bool = True,
    format_help: str | None = None,
) -> Callable[[Command], Command]:
    """Register ``func(opts: Options, **own_options)`` as a command with the shared options.

    The command's own options (after ``opts``) follow the shared ones in --help.
    """

    def decorate(func: Command) -> Command:
        shared = shared_options(formats, inputs=inputs, format_help=format_help)
        own = list(inspect.signature(func, eval_str=True).parameters.values())[1:]
        params = [*shared, *(p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own)]

        @functools.wraps(func)
        def command(**kwargs: Any) -> None:
            values = {p.name: kwargs.pop(p.name) for p in shared}
            func(_resolve(formats, values), **kwargs)

        del command.__wrapped__
        command.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
        command.__annotations__ = {p.name: p.annotation for p in params}
        app.command(name)(command)
        return func

    return decorate


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


@article_command()
def quotes(opts: Options) -> None:
    """Who said what: every statement with its speaker, cue and kind.

    Example: dipstat quotes data/samples/beijing_parade.txt
    """
    from dipstat.render.emit import quotes_view

    emit(opts, quotes_view())


@article_command()
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


@article_command(ReplyFormat)
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
    format_help="table, json (one document per article, one per line), or jsonl, csv, "
    "tsv (one record per actor).  Default: table on a terminal, else jsonl."
)
def actors(opts: Options) -> None:
    """Every speaker and target, with role, actor and counts.

    The "decided by" column (actor_source) tells how the actor was found.

    Example: dipstat actors --format csv data/samples/beijing_parade.txt
    """
    from dipstat.render.emit import actors_view

    emit(opts, actors_view())


@article_command(EvalFormat, name="eval", inputs=False)
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


# ---------------------------------------------------------------------------------
# Corpus commands (batch, network) live in dipstat/cli_corpus.py.  Imported last: it
# uses the names above.

from dipstat.cli_corpus import register  # noqa: E402

register(app)
