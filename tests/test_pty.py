"""``dipstat`` in a real pseudo-terminal: a table with colour, and none with NO_COLOR.

A pipe (every other test) is not a terminal; only a pty shows what a person sees.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pexpect  # type: ignore[import-untyped]

ARTICLE = (
    'Ambassador Ana Ruiz said on Friday that "the door to dialogue remains open" to Freedonia. '
    "Freedonia's foreign ministry rejected the offer as a stunt.\n"
)
from test_cli import SGR, dipstat_command  # noqa: E402  (the CLI tests' own helpers)


def _spawn(args: list[str], **env: str) -> Any:
    base = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS")}
    command, *first = dipstat_command()
    return pexpect.spawn(
        command,
        [*first, *args],
        env=base | {"TERM": "xterm-256color"} | env,
        dimensions=(40, 100),
        encoding="utf-8",
        timeout=60,
    )


def _finish(child: Any) -> tuple[str, int]:
    child.expect(pexpect.EOF)
    child.close()
    return child.before, child.exitstatus


def test_colour_on_in_a_terminal_and_off_with_no_color(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    # Started together, waited for in turn: each needs about a second to start.
    coloured = _spawn(["quotes", str(article)])
    plain = _spawn(["quotes", str(article)], NO_COLOR="1")
    tree = _spawn(["replies", str(article)])

    out, status = _finish(coloured)
    assert status == 0, out
    assert "\x1b[" in out  # the default on a terminal is a coloured table
    assert "a.txt" in out and "statement" in out
    assert max(len(line) for line in SGR.sub("", out).splitlines()) <= 100  # the pty's width

    out, status = _finish(plain)
    assert status == 0, out
    assert "\x1b" not in out and "statement" in out

    out, status = _finish(tree)
    assert status == 0, out
    assert "└──" in out  # replies defaults to the tree on a terminal
