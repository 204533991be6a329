"""Reading articles: bytes in, text out, with the encoding recorded.

dipstat decodes bytes itself so that a BOM, UTF-16 or a legacy Windows code page
never turns into mojibake or a traceback: UTF-8 (with or without BOM) first, UTF-16
when a BOM says so, then cp1252 when the bytes are not UTF-8 but look like text.
Binary files are refused with an :class:`~dipstat.errors.InputError`.
"""

from __future__ import annotations

import codecs
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from dipstat.errors import InputError

DEFAULT_MAX_BYTES = 5_000_000  # a long news feature is ~100 KB; 5 MB leaves room for dumps
ARTICLE_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm")
_CONTROL_SHARE = 0.02  # share of C0 control bytes above which a file is binary


@dataclass(frozen=True, slots=True)
class Article:
    """One input article."""

    name: str
    text: str
    encoding: str
    meta: tuple[tuple[str, object], ...] = ()


def max_bytes() -> int:
    """The largest article dipstat accepts (``DIPSTAT_MAX_BYTES`` overrides)."""
    value = os.environ.get("DIPSTAT_MAX_BYTES", "")
    return int(value) if value.isdigit() else DEFAULT_MAX_BYTES


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode article bytes; returns (text, encoding name).

    Raises:
        InputError: the bytes are binary or too large.
    """
    limit = max_bytes()
    if len(data) > limit:
        raise InputError(
            f"{name}: {len(data):,} bytes is over the {limit:,}-byte article limit "
            "(set DIPSTAT_MAX_BYTES to raise it)"
        )
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", name), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", name), "utf-16"
    if b"\x00" in data:
        raise InputError(f"{name}: looks like a binary file (NUL bytes), not an article")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _legacy(data, name)
        encoding = "cp1252"
    else:
        encoding = "utf-8"
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if text and controls / len(text) > _CONTROL_SHARE:
        raise InputError(f"{name}: looks like a binary file (control bytes), not an article")
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not valid {encoding} at byte {exc.start}") from None


def _legacy(data: bytes, name: str) -> str:
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: cannot decode: not UTF-8, UTF-16 or cp1252 (byte {exc.start})"
        ) from None


def read_article(source: str) -> Article:
    """Read one article from a path, or from standard input for ``-``.

    Raises:
        InputError: missing, unreadable, binary or undecodable input.
    """
    if source == "-":
        data = sys.stdin.buffer.read()
        name = "<stdin>"
    else:
        path = Path(source)
        if path.is_dir():
            raise InputError(f"{source}: is a directory (pass the files, or use 'dipstat batch')")
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise InputError(f"{source}: no such file") from None
        except OSError as exc:
            raise InputError(f"{source}: cannot read ({exc.strerror})") from None
        name = path.name
    text, encoding = decode(data, name)
    return Article(name, text, encoding)


def expand_inputs(sources: list[str]) -> Iterator[str]:
    """Files as given; directories replaced by their article files, sorted, recursively."""
    for source in sources:
        path = Path(source)
        if source != "-" and path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
            )
            yield from (str(p) for p in found)
        else:
            yield source
