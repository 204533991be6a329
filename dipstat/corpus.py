"""Corpus readers: command-line inputs in, a lazy stream of :class:`Item` out.

An input is an article file (``.txt``; ``.html``/``.htm`` reduced to their article
text), a directory (walked recursively, sorted, one directory at a time), a JSON Lines
corpus (``.jsonl``, ``.ndjson``, optionally ``.gz``: one article per line with
``text`` and optional ``id``, ``date``, ``source``, ``url``), or ``-`` for standard
input (a JSON Lines corpus when its first line is a JSON object, else one article).
Nothing is read before it is needed, so a corpus of any size streams in constant
memory.  A line that already holds a dipstat/1 document (the output of
``dipstat batch``) is passed on as a document, for ``dipstat network``.

Each item carries a *key*, its stable identity across runs (the path of a file;
``PATH#ID`` or ``PATH:LINE`` for a corpus line), which ``--resume`` uses to skip
inputs already done.  A problem with one input becomes an item with ``error`` set,
never an exception, so a batch goes on.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import IO, Any

from dipstat.errors import InputError
from dipstat.textio import decode, max_bytes

TEXT_SUFFIXES = (".txt", ".text", ".md")
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
META_FIELDS = ("id", "date", "source", "url")  # corpus fields carried into the output
STDIN = "-"


@dataclass(frozen=True, slots=True)
class Item:
    """One input: an article to analyse, a document already analysed, or an error."""

    key: str
    name: str
    text: str | None = None
    error: str | None = None
    meta: tuple[tuple[str, Any], ...] = ()
    document: dict[str, Any] | None = field(default=None, compare=False, hash=False)

    def task(self) -> tuple[str, str, str | None, str | None, dict[str, Any]]:
        """The plain tuple a worker process receives (cheap to pickle)."""
        return (self.key, self.name, self.text, self.error, dict(self.meta))


def iter_items(sources: Iterable[str], *, skip: str | None = None) -> Iterator[Item]:
    """Every input of ``sources`` in order, read lazily.

    Args:
        sources: paths, directories, JSON Lines corpora, or ``-`` for stdin.
        skip: a path never to read (the batch output file, should it lie in an input
            directory).
    """
    skip_real = os.path.realpath(skip) if skip and skip != STDIN else None
    for source in sources:
        if source == STDIN:
            yield from _stdin_items()
        elif os.path.isdir(source):
            for path in _walk(source):
                if os.path.realpath(path) != skip_real:
                    yield _file_item(path, os.path.relpath(path, source))
        elif source.lower().endswith(JSONL_SUFFIXES):
            yield from _corpus_items(source)
        else:
            yield _file_item(source, os.path.basename(source))


def count_items(sources: Iterable[str]) -> int:
    """How many items :func:`iter_items` will yield (0 for stdin); for a progress bar."""
    total = 0
    for source in sources:
        if source == STDIN:
            continue
        if os.path.isdir(source):
            total += sum(1 for _ in _walk(source))
        elif source.lower().endswith(JSONL_SUFFIXES):
            try:
                with _open_corpus(source) as handle:
                    total += sum(1 for line in handle if line.strip())
            except OSError:
                total += 1
        else:
            total += 1
    return total


def _walk(directory: str) -> Iterator[str]:
    """Article files under ``directory``, depth first, each directory sorted by name."""
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):  # hidden, as in textio.expand_inputs
            continue
        if entry.is_dir():
            yield from _walk(entry.path)
        elif entry.is_file() and entry.name.lower().endswith(TEXT_SUFFIXES + HTML_SUFFIXES):
            yield entry.path


def _file_item(path: str, name: str) -> Item:
    try:
        data = Path(path).read_bytes()
        text, encoding = decode(data, name)
    except FileNotFoundError:
        return Item(path, name, error=f"{path}: no such file")
    except IsADirectoryError:
        return Item(path, name, error=f"{path}: is a directory")
    except OSError as exc:
        return Item(path, name, error=f"{path}: cannot read ({exc.strerror})")
    except InputError as exc:
        return Item(path, name, error=str(exc))
    if path.lower().endswith(HTML_SUFFIXES):
        text = html_text(text)
    meta = (("encoding", encoding),) if encoding != "utf-8" else ()
    return Item(path, name, text=text, meta=meta)


def _open_corpus(path: str) -> IO[bytes] | gzip.GzipFile:
    if path.lower().endswith(".gz"):
        return gzip.open(path, "rb")
    return open(path, "rb")  # the caller closes it


def _corpus_items(path: str) -> Iterator[Item]:
    try:
        handle = _open_corpus(path)
    except OSError as exc:
        reason = "no such file" if isinstance(exc, FileNotFoundError) else exc.strerror
        yield Item(path, os.path.basename(path), error=f"{path}: cannot read ({reason})")
        return
    with handle:
        yield from _lines_items(handle, path, os.path.basename(path))


def _stdin_items() -> Iterator[Item]:
    stream = sys.stdin.buffer
    first = stream.readline()
    if first.lstrip().startswith(b"{"):
        yield from _lines_items(_chain([first], stream), STDIN, "<stdin>")
        return
    limit = max_bytes()
    data = first + stream.read(limit + 1 - len(first))
    try:
        text, encoding = decode(data, "<stdin>")
    except InputError as exc:
        yield Item(STDIN, "<stdin>", error=str(exc))
        return
    meta = (("encoding", encoding),) if encoding != "utf-8" else ()
    yield Item(STDIN, "<stdin>", text=text, meta=meta)


def _chain(first: list[bytes], rest: Iterable[bytes]) -> Iterator[bytes]:
    yield from first
    yield from rest


def _lines_items(lines: Iterable[bytes], path: str, label: str) -> Iterator[Item]:
    for number, raw in enumerate(lines, 1):
        if raw.strip():
            yield _line_item(raw, path, label, number)


def _line_item(raw: bytes, path: str, label: str, number: int) -> Item:
    key, name = f"{path}:{number}", f"{label}:{number}"
    if len(raw) > max_bytes():
        return Item(key, name, error=f"{name}: line of {len(raw):,} bytes is over the limit")
    try:
        record = json.loads(raw)
    except UnicodeDecodeError:
        return Item(key, name, error=f"{name}: not UTF-8")
    except json.JSONDecodeError as exc:
        return Item(key, name, error=f"{name}: not JSON ({exc.msg})")
    if not isinstance(record, dict):
        return Item(key, name, error=f"{name}: not a JSON object")
    if isinstance(record.get("statements"), list) and "text" not in record:
        doc_key = record.get("input")
        return Item(doc_key if isinstance(doc_key, str) else key, name, document=record)
    ident = record.get("id")
    if isinstance(ident, (str, int)) and not isinstance(ident, bool) and str(ident):
        key, name = f"{path}#{ident}", str(ident)
    meta = tuple((f, record[f]) for f in META_FIELDS if record.get(f) is not None)
    if "error" in record and "text" not in record:
        return Item(key, name, error=f"{name}: error record: {record['error']}", meta=meta)
    text = record.get("text")
    if not isinstance(text, str):
        found = "no 'text' field" if text is None else f"'text' is a {type(text).__name__}"
        return Item(key, name, error=f"{name}: {found}", meta=meta)
    return Item(key, name, text=text.replace("\r\n", "\n").replace("\r", "\n"), meta=meta)


# --- HTML -----------------------------------------------------------------------------

# Elements whose text is never article text: code, navigation, page furniture, and
# photo captions (SCHEMA.md counts captions as boilerplate).
_SKIP = frozenset(
    "head script style noscript template svg nav header footer aside form button select "  # noqa: SIM905
    "option iframe figure figcaption menu dialog".split()
)
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())  # noqa: SIM905
_BLOCK = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol blockquote br hr tr table section article main pre "  # noqa: SIM905
    "dd dt dl address".split()
)
_SPACE = re.compile(r"\s+")


class _ArticleText(HTMLParser):
    """Collects block texts, separately for inside and outside ``<article>``.

    A skipped element is tracked by its tag name alone, so unclosed ``<p>`` or ``<li>``
    inside a ``<nav>`` cannot swallow the rest of the page.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_tag: str | None = None
        self.skip_depth = 0
        self.article_depth = 0
        self.page: list[str] = []
        self.article: list[str] = []
        self.current: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            if tag in _BLOCK:
                self._end_block()
            return
        if self.skip_tag == "head" and tag == "body":  # an unclosed <head>
            self.skip_tag = None
        if self.skip_tag:
            self.skip_depth += tag == self.skip_tag
            return
        if tag in _SKIP:
            self.skip_tag, self.skip_depth = tag, 1
            return
        if tag in _BLOCK:
            self._end_block()
        if tag == "article":
            self.article_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if self.skip_tag:
            if tag == self.skip_tag:
                self.skip_depth -= 1
                self.skip_tag = self.skip_tag if self.skip_depth else None
            return
        if tag in _BLOCK:
            self._end_block()
        if tag == "article" and self.article_depth:
            self.article_depth -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip_tag:
            self.current.append(data)

    def _end_block(self) -> None:
        block = _SPACE.sub(" ", "".join(self.current)).strip()
        self.current = []
        if block:
            self.page.append(block)
            if self.article_depth:
                self.article.append(block)


def html_text(markup: str) -> str:
    """The article text of an HTML page: its ``<article>`` if it has one, else the body.

    Scripts, styles, navigation, headers, footers, asides, forms and captions are
    dropped; each paragraph, heading or list item becomes one line.
    """
    parser = _ArticleText()
    parser.feed(markup)
    parser.close()
    parser._end_block()
    blocks = parser.article or parser.page
    return "\n".join(blocks) + ("\n" if blocks else "")
