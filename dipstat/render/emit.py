"""Write analyses to a stream, one article at a time, in the chosen format.

A :class:`View` says what a command shows (a table, flat records, a JSON document per
article); :class:`Emitter` writes it as table, json, jsonl, csv or tsv.  rich is
imported only when a table is drawn, so piped output starts faster.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any, Protocol

from dipstat.model import Analysis
from dipstat.render.formats import Format
from dipstat.render.records import (
    ACTOR_FIELDS,
    actor_records,
    actors_document,
    delimited_lines,
    json_line,
    statement_fields,
    statement_records,
)

if TYPE_CHECKING:
    from rich.console import Console, RenderableType


class Writer(Protocol):
    """What a command writes its analyses through."""

    def write(self, analysis: Analysis) -> None: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class View:
    """What one command shows of an analysis, in each format."""

    table: Callable[[Analysis], RenderableType]
    records: Callable[[Analysis], Iterable[dict[str, Any]]]
    fields: tuple[str, ...]
    document: Callable[[Analysis], dict[str, Any]]
    empty: str


def _analysis_document(analysis: Analysis) -> dict[str, Any]:
    return analysis.to_dict()


def quotes_view() -> View:
    """``dipstat quotes``: speaker, cue, kind and text of each statement."""

    def table(analysis: Analysis) -> RenderableType:
        from dipstat.render.table import quotes_table

        return quotes_table(analysis)

    return View(
        table, statement_records, statement_fields(), _analysis_document, "no statements found"
    )


def stances_view(*, explain: bool = False) -> View:
    """``dipstat stances``: stance, target and event code of each statement."""

    def table(analysis: Analysis) -> RenderableType:
        from dipstat.render.table import stances_table

        return stances_table(analysis, explain=explain)

    return View(
        table, statement_records, statement_fields(), _analysis_document, "no statements found"
    )


def actors_view() -> View:
    """``dipstat actors``: every speaker and target with its actor."""

    def table(analysis: Analysis) -> RenderableType:
        from dipstat.render.table import actors_table

        return actors_table(analysis)

    return View(table, actor_records, ACTOR_FIELDS, actors_document, "no speakers found")


class Emitter:
    """Writes one analysis at a time, so inputs of any number stream."""

    def __init__(
        self,
        fmt: Format,
        stream: IO[str],
        view: View,
        console: Callable[[], Console],
    ) -> None:
        self.fmt = fmt
        self.stream = stream
        self.view = view
        self._make_console = console
        self._console: Console | None = None
        self._header_done = False

    def write(self, analysis: Analysis) -> None:
        if self.fmt is Format.TABLE:
            self._table(analysis)
        elif self.fmt is Format.JSON:
            self.stream.write(json_line(self.view.document(analysis)) + "\n")
        elif self.fmt is Format.JSONL:
            for record in self.view.records(analysis):
                self.stream.write(json_line(record) + "\n")
        else:
            self._delimited(self.view.records(analysis))
        self.stream.flush()

    def close(self) -> None:
        """Finish the output: a CSV/TSV run with no article still gets its header."""
        if self.fmt in (Format.CSV, Format.TSV) and not self._header_done:
            self._delimited(())
        self.stream.flush()

    def _delimited(self, records: Iterable[dict[str, Any]]) -> None:
        delimiter = "," if self.fmt is Format.CSV else "\t"
        header = not self._header_done
        for line in delimited_lines(records, self.view.fields, delimiter=delimiter, header=header):
            self.stream.write(line)
        self._header_done = True

    def _table(self, analysis: Analysis) -> None:
        from rich.text import Text

        if self._console is None:
            self._console = self._make_console()
        self._console.print(self.view.table(analysis))
        if not any(True for _ in self.view.records(analysis)):
            self._console.print(Text(f"  ({self.view.empty})", style="dim"))
