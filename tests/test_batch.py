"""dipstat batch: corpus readers, the local engine, crash recovery, resume and the CLI."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from dipstat import batch
from dipstat.corpus import Item, count_items, html_text, iter_items

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "samples" / "beijing_parade.txt"
SAMPLE_TEXT = SAMPLE.read_text(encoding="utf-8")
SHORT = "Beijing rejected the claim, the ministry said. “We want peace,” Guo Jiakun said."


def corpus_app() -> typer.Typer:
    from dipstat.cli import app

    return app


def write_corpus(path: Path, n: int, text: str = SHORT, **extra: Any) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for i in range(n):
            record = {"id": f"a{i}", "text": text, "date": f"2025-09-{i % 28 + 1:02d}", **extra}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def records(path: Path) -> list[dict[str, Any]]:
    raw = path.read_bytes()
    assert not raw or raw.endswith(b"\n"), "partial last line"
    return [json.loads(line) for line in raw.decode("utf-8").splitlines()]


def run_cli(*args: str, cwd: Path, **kwargs: Any) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "dipstat", *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        **kwargs,
    )


# --- corpus readers ---------------------------------------------------------------------


def test_directory_is_walked_recursively_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "a.txt").write_text(SHORT)
    (tmp_path / "b" / "c.htm").write_text(f"<html><body><p>{SHORT}</p></body></html>")
    (tmp_path / "b" / "notes.csv").write_text("x,y")
    (tmp_path / ".hidden" / "d.txt").write_text(SHORT)
    items = list(iter_items([str(tmp_path)]))
    assert [i.name for i in items] == ["a.txt", os.path.join("b", "c.htm")]
    assert [i.key for i in items] == [str(tmp_path / "a.txt"), str(tmp_path / "b" / "c.htm")]
    assert items[1].text == SHORT + "\n"
    assert count_items([str(tmp_path)]) == 2


def test_jsonl_lines_carry_id_and_metadata(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        json.dumps({"id": "x1", "text": SHORT, "date": "2025-09-03", "url": "https://e.x/1"})
        + "\n\n"
        + json.dumps({"text": SHORT, "source": "Agency"})
        + "\nnot json\n"
        + json.dumps({"id": "x9"})
        + "\n"
        + json.dumps(["a list"])
        + "\n",
        encoding="utf-8",
    )
    items = list(iter_items([str(corpus)]))
    assert [i.key for i in items] == [
        f"{corpus}#x1",
        f"{corpus}:3",
        f"{corpus}:4",
        f"{corpus}#x9",
        f"{corpus}:6",
    ]
    assert items[0].name == "x1"
    assert dict(items[0].meta) == {"id": "x1", "date": "2025-09-03", "url": "https://e.x/1"}
    assert dict(items[1].meta) == {"source": "Agency"}
    assert items[0].text == SHORT and items[0].error is None
    assert "not JSON" in (items[2].error or "")
    assert "no 'text' field" in (items[3].error or "")
    assert "not a JSON object" in (items[4].error or "")
    assert count_items([str(corpus)]) == 5


def test_batch_output_lines_are_read_as_documents(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    doc = {"schema": "dipstat/1", "article": "a", "statements": [], "input": "k1"}
    out.write_text(json.dumps(doc) + "\n")
    (item,) = iter_items([str(out)])
    assert item.document == doc and item.key == "k1" and item.text is None


def test_unreadable_inputs_become_error_items(tmp_path: Path) -> None:
    binary = tmp_path / "x.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    missing = tmp_path / "missing.txt"
    items = list(iter_items([str(binary), str(missing), str(tmp_path / "gone.jsonl")]))
    assert [bool(i.error) for i in items] == [True, True, True]
    assert "binary" in (items[0].error or "")
    assert "no such file" in (items[1].error or "")


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b'{"id": "s1", "text": "Beijing said no."}\n{"text": "Paris agreed."}\n', "jsonl"),
        (b"Beijing said no, the ministry said.\n", "article"),
    ],
)
def test_stdin_is_a_corpus_or_one_article(
    monkeypatch: pytest.MonkeyPatch, data: bytes, kind: str
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    items = list(iter_items(["-"]))
    if kind == "jsonl":
        assert [i.key for i in items] == ["-#s1", "-:2"]
        assert items[1].text == "Paris agreed."
    else:
        assert [(i.key, i.name, i.text) for i in items] == [("-", "<stdin>", data.decode())]


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("<p>One</p><p>Two<br>three</p>", "One\nTwo\nthree\n"),
        (
            "<html><head><title>T</title><script>var p = '<p>x</p>';</script></head><body>"
            "<nav><ul><li>Home<li>World</ul></nav><article><h1>China denies &amp; rejects</h1>"
            "<p>Beijing <b>rejected</b> the claim.<p>“No,” he said.<figure><figcaption>"
            "Photo: AP</figcaption></figure></article><footer>© 2025</footer></body></html>",
            "China denies & rejects\nBeijing rejected the claim.\n“No,” he said.\n",
        ),
        ("<div>Outside</div><aside><p>Related</p></aside><p>Kept   here\n now</p>", None),
        ("", ""),
    ],
)
def test_html_is_reduced_to_article_text(markup: str, expected: str | None) -> None:
    text = html_text(markup)
    if expected is None:
        assert text == "Outside\nKept here now\n"
    else:
        assert text == expected


# --- records and the local engine -------------------------------------------------------


def test_analyze_record_carries_input_and_metadata() -> None:
    meta = {"id": "x1", "date": "2025-09-03", "source": "Agency", "url": "https://e.x"}
    record = batch.analyze_record("k", "x1", SAMPLE_TEXT, meta)
    assert record["schema"] == "dipstat/1"
    assert record["article"] == "x1" and record["source"] == "Agency"
    assert record["input"] == "k" and record["id"] == "x1" and record["date"] == "2025-09-03"
    assert record["url"] == "https://e.x" and record["statements"]


def test_a_failing_article_becomes_an_error_record(monkeypatch: pytest.MonkeyPatch) -> None:
    import dipstat.pipeline

    def boom(*args: Any, **kwargs: Any) -> None:
        raise ValueError("bad article")

    monkeypatch.setattr(dipstat.pipeline, "analyze", boom)
    record = batch.analyze_record("k", "a.txt", "text", {"id": "7"})
    assert record == {
        "article": "a.txt",
        "input": "k",
        "error": "internal error: ValueError: bad article",
        "id": "7",
    }


def items_of(n: int, text: str = SHORT, **meta: Any) -> list[Item]:
    return [
        Item(f"k{i}", f"a{i}", text=text, meta=tuple({"id": f"a{i}", **meta}.items()))
        for i in range(n)
    ]


def collect(engine: batch.Engine, items: list[Item], size: int = 3) -> list[str]:
    return [line for chunk in engine(batch.chunked(items, size)) for line, _ in chunk]


def test_parallel_output_equals_serial_output_in_input_order() -> None:
    items = [*items_of(20, SAMPLE_TEXT), Item("bad", "bad", error="bad: unreadable")]
    serial = collect(batch.local_engine(1), items)
    parallel = collect(batch.local_engine(2), items)
    assert parallel == serial
    assert [json.loads(line)["input"] for line in parallel] == [i.key for i in items]
    assert json.loads(parallel[-1])["error"] == "bad: unreadable"


def crashy_chunk(chunk: list[batch.Task], actors: tuple[str, ...] = ()) -> list[batch.Outcome]:
    """analyze_chunk, but a worker dies on KILL-ONCE (the first time) and KILL-ALWAYS."""
    for _, _, text, _, meta in chunk:
        marker = Path(meta.get("marker", os.devnull))
        once = "KILL-ONCE" in (text or "") and not marker.exists()
        if once:
            marker.write_text("killed")
        if once or "KILL-ALWAYS" in (text or ""):
            os.kill(os.getpid(), signal.SIGKILL)
    return batch.analyze_chunk(chunk, actors)


def test_a_killed_worker_loses_no_input_and_a_repeat_crash_is_an_error(tmp_path: Path) -> None:
    marker = str(tmp_path / "marker")
    items = items_of(30, marker=marker)
    items[7] = Item("k7", "a7", text="KILL-ONCE " + SHORT, meta=(("marker", marker),))
    items[21] = Item("k21", "a21", text="KILL-ALWAYS", meta=(("marker", marker),))
    engine = batch.local_engine(2, task=crashy_chunk)
    lines = [json.loads(line) for line in collect(engine, items, size=4)]
    assert [r["input"] for r in lines] == [i.key for i in items]
    assert Path(marker).exists()
    assert "error" not in lines[7] and lines[7]["statements"]
    assert lines[21]["error"] == batch.WORKER_DIED
    assert sum("error" in r for r in lines) == 1


def test_workers_that_always_die_make_the_run_give_up(tmp_path: Path) -> None:
    items = [Item(f"k{i}", f"a{i}", text="KILL-ALWAYS") for i in range(8)]
    engine = batch.local_engine(2, task=crashy_chunk)
    with pytest.raises(batch.DipstatError, match="in a row"):
        collect(engine, items, size=8)


def slow_first_chunk(chunk: list[batch.Task], actors: tuple[str, ...] = ()) -> list[batch.Outcome]:
    if chunk[0][0] == "k0":
        time.sleep(2)
    return batch.analyze_chunk(chunk, actors)


def test_a_slow_chunk_holds_back_at_most_a_window_of_results() -> None:
    items = items_of(400)
    pulled: list[int] = []

    def chunks() -> Iterator[list[batch.Task]]:
        for chunk in batch.chunked(items, 2):
            pulled.append(len(pulled))
            yield chunk

    engine = batch.local_engine(2, task=slow_first_chunk)
    outputs = engine(chunks())
    first = next(outputs)
    assert json.loads(first[0][0])["input"] == "k0"
    # While chunk 0 slept, the other worker went on, but only a window ahead.
    assert len(pulled) <= 2 * 8 + 1  # AHEAD_PER_WORKER chunks per worker, and one more
    rest = [line for chunk in outputs for line, _ in chunk]
    assert len(rest) == 398


# --- output, stop and resume ------------------------------------------------------------


def test_stop_then_resume_gives_one_record_per_input(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    items = items_of(200)
    written: list[int] = []

    def stop() -> bool:
        return len(written) >= 2

    sink = batch.JsonlOutput(str(out), append=False)
    stats = batch.run_batch(
        items,
        sink,
        batch.local_engine(2, stop=stop),
        chunk_size=4,
        on_chunk=lambda s: written.append(s.articles),
        stop=stop,
    )
    sink.close()
    assert stats.interrupted and 8 <= stats.articles < 200
    first = records(out)
    with out.open("ab") as handle:
        handle.write(b'{"schema":"dipstat/1","article":"half')  # a crash mid-write
    done = batch.done_keys(str(out))
    assert done == {r["input"] for r in first}
    assert out.read_bytes().endswith(b"\n")
    sink = batch.JsonlOutput(str(out), append=True)
    stats = batch.run_batch(items, sink, batch.local_engine(1), skip=done, chunk_size=4)
    sink.close()
    assert not stats.interrupted and stats.skipped == len(first)
    assert [r["input"] for r in records(out)] == [i.key for i in items]


# --- the command ------------------------------------------------------------------------


def test_cli_batch_writes_records_and_a_summary(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "c.jsonl", 5, SAMPLE_TEXT, source="Agency")
    (tmp_path / "dir").mkdir()
    (tmp_path / "dir" / "x.txt").write_text(SHORT, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(
        corpus_app(), ["batch", str(corpus), str(tmp_path / "dir"), "-o", str(out), "-j", "1"]
    )
    assert result.exit_code == 0, result.output
    docs = records(out)
    assert [d["article"] for d in docs] == ["a0", "a1", "a2", "a3", "a4", "x.txt"]
    assert all(d["schema"] == "dipstat/1" and d["statements"] for d in docs)
    assert docs[0]["source"] == "Agency" and docs[0]["date"] == "2025-09-01"
    assert "6 articles" in result.stderr and "0 errors" in result.stderr


def test_cli_batch_reports_failed_inputs_and_goes_on(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"id": "ok", "text": "Paris agreed, he said."}\n{"id": "bad"}\n')
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(
        corpus_app(), ["batch", str(corpus), str(tmp_path / "nope.txt"), "-o", str(out), "-j", "1"]
    )
    assert result.exit_code == 3, result.output
    docs = records(out)
    assert [("error" in d) for d in docs] == [False, True, True]
    assert docs[2]["article"] == "nope.txt" and "no such file" in docs[2]["error"]
    assert "2 errors" in result.stderr
    assert "nope.txt: no such file" in result.stderr and "bad: no 'text' field" in result.stderr


def test_cli_batch_to_stdout_and_usage_errors(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "c.jsonl", 2)
    result = CliRunner().invoke(corpus_app(), ["batch", str(corpus), "-o", "-", "-j", "1", "-q"])
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["a0", "a1"]
    assert result.stderr == ""
    for args in (["--engine", "dask"], ["-o", "-", "--resume"]):
        bad = CliRunner().invoke(corpus_app(), ["batch", str(corpus), "-o", "x.jsonl", *args])
        assert bad.exit_code == 2, bad.output


def test_sigint_then_resume_gives_exactly_one_record_per_input(tmp_path: Path) -> None:
    n = 400
    corpus = write_corpus(tmp_path / "c.jsonl", n, SAMPLE_TEXT)
    out = tmp_path / "out.jsonl"
    args = ("batch", str(corpus), "-o", str(out), "--jobs", "2", "--chunk-size", "4")
    first = run_cli(*args, cwd=tmp_path)
    deadline = time.monotonic() + 60
    while (not out.exists() or out.stat().st_size == 0) and time.monotonic() < deadline:
        time.sleep(0.02)
    first.send_signal(signal.SIGINT)
    _, err = first.communicate(timeout=60)
    assert first.returncode in (130, 0), err.decode()
    partial = records(out)
    if first.returncode == 130:
        assert len(partial) < n and b"--resume" in err
    second = run_cli(*args, "--resume", cwd=tmp_path)
    _, err = second.communicate(timeout=120)
    assert second.returncode == 0, err.decode()
    keys = [r["input"] for r in records(out)]
    assert keys == [f"{corpus}#a{i}" for i in range(n)]
    assert f"{len(partial):,} already in" in err.decode() or not partial


def test_killing_a_worker_of_the_cli_loses_no_input(tmp_path: Path) -> None:
    psutil = pytest.importorskip("psutil")
    n = 300
    corpus = write_corpus(tmp_path / "c.jsonl", n, SAMPLE_TEXT)
    out = tmp_path / "out.jsonl"
    proc = run_cli(
        "batch", str(corpus), "-o", str(out), "-j", "2", "--chunk-size", "4", cwd=tmp_path
    )
    deadline = time.monotonic() + 60
    while (not out.exists() or out.stat().st_size == 0) and time.monotonic() < deadline:
        time.sleep(0.02)
    # Workers are the grandchildren: the batch process starts a fork server, which forks them.
    workers = [g for c in psutil.Process(proc.pid).children() for g in c.children()]
    assert workers, "no worker process found"
    workers[0].send_signal(signal.SIGKILL)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err.decode()
    docs = records(out)
    assert [d["input"] for d in docs] == [f"{corpus}#a{i}" for i in range(n)]
    assert not any("error" in d for d in docs)


def test_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    corpus = write_corpus(tmp_path / "c.jsonl", 20)
    out = tmp_path / "out.jsonl"
    child = pexpect.spawn(
        sys.executable,
        ["-m", "dipstat", "batch", str(corpus), "-o", str(out), "-j", "1"],
        cwd=str(tmp_path),
        env={**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "120"},
        timeout=60,
    )
    child.expect(pexpect.EOF)
    child.close()
    screen = child.before.decode("utf-8", "replace")
    assert child.exitstatus == 0, screen
    assert "20/20" in screen and "errors 0" in screen
    assert "20 articles" in screen
