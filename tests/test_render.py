"""Renderers, on statements built by hand (no analysis): tables, records, reply graphs.

Tables print into a StringIO console of fixed width with colour off, as rich's own
tests do; the safety checks look for any escape byte from the article in the output.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

from dipstat.model import Analysis, Kind, Span, Stance, Statement
from dipstat.render.emit import Emitter, actors_view, quotes_view, stances_view
from dipstat.render.formats import Format, ReplyFormat
from dipstat.render.records import (
    ACTOR_FIELDS,
    actor_records,
    delimited_lines,
    json_line,
    statement_fields,
    statement_records,
)
from dipstat.render.replies import ReplyGraph, ReplyWriter, reply_tree
from dipstat.render.safe import spreadsheet_safe, visible
from dipstat.render.styles import STANCE_COLORS, STANCE_STYLES
from dipstat.render.table import actors_table, quotes_table, stances_table
from dipstat.render.terminal import color_enabled, make_console

DOCS = Path(__file__).resolve().parents[1] / "docs" / "schema.md"
HOSTILE = (
    "the talks [sic] failed [/] [bold]loud[/bold] [link=https://evil.example]x[/link] :smile: "
    "\x1b[31mred\x1b[0m \x1b]8;;http://evil.example\x07link\x1b]8;;\x07 \x9b2J \u202eevil\u202c"
)


def stmt(sid: str, text: str = "We will respond firmly", **fields: Any) -> Statement:
    """A statement with the given fields; parts span the text from offset 0."""
    base: dict[str, Any] = {
        "kind": Kind.DIRECT,
        "cue": "said",
        "speaker": "Jane Doe",
        "actor": "RUR",
        "actor_source": "mention",
        "stance": Stance.THREATEN,
    }
    return Statement(id=sid, text=text, parts=(Span(0, len(text)),), **(base | fields))


def article(*statements: Statement, name: str = "a.txt") -> Analysis:
    return Analysis(article=name, statements=statements)


def render(renderable: Any, width: int = 80) -> str:
    stream = io.StringIO()
    Console(file=stream, width=width, color_system=None, markup=False, emoji=False).print(
        renderable
    )
    return stream.getvalue()


# --- safety: untrusted text is inert ------------------------------------------------


@pytest.mark.parametrize("table", [quotes_table, stances_table, actors_table])
def test_tables_print_markup_literally_and_no_escape(table: Any) -> None:
    analysis = article(
        stmt("s1", HOSTILE, speaker="[b]Doe[/b] :flag_us:", target="\x1b[2JRoe"),
        name="[red]evil[/red].txt",
    )
    out = render(table(analysis), width=400)
    assert "[red]evil[/red].txt" in out
    assert "[b]Doe[/b] :flag_us:" in out
    if table is not actors_table:
        for literal in ("[sic]", "[/]", "[bold]loud[/bold]", "[link=https://evil.example]"):
            assert literal in out
        assert ":smile:" in out and "😄" not in out
        assert "\\x1b[31mred" in out and "\\x9b2J" in out and "\\u202e" in out
    for raw in ("\x1b", "\x07", "\x9b", "\u202e", "\u202c"):
        assert raw not in out


def test_visible_keeps_text_and_shows_controls() -> None:
    assert visible("“curly” quotes — stay") == "“curly” quotes — stay"
    assert visible("a\x1b[0mb\x00c\u2066d") == "a\\x1b[0mb\\x00c\\u2066d"
    assert visible("two\nlines\tx", single_line=True) == "two lines x"


# --- tables: layout ----------------------------------------------------------------


@pytest.mark.parametrize("width", [40, 60, 80, 120])
@pytest.mark.parametrize("table", [quotes_table, stances_table, actors_table])
def test_long_text_wraps_inside_the_table_width(table: Any, width: int) -> None:
    long_text = " ".join(["diplomatic"] * 60) + " " + "q" * 90  # and one unbreakable word
    analysis = article(
        stmt("s1", long_text, speaker="Foreign Ministry Spokesperson Of Ruritania"),
        stmt("s2", "Short.", target="Prime Minister Tom Roe", target_actor="FRE"),
    )
    out = render(table(analysis), width=width)
    assert max(len(line) for line in out.splitlines()) <= width
    if table is not actors_table:  # wrapped (or folded when narrow), nothing cut off
        assert out.count("diplomati") == 60 and out.count("q") == 90


def test_stance_colours_mean_the_same_everywhere() -> None:
    assert set(STANCE_STYLES) == set(STANCE_COLORS) == {"conflict", "cooperation", "neutral"}
    assert "red" in STANCE_STYLES["conflict"] and "green" in STANCE_STYLES["cooperation"]
    assert STANCE_STYLES["neutral"] == "dim"
    polarity = {s.polarity for s in Stance}
    assert polarity == set(STANCE_STYLES)


def test_stances_table_colours_by_polarity() -> None:
    analysis = article(stmt("s1", stance=Stance.ACCUSE), stmt("s2", stance=Stance.SUPPORT))
    console = Console(file=io.StringIO(), width=100, force_terminal=True, color_system="standard")
    console.print(stances_table(analysis))
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert "\x1b[1;31maccuse" in out and "\x1b[1;32msupport" in out


# --- colour decision ---------------------------------------------------------------


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("tty", "env", "flag", "expected"),
    [
        (True, {}, False, True),
        (False, {}, False, False),
        (True, {"NO_COLOR": "1"}, False, False),
        (True, {"NO_COLOR": ""}, False, True),  # empty NO_COLOR does not count
        (True, {}, True, False),
        (False, {"FORCE_COLOR": "1"}, False, True),
        (False, {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False, False),
        (False, {"FORCE_COLOR": "1"}, True, False),
    ],
)
def test_colour_rules(
    monkeypatch: pytest.MonkeyPatch, tty: bool, env: dict[str, str], flag: bool, expected: bool
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    stream = FakeTTY() if tty else io.StringIO()
    assert color_enabled(stream, no_color=flag) is expected
    console = make_console(stream, no_color=flag, width=60)
    console.print(quotes_table(article(stmt("s1"))))
    assert ("\x1b[" in stream.getvalue()) is expected


def test_console_width_from_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "57")
    assert make_console(io.StringIO()).width == 57
    assert make_console(io.StringIO(), width=90).width == 90


# --- records -----------------------------------------------------------------------


def test_statement_records_have_the_article_and_every_model_field() -> None:
    s = stmt("s1", evidence=("cue 'said'", "'firmly'→threaten"))
    s = Statement(**{**_fields(s), "parts": (Span(0, 4), Span(10, 15))})
    (record,) = statement_records(article(s))
    assert tuple(record) == statement_fields()
    assert set(s.to_dict()) | {"article"} == set(record)
    assert record["article"] == "a.txt"
    assert record["parts"] == "0-4 10-15"
    assert record["evidence"] == "cue 'said'; 'firmly'→threaten"


def _fields(s: Statement) -> dict[str, Any]:
    return {name: getattr(s, name) for name in s.__slots__}


def test_json_line_is_one_inert_line_that_parses_back() -> None:
    doc = {"text": HOSTILE + "\u2028next\nline", "n": 1}
    line = json_line(doc)
    assert "\n" not in line
    for raw in ("\x1b", "\x07", "\x9b", "\u202e", "\u2028"):
        assert raw not in line
    assert json.loads(line) == doc
    assert "“" in json_line({"t": "“curly”"})  # non-ASCII kept as is


@given(st.text())
def test_json_line_round_trips_any_text(text: str) -> None:
    line = json_line({"text": text})
    assert json.loads(line) == {"text": text}
    assert "\n" not in line and "\x1b" not in line and "\x9b" not in line


@pytest.mark.parametrize("value", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=x", "\r=x"])
def test_spreadsheet_formulas_are_neutralised(value: str) -> None:
    assert spreadsheet_safe(value) == "'" + value
    assert spreadsheet_safe("Ruritania said no") == "Ruritania said no"


def test_csv_and_tsv_cells_are_safe_and_parse_back() -> None:
    analysis = article(
        stmt("s1", '=HYPERLINK("http://evil.example","x")'),
        stmt("s2", 'two\tcells\nand lines, with "quotes" and \x1b[31m'),
    )
    records = list(statement_records(analysis))
    fields = statement_fields()
    csv_text = "".join(delimited_lines(records, fields, delimiter=",", header=True))
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    assert [r["id"] for r in rows] == ["s1", "s2"]
    assert rows[0]["text"].startswith("'=HYPERLINK")
    assert rows[1]["text"] == 'two\tcells\nand lines, with "quotes" and \\x1b[31m'
    tsv_text = "".join(delimited_lines(records, fields, delimiter="\t", header=True))
    lines = tsv_text.splitlines()
    assert len(lines) == 3 and all(len(line.split("\t")) == len(fields) for line in lines)
    assert lines[0].split("\t") == list(fields)
    assert "\x1b" not in csv_text + tsv_text


def test_emitter_streams_each_format() -> None:
    one = article(stmt("s1"), stmt("s2", responds_to="s1"), name="one.txt")
    empty = article(name="empty.txt")
    outputs = {}
    for fmt in Format:
        stream = io.StringIO()
        emitter = Emitter(fmt, stream, quotes_view(), functools.partial(_plain_console, stream))
        for analysis in (one, empty):
            emitter.write(analysis)
        emitter.close()
        outputs[fmt] = stream.getvalue()
    docs = [json.loads(line) for line in outputs[Format.JSON].splitlines()]
    assert [d["article"] for d in docs] == ["one.txt", "empty.txt"]
    assert [len(d["statements"]) for d in docs] == [2, 0]
    records = [json.loads(line) for line in outputs[Format.JSONL].splitlines()]
    assert [r["article"] for r in records] == ["one.txt", "one.txt"]
    assert len(outputs[Format.CSV].splitlines()) == 3  # header once, then two rows
    assert len(outputs[Format.TSV].splitlines()) == 3
    assert "one.txt" in outputs[Format.TABLE] and "(no statements found)" in outputs[Format.TABLE]


def test_csv_header_even_when_no_article_was_written() -> None:
    stream = io.StringIO()
    emitter = Emitter(Format.CSV, stream, stances_view(), lambda: _plain_console(stream))
    emitter.close()
    assert stream.getvalue().splitlines() == [",".join(statement_fields())]


def _plain_console(stream: io.StringIO) -> Console:
    return Console(file=stream, width=100, color_system=None, markup=False, emoji=False)


def test_actor_records_count_speakers_and_targets() -> None:
    analysis = article(
        stmt("s1", speaker="Jane Doe", role="Foreign Minister", target="Tom Roe"),
        stmt("s2", speaker="Jane Doe", actor_source="earlier mention", target=None),
        stmt(
            "s3", speaker="Tom Roe", actor="FRE", role=None, target="Jane Doe", target_actor="RUR"
        ),
    )
    rows = {(r["name"], r["actor"]): r for r in actor_records(analysis)}
    doe = rows[("Jane Doe", "RUR")]
    assert (doe["as_speaker"], doe["as_target"]) == (2, 1)
    assert doe["role"] == "Foreign Minister"
    assert doe["actor_source"] == "mention; earlier mention"
    assert rows[("Tom Roe", None)]["as_target"] == 1  # as a target with no actor code
    assert rows[("Tom Roe", "FRE")]["as_speaker"] == 1
    assert all(tuple(r) == ACTOR_FIELDS for r in rows.values())
    stream = io.StringIO()
    emitter = Emitter(Format.JSON, stream, actors_view(), lambda: _plain_console(stream))
    emitter.write(analysis)
    doc = json.loads(stream.getvalue())
    assert doc["article"] == "a.txt" and len(doc["actors"]) == len(rows)


# --- reply graph -------------------------------------------------------------------


def _thread() -> Analysis:
    return article(
        stmt("s1", "Ruritania is preparing an attack", stance=Stance.ACCUSE),
        stmt("s2", 'We deny the "claim" \\ completely', speaker="Tom Roe", responds_to="s1"),
        stmt("s3", "Lies", responds_to="s2"),
        stmt("s4", "Unrelated remark", stance=Stance.COMMENT),
        stmt("s5", "Answers nobody", responds_to="s99"),  # unknown id: no link
        stmt("s6", "Answers itself", responds_to="s6"),  # self link: dropped
    )


def test_reply_graph_keeps_valid_links_only() -> None:
    graph = ReplyGraph.of(_thread())
    assert graph.edges == (("s2", "s1"), ("s3", "s2"))
    assert [s.id for s in graph.nodes(include_all=False)] == ["s1", "s2", "s3"]
    assert len(graph.nodes(include_all=True)) == 6


def test_reply_tree_nests_answers_under_what_they_answer() -> None:
    out = render(reply_tree(_thread()), width=100)
    lines = out.splitlines()
    s1, s2, s3 = (
        next(i for i, x in enumerate(lines) if f"{sid} " in x) for sid in ("s1", "s2", "s3")
    )
    assert s1 < s2 < s3
    indent = [len(re.match(r"[│├└─ ]*", lines[i]).group()) for i in (s1, s2, s3)]  # type: ignore[union-attr]
    assert indent[0] < indent[1] < indent[2]
    assert "s4 " not in out  # no link: only with --all
    assert "s4 " in render(reply_tree(_thread(), include_all=True), width=100)
    assert "6 statements, 2 reply links" in out


def test_reply_tree_survives_a_cycle() -> None:
    cycle = article(stmt("s1", responds_to="s2"), stmt("s2", responds_to="s1"))
    out = render(reply_tree(cycle))
    assert out.count("s1 ") == 1 and out.count("s2 ") == 1


def _replies(fmt: ReplyFormat, *analyses: Analysis) -> str:
    stream = io.StringIO()
    writer = ReplyWriter(fmt, stream, lambda: _plain_console(stream))
    for analysis in analyses:
        writer.write(analysis)
    writer.close()
    return stream.getvalue()


def test_reply_dot_is_escaped_and_balanced() -> None:
    out = _replies(ReplyFormat.DOT, _thread(), article(stmt("s1"), name='b "x".txt'))
    assert out.startswith("//") and "digraph replies {" in out and out.rstrip().endswith("}")
    assert out.count("{") == out.count("}")
    assert "a1_s2 -> a1_s1;" in out and "a1_s3 -> a1_s2;" in out
    assert '\\"claim\\" \\\\ completely' in out
    assert 'label="b \\"x\\".txt"' in out
    assert STANCE_COLORS["conflict"] in out


def test_reply_mermaid_is_escaped() -> None:
    out = _replies(ReplyFormat.MERMAID, _thread())
    assert out.splitlines()[1] == "flowchart BT"
    assert "a1_s2 --> a1_s1" in out
    assert "#quot;claim#quot;" in out and '"claim"' not in out
    assert out.count("subgraph") == out.count("\n  end")


def test_reply_json_documents() -> None:
    out = _replies(ReplyFormat.JSON, _thread(), article(name="none.txt"))
    first, second = (json.loads(line) for line in out.splitlines())
    assert first["replies"] == [{"reply": "s2", "answers": "s1"}, {"reply": "s3", "answers": "s2"}]
    assert [s["id"] for s in first["statements"]] == ["s1", "s2", "s3"]
    assert second == {"article": "none.txt", "statements": [], "replies": []}


# --- docs/schema.md against the model ------------------------------------------------


def _documented(section: str) -> list[str]:
    """The `field` names in the first column of the table under heading ``section``."""
    text = DOCS.read_text(encoding="utf-8")
    body = text.split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([a-z_]+)` \|", body, flags=re.MULTILINE)


def test_schema_doc_lists_every_statement_field_and_no_other() -> None:
    model = list(stmt("s1").to_dict())
    documented = _documented("Statement")
    assert [f for f in model if f not in documented] == [], "missing from docs/schema.md"
    assert [f for f in documented if f not in model] == [], "in docs/schema.md, not the model"
    assert documented == model, "docs/schema.md lists the fields in another order"


def test_schema_doc_lists_every_article_field() -> None:
    doc = Analysis("a.txt", (stmt("s1"),), source="x", encoding="utf-8").to_dict()
    documented = _documented("Article document")
    assert [f for f in doc if f not in documented] == [], "missing from docs/schema.md"


def test_schema_doc_lists_the_actor_and_record_fields() -> None:
    assert _documented("`dipstat actors`") == list(ACTOR_FIELDS)
    assert set(statement_fields()) - set(_documented("Statement")) == {"article"}
    assert _documented("Flat records: `--format jsonl`, `csv`, `tsv`") == ["article"]


@pytest.mark.parametrize("fmt", list(ReplyFormat))
def test_reply_graph_formats_are_inert(fmt: ReplyFormat) -> None:
    hostile = article(
        stmt("s1", HOSTILE, speaker="[b]Doe\x1b[2J[/b]"),
        stmt("s2", HOSTILE, responds_to="s1", target="\u202eRoe"),
        name="[red]x\x07.txt",
    )
    out = _replies(fmt, hostile)
    for raw in ("\x1b", "\x07", "\x9b", "\u202e", "\u202c"):
        assert raw not in out
    if fmt is not ReplyFormat.JSON:  # JSON escapes; the others show the text made visible
        assert "[sic]" in out and "\\x1b" in out


@pytest.mark.skipif(not shutil.which("dot"), reason="Graphviz is not installed")
def test_reply_dot_is_valid_graphviz() -> None:
    hostile = article(
        stmt("s1", HOSTILE + ' \\ "end\\', speaker='Doe "the envoy"'),
        stmt("s2", "{ } ; -> [label=x]", responds_to="s1"),
        name='b "x" \\.txt',
    )
    dot = _replies(ReplyFormat.DOT, _thread(), hostile)
    done = subprocess.run(["dot", "-Tplain"], input=dot, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("\nedge ") == 3
