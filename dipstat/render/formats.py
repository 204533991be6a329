"""Output formats of the commands, as str enums Typer turns into ``--format`` choices.

Kept apart from the renderers (and free of imports) so that ``dipstat --help`` and
``dipstat --version`` never load rich.
"""

from __future__ import annotations

from enum import Enum


class Format(str, Enum):
    """Formats of the article commands (quotes, stances, actors)."""

    TABLE = "table"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    TSV = "tsv"


class ReplyFormat(str, Enum):
    """Formats of the ``replies`` command: a terminal tree or a graph for other tools."""

    TREE = "tree"
    DOT = "dot"
    MERMAID = "mermaid"
    JSON = "json"


class EvalFormat(str, Enum):
    """Formats of the ``eval`` command."""

    TABLE = "table"
    JSON = "json"
