"""Segmentation: sentences with dipstat's abbreviations, tokens, quotes, boilerplate."""

from __future__ import annotations

from dipstat.resources import Resources
from dipstat.segment import segment


def _doc(text: str, res: Resources):  # type: ignore[no-untyped-def]
    return segment(text, abbreviations=res.abbreviations, boilerplate=res.boilerplate)


def test_abbreviations_do_not_end_sentences(res: Resources) -> None:
    text = "The U.S. envoy met Gen. Ortiz on Jan. 5 in Geneva. Talks resumed the next day."
    doc = _doc(text, res)
    assert [text[s.start : s.end] for s in doc.sentences] == [
        "The U.S. envoy met Gen. Ortiz on Jan. 5 in Geneva.",
        "Talks resumed the next day.",
    ]


def test_offsets_point_into_original_text(res: Resources) -> None:
    text = "  Héllo “world”, said Ms. Lee.\n\nSecond paragraph — with a dash."
    doc = _doc(text, res)
    for sentence in doc.sentences:
        for token in sentence.tokens:
            assert text[token.start : token.end] == token.text
    assert [p.index for p in doc.paragraphs] == [0, 1]


def test_curly_straight_single_and_angle_quotes(res: Resources) -> None:
    text = 'He said “one two”, then "three four" and «five six» and ‘seven eight’.'
    inner = [text[q.start : q.end] for q in _doc(text, res).quotes]
    assert inner == ["one two", "three four", "five six", "seven eight"]


def test_apostrophes_are_not_quotes(res: Resources) -> None:
    text = "Kallas’s remarks and the ministers’ meeting didn’t change Seoul's view."
    assert _doc(text, res).quotes == ()


def test_quote_running_over_paragraphs_is_one_quote(res: Resources) -> None:
    text = "“We will not yield to pressure.\n“Our position is firm,” the minister said."
    quotes = _doc(text, res).quotes
    assert len(quotes) == 1
    assert [text[p.start : p.end] for p in quotes[0].parts] == [
        "We will not yield to pressure.",
        "Our position is firm,",
    ]


def test_boilerplate_lines_are_dropped(res: Resources) -> None:
    text = (
        "By Anna Petrova\nMoscow said the talks failed.\n"
        "Read Also: Ministers meet in Vienna\nPhoto: Reuters"
    )
    doc = _doc(text, res)
    kept = [text[p.start : p.end] for p in doc.paragraphs]
    assert kept == ["Moscow said the talks failed."]


def test_dateline_is_found_and_kept_out_of_the_first_sentence(res: Resources) -> None:
    text = "SEOUL – South Korea lodged a protest on Tuesday.\nMore text follows here."
    doc = _doc(text, res)
    assert doc.dateline == "SEOUL"
    assert text[doc.sentences[0].start :].startswith("South Korea")


def test_nltk_stays_whole_for_callers_after_punkt_loads() -> None:
    # segment imports Punkt without NLTK's package __init__; a caller's own
    # `import nltk` afterwards must still get the complete toolkit.
    import subprocess
    import sys

    code = (
        "import dipstat; dipstat.analyze('Oslo said the talks failed.'); "
        "import nltk; from nltk.tokenize import TreebankWordTokenizer; "
        "assert callable(nltk.word_tokenize); print(TreebankWordTokenizer().tokenize('a b.'))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "'b'" in done.stdout


def test_library_refuses_an_article_over_the_limit() -> None:
    import pytest

    from dipstat import analyze
    from dipstat.errors import InputError

    with pytest.raises(InputError, match="over the 1,000-byte article limit"):
        analyze("Oslo said the talks failed. " * 100, "big.txt", max_bytes=1_000)
    assert analyze("Oslo said the talks failed.", max_bytes=1_000).statements


def test_statement_tokens_and_words_are_found_once_and_agree(res: Resources) -> None:
    from dipstat.model import Span

    doc = _doc("Hanoi said the talks had Failed.", res)
    parts = (Span(11, 31),)
    tokens = doc.tokens_of(parts)
    assert doc.tokens_of(parts) is tokens  # remembered, not rebuilt
    assert doc.words_of(parts) == ("the", "talks", "had", "failed")
    split = (Span(0, 5), Span(15, 20))
    assert [t.text for t in doc.tokens_of(split)] == ["Hanoi", "talks"]
