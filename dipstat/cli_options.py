"""The options every command shares, defined once, and the decorator that adds them.

Inputs, ``--format``/``--json``, ``--no-color``, ``--width``, ``-q/--quiet`` and
``--actors`` are the ``*Opt`` aliases below, gathered by :func:`shared_options`;
:func:`article_command` adds them to a command, which receives them resolved (format
chosen, standard input named) as one :class:`Options`.  Light on purpose: this module
is imported on every start, so it imports no renderer and no analysis module.
"""

from __future__ import annotations

import functools
import inspect
import sys
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from dipstat.render.formats import EvalFormat, Format, ReplyFormat

if TYPE_CHECKING:
    from rich.console import Console


@dataclass
class Settings:
    """Process-wide switches set by the root and command options."""

    debug: bool = False
    quiet: bool = False


SETTINGS = Settings()


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
    app: typer.Typer,
    formats: type[Enum] = Format,
    *,
    name: str | None = None,
    inputs: bool = True,
    format_help: str | None = None,
) -> Callable[[Command], Command]:
    """Register ``func(opts: Options, **own_options)`` on ``app`` with the shared options.

    The shared options come first in --help, then the command's own (the parameters
    after ``opts``).  Typer reads the command's signature, so the wrapper gets one made
    of both; the function itself receives the shared ones resolved into ``opts``.

    Args:
        app: the Typer app to add the command to.
        formats: the enum of the command's ``--format`` values; it must have ``json``.
        name: the command's name, if not the function's.
        inputs: whether the command takes article inputs (``eval`` does not).
        format_help: --help text of ``--format``, if not the standard one for ``formats``.
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
