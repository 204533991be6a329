"""Placeholder stage, filled in later."""

from __future__ import annotations

from collections.abc import Sequence

from dipstat.model import Statement
from dipstat.resources import Resources
from dipstat.segment import Document


def resolve_actors(
    doc: Document, statements: Sequence[Statement], res: Resources
) -> tuple[Statement, ...]:
    return tuple(statements)
