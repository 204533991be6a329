"""dipstat network: aggregation, periods, renderers and the command."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import typer
from rich.console import Console
from typer.testing import CliRunner

from dipstat.network import Network, Period, build_network
from dipstat.render.network import (
    CSV_FIELDS,
    network_csv,
    network_document,
    network_dot,
    network_graphml,
    network_table,
)

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "samples" / "beijing_parade.txt"


def corpus_app() -> typer.Typer:
    from dipstat.cli import app

    return app


def statement(actor: str | None, target: str | None, stance: str, **extra: Any) -> dict[str, Any]:
    return {
        "actor": actor,
        "target_actor": target,
        "stance": stance,
        "goldstein": extra.pop("goldstein", None),
        "cue": extra.pop("cue", "said"),
        "speaker": extra.pop("speaker", "Guo Jiakun"),
        **extra,
    }


DOCS: list[dict[str, Any]] = [
    {
        "schema": "dipstat/1",
        "article": "a1",
        "date": "2025-09-03T08:00:00Z",
        "statements": [
            statement("CHN", "USA", "deny", goldstein=-2.0, cue="denied"),
            statement("CHN", "USA", "reject", goldstein=-4.0, cue="Rejected", speaker="Beijing"),
            statement("USA", "CHN", "accuse", goldstein=-2.0, speaker="Donald Trump"),
            statement("CHN", None, "comment"),
            statement(None, "USA", "comment"),
        ],
    },
    {
        "schema": "dipstat/1",
        "article": "a2",
        "date": "Thu, 04 Sep 2025 10:00:00 +0000",
        "statements": [
            statement("CHN", "USA", "deny", goldstein=-2.0, cue="denied"),
            statement("EU", "CHN", "support", goldstein=3.4, speaker='Kaja "K" Kallas'),
        ],
    },
    {"article": "bad.txt", "input": "bad.txt", "error": "bad.txt: no such file"},
]


def test_relations_count_stances_goldstein_cues_speakers_and_dates() -> None:
    net = build_network(DOCS)
    assert (net.articles, net.errors, net.statements, net.related) == (2, 1, 7, 5)
    chn_usa, *rest = net.edges()
    assert (chn_usa.source, chn_usa.target) == ("CHN", "USA")
    assert chn_usa.tally.statements == 3 and chn_usa.articles == 2
    assert dict(chn_usa.tally.stances) == {"deny": 2, "reject": 1}
    assert chn_usa.tally.goldstein == pytest.approx(-8.0)
    assert chn_usa.goldstein_mean == pytest.approx(-8.0 / 3)
    assert chn_usa.top_cues() == [("denied", 2), ("rejected", 1)]
    assert chn_usa.top_speakers()[0] == ("Guo Jiakun", 2)
    assert {p: t.statements for p, t in chn_usa.by_period.items()} == {
        "2025-09-03": 2,
        "2025-09-04": 1,
    }
    assert [(r.source, r.target) for r in rest] == [("EU", "CHN"), ("USA", "CHN")]
    assert [r.source for r in net.edges(min_statements=2)] == ["CHN"]
    nodes = {n.actor: n for n in net.nodes()}
    assert (nodes["CHN"].made, nodes["CHN"].received) == (3, 2)


@pytest.mark.parametrize(
    ("date", "period", "expected"),
    [
        ("2025-09-03", Period.DAY, "2025-09-03"),
        ("2025-09-03T23:10:00+02:00", Period.MONTH, "2025-09"),
        ("2025-09", Period.DAY, "2025-09"),
        ("Wed, 03 Sep 2025 10:00:00 GMT", Period.YEAR, "2025"),
        ("3 September 2025", Period.DAY, "3 September 2025"),
        ("", Period.DAY, None),
        (None, Period.DAY, None),
    ],
)
def test_dates_group_by_period(date: str | None, period: Period, expected: str | None) -> None:
    net = Network(period=period)
    net.add({"date": date, "statements": [statement("CHN", "USA", "deny")]})
    (relation,) = net.edges()
    assert list(relation.by_period) == ([expected] if expected else [])


def test_json_document() -> None:
    net = build_network(DOCS)
    doc = json.loads(json.dumps(network_document(net, net.edges())))
    assert doc["schema"] == "dipstat-network/1"
    assert doc["articles"] == 2 and doc["errors"] == 1
    assert {n["id"] for n in doc["nodes"]} == {"CHN", "USA", "EU"}
    edge = doc["edges"][0]
    assert edge["stances"] == {"deny": 2, "reject": 1}
    assert edge["goldstein"] == -8.0 and edge["cues"][0] == ["denied", 2]
    assert edge["by_date"]["2025-09-03"] == {
        "statements": 2,
        "stances": {"deny": 1, "reject": 1},
        "goldstein": -6.0,
    }


def test_csv_has_one_row_per_edge() -> None:
    net = build_network(DOCS)
    rows = list(csv.DictReader(io.StringIO("".join(network_csv(net.edges())))))
    assert list(rows[0]) == list(CSV_FIELDS)
    assert [(r["source"], r["target"], r["statements"]) for r in rows] == [
        ("CHN", "USA", "3"),
        ("EU", "CHN", "1"),
        ("USA", "CHN", "1"),
    ]
    assert rows[0]["deny"] == "2" and rows[0]["first_date"] == "2025-09-03"


def test_graphml_is_a_directed_graph_with_weights() -> None:
    net = build_network(DOCS)
    text = network_graphml(net, net.edges())
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    graph = ET.fromstring(text).find("g:graph", ns)
    assert graph is not None and graph.get("edgedefault") == "directed"
    edges = graph.findall("g:edge", ns)
    assert (edges[0].get("source"), edges[0].get("target")) == ("CHN", "USA")
    weights = {d.get("key"): d.text for d in edges[0].findall("g:data", ns)}
    assert weights["weight"] == "3" and weights["goldstein"] == "-8.0"
    speakers = {d.get("key"): d.text for d in edges[1].findall("g:data", ns)}
    assert speakers["top_speakers"] == 'Kaja "K" Kallas (1)'


def test_graphml_loads_in_networkx() -> None:
    nx = pytest.importorskip("networkx")
    net = build_network(DOCS)
    graph = nx.parse_graphml(network_graphml(net, net.edges()))
    assert graph.is_directed() and graph["CHN"]["USA"]["weight"] == 3


def test_dot_escapes_and_colours() -> None:
    net = Network()
    net.add({"statements": [statement('A"B', "USA", "accuse", goldstein=-2.0)]})
    text = network_dot(net.edges())
    assert text.startswith("digraph dipstat {") and text.rstrip().endswith("}")
    assert '"A\\"B" -> "USA"' in text and "#cc0000" in text


def test_table_shows_relations_and_a_caption() -> None:
    net = build_network(DOCS)
    console = Console(file=io.StringIO(), width=160, color_system=None)
    console.print(network_table(net, net.edges(), top=2))
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert "CHN → USA" in out and "deny 2" in out and "-8.0" in out
    assert "USA → CHN" not in out and "1 more relations not shown" in out
    assert "1 error records skipped" in out


def test_cli_network_from_batch_output_and_from_articles(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("".join(json.dumps(d) + "\n" for d in DOCS), encoding="utf-8")
    result = CliRunner().invoke(corpus_app(), ["network", str(out), "-f", "json", "-q"])
    assert result.exit_code == 3, result.output  # one error record among the inputs
    doc = json.loads(result.stdout)
    assert doc["edges"][0]["statements"] == 3
    result = CliRunner().invoke(corpus_app(), ["network", str(SAMPLE), "-f", "csv", "-j", "1"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and all(r["source"] and r["target"] for r in rows)
    for fmt in ("graphml", "dot", "table"):
        result = CliRunner().invoke(corpus_app(), ["network", str(SAMPLE), "-f", fmt, "-j", "1"])
        assert result.exit_code == 0, result.output
        assert result.stdout.strip()


def test_cli_network_without_articles_fails(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    result = CliRunner().invoke(corpus_app(), ["network", str(empty)])
    assert result.exit_code == 1
    assert "no articles found" in result.stderr
