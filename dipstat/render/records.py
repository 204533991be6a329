"""Flat records for JSON Lines, CSV and TSV: one per statement, with the article name."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from dipstat.model import Analysis
from dipstat.render.safe import spreadsheet_safe

RECORD_FIELDS = (
    "article",
    "id",
    "speaker",
    "actor",
    "kind",
    "cue",
    "text",
    "target",
    "target_actor",
    "stance",
    "responds_to",
    "start",
    "end",
    "role",
    "actor_source",
    "stance_confidence",
    "cameo",
    "goldstein",
    "confidence",
)


def statement_records(analysis: Analysis) -> Iterator[dict[str, Any]]:
    """One flat dict per statement of the article."""
    for statement in analysis.statements:
        row = statement.to_dict()
        yield {
            key: (analysis.article if key == "article" else row.get(key)) for key in RECORD_FIELDS
        }


def json_line(document: dict[str, Any]) -> str:
    """One compact JSON line; non-ASCII kept, control characters escaped by json."""
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def delimited_lines(
    records: Iterable[dict[str, Any]], *, delimiter: str, header: bool
) -> Iterator[str]:
    """CSV (``,``) or TSV (``\\t``) lines, header first when asked, cells formula-safe."""
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer,
        fieldnames=RECORD_FIELDS,
        delimiter=delimiter,
        lineterminator="\n",
        extrasaction="ignore",
    )
    if header:
        writer.writeheader()
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    for record in records:
        safe = {k: spreadsheet_safe(v) if isinstance(v, str) else v for k, v in record.items()}
        if delimiter == "\t":
            safe = {
                k: v.replace("\t", " ").replace("\n", " ") if isinstance(v, str) else v
                for k, v in safe.items()
            }
        writer.writerow(safe)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
