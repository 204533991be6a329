"""The Dask engine against a real LocalCluster (two worker processes on loopback).

The output must equal the local engine's, and a worker killed mid-run must lose no
input: Dask reschedules its tasks on the other worker (the nanny restarts the dead one).
"""

from __future__ import annotations

import importlib.util
import json
import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from dipstat import batch
from dipstat.corpus import Item

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("distributed") is None,
    reason="needs the dask extra: pip install 'dipstat[dask]'",
)

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_TEXT = (ROOT / "data" / "samples" / "beijing_parade.txt").read_text(encoding="utf-8")
N = 160


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2,
        processes=True,
        threads_per_worker=1,
        host="127.0.0.1",
        dashboard_address=None,
        silence_logs=40,  # logging.ERROR: a killed worker is expected here
    ) as local:
        yield local


def corpus_items() -> list[Item]:
    # Varied texts: each article is the sample with one paragraph dropped.
    paragraphs = SAMPLE_TEXT.split("\n")
    items = []
    for i in range(N):
        text = "\n".join(p for j, p in enumerate(paragraphs) if j != i % len(paragraphs))
        items.append(Item(f"k{i}", f"a{i}", text=text, meta=(("id", f"a{i}"),)))
    return items


def lines_of(engine: batch.Engine, items: list[Item], *, on_first: Any = None) -> list[str]:
    lines: list[str] = []
    for chunk in engine(batch.chunked(items, 4)):
        if not lines and on_first:
            on_first()
        lines.extend(line for line, _ in chunk)
    return lines


def test_dask_output_equals_local_output(cluster: Any) -> None:
    items = corpus_items()
    local = lines_of(batch.local_engine(1), items)
    remote = lines_of(batch.dask_engine(cluster.scheduler_address), items)
    assert remote == local


def test_a_killed_dask_worker_loses_no_input(cluster: Any) -> None:
    from distributed import Client

    items = corpus_items()
    local = lines_of(batch.local_engine(1), items)
    with Client(cluster.scheduler_address, set_as_default=False) as client:
        pids = client.run(os.getpid)
    assert len(pids) == 2
    victim = sorted(pids.values())[0]
    remote = lines_of(
        batch.dask_engine(cluster.scheduler_address),
        items,
        on_first=lambda: os.kill(victim, signal.SIGKILL),
    )
    assert [json.loads(line)["input"] for line in remote] == [i.key for i in items]
    assert remote == local
    with Client(cluster.scheduler_address, set_as_default=False) as client:
        client.wait_for_workers(2, timeout=60)
        assert victim not in client.run(os.getpid).values()


def corpus_app() -> typer.Typer:
    from dipstat.cli import app

    return app


def test_cli_dask_engine_writes_the_same_file_as_a_local_run(cluster: Any, tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    with corpus.open("w", encoding="utf-8") as handle:
        for item in corpus_items()[:40]:
            handle.write(json.dumps({"id": item.name, "text": item.text}) + "\n")
    local, remote = tmp_path / "local.jsonl", tmp_path / "remote.jsonl"
    result = CliRunner().invoke(corpus_app(), ["batch", str(corpus), "-o", str(local), "-j", "1"])
    assert result.exit_code == 0, result.output
    args = ["--engine", "dask", "--scheduler", cluster.scheduler_address]
    result = CliRunner().invoke(corpus_app(), ["batch", str(corpus), "-o", str(remote), *args])
    assert result.exit_code == 0, result.output
    assert remote.read_bytes() == local.read_bytes()


def test_unreachable_scheduler_is_an_error(tmp_path: Path) -> None:
    import dask

    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"text": "Paris agreed, he said."}\n')
    args = ["--engine", "dask", "--scheduler", "tcp://127.0.0.1:9"]
    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}):
        result = CliRunner().invoke(
            corpus_app(), ["batch", str(corpus), "-o", str(tmp_path / "o.jsonl"), *args]
        )
    assert result.exit_code == 1, result.output
    assert "Dask scheduler" in result.stderr
