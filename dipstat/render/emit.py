"""Write analyses to a stream in the chosen format (table, json, jsonl, csv, tsv)."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import IO

from rich.console import Console
from rich.table import Table

from dipstat.model import Analysis
from dipstat.render.records import delimited_lines, json_line, statement_records


class Format(str, Enum):
    """Output formats shared by every command."""

    TABLE = "table"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    TSV = "tsv"


class Emitter:
    """Writes one analysis at a time, so batch-sized inputs stream."""

    def __init__(
        self, fmt: Format, stream: IO[str], console: Console, table: Callable[[Analysis], Table]
    ) -> None:
        self.fmt = fmt
        self.stream = stream
        self.console = console
        self.table = table
        self._header_done = False

    def write(self, analysis: Analysis) -> None:
        if self.fmt is Format.TABLE:
            self.console.print(self.table(analysis))
            if not analysis.statements:
                self.console.print("  (no statements found)", style="dim")
            return
        if self.fmt is Format.JSON:
            self.stream.write(json_line(analysis.to_dict()) + "\n")
        elif self.fmt is Format.JSONL:
            for record in statement_records(analysis):
                self.stream.write(json_line(record) + "\n")
        else:
            delimiter = "," if self.fmt is Format.CSV else "\t"
            for line in delimited_lines(
                statement_records(analysis), delimiter=delimiter, header=not self._header_done
            ):
                self.stream.write(line)
            self._header_done = True
        self.stream.flush()
