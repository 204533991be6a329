"""Reading articles: bytes in, text out, with the encoding recorded.

dipstat decodes bytes itself so that a BOM, UTF-16 or a legacy Windows code page
never turns into mojibake or a traceback: UTF-8 (with or without BOM) first, UTF-16 or
UTF-32 when a BOM says so, then cp1252 when the bytes are not UTF-8 but look like text
(the guess is recorded in :attr:`Article.encoding_guessed`).  Nothing is normalised
but line ends: curly quotes stay curly.  Binary files are refused with an
:class:`~dipstat.errors.InputError` naming the file.
"""

from __future__ import annotations

import codecs
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from dipstat.errors import InputError

DEFAULT_MAX_BYTES = 5_000_000  # a long news feature is ~100 KB; 5 MB leaves room for dumps
ARTICLE_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm")
STDIN_NAME = "<stdin>"  # the article name of text read from standard input
LEGACY_ENCODING = "cp1252"  # the guess for text that is not UTF-8: Windows Western
_CONTROL_SHARE = 0.02  # share of C0 control bytes above which a file is binary


@dataclass(frozen=True, slots=True)
class Article:
    """One input article."""

    name: str
    text: str
    encoding: str
    encoding_guessed: bool = False
    meta: tuple[tuple[str, object], ...] = ()


def max_bytes() -> int:
    """The largest article dipstat accepts (``DIPSTAT_MAX_BYTES`` overrides)."""
    value = os.environ.get("DIPSTAT_MAX_BYTES", "")
    return int(value) if value.isdigit() else DEFAULT_MAX_BYTES


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode article bytes; returns (text, encoding name).

    Raises:
        InputError: the bytes are binary, undecodable or too large; names ``name``.
    """
    limit = max_bytes()
    if len(data) > limit:
        raise InputError(
            f"{name}: over the {limit:,}-byte article limit (set DIPSTAT_MAX_BYTES to raise it)"
        )
    bom = next((enc for boms, enc in _BOMS if data.startswith(boms)), None)
    if bom:
        text, encoding = _strict(data, bom, name), bom
    elif b"\x00" in data:
        raise InputError(f"{name}: looks like a binary file (NUL bytes), not an article")
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = _legacy(data, name), LEGACY_ENCODING
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if text and controls / len(text) > _CONTROL_SHARE:
        raise InputError(f"{name}: looks like a binary file (control bytes), not an article")
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding


# Longest BOM first: the UTF-32 LE BOM begins with the UTF-16 LE one.
_BOMS = (
    ((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE), "utf-32"),
    ((codecs.BOM_UTF8,), "utf-8-sig"),
    ((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE), "utf-16"),
)


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not valid {encoding} at byte {exc.start}") from None


def _legacy(data: bytes, name: str) -> str:
    try:
        return data.decode(LEGACY_ENCODING)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: cannot decode: not UTF-8, UTF-16 or cp1252 (byte {exc.start})"
        ) from None


def read_article(source: str) -> Article:
    """Read one article from a path, or from standard input for ``-``.

    Raises:
        InputError: missing, unreadable, binary or undecodable input.
    """
    # Read one byte over the limit, so that decode() can refuse a huge file without
    # the whole of it in memory.
    limit = max_bytes() + 1
    if source == "-":
        data = sys.stdin.buffer.read(limit)
        name = STDIN_NAME
    else:
        path = Path(source)
        if path.is_dir():
            suffixes = ", ".join(ARTICLE_SUFFIXES)
            raise InputError(f"{source}: a directory with no article files ({suffixes})")
        try:
            with path.open("rb") as handle:
                data = handle.read(limit)
        except FileNotFoundError:
            raise InputError(f"{source}: no such file") from None
        except OSError as exc:
            raise InputError(f"{source}: cannot read ({exc.strerror})") from None
        name = path.name
    text, encoding = decode(data, name)
    if name.lower().endswith((".html", ".htm")):
        from dipstat.corpus import html_text  # only for web pages: html.parser stays unloaded

        text = html_text(text)
    return Article(name, text, encoding, encoding_guessed=encoding == LEGACY_ENCODING)


def expand_inputs(sources: Iterable[str]) -> Iterator[str]:
    """Files as given; a directory replaced by its article files, recursively, sorted.

    Hidden files and directories (``.name``) are skipped.  A directory without any
    article file is yielded as itself, so that :func:`read_article` reports it.
    """
    for source in sources:
        path = Path(source)
        if source == "-" or not path.is_dir():
            yield source
            continue
        found = sorted(
            p
            for p in path.rglob("*")
            if p.suffix.lower() in ARTICLE_SUFFIXES
            and not any(part.startswith(".") for part in p.relative_to(path).parts)
            and p.is_file()
        )
        yield from (str(p) for p in found) if found else (source,)
