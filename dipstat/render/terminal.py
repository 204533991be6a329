"""The rich ``Console`` for results: colour, width and terminal detection in one place.

Colour is on only when the stream is a terminal (or ``FORCE_COLOR`` is set and
non-empty), and off with ``--no-color`` or a non-empty ``NO_COLOR`` (no-color.org),
which win over ``FORCE_COLOR``.  "Off" means no escape sequence at all, not even bold.
The console never parses markup, emoji codes or highlights: renderers hand it
:class:`rich.text.Text` built from article text.
"""

from __future__ import annotations

import errno
import os
from functools import cache
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or fake stream
        return False


def color_enabled(stream: IO[str], *, no_color: bool = False) -> bool:
    """Whether output to ``stream`` gets colour, by the rules above."""
    if no_color or os.environ.get("NO_COLOR"):
        return False
    return bool(os.environ.get("FORCE_COLOR")) or _isatty(stream)


@cache
def _console_class() -> type[Console]:
    from rich.console import Console

    class PipeConsole(Console):
        """rich exits with status 1 on a closed pipe; raise instead, so the CLI decides."""

        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise BrokenPipeError(errno.EPIPE, "output pipe closed")

    return PipeConsole


def make_console(stream: IO[str], *, no_color: bool = False, width: int | None = None) -> Console:
    """A console writing to ``stream``; ``width`` (else ``COLUMNS``, else the terminal).

    A closed pipe raises :class:`BrokenPipeError` (rich itself would exit with 1).
    """
    color = color_enabled(stream, no_color=no_color)
    return _console_class()(
        file=stream,
        width=width,
        force_terminal=color or _isatty(stream),
        color_system="auto" if color else None,
        no_color=not color,
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=False,
    )
