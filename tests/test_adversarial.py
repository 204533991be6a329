"""Hand-written adversarial articles: no exception, no broken invariant, no hang.

Issue 7, parts 1 to 3.  Each input of ``ADVERSARIAL`` is built by a small function
(from a few bytes to 1.5 MB), analysed in a forked child process and checked with
the invariants of ``test_properties`` (offsets inside the article, ``text`` equal to
the article slice, unique ids, ``responds_to`` pointing back, valid dipstat/1 that
round-trips through JSON).  The child is stopped when it uses more than a generous
amount of CPU time (``_limit``: 5 s plus 15 s per MB, three to five times what normal
news needs; CPU time, so a busy machine does not fail the test), so a pattern that
backtracks catastrophically or a quadratic loop fails the test instead of hanging CI.
This is a hang detector, not a benchmark: ``bench/bench_adversarial.py`` measures
seconds per MB.

An input that fails because of a known bug gets a reason as the third item of its
``ADVERSARIAL`` entry: it is then marked ``xfail(strict=True)``, and strict mode asks
for the reason to go once the pipeline is fixed.

Empty quotation marks beside a cue are checked on their own (a statement must say
something), and the last tests cover the size limit of part 3: the CLI refuses an
oversize article with a one-line error naming the limit, well before reading all of it.
"""

from __future__ import annotations

import json
import math
import multiprocessing
import os
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from test_properties import check_analysis, validate_document
from typer.testing import CliRunner

from dipstat import analyze
from dipstat.cli import app
from dipstat.render.records import json_line
from dipstat.resources import default_resources

try:
    import resource
except ImportError:  # pragma: no cover - not on Windows
    resource = None  # type: ignore[assignment]

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "samples" / "beijing_parade.txt"
KB, MB = 1_000, 1_000_000
BASE_SECONDS = 5.0  # CPU seconds any input may use, however small
# Normal news runs at 3-5 s/MB of CPU time, the heaviest linear adversarial input here
# (abbreviation-dense text, mostly inside Punkt) at ~10 s/MB (bench/bench_adversarial.py).
SECONDS_PER_MB = 15.0

# ---------------------------------------------------------------------------------
# Building blocks (synthetic: names and wording are made up or from the sample).

SENTENCE = (
    "Foreign Minister Jane Doe said on Monday that Ruritania would never accept the "
    "proposal, and urged Freedonia to return to the talks."
)
SPLIT_QUOTE = "“We will respond firmly,” Doe said, “and we will not be intimidated.”"


def _sample() -> str:
    return SAMPLE.read_text(encoding="utf-8")


def _fill(unit: str, size: int, sep: str = "") -> str:
    """``unit`` repeated (joined by ``sep``) to about ``size`` characters."""
    return sep.join([unit] * max(1, size // (len(unit) + len(sep))))


def _sample_paragraph(size: int) -> str:
    return _fill(" ".join(_sample().split("\n")), size, " ")


def _interleave(text: str, chars: str) -> str:
    """``chars`` after every character of ``text``."""
    return "".join(ch + chars for ch in text)


def _sprinkle(text: str, chars: str, every: int) -> str:
    return "".join(ch + (chars if i % every == 0 else "") for i, ch in enumerate(text))


# (id, builder, strict-xfail reason or None).  A reason names the module and function
# the profile or traceback of the input points to; the entry is the reproducer.
Case = tuple[str, Callable[[], str], str | None]

ADVERSARIAL: list[Case] = [
    # --- degenerate articles
    ("empty", lambda: "", None),
    ("whitespace-only", lambda: " \n\n\t \n\u00a0\u2003\n", None),
    ("one-straight-quote", lambda: '"', None),
    ("one-curly-quote", lambda: "“", None),
    ("newlines-100k", lambda: "\n" * (100 * KB), None),
    ("one-word-100k", lambda: "a" * (100 * KB), None),
    ("periods-100k", lambda: "." * (100 * KB), None),
    # --- quotation marks
    ("only-quote-marks-100k", lambda: _fill("\"“”‘’«»‹›„‚'", 100 * KB), None),
    (
        "only-quote-marks-lines-100k",
        lambda: _fill('"“”‘’«»', 100 * KB, "\n"),
        None,
    ),
    ("nested-marks-100k", lambda: _fill("“‘«‹\"'", 100 * KB), None),
    ("deep-nesting-10k", lambda: "He said " + "“‘" * 5_000 + "no" + "’”" * 5_000 + ".", None),
    (
        "unterminated-quote-para-1m",
        lambda: 'Jane Doe said "' + _fill("we will never accept this ", MB),
        None,
    ),
    (
        "unterminated-quote-per-para-100k",
        lambda: _fill("Jane Doe said “" + "we will never accept this " * 4, 100 * KB, "\n"),
        None,
    ),
    (
        "continued-quote-paragraphs-300k",
        lambda: "Doe said:\n" + _fill("“We will never accept this proposal", 300 * KB, "\n"),
        None,
    ),
    ("split-quotes-1m", lambda: _fill(SPLIT_QUOTE, MB, " "), None),
    (
        "quote-inside-quote-100k",
        lambda: _fill("“He called it ‘a “so-called” ‘peace’ plan’,” Doe said.", 100 * KB, " "),
        None,
    ),
    (
        "apostrophes-100k",
        lambda: _fill("China’s Doe’s ministers’ 'n' rock’n’roll O'Brien's", 100 * KB, " "),
        None,
    ),
    # --- cue verbs and speakers
    ("cue-verbs-100k", lambda: _fill("said", 100 * KB, " "), None),
    (
        "cue-verbs-mixed-100k",
        lambda: _fill("said denied rejected urged warned told according to", 100 * KB, " "),
        None,
    ),
    (
        "speakers-and-cues-100k",
        lambda: _fill("Guo said Kallas denied Doe rejected Roe urged", 100 * KB, " "),
        None,
    ),
    (
        "headline-colons-300k",
        lambda: _fill("Doe: “We deny it”", 300 * KB, "\n"),
        None,
    ),
    ("commas-100k", lambda: "Doe" + ", in a statement" * 6_000 + ", said it was false.", None),
    ("that-that-100k", lambda: "Doe said " + "that " * 20_000 + "it was false.", None),
    # --- long names
    ("long-name-token-10k", lambda: "Z" + "a" * 10_000 + " said that it was false.", None),
    (
        "long-name-words-100k",
        lambda: " ".join(f"Name{i}" for i in range(12_000)) + " said that it was false.",
        None,
    ),
    # --- scripts, invisible and control characters
    ("zero-width-between-chars", lambda: _interleave(_sample(), "\u200b"), None),
    (
        "bidi-controls-sprinkled",
        lambda: _sprinkle(_sample(), "\u202e\u2067\u200f\u061c", 7),
        None,
    ),
    ("control-chars-sprinkled", lambda: _sprinkle(_sample(), "\x00\x1b[31m\x07\x9b", 5), None),
    (
        "rtl-article",
        lambda: _fill(
            "قال المتحدث باسم الوزارة «نحن نرفض هذه الاتهامات». "
            "אמר דובר המשרד: „אנו דוחים את ההאשמות”.",
            20 * KB,
            "\n",
        ),
        None,
    ),
    ("emoji-article", lambda: _sprinkle(_sample(), "👨‍👩‍👧🇨🇳🏳️‍🌈", 3), None),
    ("zalgo", lambda: "Doe said “" + "a" + "\u0301\u0308" * 5_000 + "”.", None),
    (
        "line-separators",
        lambda: _sample().replace(". ", ".\u2028").replace("\n", "\u2029\r\n\x85"),
        None,
    ),
    ("lone-surrogate", lambda: "Jane Doe said “\ud800 we deny it.”", None),
    # --- big and plain
    ("no-punctuation-1m", lambda: _fill("the minister of china spoke about russia", MB, " "), None),
    ("dateline-spaces-100k", lambda: "BEIJING" + " " * (100 * KB) + "– Doe said it.", None),
    ("news-paragraphs-100k", lambda: _fill(_sample(), 100 * KB, "\n"), None),
    ("news-one-paragraph-1m", lambda: _sample_paragraph(MB), None),
    ("abbreviations-para-1.5m", lambda: _fill("U.S.", 1_500 * KB, " "), None),
]


def _limit(text: str) -> float:
    return BASE_SECONDS + SECONDS_PER_MB * len(text.encode("utf-8", "surrogatepass")) / MB


def _child(text: str, conn: Any, cpu_seconds: int) -> None:
    try:
        if resource is not None:
            # The kernel ends the child (SIGXCPU) once it has used its CPU seconds: a
            # limit on work done, not on wall-clock time, so a busy machine cannot
            # fail the test.
            hard = resource.getrlimit(resource.RLIMIT_CPU)[1]
            if hard == resource.RLIM_INFINITY or hard > cpu_seconds:
                resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, hard))
        started = time.process_time()
        analysis = analyze(text, "adversarial.txt", resources=default_resources())
        elapsed = time.process_time() - started
        conn.send(("ok", json_line(analysis.to_dict()), elapsed))
    except BaseException:  # the parent reports any failure with its traceback
        conn.send(("error", traceback.format_exc(), 0.0))
    finally:
        conn.close()


def analyse_with_limit(text: str, limit: float) -> tuple[dict[str, Any], float]:
    """The dipstat/1 document of ``text`` and the CPU seconds it took, analysed in a
    forked child that is stopped after ``limit`` CPU seconds (or three times that in
    wall-clock time), so that a hang fails the test instead of blocking the run."""
    if "fork" not in multiprocessing.get_all_start_methods():  # pragma: no cover
        started = time.process_time()
        doc = analyze(text, "adversarial.txt").to_dict()
        elapsed = time.process_time() - started
        assert elapsed <= limit, f"took {elapsed:.1f} s, limit {limit:.1f} s"
        return json.loads(json_line(doc)), elapsed
    default_resources()  # loaded once here, inherited by every child
    cpu_seconds = math.ceil(limit)
    ctx = multiprocessing.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(text, sender, cpu_seconds), daemon=True)
    child.start()
    sender.close()
    too_slow = f"({len(text):,} characters): too slow"
    try:
        if not receiver.poll(3 * limit):
            pytest.fail(f"no result after {3 * limit:.0f} s of wall-clock time {too_slow}")
        try:
            status, payload, elapsed = receiver.recv()
        except EOFError:  # the child ended without a word: the CPU limit stopped it
            child.join()
            pytest.fail(f"stopped after {cpu_seconds} s of CPU time {too_slow}")
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()
    if status != "ok":
        pytest.fail(f"analyze raised:\n{payload}")
    return json.loads(payload), elapsed


def _cases() -> list[Any]:
    return [
        pytest.param(
            build,
            id=name,
            marks=[pytest.mark.xfail(strict=True, reason=reason)] if reason else [],
        )
        for name, build, reason in ADVERSARIAL
    ]


def test_enough_adversarial_inputs() -> None:
    assert len(ADVERSARIAL) >= 30
    assert len({name for name, _, _ in ADVERSARIAL}) == len(ADVERSARIAL)


@pytest.mark.parametrize("build", _cases())
def test_adversarial_input(build: Callable[[], str]) -> None:
    text = build()
    doc, _ = analyse_with_limit(text, _limit(text))
    validate_document(doc, text)


# Empty or wordless quotations beside a cue.
EMPTY_QUOTES = [
    "“” the minister said.",
    '"", Jane Doe said.',
    "«», said Jane Doe.",
    "“ ” Jane Doe said.",
    "“,” Jane Doe said.",
]


@pytest.mark.parametrize("text", EMPTY_QUOTES)
def test_no_statement_without_words(text: str) -> None:
    analysis = analyze(text, "empty.txt", resources=default_resources())
    check_analysis(analysis, text)
    assert all(any(ch.isalnum() for ch in s.text) for s in analysis.statements), [
        s.text for s in analysis.statements
    ]


# ---------------------------------------------------------------------------------
# Part 3: the article size limit.


def test_cli_refuses_an_article_over_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIPSTAT_MAX_BYTES", "1000")
    article = tmp_path / "huge.txt"
    article.write_text(SENTENCE * 100, encoding="utf-8")
    started = time.perf_counter()
    result = CliRunner().invoke(app, ["quotes", "--format", "json", str(article)])
    assert time.perf_counter() - started < 10
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert "huge.txt" in result.stderr
    assert "1,000-byte article limit" in result.stderr
    assert "DIPSTAT_MAX_BYTES" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_cli_accepts_an_article_at_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = tmp_path / "story.txt"
    article.write_text(SENTENCE, encoding="utf-8")
    monkeypatch.setenv("DIPSTAT_MAX_BYTES", str(len(SENTENCE.encode())))
    result = CliRunner().invoke(app, ["quotes", "--format", "json", str(article)])
    assert result.exit_code == 0, result.output
    validate_document(json.loads(result.stdout), SENTENCE)


def test_limit_refuses_oversize_stdin_without_reading_it_all(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DIPSTAT_MAX_BYTES", "100")
    result = CliRunner().invoke(app, ["quotes", "--format", "json", "-"], input="x" * 5_000)
    assert result.exit_code == 1, result.output
    assert "<stdin>" in result.stderr and "100-byte article limit" in result.stderr


def test_default_limit_is_documented() -> None:
    from dipstat.textio import DEFAULT_MAX_BYTES, max_bytes

    assert os.environ.get("DIPSTAT_MAX_BYTES") or max_bytes() == DEFAULT_MAX_BYTES
    docs = (Path(__file__).resolve().parents[1] / "docs" / "cli.md").read_text(encoding="utf-8")
    assert "DIPSTAT_MAX_BYTES" in docs
