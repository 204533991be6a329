"""Flat records for JSON Lines, CSV and TSV, and the JSON writer every format uses.

A statement record is the article name followed by every key of
:meth:`dipstat.model.Statement.to_dict`, in that order, with list values flattened to
strings (``parts`` as ``"0-12 20-31"``, ``evidence`` joined by ``"; "``), so that the
same record fits a CSV row.  The columns come from the model itself, so a field added
there appears here without an edit.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from dipstat.model import Analysis, Kind, Span, Statement
from dipstat.render.safe import json_safe, spreadsheet_safe, visible

ACTOR_FIELDS = ("article", "name", "role", "actor", "actor_source", "as_speaker", "as_target")


@cache
def statement_fields() -> tuple[str, ...]:
    """Column names of a statement record: ``article``, then the model's keys."""
    probe = Statement(id="s0", kind=Kind.DIRECT, cue=None, text="", parts=(Span(0, 0),))
    return ("article", *probe.to_dict())


def _flat(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        if all(isinstance(item, (list, tuple)) for item in value):
            return " ".join("-".join(str(x) for x in item) for item in value)
        return "; ".join(str(item) for item in value)
    return value


def statement_records(analysis: Analysis) -> Iterator[dict[str, Any]]:
    """One flat dict per statement of the article."""
    for statement in analysis.statements:
        row = {"article": analysis.article}
        row.update((key, _flat(value)) for key, value in statement.to_dict().items())
        yield row


def actor_records(analysis: Analysis) -> list[dict[str, Any]]:
    """Every speaker and target of the article, in order of first appearance.

    One record per (name, actor): the roles and actor sources seen for the name as a
    speaker (distinct values joined by ``"; "``), and how many statements it made
    (``as_speaker``) and was the target of (``as_target``).
    """
    rows: dict[tuple[str, str | None], dict[str, Any]] = {}
    roles: dict[tuple[str, str | None], list[str]] = {}
    sources: dict[tuple[str, str | None], list[str]] = {}

    def row(name: str, actor: str | None) -> tuple[str, str | None]:
        key = (name, actor)
        if key not in rows:
            rows[key] = dict.fromkeys(ACTOR_FIELDS) | {
                "article": analysis.article,
                "name": name,
                "actor": actor,
                "as_speaker": 0,
                "as_target": 0,
            }
            roles[key], sources[key] = [], []
        return key

    for s in analysis.statements:
        if s.speaker:
            key = row(s.speaker, s.actor)
            rows[key]["as_speaker"] += 1
            for seen, value in ((roles[key], s.role), (sources[key], s.actor_source)):
                if value and value not in seen:
                    seen.append(value)
        if s.target:
            rows[row(s.target, s.target_actor)]["as_target"] += 1
    for key, record in rows.items():
        record["role"] = "; ".join(roles[key]) or None
        record["actor_source"] = "; ".join(sources[key]) or None
    return list(rows.values())


def actors_document(analysis: Analysis) -> dict[str, Any]:
    """The ``--format json`` document of ``dipstat actors`` for one article."""
    records = [{k: v for k, v in r.items() if k != "article"} for r in actor_records(analysis)]
    return {"article": analysis.article, "actors": records}


def json_line(document: Any) -> str:
    """One compact JSON line, key order kept, non-ASCII kept.

    json escapes C0 controls; C1 controls, bidi overrides and line separators are
    escaped too, so the line is inert on a terminal and parses back to the same value.
    """
    return json_safe(json.dumps(document, ensure_ascii=False, separators=(",", ":")))


def _cell(value: Any, tsv: bool) -> Any:
    if not isinstance(value, str):
        return value
    return spreadsheet_safe(visible(value, single_line=tsv))


def delimited_lines(
    records: Iterable[dict[str, Any]], fields: tuple[str, ...], *, delimiter: str, header: bool
) -> Iterator[str]:
    """CSV (``,``) or TSV (``\\t``) lines, header first when asked.

    Cells are made visible (no control characters) and formula-safe.  CSV quotes as
    RFC 4180 does; TSV has no quoting, so its cells lose tabs and newlines instead.
    """
    if delimiter == "\t":
        if header:
            yield "\t".join(fields) + "\n"
        for record in records:
            cells = (_cell(record.get(f), True) for f in fields)
            yield "\t".join("" if c is None else str(c) for c in cells) + "\n"
        return
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=fields, delimiter=delimiter, lineterminator="\n", extrasaction="ignore"
    )
    if header:
        writer.writeheader()
    for record in records:
        writer.writerow({k: _cell(v, False) for k, v in record.items()})
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()
