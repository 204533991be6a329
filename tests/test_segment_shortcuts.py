"""Segmentation shortcuts give exactly what they stand in for.

Plain paragraphs skip Punkt, plain break candidates skip Punkt's token pass, and the
tokenizer splits a slice instead of searching the article: each is compared with the
slow path on generated text.
"""

from __future__ import annotations

import random
import re

from dipstat.resources import Resources
from dipstat.segment import _plain_spans, _punkt_module, sentence_splitter, tokenize

_WORDS = ["said", "He", "minister", "ok", "Beijing", "x", "2024", "We", "Mr", "U.S.", "café"]
_WORDS += ["Jr", "no", "tab\tword", "ſs", "e.g.", "(AP)", "Gen.", "a.m.", "3.5", "it?", "x-y"]
_GAPS = [" ", " ", ". ", ". ", ".  ", ".\t", ".” ", '." ', ".’ ", ". “", ". ‘", ", ", "? ", "."]
_ENDS = ["", ".", ".”", '."', "?", "”"]


def _paragraphs(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    found = []
    for _ in range(count):
        words = [rng.choice(_WORDS) + rng.choice(_GAPS) for _ in range(rng.randint(1, 8))]
        found.append(("".join(words) + rng.choice(_WORDS) + rng.choice(_ENDS)).strip())
    return [p for p in found if p]


def test_plain_paragraphs_get_punkts_spans(res: Resources) -> None:
    splitter = sentence_splitter(res.abbreviations)
    plain = 0
    for body in _paragraphs(20_000, seed=1):
        spans = _plain_spans(body, res.abbreviations)
        if spans is not None:
            plain += 1
            assert spans == list(splitter.span_tokenize(body)), body
    assert plain > 1000  # the generator makes enough plain paragraphs to mean something


def test_plain_breaks_get_punkts_decision(res: Resources) -> None:
    punkt = _punkt_module()
    params = punkt.PunktParameters()
    params.abbrev_types = set(res.abbreviations)
    slow = punkt.PunktSentenceTokenizer(params)
    fast = sentence_splitter(res.abbreviations)
    for body in _paragraphs(5_000, seed=2):
        for _, context in slow._match_potential_end_contexts(body):
            expected = slow.text_contains_sentbreak(context)
            assert fast.text_contains_sentbreak(context) == expected, context


_SEARCHED = re.compile(
    r"(?:[A-Za-z]\.){2,}|[^\W_]+(?:[-'’][^\W_]+)*(?<![’'][sS])(?<![’'])|['’][sS]\b|[^\s]"
)


def test_tokens_are_those_of_searching_the_article() -> None:
    rng = random.Random(3)
    pieces = ["U.S.", "a.", "b", ".", "’s", "'S", "x-y", " ", "don’t", "A.B", "İ", "\u200b", "\n"]
    for _ in range(5_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 10)))
        start, end = sorted(rng.randint(0, len(text)) for _ in range(2))
        expected = [
            (m[0], m.start(), m.end(), m[0].lower()) for m in _SEARCHED.finditer(text, start, end)
        ]
        assert [tuple(t) for t in tokenize(text, start, end)] == expected, (text, start, end)
