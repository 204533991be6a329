"""Property tests: generated articles never break the pipeline or its output contract.

Hypothesis builds articles from hostile pieces (issue 7, part 1): text in every script,
right-to-left and zero-width characters, emoji, every kind of quotation mark,
unbalanced and nested quotes, quotes inside quotes, long paragraphs, text without
punctuation, nothing but quotation marks or cue verbs, very long names and control
characters.  Whatever the input, :func:`check_analysis` must hold:

- no exception;
- every statement's ``start``/``end`` and ``parts`` lie inside the article, and
  ``text`` is the article slice (for a split quote: its parts joined by one space);
- ids are unique and ``responds_to`` names an earlier statement;
- the document is valid dipstat/1 (:func:`validate_document`, written here so the
  tests need no jsonschema) and survives the JSON writer of the CLI unchanged.

The example counts add up to more than 2,000 (``TOTAL_EXAMPLES``); the generated
articles stay small (a few KB) so the file runs in about a minute on two cores.  Very
large inputs are hand-written in ``test_adversarial.py``, which runs each under a time
limit.  ``test_adversarial`` and ``test_offline`` import the checks from here.
"""

from __future__ import annotations

import json
import math
import os
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dipstat import analyze
from dipstat.model import SCHEMA, Analysis, Kind, Stance
from dipstat.render.records import json_line
from dipstat.resources import Resources

# ---------------------------------------------------------------------------------
# The contract every analysis must keep, whatever the input.

STANCES = frozenset(s.value for s in Stance)
KINDS = frozenset(k.value for k in Kind)
ACTOR_SOURCES = frozenset(
    {"mention", "earlier mention", "office table", "user table", "dateline", "article"}
)
_STR = (str,)
_OPT_STR = (str, type(None))
_NUMBER = (int, float)
_OPT_NUMBER = (int, float, type(None))
_OPT_INT = (int, type(None))
# Every key of a dipstat/1 statement as dipstat writes it, in order, with its types.
STATEMENT_FIELDS: dict[str, tuple[type, ...]] = {
    "id": _STR,
    "speaker": _OPT_STR,
    "actor": _OPT_STR,
    "kind": _STR,
    "cue": _OPT_STR,
    "text": _STR,
    "target": _OPT_STR,
    "target_actor": _OPT_STR,
    "stance": _OPT_STR,
    "responds_to": _OPT_STR,
    "start": (int,),
    "end": (int,),
    "parts": (list,),
    "cue_start": _OPT_INT,
    "cue_lemma": _OPT_STR,
    "speaker_mention": _OPT_STR,
    "role": _OPT_STR,
    "actor_source": _OPT_STR,
    "stance_confidence": _OPT_NUMBER,
    "evidence": (list,),
    "cameo": _OPT_STR,
    "goldstein": _OPT_NUMBER,
    "reply_evidence": _OPT_STR,
    "confidence": _NUMBER,
}
DOCUMENT_FIELDS: dict[str, tuple[type, ...]] = {
    "schema": _STR,
    "article": _OPT_STR,
    "source": _OPT_STR,
    "statements": (list,),
}


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_type(where: str, key: str, value: Any, types: tuple[type, ...]) -> None:
    assert not isinstance(value, bool), f"{where}.{key}: bool {value!r}"
    assert isinstance(value, types), f"{where}.{key}: {type(value).__name__} {value!r}"
    if isinstance(value, float):
        assert math.isfinite(value), f"{where}.{key}: {value!r}"


def validate_document(doc: Any, article: str) -> None:
    """Assert that ``doc`` is a dipstat/1 document of ``article`` (the article text).

    Checks every key and type of the document and its statements, the closed label
    sets (nine stances, three kinds, the actor sources), number ranges, the offsets
    against the article and the links between statements.
    """
    assert isinstance(doc, dict), type(doc)
    assert set(DOCUMENT_FIELDS) <= set(doc), sorted(doc)
    assert set(doc) <= {*DOCUMENT_FIELDS, "encoding"}, sorted(doc)
    for key, types in DOCUMENT_FIELDS.items():
        _check_type("document", key, doc[key], types)
    assert doc["schema"] == SCHEMA
    seen: set[str] = set()
    for number, statement in enumerate(doc["statements"]):
        where = f"statements[{number}]"
        assert isinstance(statement, dict), f"{where}: {type(statement).__name__}"
        assert list(statement) == list(STATEMENT_FIELDS), f"{where}: keys {list(statement)}"
        for key, types in STATEMENT_FIELDS.items():
            _check_type(where, key, statement[key], types)
        _check_statement(where, statement, article, seen)
        seen.add(statement["id"])


def _check_statement(where: str, s: dict[str, Any], article: str, earlier: set[str]) -> None:
    assert s["id"] and s["id"] not in earlier, f"{where}: id {s['id']!r} not unique"
    assert s["kind"] in KINDS, f"{where}: kind {s['kind']!r}"
    assert s["stance"] is None or s["stance"] in STANCES, f"{where}: stance {s['stance']!r}"
    if s["responds_to"] is not None:
        assert s["responds_to"] in earlier, f"{where}: responds_to {s['responds_to']!r} not earlier"
    parts = s["parts"]
    assert parts, f"{where}: no parts"
    previous_end = 0
    for part in parts:
        assert isinstance(part, list) and len(part) == 2, f"{where}: part {part!r}"
        start, end = part
        assert _is_int(start) and _is_int(end), f"{where}: part {part!r}"
        assert previous_end <= start <= end <= len(article), f"{where}: part {part!r} outside"
        previous_end = end
    assert s["start"] == parts[0][0] and s["end"] == parts[-1][1], f"{where}: start/end {parts}"
    joined = " ".join(article[a:b] for a, b in parts)
    assert s["text"] == joined, f"{where}: text {s['text']!r} is not the article's {joined!r}"
    if s["cue_start"] is not None:
        assert 0 <= s["cue_start"] < len(article), f"{where}: cue_start {s['cue_start']}"
    assert all(isinstance(e, str) for e in s["evidence"]), f"{where}: evidence {s['evidence']!r}"
    assert s["actor_source"] is None or s["actor_source"] in ACTOR_SOURCES, s["actor_source"]
    assert 0 <= s["confidence"] <= 1, f"{where}: confidence {s['confidence']}"
    if s["stance_confidence"] is not None:
        assert 0 <= s["stance_confidence"] <= 1, f"{where}: {s['stance_confidence']}"
    if s["goldstein"] is not None:
        assert -10 <= s["goldstein"] <= 10, f"{where}: goldstein {s['goldstein']}"


def check_analysis(analysis: Analysis, article: str) -> dict[str, Any]:
    """Assert every invariant of one analysis of ``article``; returns its document."""
    for statement in analysis.statements:
        assert statement.parts, statement
        assert statement.text == " ".join(article[p.start : p.end] for p in statement.parts)
    doc = analysis.to_dict()
    validate_document(doc, article)
    line = json_line(doc)  # what `dipstat ... --format json` prints
    assert "\n" not in line
    assert json.loads(line) == doc
    assert json.loads(json.dumps(doc)) == doc
    return doc


def run_checked(text: str, res: Resources) -> dict[str, Any]:
    """Analyse ``text`` and check every invariant; returns the dipstat/1 document."""
    return check_analysis(analyze(text, "generated.txt", resources=res), text)


# ---------------------------------------------------------------------------------
# Building blocks of generated articles.

# Every quotation mark dipstat pairs, and the ones it does not know but news uses.
QUOTE_MARKS = (
    '"',
    "'",
    "“",
    "”",
    "„",
    "‟",
    "‘",
    "’",
    "‚",
    "‛",
    "«",
    "»",
    "‹",
    "›",
    "「",
    "」",
    "『",
    "』",
    "〝",
    "〞",
    "＂",
    "＇",
    "″",
    "`",
    "´",
)
PAIRS = (("“", "”"), ('"', '"'), ("‘", "’"), ("'", "'"), ("«", "»"), ("„", "“"), ("‹", "›"))
CUES = (
    "said",
    "says",
    "told reporters",
    "stated",
    "denied",
    "rejected",
    "dismissed",
    "urged",
    "warned",
    "accused",
    "criticized",
    "praised",
    "called on",
    "according to",
    "wrote",
    "added",
    "insisted",
    "threatened",
    "welcomed",
    "hit back",
    "In response,",
)
NAMES = (
    "Guo Jiakun",
    "Kaja Kallas",
    "Maria Zakharova",
    "Jane Doe",
    "Tom Roe",
    "Kim Yo-jong",
    "António Guterres",
    "Recep Tayyip Erdoğan",
    "Сергей Лавров",
    "王毅",
    "محمد بن سلمان",
    "בנימין נתניהו",
    "Mr. O'Brien",
    "Dr. A. B. Smith Jr.",
)
SPEAKERS = (
    *NAMES,
    "he",
    "she",
    "they",
    "Beijing",
    "the Kremlin",
    "Washington",
    "the ministry",
    "a foreign ministry spokesperson",
    "officials",
    "the EU",
    "NATO",
    "China",
    "Russia",
)
TITLES = ("President", "Foreign Minister", "spokesman", "Prime Minister", "Ambassador", "")
CONTENT_WORDS = (
    "we",
    "will",
    "never",
    "accept",
    "the",
    "proposal",
    "claim",
    "is",
    "false",
    "sanctions",
    "peace",
    "talks",
    "must",
    "stop",
    "provocation",
    "remarks",
    "irresponsible",
    "support",
    "our",
    "partners",
    "that",
    "and",
    "not",
    "without",
    "irony",
    "China",
    "Russia",
    "Ukraine",
    "United States",
    "U.S.",
    "EU",
)
# Characters that break naive text handling: zero-width and bidi controls, BOM, line
# and paragraph separators, NBSP, C0/C1 controls, combining marks, emoji sequences.
INVISIBLE = (
    "\u200b",
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\u200e",
    "\u200f",
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\u061c",
    "\u00a0",
    "\u2028",
    "\u2029",
    "\u0085",
    "\x00",
    "\x01",
    "\x07",
    "\x08",
    "\x0b",
    "\x0c",
    "\x1b",
    "\x1c",
    "\x1d",
    "\x1e",
    "\x1f",
    "\x7f",
    "\x9b",
    "\r",
    "\t",
    "\u0301",
    "\u0308",
    "👍",
    "🇨🇳",
    "👨‍👩‍👧",
    "🏳️‍🌈",
    "ﷺ",
    "\U0001d400",
)
SCRIPTS = (
    "Ελλάδα",
    "Україна",
    "中华人民共和国外交部",
    "日本の外務省",
    "대한민국",
    "السعودية",
    "ישראל",
    "भारत",
    "ประเทศไทย",
    "Ἀθῆναι",
    "İstanbul",
    "ß",
    "ﬁ",
    "Ⅻ",
    "²",
    "٣",
)
DATELINES = ("BEIJING – ", "KYIV, Ukraine (AP) — ", "Paris: ", "WASHINGTON:", "Moscow - ")
PUNCTUATION = (".", ",", ":", ";", "!", "?", "—", "–", "-", "(", ")", "[", "]", "…", "...", "/")

word = st.sampled_from(CONTENT_WORDS)
any_text = st.text(st.characters(codec="utf-8"), max_size=40)
piece = st.one_of(
    word,
    st.sampled_from(QUOTE_MARKS),
    st.sampled_from(CUES),
    st.sampled_from(SPEAKERS),
    st.sampled_from(INVISIBLE),
    st.sampled_from(SCRIPTS),
    st.sampled_from(PUNCTUATION),
    any_text,
)
separator = st.sampled_from((" ", " ", " ", "", "\n", "\n\n", "  ", "\t"))


@st.composite
def soup(draw: st.DrawFn, pieces: st.SearchStrategy[str], max_pieces: int = 60) -> str:
    """Pieces joined by random separators (spaces, none, newlines)."""
    items = draw(st.lists(pieces, max_size=max_pieces))
    return "".join(item + draw(separator) for item in items)


@st.composite
def content(draw: st.DrawFn) -> str:
    """What a statement says, possibly with a quoted fragment or a nested quotation."""
    words = draw(st.lists(word, min_size=1, max_size=14))
    if draw(st.booleans()):
        open_, close = draw(st.sampled_from(PAIRS))
        i = draw(st.integers(0, len(words) - 1))
        j = draw(st.integers(i, len(words) - 1))
        words[i] = open_ + words[i]
        if draw(st.integers(0, 3)):  # sometimes left unbalanced
            words[j] = words[j] + close
    return " ".join(words)


@st.composite
def speaker(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(SPEAKERS))
    title = draw(st.sampled_from(TITLES))
    return f"{title} {name}".strip() if name[0].isupper() else name


@st.composite
def sentence(draw: st.DrawFn) -> str:
    """One news sentence in one of the shapes reported speech takes."""
    who, cue, said = draw(speaker()), draw(st.sampled_from(CUES)), draw(content())
    open_, close = draw(st.sampled_from(PAIRS))
    shape = draw(st.integers(0, 9))
    if shape == 0:
        return f"{who} {cue} that {said}."
    if shape == 1:
        return f"{open_}{said},{close} {who} {cue}."
    if shape == 2:
        more = draw(content())
        return f"{open_}{said},{close} {who} {cue}, {open_}{more}.{close}"
    if shape == 3:
        return f"{who} {cue}: {open_}{said}.{close}"
    if shape == 4:
        return f"{open_}{said}{close}: {who}"
    if shape == 5:
        return f"{cue} {who}, {said}."
    if shape == 6:
        return f"{who}, {draw(content())}, {cue} {said}."
    if shape == 7:
        inner_open, inner_close = draw(st.sampled_from(PAIRS))
        inner = draw(content())
        return f"{open_}{said} {inner_open}{inner}{inner_close} {said}{close} {who} {cue}."
    if shape == 8:
        return f"{who} {cue} {open_}{said}"  # never closed
    return f"{said}."


@st.composite
def news(draw: st.DrawFn) -> str:
    """A short article: an optional headline and dateline, paragraphs of sentences."""
    paragraphs = []
    if draw(st.booleans()):
        paragraphs.append(draw(content()).title())
    for _ in range(draw(st.integers(1, 6))):
        sentences = draw(st.lists(sentence(), min_size=1, max_size=4))
        paragraphs.append(" ".join(sentences))
    if draw(st.booleans()):
        paragraphs[0] = draw(st.sampled_from(DATELINES)) + paragraphs[0]
    return draw(st.sampled_from(("\n", "\n\n", "\r\n", "\n \n"))).join(paragraphs)


@st.composite
def mutated(draw: st.DrawFn, base: st.SearchStrategy[str]) -> str:
    """``base`` with hostile characters inserted at random places."""
    text = draw(base)
    for _ in range(draw(st.integers(1, 12))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(INVISIBLE + QUOTE_MARKS + SCRIPTS)) + text[at:]
    return text


# DIPSTAT_PROPERTY_SCALE=10 runs ten times the examples (a deeper search before a release).
SCALE = max(1, int(os.environ.get("DIPSTAT_PROPERTY_SCALE", "1") or 1))


def _settings(examples: int) -> settings:
    return settings(
        max_examples=examples * SCALE,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# Examples per test; their sum is what a CI run generates (issue 7: at least 2,000).
EXAMPLES = {
    "random_unicode": 300,
    "soup": 300,
    "news": 400,
    "mutated_news": 300,
    "quote_marks_only": 200,
    "nested_quotes": 200,
    "cue_verbs_only": 150,
    "no_punctuation": 100,
    "long_names": 100,
    "long_paragraph": 30,
    "control_characters": 150,
}
TOTAL_EXAMPLES = sum(EXAMPLES.values())


def test_enough_generated_cases() -> None:
    assert TOTAL_EXAMPLES >= 2000


# ---------------------------------------------------------------------------------
# The properties.


@_settings(EXAMPLES["random_unicode"])
@given(st.text(st.characters(codec="utf-8"), max_size=400))
def test_random_unicode(res: Resources, text: str) -> None:
    run_checked(text, res)


@_settings(EXAMPLES["soup"])
@given(soup(piece))
def test_soup_of_hostile_pieces(res: Resources, text: str) -> None:
    run_checked(text, res)


@_settings(EXAMPLES["news"])
@given(news())
def test_news_like_articles(res: Resources, text: str) -> None:
    run_checked(text, res)


@_settings(EXAMPLES["mutated_news"])
@given(mutated(news()))
def test_news_with_hostile_characters(res: Resources, text: str) -> None:
    run_checked(text, res)


@_settings(EXAMPLES["quote_marks_only"])
@given(soup(st.sampled_from(QUOTE_MARKS), max_pieces=200))
def test_only_quotation_marks(res: Resources, text: str) -> None:
    run_checked(text, res)


@st.composite
def nested(draw: st.DrawFn, depth: int = 0) -> str:
    """Quotes inside quotes, some left open or closed twice."""
    open_, close = draw(st.sampled_from(PAIRS))
    inner = draw(nested(depth + 1)) if depth < 6 and draw(st.booleans()) else draw(content())
    tail = draw(st.sampled_from((close, close, "", close + close)))
    return f"{open_}{draw(content())} {inner}{tail}"


@_settings(EXAMPLES["nested_quotes"])
@given(st.lists(st.tuples(speaker(), st.sampled_from(CUES), nested()), min_size=1, max_size=4))
def test_nested_and_unbalanced_quotes(res: Resources, items: list[tuple[str, str, str]]) -> None:
    text = " ".join(f"{who} {cue}: {said}" for who, cue, said in items)
    run_checked(text, res)


@_settings(EXAMPLES["cue_verbs_only"])
@given(soup(st.sampled_from(CUES), max_pieces=300))
def test_only_cue_verbs(res: Resources, text: str) -> None:
    run_checked(text, res)


@_settings(EXAMPLES["no_punctuation"])
@given(st.lists(st.one_of(word, st.sampled_from(CUES), st.sampled_from(SPEAKERS)), max_size=300))
def test_no_punctuation(res: Resources, words: list[str]) -> None:
    text = " ".join(w.replace(",", "").replace(".", "") for w in words)
    run_checked(text, res)


@_settings(EXAMPLES["long_names"])
@given(
    st.lists(
        st.text(st.characters(categories=("Lu", "Ll", "Lo")), min_size=1, max_size=30),
        min_size=5,
        max_size=60,
    ),
    st.sampled_from(CUES),
    content(),
)
def test_very_long_names(res: Resources, parts: list[str], cue: str, said: str) -> None:
    name = " ".join(p.capitalize() for p in parts)
    text = f"{name} {cue} that {said}. “{said},” {cue} {name}-{name}."
    run_checked(text, res)


@_settings(EXAMPLES["long_paragraph"])
@given(news(), st.integers(2_000, 12_000))
def test_long_single_paragraph(res: Resources, chunk: str, size: int) -> None:
    line = " ".join(chunk.split("\n"))
    text = (line + " ") * (size // (len(line) + 1) + 1)
    run_checked(text, res)


@_settings(EXAMPLES["control_characters"])
@given(
    st.lists(
        st.one_of(
            st.characters(categories=("Cc", "Cf", "Zl", "Zp", "Zs", "Mn")),
            sentence(),
        ),
        max_size=30,
    )
)
def test_control_and_format_characters(res: Resources, items: list[str]) -> None:
    run_checked("".join(items), res)
