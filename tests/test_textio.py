"""Reading articles: bytes in, text out, with the encoding recorded and curly quotes kept."""

from __future__ import annotations

import codecs
import io
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dipstat.errors import InputError
from dipstat.textio import (
    ARTICLE_SUFFIXES,
    LEGACY_ENCODING,
    STDIN_NAME,
    decode,
    expand_inputs,
    read_article,
)

TEXT = (
    "Foreign Minister Jane Doe said: “We will respond firmly — and soon.” Ruritania’s envoy agreed."
)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),  # Python writes the BOM
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
        (TEXT.encode("utf-32"), "utf-32"),
        (TEXT.encode("cp1252"), LEGACY_ENCODING),  # curly quotes are bytes 0x93/0x94 there
    ],
)
def test_decode_each_encoding_keeps_curly_quotes(data: bytes, encoding: str) -> None:
    text, found = decode(data, "a.txt")
    assert (text, found) == (TEXT, encoding)
    assert "“" in text and "’" in text and '"' not in text


def test_line_ends_are_normalised_and_nothing_else() -> None:
    text, _ = decode("One,\r\ntwo\rthree\n\t“four”".encode(), "a.txt")
    assert text == "One,\ntwo\nthree\n\t“four”"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (NUL bytes)"),
        (bytes(range(1, 32)) * 4 + b"abc", "binary file (control bytes)"),
        (codecs.BOM_UTF8 + b"caf\xc3", "not valid utf-8-sig"),
        (b"the minister said \x81\x8d", "cannot decode"),  # bytes cp1252 leaves undefined
    ],
)
def test_undecodable_or_binary_is_one_error_naming_the_file(data: bytes, message: str) -> None:
    with pytest.raises(InputError) as caught:
        decode(data, "report.bin")
    text = str(caught.value)
    assert text.startswith("report.bin: ") and message in text and "\n" not in text


def test_a_few_escape_sequences_are_text_not_binary() -> None:
    article = "Jane Doe said \x1b[31mno\x1b[0m. " + "The talks went on for hours. " * 10
    assert decode(article.encode(), "a.txt")[0] == article


def test_size_limit(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DIPSTAT_MAX_BYTES", "100")
    path = tmp_path / "long.txt"
    path.write_text("word " * 100, encoding="utf-8")
    with pytest.raises(InputError, match=r"long\.txt: over the 100-byte article limit"):
        read_article(str(path))


@given(st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=200))
def test_decode_round_trips_unicode_text(text: str) -> None:
    for encoding in ("utf-8", "utf-8-sig", "utf-16", "utf-32"):
        assert decode(text.encode(encoding), "a.txt")[0] == text


def test_read_article_file(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_bytes(TEXT.encode("cp1252"))
    article = read_article(str(path))
    assert (article.name, article.text) == ("note.txt", TEXT)
    assert article.encoding == LEGACY_ENCODING and article.encoding_guessed


def test_read_article_errors_name_the_input(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"^nowhere\.txt: no such file$"):
        read_article("nowhere.txt")
    with pytest.raises(InputError, match="a directory with no article files"):
        read_article(str(tmp_path))


def test_read_article_from_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = io.TextIOWrapper(io.BytesIO(codecs.BOM_UTF8 + TEXT.encode()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    article = read_article("-")
    assert (article.name, article.text, article.encoding) == (STDIN_NAME, TEXT, "utf-8-sig")
    assert not article.encoding_guessed


def test_expand_inputs(tmp_path: Path) -> None:
    (tmp_path / "news" / "2024").mkdir(parents=True)
    (tmp_path / "news" / ".cache").mkdir()
    (tmp_path / "empty").mkdir()
    for name in ("news/b.txt", "news/2024/a.md", "news/notes.pdf", "news/.cache/c.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    news, empty = str(tmp_path / "news"), str(tmp_path / "empty")
    found = list(expand_inputs(["-", "file.txt", news, empty]))
    assert found == [
        "-",
        "file.txt",
        str(tmp_path / "news" / "2024" / "a.md"),
        str(tmp_path / "news" / "b.txt"),
        empty,  # kept, so that reading it reports "no article files"
    ]
    assert ".md" in ARTICLE_SUFFIXES


def test_html_file_is_reduced_to_its_text(tmp_path: Path) -> None:
    from dipstat.textio import read_article

    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><p>Oslo said the talks had failed.</p><script>x = 1</script></body></html>",
        encoding="utf-8",
    )
    text = read_article(str(page)).text
    assert "Oslo said the talks had failed." in text
    assert "<" not in text and "x = 1" not in text
