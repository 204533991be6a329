"""The command line as people and pipelines use it.

The first half runs the installed ``dipstat`` as a subprocess, the way a shell does:
every invocation is started at once by one fixture (they run in parallel) and each
test reads the result it needs.  The second half uses Typer's CliRunner in-process for
what needs no real process (help texts, usage errors, the smaller commands).

Results are checked for structure, not for what the analysis finds: parseable output,
the schema's keys, article names, counts that agree between formats, exit codes, and
what goes to stdout versus stderr.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dipstat.cli import app
from dipstat.errors import InputError
from dipstat.render.records import statement_fields

ARTICLE = (
    "Foreign Minister Jane Doe said on Monday that Ruritania would never accept the proposal. "
    '"We will respond firmly," she told reporters in the capital.\n\n'
    "In response, Prime Minister Tom Roe of Freedonia criticized Doe's remarks as reckless "
    "and urged Ruritania to return to the talks.\n"
)
CURLY = (
    "Foreign Minister Jane Doe said: “We will respond firmly to any provocation.” "
    "The talks in the capital ended without an agreement on Tuesday.\n"
)
# Markup, emoji codes and escape sequences (SGR, an OSC 8 hyperlink, a C1 CSI, a bidi
# override) inside a direct quotation, in an article whose name is markup too.
HOSTILE_NAME = "[bold red]alert :smile:.txt"  # markup, but a file name has no "/"
HOSTILE = (
    'Foreign Minister Jane Doe said the talks had failed. "The proposal [sic] is closed [/] '
    "and [bold]final[/bold], see [link=https://evil.example]here[/link] :smile: "
    "\x1b[31mred\x1b[0m \x1b]8;;https://evil.example\x07link\x1b]8;;\x07 \x9b2J "
    '\u202eevil\u202c for the record," she told reporters at a long news conference in '
    "the capital on Tuesday, adding that the talks would not resume before the summer.\n"
)
MARKUP = ("[sic]", "[/]", "[bold]final[/bold]", "[link=https://evil.example]here[/link]", ":smile:")
SCHEMA_KEYS = (
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
)
SGR = re.compile(r"\x1b\[[0-9;]*m")  # colour and bold: the only escapes dipstat may send


def dipstat_command() -> list[str]:
    """The installed console script (the venv's first), else ``python -m dipstat``."""
    script = Path(sys.executable).with_name("dipstat")
    if script.exists():
        return [str(script)]
    found = shutil.which("dipstat")
    return [found] if found else [sys.executable, "-m", "dipstat"]


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    def lines(self) -> list[str]:
        return self.stdout.splitlines()

    def json_lines(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.lines()]


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("articles")
    paths = {
        "a": root / "a.txt",
        "hostile": root / HOSTILE_NAME,
        "cp1252": root / "legacy.txt",
        "utf16": root / "wide.txt",
        "binary": root / "photo.txt",
        "dir": root / "news",
    }
    paths["a"].write_text(ARTICLE, encoding="utf-8")
    paths["hostile"].write_text(HOSTILE, encoding="utf-8")
    paths["cp1252"].write_bytes(CURLY.encode("cp1252"))
    paths["utf16"].write_bytes(CURLY.encode("utf-16"))
    paths["binary"].write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    (paths["dir"] / "2024").mkdir(parents=True)
    (paths["dir"] / "one.txt").write_text(ARTICLE, encoding="utf-8")
    (paths["dir"] / "2024" / "two.txt").write_text(CURLY, encoding="utf-8")
    return paths


@pytest.fixture(scope="module")
def runs(files: dict[str, Path]) -> Iterator[dict[str, Run]]:
    """Start every subprocess at once; each is waited for when first read."""
    dipstat = dipstat_command()
    a, hostile = str(files["a"]), str(files["hostile"])
    many = shlex.join([*dipstat, "quotes", *[a] * 150])  # far more than a pipe buffer
    jobs: dict[str, tuple[list[str], dict[str, str], bytes | None]] = {
        "json": (  # every kind of input at once, stdin included
            [
                *dipstat,
                "quotes",
                "--format",
                "json",
                a,
                hostile,
                "missing.txt",
                str(files["binary"]),
                str(files["dir"]),
                str(files["cp1252"]),
                str(files["utf16"]),
                "-",
            ],
            {},
            ARTICLE.encode(),
        ),
        "default": ([*dipstat, "quotes", a, hostile], {}, None),  # piped: jsonl
        "csv": ([*dipstat, "quotes", "--format", "csv", a, hostile], {}, None),
        "tsv": ([*dipstat, "quotes", "-f", "tsv", a, hostile], {}, None),
        "table": (
            [*dipstat, "quotes", "-f", "table", "--width", "200", a, hostile],
            {"FORCE_COLOR": "1"},
            None,
        ),
        "no_color": (
            [*dipstat, "stances", "-f", "table", a, hostile],
            {"FORCE_COLOR": "1", "NO_COLOR": "1", "COLUMNS": "70"},
            None,
        ),
        "head": (
            ["bash", "-c", f'set -o pipefail; {many} | head -1; echo "exit=$?"'],
            {},
            None,
        ),
    }
    base = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS")}
    procs = {
        name: subprocess.Popen(
            argv,
            stdin=subprocess.PIPE if data is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=base | env,
        )
        for name, (argv, env, data) in jobs.items()
    }

    class Results(dict[str, Run]):
        def __missing__(self, name: str) -> Run:
            out, err = procs[name].communicate(jobs[name][2], timeout=120)
            self[name] = Run(procs[name].returncode, out.decode(), err.decode())
            return self[name]

    yield Results()
    for proc in procs.values():
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _by_article(records: list[dict[str, Any]]) -> Counter[str]:
    return Counter(r["article"] for r in records)


# --- subprocess: formats through a pipe -------------------------------------------


def test_json_one_document_per_article_and_failures_on_stderr(runs: dict[str, Run]) -> None:
    run = runs["json"]
    assert run.code == 3, run.stderr  # some inputs failed, the others produced output
    docs = run.json_lines()
    assert [d["article"] for d in docs] == [
        "a.txt",
        HOSTILE_NAME,
        "two.txt",  # news/2024/two.txt sorts before news/one.txt
        "one.txt",
        "legacy.txt",
        "wide.txt",
        "<stdin>",
    ]
    for doc in docs:
        assert doc["schema"] == "dipstat/1" and isinstance(doc["statements"], list)
        for statement in doc["statements"]:
            assert tuple(statement)[: len(SCHEMA_KEYS)] == SCHEMA_KEYS
    assert docs[0]["statements"], "the test article has statements"
    errors = run.stderr.splitlines()
    assert "Traceback" not in run.stderr
    assert errors[0] == "dipstat: missing.txt: no such file"
    assert errors[1].startswith("dipstat: photo.txt: looks like a binary file")
    assert errors[2] == "dipstat: legacy.txt: not UTF-8; decoded as cp1252 (a guess)"
    assert len(errors) == 3


def test_legacy_and_utf16_input_keep_curly_quotes(runs: dict[str, Run]) -> None:
    docs = {d["article"]: d for d in runs["json"].json_lines()}
    assert docs["legacy.txt"]["encoding"] == "cp1252"
    assert docs["wide.txt"]["encoding"] == "utf-16"
    assert docs["a.txt"]["encoding"] == "utf-8"
    for name in ("legacy.txt", "wide.txt"):
        assert docs[name]["statements"]
        for statement in docs[name]["statements"]:
            assert statement["text"] in CURLY  # an exact substring: “ ” not straightened
        assert [s["text"] for s in docs[name]["statements"]] == [
            s["text"] for s in docs["two.txt"]["statements"]
        ]


def test_jsonl_is_the_piped_default_and_agrees_with_json(runs: dict[str, Run]) -> None:
    run = runs["default"]
    assert run.code == 0 and run.stderr == ""
    records = run.json_lines()
    assert all(tuple(r) == statement_fields() for r in records)
    docs = {d["article"]: d for d in runs["json"].json_lines()}
    for name in ("a.txt", HOSTILE_NAME):
        assert [r["id"] for r in records if r["article"] == name] == [
            s["id"] for s in docs[name]["statements"]
        ]
    first = next(r for r in records if r["article"] == "a.txt")
    assert first["text"] == docs["a.txt"]["statements"][0]["text"]


def test_csv_and_tsv_parse_back_with_the_same_counts(runs: dict[str, Run]) -> None:
    expected = _by_article(runs["default"].json_lines())
    csv_run, tsv_run = runs["csv"], runs["tsv"]
    assert csv_run.code == tsv_run.code == 0
    rows = list(csv.DictReader(io.StringIO(csv_run.stdout)))
    assert tuple(rows[0]) == statement_fields()
    assert _by_article(rows) == expected
    lines = tsv_run.lines()
    header = lines[0].split("\t")
    assert tuple(header) == statement_fields()
    tsv_rows = [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]
    assert _by_article(tsv_rows) == expected
    assert "\x1b" not in csv_run.stdout + tsv_run.stdout


def test_stdin(runs: dict[str, Run]) -> None:
    docs = {d["article"]: d for d in runs["json"].json_lines()}
    texts = [s["text"] for s in docs["<stdin>"]["statements"]]
    assert texts == [s["text"] for s in docs["a.txt"]["statements"]]


def test_head_ends_quietly_with_141_under_pipefail(runs: dict[str, Run]) -> None:
    run = runs["head"]
    first, status = run.lines()
    assert json.loads(first)["article"] == "a.txt"
    assert status == "exit=141"  # documented in docs/cli.md: 128 + SIGPIPE, like cat
    assert run.stderr == ""  # no BrokenPipeError trace, no message


# --- subprocess: the table is inert --------------------------------------------------


def test_table_shows_markup_literally_and_sends_no_escape_from_the_article(
    runs: dict[str, Run],
) -> None:
    run = runs["table"]
    assert run.code == 0, run.stderr
    assert "\x1b[" in run.stdout  # FORCE_COLOR: colour on in a pipe
    text = SGR.sub("", run.stdout)
    assert HOSTILE_NAME in text  # the article's name is a title, printed as written
    for raw in ("\x1b", "\x07", "\x9b", "\u202e", "\u202c"):
        assert raw not in text
    assert "😄" not in text
    hostile = next(d for d in runs["json"].json_lines() if d["article"] == HOSTILE_NAME)
    quoted = " ".join(s["text"] for s in hostile["statements"])
    assert any(m in quoted for m in MARKUP), "the hostile quote was found"
    for literal in MARKUP:
        if literal in quoted:
            assert literal in text, literal
    for raw, shown in (
        ("\x1b[31mred", "\\x1b[31mred"),
        ("\x9b2J", "\\x9b2J"),
        ("\u202e", "\\u202e"),
    ):
        if raw in quoted:
            assert shown in text, shown


def test_no_color_wins_over_force_color(runs: dict[str, Run]) -> None:
    run = runs["no_color"]
    assert run.code == 0 and "\x1b" not in run.stdout
    assert HOSTILE_NAME in run.stdout
    assert max(len(line) for line in run.lines()) <= 70  # COLUMNS respected


# --- in-process: help, usage errors, smaller commands ---------------------------------

runner = CliRunner()
COMMANDS = ("quotes", "stances", "replies", "actors", "batch", "network", "eval")


def invoke(*args: str, input: str | None = None) -> Any:
    return runner.invoke(app, list(args), input=input)


def test_root_help_lists_every_command_with_a_description() -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    listed = dict(re.findall(r"^  (\w+)\s+(\S.*)$", result.stdout.split("Commands:")[1], re.M))
    for name in COMMANDS:
        assert len(listed.get(name, "")) > 10, name
    assert "--version" in result.stdout and "--install-completion" in result.stdout


@pytest.mark.parametrize("name", COMMANDS)
def test_each_command_has_a_summary_and_an_example(name: str) -> None:
    result = invoke(name, "-h")
    assert result.exit_code == 0, result.output
    summary = result.stdout.split("\n\n")[1].strip()
    assert summary and "\n" not in summary, "a one-line summary"
    assert re.search(rf"^\s*Example: dipstat .*{name}", result.stdout, re.M), result.stdout


@pytest.mark.parametrize("name", ["quotes", "stances", "replies", "actors"])
def test_article_commands_share_the_options(name: str) -> None:
    out = invoke(name, "-h").stdout
    for option in ("--format", "--json", "--no-color", "--width", "--quiet", "--actors"):
        assert option in out, (name, option)


@pytest.mark.parametrize(
    "args",
    [
        ["quotes", "--bogus", "a.txt"],
        ["quotes", "--json", "-f", "csv", "a.txt"],
        ["quotes", "-f", "xml", "a.txt"],
        ["quotes", "--width", "10", "a.txt"],
        ["replies", "-f", "csv", "a.txt"],
        ["nonsense"],
    ],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    assert result.stdout == "" and "Error" in result.stderr


def test_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert re.fullmatch(r"dipstat \d+\.\d+\.\d+\S*\n", result.stdout)


def test_missing_file_is_one_line_and_exit_1() -> None:
    result = invoke("quotes", "missing.txt")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "dipstat: missing.txt: no such file\n"


def test_quiet_silences_per_file_messages(files: dict[str, Path]) -> None:
    result = invoke("quotes", "-q", "missing.txt", str(files["a"]))
    assert result.exit_code == 3 and result.stderr == "" and result.stdout


def test_debug_shows_the_error_itself() -> None:
    result = invoke("--debug", "quotes", "missing.txt")
    assert isinstance(result.exception, InputError)


def test_no_input_argument_reads_stdin() -> None:
    result = invoke("stances", "--json", input=ARTICLE)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["article"] == "<stdin>"


def test_directory_without_articles_is_an_error(tmp_path: Path) -> None:
    result = invoke("quotes", str(tmp_path))
    assert result.exit_code == 1
    assert "a directory with no article files" in result.stderr


def test_stances_explain_table(files: dict[str, Path]) -> None:
    result = invoke("stances", "--explain", "-f", "table", "--width", "120", str(files["a"]))
    assert result.exit_code == 0, result.output
    assert "evidence" in result.stdout and "a.txt" in result.stdout


def test_actors_formats(files: dict[str, Path]) -> None:
    doc = json.loads(invoke("actors", "--json", str(files["a"])).stdout)
    assert doc["article"] == "a.txt" and isinstance(doc["actors"], list)
    records = [json.loads(line) for line in invoke("actors", str(files["a"])).stdout.splitlines()]
    assert len(records) == len(doc["actors"])
    for record in records:
        assert {"name", "role", "actor", "actor_source", "as_speaker", "as_target"} <= set(record)
    table = invoke("actors", "-f", "table", str(files["a"])).stdout
    assert "decided by" in table


def test_replies_formats(files: dict[str, Path]) -> None:
    a = str(files["a"])
    doc = json.loads(invoke("replies", a).stdout)  # piped default: json
    assert set(doc) == {"article", "statements", "replies"}
    ids = {s["id"] for s in doc["statements"]}
    assert all({link["reply"], link["answers"]} <= ids for link in doc["replies"])
    dot = invoke("replies", "-f", "dot", a, a).stdout
    assert "digraph replies {" in dot and dot.count("subgraph cluster_") == 2
    mermaid = invoke("replies", "-f", "mermaid", a).stdout
    assert "flowchart BT" in mermaid
    tree = invoke("replies", "-f", "tree", "--all", a).stdout
    assert tree.startswith("a.txt") and "statement" in tree


def test_eval_scores_a_gold_directory(tmp_path: Path) -> None:
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "g1.txt").write_text(ARTICLE, encoding="utf-8")
    statement = dict.fromkeys(SCHEMA_KEYS) | {
        "id": "s1",
        "speaker": "Jane Doe",
        "kind": "direct",
        "cue": "told",
        "text": "We will respond firmly",
    }
    doc = {"schema": "dipstat/1", "article": "g1.txt", "statements": [statement]}
    (gold / "g1.json").write_text(json.dumps(doc), encoding="utf-8")
    result = invoke("eval", str(gold), "--json")
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["gold"] == 1 and 0.0 <= scores["statement_f1"] <= 1.0
    predicted = tmp_path / "pred.jsonl"
    predicted.write_text(invoke("quotes", "--json", str(gold / "g1.txt")).stdout)
    again = json.loads(invoke("eval", str(gold), "--pred", str(predicted), "--json").stdout)
    assert again == scores
    table = invoke("eval", str(gold), "-f", "table").stdout
    assert "precision" in table
    empty = invoke("eval", str(tmp_path / "pred.jsonl"))
    assert empty.exit_code == 1 and "gold directory not found" in empty.stderr


def test_completion_script() -> None:
    result = invoke("--show-completion", "bash")
    assert result.exit_code == 0 and "_DIPSTAT_COMPLETE" in result.stdout


def test_bom_input_through_the_cli(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(codecs.BOM_UTF8 + CURLY.encode())
    doc = json.loads(invoke("quotes", "--json", str(path)).stdout)
    assert doc["encoding"] == "utf-8-sig" and not doc["statements"][0]["text"].startswith("\ufeff")
