"""Render an actor network: a rich table for people; JSON, CSV, GraphML and DOT for tools.

JSON is one document (``dipstat-network/1``) with nodes and edges; CSV has one row per
edge (Gephi's spreadsheet import reads ``source``/``target``); GraphML loads in Gephi,
networkx (``read_graphml``) and yEd, with ``weight`` = statements; DOT is for Graphviz,
edges red for a negative net Goldstein score and green for a positive one.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterator
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from rich import box
from rich.table import Table
from rich.text import Text

from dipstat.model import Stance
from dipstat.network import STANCES, Network, Relation
from dipstat.render.safe import spreadsheet_safe
from dipstat.render.styles import STANCE_COLORS, STANCE_STYLES
from dipstat.render.table import plain

NETWORK_SCHEMA = "dipstat-network/1"


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _stance_counts(relation: Relation) -> dict[str, int]:
    return {s: relation.tally.stances[s] for s in STANCES if relation.tally.stances[s]}


def network_document(network: Network, edges: list[Relation]) -> dict[str, Any]:
    """The network as one JSON-ready document."""
    return {
        "schema": NETWORK_SCHEMA,
        "articles": network.articles,
        "errors": network.errors,
        "statements": network.statements,
        "related_statements": network.related,
        "period": network.period.value,
        "nodes": [
            {
                "id": n.actor,
                "statements_made": n.made,
                "statements_received": n.received,
                "goldstein_out": _round(n.goldstein_out),
                "goldstein_in": _round(n.goldstein_in),
            }
            for n in network.nodes(edges)
        ],
        "edges": [_edge_dict(r) for r in edges],
    }


def _edge_dict(relation: Relation) -> dict[str, Any]:
    return {
        "source": relation.source,
        "target": relation.target,
        "statements": relation.tally.statements,
        "articles": relation.articles,
        "stances": _stance_counts(relation),
        "goldstein": _round(relation.tally.goldstein),
        "goldstein_mean": _round(relation.goldstein_mean),
        "cues": [[c, n] for c, n in relation.top_cues()],
        "speakers": [[s, n] for s, n in relation.top_speakers()],
        "by_date": {
            period: {
                "statements": t.statements,
                "stances": {s: t.stances[s] for s in STANCES if t.stances[s]},
                "goldstein": _round(t.goldstein),
            }
            for period, t in sorted(relation.by_period.items())
        },
    }


def network_json(network: Network, edges: list[Relation]) -> str:
    return json.dumps(network_document(network, edges), ensure_ascii=False) + "\n"


def _pairs(pairs: list[tuple[str, int]]) -> str:
    return "; ".join(f"{name} ({n})" for name, n in pairs)


def _dates(relation: Relation) -> str:
    return "; ".join(f"{p}: {t.statements}" for p, t in sorted(relation.by_period.items()))


CSV_FIELDS = (
    "source",
    "target",
    "statements",
    "articles",
    *STANCES,
    "goldstein",
    "goldstein_mean",
    "top_cues",
    "top_speakers",
    "first_date",
    "last_date",
    "by_date",
)


def network_csv(edges: list[Relation]) -> Iterator[str]:
    """CSV lines, header first; one row per edge, cells formula-safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for r in edges:
        periods = sorted(r.by_period)
        row: list[Any] = [
            r.source,
            r.target,
            r.tally.statements,
            r.articles,
            *(r.tally.stances[s] for s in STANCES),
            _round(r.tally.goldstein),
            _round(r.goldstein_mean),
            _pairs(r.top_cues()),
            _pairs(r.top_speakers()),
            periods[0] if periods else "",
            periods[-1] if periods else "",
            _dates(r),
        ]
        writer.writerow([spreadsheet_safe(c) if isinstance(c, str) else c for c in row])
    yield buffer.getvalue()


_GRAPHML_NODE_KEYS = (
    ("statements_made", "int"),
    ("statements_received", "int"),
    ("goldstein_out", "double"),
    ("goldstein_in", "double"),
)
_GRAPHML_EDGE_KEYS = (
    ("weight", "int"),
    ("articles", "int"),
    *((s, "int") for s in STANCES),
    ("goldstein", "double"),
    ("goldstein_mean", "double"),
    ("top_cues", "string"),
    ("top_speakers", "string"),
    ("by_date", "string"),
)


def network_graphml(network: Network, edges: list[Relation]) -> str:
    """A directed GraphML graph; ``weight`` is the number of statements."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
        '  <key id="label" for="node" attr.name="label" attr.type="string"/>',
    ]
    for target, keys in (("node", _GRAPHML_NODE_KEYS), ("edge", _GRAPHML_EDGE_KEYS)):
        out += [
            f'  <key id="{name}" for="{target}" attr.name="{name}" attr.type="{kind}"/>'
            for name, kind in keys
        ]
    out.append('  <graph id="dipstat" edgedefault="directed">')
    for n in network.nodes(edges):
        node_values = (n.made, n.received, _round(n.goldstein_out), _round(n.goldstein_in))
        out.append(f"    <node id={quoteattr(n.actor)}>")
        out.append(f'      <data key="label">{escape(n.actor)}</data>')
        out += _graphml_data(_GRAPHML_NODE_KEYS, node_values)
        out.append("    </node>")
    for i, r in enumerate(edges):
        values = (
            r.tally.statements,
            r.articles,
            *(r.tally.stances[s] for s in STANCES),
            _round(r.tally.goldstein),
            _round(r.goldstein_mean),
            _pairs(r.top_cues()),
            _pairs(r.top_speakers()),
            _dates(r),
        )
        src, dst = quoteattr(r.source), quoteattr(r.target)
        out.append(f'    <edge id="e{i}" source={src} target={dst}>')
        out += _graphml_data(_GRAPHML_EDGE_KEYS, values)
        out.append("    </edge>")
    out += ["  </graph>", "</graphml>", ""]
    return "\n".join(out)


def _graphml_data(keys: tuple[tuple[str, str], ...], values: tuple[Any, ...]) -> list[str]:
    return [
        f'      <data key="{name}">{escape(str(value))}</data>'
        for (name, _), value in zip(keys, values, strict=True)
        if value is not None and value != ""
    ]


def _dot_id(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def network_dot(edges: list[Relation]) -> str:
    """A Graphviz digraph: pen width grows with statements, colour shows net Goldstein."""
    out = ["digraph dipstat {", "  node [shape=box, style=rounded];"]
    for r in edges:
        stances = ", ".join(f"{s} {n}" for s, n in _stance_counts(r).items())
        label = f"{r.tally.statements}: {stances}\\nG {r.tally.goldstein:+.1f}"
        polarity = "conflict" if r.tally.goldstein < 0 else "neutral"
        color = STANCE_COLORS["cooperation" if r.tally.goldstein > 0 else polarity]
        width = 1 + math.log2(r.tally.statements)
        style = f'weight={r.tally.statements}, penwidth={width:.1f}, color="{color}"'
        out.append(f'  {_dot_id(r.source)} -> {_dot_id(r.target)} [label="{label}", {style}];')
    out += ["}", ""]
    return "\n".join(out)


def _stance_cell(relation: Relation) -> Text:
    cell = Text()
    for stance, n in _stance_counts(relation).items():
        if cell:
            cell.append(" ")
        cell.append(f"{stance} {n}", style=STANCE_STYLES[Stance(stance).polarity])
    return cell


def _goldstein_cell(value: float) -> Text:
    style = "red" if value < 0 else "green" if value > 0 else "dim"
    return Text(f"{value:+.1f}", style=style)


_PERIODS_SHOWN = 4  # periods listed per row of the table; JSON and CSV have them all


def network_table(network: Network, edges: list[Relation], *, top: int) -> Table:
    """The ``top`` busiest relations, with a caption summing up the corpus."""
    table = Table(box=box.SIMPLE_HEAD, title_justify="left", title=Text("actor network"))
    table.add_column("actor → target", no_wrap=True)
    table.add_column("n", justify="right", no_wrap=True)
    table.add_column("stances", overflow="fold", ratio=3)
    table.add_column("G", justify="right", no_wrap=True)
    table.add_column("top cues", overflow="fold", ratio=2)
    table.add_column("top speakers", overflow="fold", ratio=2)
    has_dates = any(r.by_period for r in edges)
    if has_dates:
        table.add_column("by date", overflow="fold", ratio=2)
    for r in edges[:top]:
        row = [
            plain(f"{r.source} → {r.target}", style="bold"),
            Text(str(r.tally.statements)),
            _stance_cell(r),
            _goldstein_cell(r.tally.goldstein),
            plain(_pairs(r.top_cues())),
            plain(_pairs(r.top_speakers())),
        ]
        if has_dates:
            periods = sorted(r.by_period.items())
            shown = "; ".join(f"{p}: {t.statements}" for p, t in periods[-_PERIODS_SHOWN:])
            row.append(plain(("…; " if len(periods) > _PERIODS_SHOWN else "") + shown))
        table.add_row(*row)
    more = f", {len(edges) - top} more relations not shown (--top)" if len(edges) > top else ""
    table.caption = Text(
        f"{network.articles:,} articles, {network.statements:,} statements, "
        f"{network.related:,} between two actors, {len(edges):,} relations{more}"
        + (f"; {network.errors:,} error records skipped" if network.errors else "")
    )
    table.caption_justify = "left"
    return table
