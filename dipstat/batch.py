"""Batch analysis: a stream of corpus items in, dipstat/1 JSON Lines out, in input order.

Items are cut into chunks and handed to an *engine*, which analyses them in worker
processes (the local engine, a ``ProcessPoolExecutor``) or on a Dask cluster, and
yields each chunk's output lines in input order.  At most a few chunks per worker are
in flight, so memory stays flat whatever the size of the corpus.

Failure handling (issue 7): an article that fails yields an error record and the run
goes on.  When a worker process dies (killed, out of memory, a crash in C code), the
articles of the chunks it took down are retried one by one in fresh workers; an
article that kills its worker a second time becomes an error record.  Output is
written one whole chunk at a time with a single write, so an interrupted run leaves
only whole lines; :func:`open_output` with ``resume=True`` drops a trailing partial
line and returns the keys already done, which the next run skips.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import cache
from itertools import islice
from pathlib import Path
from typing import Any

from dipstat.corpus import Item
from dipstat.errors import DipstatError
from dipstat.render.records import json_line

Task = tuple[str, str, str | None, str | None, dict[str, Any]]  # key, name, text, error, meta
Outcome = tuple[str, int]  # one JSON line, and its statement count (ERROR for an error record)
ChunkFn = Callable[[list[Task], tuple[str, ...]], list[Outcome]]
Engine = Callable[[Iterator[list[Task]]], Iterator[list[Outcome]]]
ERROR = -1
CHUNK_SIZE = 16  # articles per task: ~0.1-0.5 s of work, small next to the IPC cost per task
IN_FLIGHT_PER_WORKER = 2  # chunks queued per worker: keeps workers busy
# Chunks submitted but not yet written, per worker: results wait in the reorder buffer
# behind a slow chunk; this caps that buffer (memory stays flat) while leaving the
# other workers room to go on.
AHEAD_PER_WORKER = 8
# Articles in a row whose worker died even when run alone before a batch gives up: one
# poison article is an error record, a row of them means workers cannot run at all.
MAX_DEATHS_IN_A_ROW = 5
# Tries an article gets alone after its chunk's worker died: a death can be another
# chunk's (the pool is shared), and the article may itself be the one that kills.
ATTEMPTS_ALONE = 3
WORKER_DIED = "the worker process died while analysing this article (killed, or out of memory)"


# --- worker side ------------------------------------------------------------------------


@cache
def _resources(actors: tuple[str, ...]) -> Any:
    from dipstat.resources import build_resources, default_resources

    return build_resources(tuple(Path(a) for a in actors)) if actors else default_resources()


def analyze_record(
    key: str, name: str, text: str, meta: dict[str, Any], *, actors: tuple[str, ...] = ()
) -> dict[str, Any]:
    """The output record of one article: its dipstat/1 document, or an error record.

    Args:
        key: the input's identity (``input`` in the record; what ``--resume`` reads).
        name: the article name.
        text: the article text.
        meta: corpus fields (``id``, ``date``, ``source``, ``url``) to carry over.
        actors: extra actor tables, as for ``--actors``.
    """
    from dipstat.pipeline import analyze

    try:
        source = meta.get("source")
        analysis = analyze(
            text,
            name,
            resources=_resources(actors),
            source=source if isinstance(source, str) else None,
        )
        record = analysis.to_dict()
    except Exception as exc:  # a bug on one article must not stop a batch of thousands
        return error_record(key, name, _describe(exc), meta)
    record["input"] = key
    record.update((k, v) for k, v in meta.items() if k != "source")
    return record


def error_record(key: str, name: str, message: str, meta: dict[str, Any]) -> dict[str, Any]:
    """The record standing for an input that could not be analysed."""
    record: dict[str, Any] = {"article": name, "input": key, "error": message}
    record.update((k, v) for k, v in meta.items() if k not in record)
    return record


def _describe(exc: Exception) -> str:
    if isinstance(exc, DipstatError):
        return str(exc)
    return f"internal error: {type(exc).__name__}: {exc}"


def analyze_chunk(chunk: list[Task], actors: tuple[str, ...] = ()) -> list[Outcome]:
    """Analyse a chunk of tasks; one output line per task, in order (runs in a worker)."""
    outcomes: list[Outcome] = []
    for key, name, text, error, meta in chunk:
        if error is not None or text is None:
            record = error_record(key, name, error or "no text", meta)
        else:
            record = analyze_record(key, name, text, meta, actors=actors)
        count = ERROR if "error" in record else len(record["statements"])
        outcomes.append((json_line(record), count))
    return outcomes


def died_outcome(task: Task, message: str = WORKER_DIED) -> Outcome:
    key, name, _, _, meta = task
    return json_line(error_record(key, name, message, meta)), ERROR


def _init_worker(actors: tuple[str, ...]) -> None:
    # Ctrl-C reaches the whole process group; only the parent decides how to stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _resources(actors)


# --- chunks and engines -----------------------------------------------------------------


def chunked(items: Iterable[Item], size: int = CHUNK_SIZE) -> Iterator[list[Task]]:
    """Worker tasks in chunks of ``size``, read lazily."""
    tasks = (item.task() for item in items)
    while chunk := list(islice(tasks, size)):
        yield chunk


def _never() -> bool:
    return False


def default_jobs() -> int:
    """The CPUs this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _mp_context() -> Any:
    # forkserver: workers fork from a clean single-threaded server, never from the
    # parent, whose progress-bar thread could hold a lock at fork time.
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # Import the pipeline (NLTK and all) once in the server, not in every new worker.
    context.set_forkserver_preload(["dipstat.pipeline"])
    return context


class _Pool:
    """A process pool that can be rebuilt after a worker died."""

    def __init__(self, jobs: int, task: ChunkFn, actors: tuple[str, ...]) -> None:
        self.jobs, self.task, self.actors = jobs, task, actors
        self.deaths_in_a_row = 0
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            self.jobs, _mp_context(), initializer=_init_worker, initargs=(self.actors,)
        )

    def submit(self, chunk: list[Task]) -> Future[list[Outcome]]:
        return self.executor.submit(self.task, chunk, self.actors)

    def rebuild(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)
        self.executor = self._start()

    def one_by_one(self, chunk: list[Task]) -> list[Outcome]:
        """Retry each task alone; one that kills its worker again becomes an error record.

        Raises:
            DipstatError: workers died on :data:`MAX_DEATHS_IN_A_ROW` articles in a row.
        """
        outcomes: list[Outcome] = []
        for task in chunk:
            outcomes.extend(self._alone(task))
        return outcomes

    def _alone(self, task: Task) -> list[Outcome]:
        """One task in a pool of its own making; other chunks still in flight can take
        the pool down with them, so a death counts against the article only after
        :data:`ATTEMPTS_ALONE` tries."""
        for _ in range(ATTEMPTS_ALONE):
            try:
                result = self.submit([task]).result()
            except BrokenProcessPool:
                self.rebuild()
                continue
            except Exception as exc:
                return [died_outcome(task, _describe(exc))]
            self.deaths_in_a_row = 0
            return result
        self.deaths_in_a_row += 1
        if self.deaths_in_a_row >= MAX_DEATHS_IN_A_ROW:
            raise DipstatError(
                f"worker processes died on {self.deaths_in_a_row} articles in a row; "
                "giving up (rerun with --resume once the cause is fixed)"
            )
        return [died_outcome(task)]

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


def local_engine(
    jobs: int,
    *,
    actors: tuple[str, ...] = (),
    stop: Callable[[], bool] = _never,
    task: ChunkFn = analyze_chunk,
) -> Engine:
    """The local engine: ``jobs`` worker processes (``jobs`` 1: this process)."""

    def run(chunks: Iterator[list[Task]]) -> Iterator[list[Outcome]]:
        if jobs <= 1:
            for chunk in chunks:
                if stop():
                    return
                yield task(chunk, actors)
            return
        window = _Window(jobs * IN_FLIGHT_PER_WORKER, jobs * AHEAD_PER_WORKER)
        yield from _run_pool(_Pool(jobs, task, actors), chunks, window, stop)

    return run


@dataclass(frozen=True, slots=True)
class _Window:
    """How far a run may get ahead: chunks in flight, and chunks not yet written."""

    in_flight: int
    ahead: int

    def room(self, in_flight: int, submitted: int, written: int) -> bool:
        return in_flight < self.in_flight and submitted - written < self.ahead


def _run_pool(
    pool: _Pool, chunks: Iterator[list[Task]], window: _Window, stop: Callable[[], bool]
) -> Iterator[list[Outcome]]:
    inflight: dict[Future[list[Outcome]], int] = {}
    held: dict[int, list[Task]] = {}  # the tasks of every chunk not yet yielded
    ready: dict[int, list[Outcome]] = {}  # the reorder buffer
    submitted = written = 0
    try:
        while True:
            while window.room(len(inflight), submitted, written) and not stop():
                chunk = next(chunks, None)
                if chunk is None:
                    break
                held[submitted] = chunk
                inflight[pool.submit(chunk)] = submitted
                submitted += 1
            if not inflight:
                return
            done, _ = wait(inflight, timeout=0.25, return_when=FIRST_COMPLETED)
            lost = _collect(done, inflight, ready)
            if lost:
                # A dead worker breaks the whole pool: every chunk still in flight is lost.
                lost += _collect(wait(inflight).done, inflight, ready)
                pool.rebuild()
                for index in sorted(lost):
                    ready[index] = pool.one_by_one(held[index])
            while written in ready:
                held.pop(written)
                yield ready.pop(written)
                written += 1
    finally:
        pool.close()


def _collect(
    done: set[Future[list[Outcome]]],
    inflight: dict[Future[list[Outcome]], int],
    ready: dict[int, list[Outcome]],
) -> list[int]:
    """Move finished futures into ``ready``; return the indexes of chunks that failed."""
    lost = []
    for future in done:
        index = inflight.pop(future)
        try:
            ready[index] = future.result()
        except Exception:
            lost.append(index)
    return lost


def dask_engine(
    scheduler: str,
    *,
    actors: tuple[str, ...] = (),
    stop: Callable[[], bool] = _never,
    retries: int = 2,
    task: ChunkFn = analyze_chunk,
) -> Engine:
    """The Dask engine: chunks become tasks on the cluster at ``scheduler``.

    Dask reschedules the tasks of a worker that died; a chunk whose task still fails
    (``KilledWorker`` after repeated deaths, or an error) is retried article by
    article, and an article that fails again becomes an error record.

    Raises:
        DipstatError: ``distributed`` is not installed, or the scheduler is unreachable.
    """
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise DipstatError("the dask engine needs Dask: pip install 'dipstat[dask]'") from None

    def run(chunks: Iterator[list[Task]]) -> Iterator[list[Outcome]]:
        try:
            client = Client(scheduler, set_as_default=False)  # type: ignore[no-untyped-call]
        except OSError as exc:
            raise DipstatError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        try:
            threads = max(1, sum(client.nthreads().values()))  # type: ignore[no-untyped-call]
            window = _Window(threads * IN_FLIGHT_PER_WORKER, threads * AHEAD_PER_WORKER)

            def submit(chunk: list[Task]) -> Any:
                return client.submit(task, chunk, actors, retries=retries, pure=False)

            def retry(chunk: list[Task]) -> list[Outcome]:
                futures = [submit([one]) for one in chunk]
                outcomes: list[Outcome] = []
                for one, future in zip(chunk, futures, strict=True):
                    try:
                        outcomes.extend(future.result())
                    except Exception as exc:
                        outcomes.append(died_outcome(one, _dask_failure(exc)))
                return outcomes

            completed = as_completed(loop=client.loop)  # type: ignore[no-untyped-call]
            yield from _run_dask(chunks, submit, retry, completed, window, stop)
        finally:
            client.close()  # type: ignore[no-untyped-call]

    return run


def _dask_failure(exc: Exception) -> str:
    if type(exc).__name__ == "KilledWorker":
        return WORKER_DIED
    return _describe(exc)


def _run_dask(
    chunks: Iterator[list[Task]],
    submit: Callable[[list[Task]], Any],
    retry: Callable[[list[Task]], list[Outcome]],
    completed: Any,
    window: _Window,
    stop: Callable[[], bool],
) -> Iterator[list[Outcome]]:
    inflight: dict[Any, int] = {}
    held: dict[int, list[Task]] = {}
    ready: dict[int, list[Outcome]] = {}
    submitted = written = 0
    while True:
        while window.room(len(inflight), submitted, written) and not stop():
            chunk = next(chunks, None)
            if chunk is None:
                break
            held[submitted] = chunk
            future = submit(chunk)
            inflight[future] = submitted
            completed.add(future)
            submitted += 1
        if not inflight:
            return
        future = next(completed)
        index = inflight.pop(future)
        try:
            ready[index] = future.result()
        except Exception:
            ready[index] = retry(held[index])
        future.release()
        while written in ready:
            held.pop(written)
            yield ready.pop(written)
            written += 1


# --- output and the run -----------------------------------------------------------------


class JsonlOutput:
    """An output file written one whole chunk at a time (``-``: standard output)."""

    def __init__(self, path: str, *, append: bool) -> None:
        self.path = path
        self.fd = -1
        if path != "-":
            flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if append else os.O_TRUNC)
            try:
                self.fd = os.open(path, flags, 0o666)
            except OSError as exc:
                raise DipstatError(f"{path}: cannot write ({exc.strerror})") from None

    def write_lines(self, lines: list[str]) -> None:
        """Append whole lines with one ``write`` (a crash can cut at most the last chunk)."""
        text = "".join(line + "\n" for line in lines)
        if self.fd < 0:
            sys.stdout.write(text)
            sys.stdout.flush()
            return
        data = memoryview(text.encode("utf-8"))
        while data:
            data = data[os.write(self.fd, data) :]

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


def done_keys(path: str) -> set[str]:
    """The inputs already in a batch output; a trailing partial line is cut off first.

    Raises:
        DipstatError: the file cannot be read or truncated.
    """
    keys: set[str] = set()
    if path == "-" or not os.path.exists(path):
        return keys
    end = 0
    try:
        with open(path, "rb") as handle:
            for line in handle:
                if not line.endswith(b"\n"):
                    break  # the partial last line of an interrupted write
                end += len(line)
                try:
                    key = json.loads(line).get("input")
                except (json.JSONDecodeError, UnicodeDecodeError, AttributeError):
                    continue
                if isinstance(key, str):
                    keys.add(key)
        if end != os.path.getsize(path):
            os.truncate(path, end)
    except OSError as exc:
        raise DipstatError(f"{path}: cannot resume ({exc.strerror})") from None
    return keys


@dataclass
class BatchStats:
    """What a batch run did."""

    articles: int = 0
    statements: int = 0
    errors: int = 0
    skipped: int = 0
    seconds: float = 0.0
    interrupted: bool = False

    def add(self, outcomes: list[Outcome]) -> None:
        self.articles += len(outcomes)
        for _, count in outcomes:
            if count == ERROR:
                self.errors += 1
            else:
                self.statements += count


def run_batch(
    items: Iterable[Item],
    output: JsonlOutput,
    engine: Engine,
    *,
    skip: set[str] | frozenset[str] = frozenset(),
    chunk_size: int = CHUNK_SIZE,
    on_chunk: Callable[[BatchStats], None] | None = None,
    on_error: Callable[[str], None] | None = None,
    stop: Callable[[], bool] = _never,
) -> BatchStats:
    """Analyse every item not in ``skip`` and write one record per item, in order.

    Args:
        items: the corpus (see :func:`dipstat.corpus.iter_items`).
        output: where the records go.
        engine: :func:`local_engine` or :func:`dask_engine`.
        skip: keys of inputs already done (from :func:`done_keys`).
        chunk_size: articles per worker task.
        on_chunk: called after each chunk is written, for a progress display.
        on_error: called with the message of each error record written.
        stop: polled between chunks; once true, the run finishes the chunks in flight
            and returns with ``interrupted`` set.
    """
    stats = BatchStats()
    started = time.perf_counter()
    exhausted = False

    def todo() -> Iterator[Item]:
        nonlocal exhausted
        for item in items:
            if item.key in skip:
                stats.skipped += 1
            else:
                yield item
        exhausted = True

    for outcomes in engine(chunked(todo(), chunk_size)):
        output.write_lines([line for line, _ in outcomes])
        stats.add(outcomes)
        if on_error:
            for line, count in outcomes:
                if count == ERROR:
                    on_error(str(json.loads(line)["error"]))
        stats.seconds = time.perf_counter() - started
        if on_chunk:
            on_chunk(stats)
    stats.seconds = time.perf_counter() - started
    stats.interrupted = not exhausted
    return stats
