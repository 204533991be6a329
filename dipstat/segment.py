"""Text segmentation: paragraphs, sentences, tokens and quotation spans.

Takes the article text and returns a :class:`Document` whose every offset points into
that text.  Sentences come from NLTK's Punkt algorithm with dipstat's own abbreviation
list (no downloaded model); tokens from a regular expression.  This is the only module
that imports nltk.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
import sys
import types
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, partial
from itertools import accumulate, chain
from typing import Any, NamedTuple

from dipstat.model import Span

# One token: an initialism with periods (U.S., U.N.), a word with inner hyphens or
# apostrophes left intact except a possessive 's, a number, or any other single char.
# Every alternative is a simple run, so the pattern cannot backtrack badly.  (The
# initialism spells out its first two letters so that an ordinary word fails it at
# its second character, before any repeat is entered.)
_TOKEN = re.compile(
    r"[A-Za-z]\.[A-Za-z]\.(?:[A-Za-z]\.)*"
    r"|[^\W_ʼ]+(?:[-'’ʼ][^\W_ʼ]+)*(?<![’'ʼ][sS])"
    r"|['’ʼ][sS]\b"
    r"|[^\s]",
)
# The same, as a group for split(): the tokens and the white space between them come
# back as one list of strings, and their offsets follow from the lengths.
_TOKEN_SPLIT = re.compile(f"({_TOKEN.pattern})")
_POSSESSIVE_TAIL = re.compile(r"[’'ʼ]s\Z", re.IGNORECASE)

# A dateline opens a story: "BEIJING –", "ISLAMABAD:", "Islamabad:", "KYIV, Ukraine (AP) —".
_DATELINE = re.compile(
    r"\A\s*(?P<place>[A-Z][A-Za-z.\- ]{1,40}?)(?:,\s*[A-Z][A-Za-z. ]{1,30})?"
    r"(?:\s*\([A-Za-z]{1,12}\))?\s*(?:[–—-]{1,2}|:)\s+"
)

DOUBLE_OPEN = "“„«‹"
DOUBLE_CLOSE = "”»›"
SINGLE_OPEN = "‘‚"
SINGLE_CLOSE = "’"
STRAIGHT = "\"'"
QUOTE_CHARS = frozenset(DOUBLE_OPEN + DOUBLE_CLOSE + SINGLE_OPEN + SINGLE_CLOSE + STRAIGHT)
PUNKT_CHUNK = 20_000  # characters of one paragraph given to Punkt at a time
_BREAK_CANDIDATE = re.compile(r"[.?!][\"'”’»)\]]*\s")
_QUOTE_MARK = re.compile("[" + re.escape("".join(sorted(QUOTE_CHARS))) + "]")
# A break candidate Punkt always confirms: a word of two or more ASCII letters and a
# period, then a space and a letter, digit or opening quote, or a closing mark.  Unless
# the word is an abbreviation, Punkt's first pass makes it a break that its second pass
# keeps (it is no initial, number, ellipsis or collocation), and a token follows it.
_PLAIN_BREAK = re.compile(r"(?P<word>[A-Za-z]{2,})\.(?: [A-Za-z0-9“‘\"]|[”’\"'»)])")
# A plain paragraph's sentence ends (see _plain_spans): the word before the period,
# the closing quotes Punkt realigns, what opens the next sentence, and the characters
# Punkt takes for white space when it looks for the word before a period.
_PLAIN_WORD = re.compile(r"[A-Za-z]{2,}")
_CLOSING_QUOTES = '”"’'
_NEXT_SENTENCE = re.compile(r" [“‘\"]?[A-Za-z0-9]")
_PUNKT_SPACES = " \t\n\r\x0b\x0c"
_ABBREVIATION = re.compile(r"[A-Za-z]+(?:\.[A-Za-z]+)+|[A-Za-z]{2,}")
_WORD_AFTER_ABBREVIATION = re.compile(r" [A-Za-z0-9][A-Za-z0-9,'’-]*(?= |\Z)")


class Token(NamedTuple):
    """A token with its offsets; ``lower`` is stored because every stage compares it.

    A named tuple rather than a frozen dataclass: an article has thousands of tokens,
    and a tuple is built several times faster.
    """

    text: str
    start: int
    end: int
    lower: str


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    paragraph: int
    tokens: tuple[Token, ...]


@dataclass(frozen=True, slots=True)
class Paragraph:
    index: int
    start: int
    end: int
    headline: bool
    dateline: Span | None


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation: the spans inside its marks (several when it runs over paragraphs)."""

    parts: tuple[Span, ...]
    outer: Span
    double: bool
    closed: bool

    @property
    def start(self) -> int:
        return self.parts[0].start

    @property
    def end(self) -> int:
        return self.parts[-1].end


@dataclass(frozen=True, slots=True)
class Document:
    text: str
    paragraphs: tuple[Paragraph, ...]
    sentences: tuple[Sentence, ...]
    quotes: tuple[Quote, ...]
    dateline: str | None
    tokens: tuple[Token, ...] = ()
    # where each token starts: the later stages look tokens up by offset hundreds of
    # times per article, and a plain bisect needs no Python key call per step
    token_starts: tuple[int, ...] = field(init=False, repr=False, compare=False)
    # where each sentence starts, for the same reason: the reply stage looks up the
    # sentence of every statement
    sentence_starts: tuple[int, ...] = field(init=False, repr=False, compare=False)
    # a statement's tokens and lower-case words, asked for by every later stage: found
    # once per span of text (the document is immutable, so the answers never go stale)
    _statement_tokens: dict[object, tuple[Token, ...]] = field(
        init=False, repr=False, compare=False
    )
    _statement_words: dict[object, tuple[str, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "token_starts", tuple([t.start for t in self.tokens]))
        object.__setattr__(self, "sentence_starts", tuple([s.start for s in self.sentences]))
        object.__setattr__(self, "_statement_tokens", {})
        object.__setattr__(self, "_statement_words", {})

    def tokens_in(self, start: int, end: int) -> tuple[Token, ...]:
        """The article's tokens that lie inside [start, end), in order."""
        first = bisect_left(self.token_starts, start)
        last = bisect_left(self.token_starts, end)
        while last > first and self.tokens[last - 1].end > end:
            last -= 1  # a token that starts inside but runs past the end
        return self.tokens[first:last]

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence that holds ``offset`` (or ends right at it)."""
        index = bisect_right(self.sentence_starts, offset) - 1
        if index >= 0 and offset <= self.sentences[index].end:
            return self.sentences[index]
        return None

    def paragraph_at(self, offset: int) -> Paragraph:
        """The paragraph that holds ``offset``, else the last one before it."""
        index = bisect_right(self.paragraphs, offset, key=_paragraph_start) - 1
        return self.paragraphs[max(0, index)]

    def tokens_of(self, parts: tuple[Span, ...]) -> tuple[Token, ...]:
        """The tokens of a statement's parts (a split quote has several)."""
        key = _parts_key(parts)
        found = self._statement_tokens.get(key)
        if found is None:
            if len(parts) == 1:
                found = self.tokens_in(parts[0].start, parts[0].end)
            else:
                found = tuple(t for part in parts for t in self.tokens_in(part.start, part.end))
            self._statement_tokens[key] = found
        return found

    def words_of(self, parts: tuple[Span, ...]) -> tuple[str, ...]:
        """The lower-case words of a statement's parts."""
        key = _parts_key(parts)
        found = self._statement_words.get(key)
        if found is None:
            found = tuple([t.lower for t in self.tokens_of(parts)])
            self._statement_words[key] = found
        return found


def _parts_key(parts: tuple[Span, ...]) -> object:
    if len(parts) == 1:
        return (parts[0].start, parts[0].end)
    return tuple([(part.start, part.end) for part in parts])


def _paragraph_start(paragraph: Paragraph) -> int:
    return paragraph.start


_new_token = partial(tuple.__new__, Token)

_NLTK_PACKAGES = ("nltk", "nltk.tokenize")


def _punkt_module() -> types.ModuleType:
    """NLTK's Punkt module, imported without running NLTK's package ``__init__``.

    ``import nltk`` loads parsers, corpus readers and translation metrics (about 200 ms
    here), while Punkt needs three small modules.  The two packages stand as bare
    namespaces while those load; afterwards every ``nltk`` entry is taken out of
    ``sys.modules`` again (dipstat keeps its private copy of Punkt), so a later
    ``import nltk`` by the caller loads the whole toolkit as usual.  If anything about
    that fails, the ordinary import is used.
    """
    if "nltk" in sys.modules:
        return importlib.import_module("nltk.tokenize.punkt")
    try:
        for name in _NLTK_PACKAGES:
            spec = importlib.util.find_spec(name)
            if spec is None or spec.submodule_search_locations is None:
                raise ImportError(name)
            package = types.ModuleType(name)
            package.__path__ = list(spec.submodule_search_locations)
            package.__spec__ = spec
            sys.modules[name] = package
        return importlib.import_module("nltk.tokenize.punkt")
    except ImportError:
        _forget_nltk()
        return importlib.import_module("nltk.tokenize.punkt")
    finally:
        if isinstance(sys.modules.get("nltk"), types.ModuleType) and not hasattr(
            sys.modules["nltk"], "__file__"
        ):
            _forget_nltk()


def _forget_nltk() -> None:
    for name in [m for m in sys.modules if m == "nltk" or m.startswith("nltk.")]:
        del sys.modules[name]


@cache
def sentence_splitter(abbreviations: frozenset[str]) -> Any:
    """A Punkt splitter that knows dipstat's abbreviations (built once per list)."""
    punkt = _punkt_module()
    params = punkt.PunktParameters()
    params.abbrev_types = set(abbreviations)
    splitter = punkt.PunktSentenceTokenizer(params)
    splitter.text_contains_sentbreak = _confirm_plain_breaks(
        splitter.text_contains_sentbreak, abbreviations
    )
    return splitter


def _confirm_plain_breaks(
    decide: Callable[[str], bool], abbreviations: frozenset[str]
) -> Callable[[str], bool]:
    """Punkt's decision on one break candidate's context, answered without Punkt for
    the plain "word. Next" case: Punkt builds and annotates tokens for every candidate,
    which made it most of the segmentation time, and plain breaks are most candidates."""

    def contains_break(context: str) -> bool:
        plain = _PLAIN_BREAK.match(context)
        if plain is not None and plain["word"].lower() not in abbreviations:
            return True
        return decide(context)

    return contains_break


def tokenize(text: str, start: int, end: int) -> tuple[Token, ...]:
    """Tokens of ``text[start:end]`` with offsets into ``text``.

    Built column by column by C functions and through ``tuple.__new__`` (the named
    tuple's own constructor is a Python function): no Python code runs per token,
    and this runs for every token of every article.  Splitting the slice gives the
    same tokens as searching ``text`` between the offsets: a look-behind reaching
    before the slice could only turn a one-letter word into the same one-letter token.
    """
    pieces = _TOKEN_SPLIT.split(text[start:end])  # gap, token, gap, ..., token, gap
    words = pieces[1::2]
    offsets = list(accumulate(map(len, pieces), initial=start))  # where each piece starts
    columns = zip(words, offsets[1:-1:2], offsets[2::2], map(str.lower, words), strict=True)
    return tuple(map(_new_token, columns))


def segment(
    text: str, *, abbreviations: frozenset[str], boilerplate: tuple[tuple[str, int], ...]
) -> Document:
    """Split an article into paragraphs, sentences, tokens and quotations.

    Args:
        text: the article as decoded text.
        abbreviations: lower-case abbreviations without their final period.
        boilerplate: (lower-case line prefix, max words) pairs of lines to drop.

    Returns:
        The segmented document; boilerplate paragraphs are left out.
    """
    splitter = sentence_splitter(abbreviations)
    paragraphs = _paragraphs(text, boilerplate)
    sentences: list[Sentence] = []
    for para in paragraphs:
        body_start = para.dateline.end if para.dateline else para.start
        for a, b in _sentence_spans(splitter, abbreviations, text, body_start, para.end):
            sentences.append(Sentence(a, b, para.index, tokenize(text, a, b)))
    quotes = find_quotes(text, paragraphs)
    dateline = None
    first_body: Paragraph | None
    if paragraphs and paragraphs[0].dateline is None and len(paragraphs) > 1:
        first_body = paragraphs[1]
    else:
        first_body = paragraphs[0] if paragraphs else None
    for candidate in (paragraphs[0], first_body) if paragraphs else ():
        if candidate is not None and candidate.dateline is not None:
            match = _DATELINE.match(text, candidate.dateline.start, candidate.dateline.end)
            dateline = match.group("place").strip() if match else None
            break
    tokens = tuple(chain.from_iterable(sentence.tokens for sentence in sentences))
    return Document(text, tuple(paragraphs), tuple(sentences), quotes, dateline, tokens)


def _sentence_spans(
    splitter: Any, abbreviations: frozenset[str], text: str, start: int, end: int
) -> list[tuple[int, int]]:
    """Sentence spans of one paragraph.  Punkt only ever breaks after ., ? or ! followed
    by white space, so a paragraph with no such place inside it is one sentence and
    need not go through Punkt (a third of news paragraphs, headlines included); one
    whose every break is plain gets Punkt's spans from :func:`_plain_spans`."""
    body = text[start:end]
    stripped_end = len(body.rstrip())
    if not any(m.start() < stripped_end - 1 for m in _BREAK_CANDIDATE.finditer(body)):
        first = len(body) - len(body.lstrip())
        return [(start + first, start + stripped_end)] if stripped_end > first else []
    plain = _plain_spans(body, abbreviations)
    if plain is not None:
        return [(start + a, start + b) for a, b in plain]
    spans: list[tuple[int, int]] = []
    for offset, chunk in _chunks(body):
        try:
            found = list(splitter.span_tokenize(chunk))
        except TimeoutError:
            # NLTK guards Punkt's regular expressions with a wall-clock limit; an
            # abbreviation-dense run can hit it.  Split at the break candidates instead.
            found = _plain_breaks(chunk)
        spans.extend((start + offset + a, start + offset + b) for a, b in found)
    return spans


def _plain_spans(body: str, abbreviations: frozenset[str]) -> list[tuple[int, int]] | None:
    """Punkt's sentence spans of a paragraph whose sentences all end in plain breaks,
    else None.

    Plain means: no ? or !, and every period but a final one ends a word of two or
    more letters that is no abbreviation, maybe followed by a closing quote, then one
    space and a letter or digit (or an opening quote and one).  Punkt finds exactly
    those periods as candidates, confirms each (see ``_PLAIN_BREAK``), starts the next
    sentence at the letter and realigns only the closing quote into the sentence it
    closes, so the spans follow without running it: most news paragraphs are plain.

    Two more kinds of period leave a paragraph plain.  One followed by a letter or
    digit ("U.S", "3.5") is no candidate.  One ending an abbreviation of letters and
    inner periods ("U.S.", "Gen.") before a space and a word without ., ?, ! or quotes
    is a candidate Punkt never breaks at: the abbreviation is no initial or number, the
    orthographic heuristic cannot confirm a break without trained parameters, and no
    token of the context is a break followed by another token.
    """
    if len(body) > PUNKT_CHUNK or not body or body[0].isspace() or "?" in body or "!" in body:
        return None
    spans = []
    begin = 0
    spaces = [space for space in _PUNKT_SPACES if space in body]  # mostly just " "
    period = body.find(".")
    while period != -1:
        end = period + 1  # the sentence's end: after the period and a closing quote
        if end < len(body) and body[end].isascii() and body[end].isalnum():
            period = body.find(".", end)  # inside a word: no candidate
            continue
        if end < len(body) and body[end] in _CLOSING_QUOTES:
            end += 1
        if end == len(body):
            break  # the paragraph's last sentence
        word_start = max([body.rfind(space, 0, period) for space in spaces], default=-1) + 1
        word = body[word_start:period]
        if word.lower() in abbreviations:
            if not (_ABBREVIATION.fullmatch(word) and _WORD_AFTER_ABBREVIATION.match(body, end)):
                return None
            period = body.find(".", end)  # Punkt keeps the abbreviation in its sentence
            continue
        if not _PLAIN_WORD.fullmatch(body, word_start, period) or not _NEXT_SENTENCE.match(
            body, end
        ):
            return None
        spans.append((begin, end))
        begin = end + 1
        period = body.find(".", begin)
    spans.append((begin, len(body.rstrip())))
    return spans


def _chunks(body: str) -> list[tuple[int, str]]:
    """The paragraph cut at break candidates into pieces of at most PUNKT_CHUNK
    characters, so Punkt never sees one huge paragraph."""
    if len(body) <= PUNKT_CHUNK:
        return [(0, body)]
    pieces: list[tuple[int, str]] = []
    begin = 0
    last_break = 0
    for match in _BREAK_CANDIDATE.finditer(body):
        if match.end() - begin > PUNKT_CHUNK and last_break > begin:
            pieces.append((begin, body[begin:last_break]))
            begin = last_break
        last_break = match.end()
    while len(body) - begin > PUNKT_CHUNK and last_break <= begin:
        pieces.append((begin, body[begin : begin + PUNKT_CHUNK]))  # no break at all
        begin += PUNKT_CHUNK
    pieces.append((begin, body[begin:]))
    return pieces


def _plain_breaks(chunk: str) -> list[tuple[int, int]]:
    """Sentence spans cut at every break candidate (Punkt's fallback)."""
    spans = []
    begin = 0
    for match in _BREAK_CANDIDATE.finditer(chunk):
        spans.append((begin, match.end() - 1))
        begin = match.end()
    if chunk[begin:].strip():
        spans.append((begin, len(chunk.rstrip())))
    return [(a + len(chunk[a:b]) - len(chunk[a:b].lstrip()), b) for a, b in spans if b > a]


def _paragraphs(text: str, boilerplate: tuple[tuple[str, int], ...]) -> list[Paragraph]:
    paragraphs: list[Paragraph] = []
    # one C-level startswith() rules out most lines before the rule-by-rule check
    prefixes = tuple(prefix for prefix, _ in boilerplate)
    for match in re.finditer(r"[^\n]+", text):
        line = match.group()
        stripped = line.strip()
        if not stripped or (
            stripped.lower().startswith(prefixes) and _is_boilerplate(stripped, boilerplate)
        ):
            continue
        start = match.start() + (len(line) - len(line.lstrip()))
        end = match.start() + len(line.rstrip())
        index = len(paragraphs)
        headline = index == 0 and stripped[-1] not in ".!?”\"'’:" and len(stripped.split()) <= 25
        dateline = None
        if index <= 1 and not headline:
            found = _DATELINE.match(text, start, end)
            if (found and found.group("place").split()[0].isupper()) or (
                found and found.group().rstrip().endswith(":") and len(found.group()) < 25
            ):
                dateline = Span(start, found.end()) if found else None
        paragraphs.append(Paragraph(index, start, end, headline, dateline))
    return paragraphs


def _is_boilerplate(line: str, rules: tuple[tuple[str, int], ...]) -> bool:
    lower = line.lower()
    words = len(line.split())
    return any(lower.startswith(prefix) and words <= max_words for prefix, max_words in rules)


def find_quotes(text: str, paragraphs: list[Paragraph]) -> tuple[Quote, ...]:
    """Pair quotation marks paragraph by paragraph.

    A paragraph that opens a double quotation it never closes continues into the next
    paragraph when that one opens with a quotation mark (news style for long quotes).
    """
    quotes: list[Quote] = []
    pending: list[Span] = []
    for para in paragraphs:
        found, unclosed = _paragraph_quotes(text, para.start, para.end)
        if pending:
            opens_with_quote = text[para.start] in DOUBLE_OPEN + '"'
            if opens_with_quote and found and found[0].outer.start == para.start:
                first = found.pop(0)
                pending.extend(first.parts)
                quotes.append(
                    Quote(tuple(pending), Span(pending[0].start - 1, first.outer.end), True, True)
                )
                pending = []
            elif opens_with_quote and unclosed is not None and unclosed.start == para.start + 1:
                pending.append(unclosed)
                unclosed = None
            else:
                quotes.append(_unterminated(pending))
                pending = []
        quotes.extend(found)
        if unclosed is not None:
            pending = [unclosed]
    if pending:
        quotes.append(_unterminated(pending))
    quotes.sort(key=lambda q: q.start)
    return tuple(quotes)


def _unterminated(parts: list[Span]) -> Quote:
    return Quote(tuple(parts), Span(parts[0].start - 1, parts[-1].end), True, False)


def _is_opening(text: str, i: int, start: int, end: int) -> bool:
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < end else " "
    return (
        before.isspace() or before in "([{—–-:;,/" or before in QUOTE_CHARS
    ) and not after.isspace()


def _is_closing(text: str, i: int, start: int, end: int) -> bool:
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < end else " "
    return not before.isspace() and (after.isspace() or not after.isalnum())


def _paragraph_quotes(text: str, start: int, end: int) -> tuple[list[Quote], Span | None]:
    """Quotes inside one paragraph, and the content span of a double quote left open."""
    quotes: list[Quote] = []
    double_open: int | None = None
    single_open: int | None = None
    for mark in _QUOTE_MARK.finditer(text, start, end):
        i = mark.start()
        ch = text[i]
        if ch in DOUBLE_OPEN or (
            ch == '"' and double_open is None and _is_opening(text, i, start, end)
        ):
            if double_open is None:
                double_open, single_open = i, None
            continue
        if ch in DOUBLE_CLOSE or ch == '"':
            if double_open is not None:
                quotes.append(
                    Quote((Span(double_open + 1, i),), Span(double_open, i + 1), True, True)
                )
                double_open, single_open = None, None
            continue
        # single marks: an apostrophe has letters on both sides, or closes a plural possessive
        if (
            single_open is None
            and (ch in SINGLE_OPEN or ch == "'")
            and _is_opening(text, i, start, end)
        ):
            single_open = i
        elif (
            single_open is not None
            and ch in SINGLE_CLOSE + "'"
            and _is_closing(text, i, start, end)
        ):
            if double_open is None:
                quotes.append(
                    Quote((Span(single_open + 1, i),), Span(single_open, i + 1), False, True)
                )
            single_open = None
    unclosed = Span(double_open + 1, end) if double_open is not None else None
    return quotes, unclosed


def possessive_base(token: str) -> str:
    """``Kallas’s`` → ``Kallas``; other tokens unchanged."""
    if len(token) < 2 or token[-2] not in "’'ʼ":
        return token  # most words: no need to run the expression
    return _POSSESSIVE_TAIL.sub("", token)
