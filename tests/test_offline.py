"""No network, no code from data, user files as plain text, pinned dependencies.

Issue 7, parts 5 and 6:

- the whole pipeline and the article commands run with sockets blocked, in this
  process (monkeypatched ``socket``) and in a fresh interpreter where the block and an
  audit hook (PEP 578) are in place before dipstat is imported;
- no pickle, marshal, ``eval`` or ``exec`` in dipstat's code, no pickled data in data/,
  and article or gazetteer text that looks like Python never reaches ``compile``;
- a user gazetteer (``--actors``) is read as plain UTF-8 text and a malformed line is a
  :class:`~dipstat.errors.DataError` naming file and line;
- the lower bounds of nltk and typer are the versions without known advisories.
"""

from __future__ import annotations

import ast
import io
import json
import os
import pickle
import re
import socket
import subprocess
import sys
import textwrap
import tokenize
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
from test_properties import check_analysis, validate_document
from typer.testing import CliRunner

from dipstat import analyze
from dipstat.cli import app
from dipstat.errors import DataError
from dipstat.resources import build_resources

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "dipstat"
DATA = ROOT / "data"
SAMPLE = DATA / "samples" / "beijing_parade.txt"
ARTICLE_COMMANDS = ("quotes", "stances", "replies", "actors")
# Text that would do something if anything evaluated it.  The marker lets the audit
# hook see whether article or gazetteer text ever reaches compile().
CANARY = "dipstat_canary_0x5eed"
HOSTILE_CODE = (
    f"__import__('os').system('echo {CANARY}') or eval('{CANARY}') "
    f"exec(\"{CANARY}\") cos\nsystem\n(S'echo {CANARY}'\ntR."
)


class NetworkBlocked(RuntimeError):
    pass


def _refuse(*args: Any, **kwargs: Any) -> Any:
    raise NetworkBlocked(f"network access attempted: {args!r}")


class _BlockedSocket(socket.socket):
    """Stays a class (``ssl.SSLSocket`` subclasses ``socket.socket`` on import) but
    cannot be instantiated."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        _refuse(*args, **kwargs)


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket, "socket", _BlockedSocket)
    for name in ("create_connection", "getaddrinfo", "socketpair", "create_server"):
        monkeypatch.setattr(socket, name, _refuse)


def _hostile_article(tmp_path: Path) -> Path:
    article = tmp_path / "hostile.txt"
    text = SAMPLE.read_text(encoding="utf-8") + f"\nJane Doe said “{HOSTILE_CODE}”.\n"
    article.write_text(text, encoding="utf-8")
    return article


def _user_actors(tmp_path: Path, rows: str = "") -> Path:
    table = tmp_path / "my_actors.tsv"
    table.write_text(
        "# test gazetteer\ncode\ttype\talias\nRUR\tname\tRuritania\n"
        f"{CANARY}\tname\t{HOSTILE_CODE.splitlines()[0]}\n{rows}",
        encoding="utf-8",
    )
    return table


# ---------------------------------------------------------------------------------
# No network.


def test_socket_block_works(no_network: None) -> None:
    with pytest.raises(NetworkBlocked):
        socket.create_connection(("127.0.0.1", 9))
    with pytest.raises(NetworkBlocked):
        socket.socket()


def test_analyze_runs_offline(no_network: None) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    res = build_resources()  # not the cached one: data files are read under the block
    analysis = analyze(text, SAMPLE.name, resources=res)
    check_analysis(analysis, text)
    assert analysis.statements


@pytest.mark.parametrize("command", ARTICLE_COMMANDS)
def test_cli_runs_offline(no_network: None, command: str, tmp_path: Path) -> None:
    article = _hostile_article(tmp_path)
    actors = _user_actors(tmp_path)
    result = CliRunner().invoke(
        app, [command, "--format", "json", "--actors", str(actors), str(article)]
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    doc = json.loads(lines[0])
    if command in ("quotes", "stances"):
        validate_document(doc, article.read_text(encoding="utf-8"))
        assert doc["statements"]


# A fresh interpreter: sockets blocked and an audit hook installed before dipstat (and
# NLTK) are imported, so import-time network use or unpickling would show too.
_FRESH_RUN = textwrap.dedent(
    """
    import json, socket, sys

    canary, article, actors = sys.argv[1:4]
    events = []

    def hook(event, args):
        if event.startswith("marshal.") and sys._getframe(1).f_code.co_filename.startswith(
            "<frozen importlib"
        ):
            return  # the import system reading a .pyc
        if event.startswith(("socket.", "urllib.", "http.", "ftplib.", "smtplib.",
                             "pickle.", "marshal.", "shelve.", "webbrowser.",
                             "subprocess.", "os.system", "os.exec", "os.posix_spawn",
                             "os.spawn", "ctypes.dlopen")):
            events.append(event)
        elif event in ("compile", "exec") and canary in repr(args[0])[:100_000]:
            events.append(event + " of data")

    sys.addaudithook(hook)

    def refuse(*args, **kwargs):
        events.append("socket call")
        raise OSError("network blocked")

    class BlockedSocket(socket.socket):  # ssl subclasses socket.socket on import
        def __init__(self, *args, **kwargs):
            refuse()

    socket.socket = BlockedSocket
    for name in ("create_connection", "getaddrinfo", "socketpair"):
        setattr(socket, name, refuse)

    from typer.testing import CliRunner
    from dipstat import analyze
    from dipstat.cli import app

    out = {}
    for command in ("quotes", "stances", "replies", "actors"):
        result = CliRunner().invoke(
            app, [command, "--format", "json", "--actors", actors, article]
        )
        out[command] = [result.exit_code, result.stdout]
    text = open(article, encoding="utf-8").read()
    out["analyze"] = len(analyze(text).statements)
    print(json.dumps({"events": events, "out": out}))
    """
)


def test_fresh_interpreter_offline_and_no_code_from_data(tmp_path: Path) -> None:
    article = _hostile_article(tmp_path)
    actors = _user_actors(tmp_path)
    nltk_data = tmp_path / "empty-nltk"
    nltk_data.mkdir()
    env = {**os.environ, "NLTK_DATA": str(nltk_data), "NO_COLOR": "1"}
    proc = subprocess.run(
        [sys.executable, "-c", _FRESH_RUN, CANARY, str(article), str(actors)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["events"] == []
    for command in ARTICLE_COMMANDS:
        code, stdout = report["out"][command]
        assert code == 0, (command, stdout)
        json.loads(stdout)
    assert report["out"]["analyze"] > 0


# ---------------------------------------------------------------------------------
# No code from data.

# Modules that turn bytes into objects or code; dipstat must not use any of them.
_FORBIDDEN_MODULES = frozenset(
    {"pickle", "_pickle", "cPickle", "cloudpickle", "dill", "joblib", "marshal", "shelve"}
)
_FORBIDDEN_CALLS = frozenset({"eval", "exec", "compile", "__import__", "execfile", "input"})
# Words the issue names, searched in code tokens (comments and strings do not count:
# a docstring may well say that a record is "cheap to pickle").
_FORBIDDEN_NAMES = frozenset({"pickle", "marshal", "eval", "exec", "shelve"})


def _sources() -> list[Path]:
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) > 10
    return files


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_pickle_marshal_eval_or_exec(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source, str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] in _FORBIDDEN_MODULES]
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module.split(".")[0] in _FORBIDDEN_MODULES:
                found.append(node.module)
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else None
            if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
                # builtins.eval(...), but not re.compile(...) or pattern.compile
                name = func.attr if func.value.id == "builtins" else None
            if name in _FORBIDDEN_CALLS:
                found.append(f"{name}() at line {node.lineno}")
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.NAME and token.string in _FORBIDDEN_NAMES:
            found.append(f"{token.string} at line {token.start[0]}")
    assert not found, f"{path}: {found}"


def test_data_files_are_plain_text() -> None:
    files = [p for p in DATA.rglob("*") if p.is_file()]
    assert files
    for path in files:
        assert path.suffix in (".txt", ".tsv"), f"{path}: not a text or TSV file"
        data = path.read_bytes()
        assert not data.startswith(b"\x80"), f"{path}: looks like a pickle"
        assert b"\x00" not in data, f"{path}: binary"
        data.decode("utf-8")


def test_hostile_article_text_stays_text() -> None:
    text = f"Jane Doe said “{HOSTILE_CODE}”, the ministry reported."
    analysis = analyze(text, "hostile.txt")
    doc = check_analysis(analysis, text)
    assert any(CANARY in s["text"] for s in doc["statements"])


# ---------------------------------------------------------------------------------
# User gazetteers: plain text, malformed lines named by file and line.


def _table(tmp_path: Path, content: str | bytes, name: str = "user_actors.tsv") -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


HEADER = "# my actors (test)\ncode\ttype\talias\n"


@pytest.mark.parametrize(
    ("content", "line"),
    [
        pytest.param(HEADER + "RUR\tname\tRuritania\nRuritania only\n", 4, id="one-field"),
        pytest.param(HEADER + "RUR\tname\n", 3, id="two-fields"),
        pytest.param(HEADER + "RUR    name    Ruritania\n", 3, id="spaces-not-tabs"),
        pytest.param(
            HEADER + "RUR\tname\tRuritania\n\n# comment\nFRE\tFreedonia\n", 6, id="after-comments"
        ),
    ],
)
def test_malformed_gazetteer_line_names_file_and_line(
    tmp_path: Path, content: str, line: int
) -> None:
    path = _table(tmp_path, content)
    with pytest.raises(DataError, match=re.escape(f"{path}:{line}:")):
        build_resources((path,))


@pytest.mark.parametrize(
    ("content", "line"),
    [
        pytest.param(HEADER + "RUR\tname\tRuritania\n\tname\tFreedonia\n", 4, id="empty-code"),
        pytest.param(HEADER + "RUR\tname\tRuritania\nFRE\tname\t \n", 4, id="empty-alias"),
    ],
)
def test_empty_gazetteer_field_names_file_and_line(tmp_path: Path, content: str, line: int) -> None:
    path = _table(tmp_path, content)
    with pytest.raises(DataError, match=re.escape(f"{path}:{line}:")):
        build_resources((path,))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param("code\talias\nRUR\tRuritania\n", "header lacks column(s) type", id="header"),
        pytest.param("", "empty table", id="empty"),
        pytest.param(
            HEADER.encode() + "RUR\tname\tRuritänia\n".encode("latin-1"),
            "not UTF-8",
            id="latin-1",
        ),
        pytest.param(pickle.dumps({"Ruritania": "RUR"}), "not UTF-8", id="pickle-bytes"),
    ],
)
def test_unreadable_gazetteer_names_file(
    tmp_path: Path, content: str | bytes, message: str
) -> None:
    path = _table(tmp_path, content)
    with pytest.raises(DataError, match=re.escape(str(path))) as raised:
        build_resources((path,))
    assert message in str(raised.value)


def test_missing_gazetteer_names_file(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="not found"):
        build_resources((tmp_path / "nowhere.tsv",))


def test_user_gazetteer_is_used(tmp_path: Path) -> None:
    path = _table(tmp_path, HEADER + "RUR\tname\tRuritania\n")
    res = build_resources((path,))
    assert [e.code for e in res.actors["Ruritania"]] == ["RUR"]
    assert res.actors["Ruritania"][0].rule == "user"


def test_cli_reports_malformed_gazetteer_line(tmp_path: Path) -> None:
    path = _table(tmp_path, HEADER + "RUR\tname\tRuritania\nbroken\n")
    result = CliRunner().invoke(app, ["quotes", "--format", "json", "--actors", str(path), "-"])
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert f"{path.name}:4:" in result.stderr
    assert "Traceback" not in result.stderr


# ---------------------------------------------------------------------------------
# Dependencies: lower bounds at versions without known advisories.

# The bounds issue 7 sets.  NLTK through 3.8.1 unpickled downloaded data
# (CVE-2024-39705) and its downloader had later advisories (CVE-2025-14009, fixed in
# 3.9.3); dipstat downloads nothing, but a user's environment should not pull an old
# release in either.
MINIMUM = {"nltk": (3, 10, 3), "typer": (0, 23)}


def _version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", text.split("+")[0])[:3])


def _declared_bounds() -> dict[str, tuple[int, ...]]:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    block = re.search(r"^dependencies = \[(.*?)^\]", text, re.S | re.M)
    assert block, "pyproject.toml: no dependencies list"
    bounds = {}
    for name, spec in re.findall(r'"([A-Za-z0-9_.\-\[\]]+?)\s*([<>=!~].*?)"', block.group(1)):
        lower = re.search(r">=\s*([\d.]+)", spec)
        assert lower, f"{name}: no lower bound in {spec!r}"
        bounds[name.split("[")[0].lower()] = _version_tuple(lower.group(1))
    return bounds


@pytest.mark.parametrize("package", sorted(MINIMUM))
def test_dependency_lower_bound(package: str) -> None:
    declared = _declared_bounds()
    assert package in declared, f"{package} not in pyproject dependencies"
    assert declared[package] >= MINIMUM[package], (package, declared[package])
    assert _version_tuple(version(package)) >= MINIMUM[package], version(package)


def test_every_dependency_has_a_lower_bound() -> None:
    assert set(_declared_bounds()) >= {"nltk", "typer", "rich"}
