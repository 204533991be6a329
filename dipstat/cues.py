"""Cue matching and the extent of what a cue reports.

Takes one *unit* of an article (a sentence, or several when a quotation spans them)
and finds the reporting cues outside quotation marks, each cue's subject phrase (the
speaker mention) and the token range of its reported content.  Returns index ranges
only; :mod:`dipstat.quotes` turns them into statements.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property, lru_cache
from typing import NamedTuple

from dipstat.model import Stance
from dipstat.phrases import (
    POSSESSIVES,
    is_capitalized,
    is_pronoun,
    phrase_left,
    phrase_right,
    skip_left,
)
from dipstat.resources import Cue, Resources
from dipstat.segment import Token

_NOUN_REPORT_OPENERS = frozenset({"a", "an", "the"}) | POSSESSIVES
_NOUN_REPORT_LINKS = frozenset({"that", "from", "by"})
_DETERMINERS = (
    frozenset(
        {
            "the",
            "a",
            "an",
            "its",
            "his",
            "her",
            "their",
            "our",
            "this",
            "these",
            "those",
            "that",
            "such",
            "any",
            "member",
        }
    )
    | POSSESSIVES
)
_THAT = frozenset({"that"})
_COORDINATION_REACH = 3  # words of the second name in "X and the U.S. call"
_WARNED_OF = frozenset({"of", "against", "over", "about"})
_PERFECT = frozenset({"has", "have", "had"})  # "has hit back": the base form is a participle
_BE_FORMS = frozenset({"is", "are", "was", "were", "be", "been", "being"})
# words after which a bare verb form is a verb: "we urge", "to reject", "and call"
_BASE_FORM_OPENERS = frozenset(
    {
        "i",
        "we",
        "you",
        "they",
        "to",
        "and",
        "or",
        "not",
        "also",
        "who",
        "that",
        "which",
        ",",
        "“",
        '"',
    }
)
# the only tokens at which _breaks_clause can end a clause (besides "and" and a token
# before "but"/"while"): checking them first keeps the scan cheap
_BREAK_TOKENS = frozenset({";", ":", ",", "”", '"'})
# "welcomed the talks but criticized the closure": a second cue verb of the same subject
COORDINATORS = frozenset({"and", "but", "yet"})
_CLAUSE_BREAKERS = frozenset({"but", "while", "whereas", "although", "though"})
# A reported clause outside quotation marks is cut after this many tokens: real ones
# run to a few dozen words (50 at most in our development stories), and the cap keeps
# a run-on "sentence" of cues linear in time and in output size.
MAX_CLAUSE_TOKENS = 80
_MAX_APPOSITIVES = 3  # "X, spokesperson for Y, in a statement, said": two asides seen in news
_ADJUNCT_SPAN = 8  # "said in a statement on Monday that": tokens between a cue and its "that"
_ADDRESSEE_SPAN = 5  # "told reporters in Geneva that": addressee and adjunct before "that"


_APPOSITIVE_REACH = 30  # tokens from the sentence start to an unclosed appositive's end
_CLAUSE_PUNCTUATION = frozenset({";", ":", "(", ")", "\u2013", "\u2014"})


class Unit(NamedTuple):
    """Tokens of one attribution unit, with the quote (or -1) and sentence of each token.

    This and :class:`CueMatch` are named tuples rather than frozen dataclasses because
    every sentence and cue makes one, and a tuple is built several times faster.
    """

    tokens: tuple[Token, ...]
    quote_of: tuple[int, ...]
    sentence_start: tuple[int, ...]
    sentence_end: tuple[int, ...]
    paragraph: int


class CueMatch(NamedTuple):
    start: int
    end: int  # exclusive
    entry: Cue
    text_start: int  # token where the displayed cue starts (auxiliaries included)


class CueList(list[CueMatch]):
    """The cue matches of one unit, in order, with an index by their first token."""

    @cached_property
    def by_start(self) -> dict[int, CueMatch]:
        return {c.start: c for c in self}


def find_cues(unit: Unit, res: Resources) -> CueList:
    """Cue matches outside quotes, longest first, coordinated cues merged."""
    tokens = unit.tokens
    matches = CueList()
    cue_first = res.cue_first
    # most tokens start no cue: one comprehension finds those that can
    openers = [i for i, token in enumerate(tokens) if token.lower in cue_first]
    resume = 0  # the token after the last match: a cue's own words start no other
    for i in openers:
        if i < resume:
            continue
        match = _match_at(unit, i, res)
        if match is None:
            continue
        if matches and _coordinated(tokens, matches[-1], match, res):
            first = matches.pop()
            match = CueMatch(first.start, match.end, first.entry, first.text_start)
        matches.append(match)
        resume = match.end
    return matches


def _match_at(unit: Unit, i: int, res: Resources) -> CueMatch | None:
    tokens = unit.tokens
    if unit.quote_of[i] >= 0:
        return None
    for length in range(min(res.cue_first.get(tokens[i].lower, 0), len(tokens) - i), 0, -1):
        words = tuple([t.lower for t in tokens[i : i + length]])
        entry = res.cues.get(words)
        if entry is None or max(unit.quote_of[i : i + length]) >= 0:
            continue  # no cue, or one with a word inside quotation marks
        if is_capitalized(tokens[i]) and i != unit.sentence_start[i]:
            return None  # a name such as "Said" or "Claims Court"
        if entry.pos == "verb" and i > 0 and tokens[i - 1].lower in _DETERMINERS:
            # noun use: "the statement", "member states"; a report all the same when its
            # owner and content follow ("a claim from Seoul that ...", "Seoul's claim that")
            after = tokens[i + length].lower if i + length < len(tokens) else ""
            if tokens[i - 1].lower not in _NOUN_REPORT_OPENERS or after not in _NOUN_REPORT_LINKS:
                return None
            return CueMatch(i, i + length, _as_noun(entry), i)
        floor = unit.sentence_start[i]
        text_start = skip_left(tokens, i - 1, floor, res) + 1
        before = tokens[text_start - 1] if text_start > floor else None
        adjacent = tokens[i - 1] if i > floor else None
        if (
            entry.pos != "noun"
            and _not_a_report(words[0], entry.lemma, before, adjacent, res)
            and not _coordinated_subject(tokens, text_start - 1, floor, i + length, res)
        ):
            return None
        return CueMatch(i, i + length, entry, min(text_start, i))
    return None


def _coordinated_subject(
    tokens: Sequence[Token], last: int, floor: int, after: int, res: Resources
) -> bool:
    """ "Kenya and Tanzania deny", "NATO and the U.S. call": names joined by "and"
    before a bare verb form make a plural subject, not a noun compound (as "Trade and
    the border dispute were discussed" has, with a verb after it)."""
    if after < len(tokens) and tokens[after].lower in _BE_FORMS:
        return False
    for k in range(last - 1, max(floor, last - _COORDINATION_REACH) - 1, -1):
        if tokens[k].lower == "and":
            first = tokens[k - 1] if k > floor else None
            return (
                first is not None
                and is_capitalized(tokens[last])
                and (first.text in res.actors or (k - 1 > floor and is_capitalized(first)))
            )
    return False


@lru_cache(maxsize=256)
def _as_noun(entry: Cue) -> Cue:
    """A reporting verb used as a noun ("the claim that", "a charge by")."""
    return Cue(entry.lemma, "noun", "nominal", entry.stance, entry.cameo, entry.inverts)


def _not_a_report(
    form: str, lemma: str, before: Token | None, adjacent: Token | None, res: Resources
) -> bool:
    """A cue word that is not reporting here: a passive ("was asked", "is thought to"),
    or a bare verb form right after a singular noun, which is a noun compound in news
    ("the Kashmir dispute", "a Truth Social post", "Taipei's envoy back from Manila");
    ``before`` is the word before any auxiliaries and adverbs, ``adjacent`` the one
    right before the cue ("Ankara has hit back": a participle after "has")."""
    if before is None:
        return False
    previous = before.lower
    if previous in _BE_FORMS and not form.endswith("ing"):
        return True
    if form != lemma.split()[0] or form.endswith("s"):
        return False
    if adjacent is not None and adjacent.lower in _PERFECT:
        return False
    return not (
        res.has_class(previous, "pronoun_group")
        or res.has_class(previous, "auxiliary")
        or res.has_class(previous, "modal")
        or res.has_class(previous, "negation")
        or res.has_class(previous, "future")
        or previous in _BASE_FORM_OPENERS
        or (previous.endswith("s") and not before.text[:1].isupper())
        or "group" in res.role_class(previous)
    )


def _coordinated(
    tokens: tuple[Token, ...], first: CueMatch, second: CueMatch, res: Resources
) -> bool:
    """ "rejected and strongly condemned": two verbs sharing one subject and object."""
    between = [t.lower for t in tokens[first.end : second.start]]
    if "and" not in between[:2] or between[0] not in ("and", ","):
        return False
    rest = between[between.index("and") + 1 :]
    return all(res.has_class(w, "intensifier") or w.endswith("ly") for w in rest) and len(rest) <= 2


def subject_left(unit: Unit, cue: CueMatch, res: Resources) -> tuple[int, int] | None:
    """Token range (inclusive) of the cue's subject to its left, or None."""
    tokens = unit.tokens
    floor = unit.sentence_start[cue.start]
    j = skip_left(tokens, cue.start - 1, floor, res)
    if j < floor or unit.quote_of[j] >= 0:
        return None
    if _relative_after_comma(tokens, j, floor, res):
        j -= 2
    elif tokens[j].text == ",":
        end = _skip_asides(unit, j, floor, res)
        if end is None:
            return None
        j = end
    start = phrase_left(tokens, j, floor, res)
    if start is None:
        return None
    return _unclosed_appositive(tokens, start, floor, res), j


def _unclosed_appositive(tokens: Sequence[Token], start: int, floor: int, res: Resources) -> int:
    """ "Lena Ortiz, the former envoy to Chile and ministry spokeswoman said": an appositive
    whose closing comma is missing; the subject starts at the name opening the sentence."""
    if start - floor > _APPOSITIVE_REACH:
        return start  # bounded: a run-on sentence must not make this quadratic
    comma = start - 1
    while comma > floor and tokens[comma].text != ",":
        if tokens[comma].text in _CLAUSE_PUNCTUATION:
            return start
        comma -= 1
    if comma <= floor + 1 or tokens[comma + 1].lower not in ("the", "a", "an"):
        return start
    name = tokens[floor:comma]
    if len(name) < 2 or not all(is_capitalized(t) and t.text.isalpha() for t in name):
        return start
    if any(t.text in res.actors for t in name):
        return start
    return floor


def _skip_asides(unit: Unit, comma: int, floor: int, res: Resources) -> int | None:
    """From a comma before a cue, step over asides to the end of the subject phrase."""
    tokens = unit.tokens
    for _ in range(_MAX_APPOSITIVES):
        prev = comma - 1
        while prev >= floor and tokens[prev].text != "," and unit.quote_of[prev] < 0:
            prev -= 1
        segment_start = prev + 1
        opener = tokens[segment_start] if segment_start < comma else None
        if opener is None:
            return None
        if opener.lower in ("the", "a", "an"):
            # ", the ministry's spokesman," is an appositive only after a name
            if prev >= floor and tokens[prev].text == "," and is_capitalized(tokens[prev - 1]):
                comma = prev
                continue
            return comma - 1
        if not _is_aside_start(opener, res):
            return comma - 1
        if prev < floor or tokens[prev].text != ",":
            return None
        comma = prev
    return None


def _is_aside_start(token: Token, res: Resources) -> bool:
    """Does this token open an aside ("in a statement", "spokesperson for ...", "however")?"""
    classes = res.function_class(token.lower)
    if classes & {"preposition", "adverb", "relative"} and not token.text.isupper():
        return True  # ", which serves as the bloc's executive arm," is an aside too
    if res.role_class(token.lower) & {"person", "modifier"}:
        return not is_capitalized(token)
    return token.lower.endswith("ing") and not is_capitalized(token)


def subject_right(unit: Unit, cue: CueMatch, res: Resources) -> tuple[int, int] | None:
    """Inverted subject after the cue ("…," said the minister), or None."""
    if not cue.entry.inverts:
        return None
    ceiling = unit.sentence_end[cue.start]
    end = phrase_right(unit.tokens, cue.end, ceiling, res)
    if end is None:
        return None
    return cue.end, end


def main_subject(unit: Unit, index: int, res: Resources) -> tuple[int, int] | None:
    """Subject of the main clause of the sentence holding ``index``: for ", saying ..."."""
    tokens = unit.tokens
    start = unit.sentence_start[index]
    i = start
    # an opening aside ("In response,", "Meanwhile,") ends at the first comma
    opener = tokens[i]
    if res.function_class(opener.lower) & {"preposition", "adverb", "conjunction"} or (
        opener.lower.endswith("ing") and opener.text not in res.actors  # not "Beijing, ..."
    ):
        for k in range(i, index):
            if tokens[k].text == ",":
                i = k + 1
                break
    end = phrase_right(tokens, i, index, res)
    if end is None:
        return None
    return i, end


def content_range(
    unit: Unit, cue: CueMatch, res: Resources, cues: list[CueMatch]
) -> tuple[int, int]:
    """Token range [start, end) of what the cue reports, cut at the end of its clause."""
    tokens = unit.tokens
    sentence_end = unit.sentence_end[cue.start]
    k = _content_start(unit, cue, res)
    cue_starts = cues.by_start if isinstance(cues, CueList) else {c.start: c for c in cues}
    if k in cue_starts and cue_starts[k].entry.pos != "noun":
        return k, k  # "weighed in, calling ...": the next cue reports, this one does not
    end = k
    t = k
    words = 0
    count = len(tokens)
    relative = _in_relative_clause(unit, cue, res)
    while t < count:
        if unit.quote_of[t] >= 0:
            t += 1
            end = t
            continue
        if t >= sentence_end or words >= MAX_CLAUSE_TOKENS:
            break
        token = tokens[t]
        if relative and token.text == ",":
            break  # "Chile, which welcomed the ruling, had brought ...": the aside ends
        if (
            token.text in _BREAK_TOKENS
            or token.lower in COORDINATORS
            or (t + 1 < count and tokens[t + 1].lower in _CLAUSE_BREAKERS)
        ) and _breaks_clause(tokens, t, res, cue_starts, k):
            break
        t += 1
        words += 1
        end = t
    while end > k and tokens[end - 1].text in ".,;:!?—–-" and unit.quote_of[end - 1] < 0:
        end -= 1
    return k, end


def _in_relative_clause(unit: Unit, cue: CueMatch, res: Resources) -> bool:
    """Whether the cue stands in a relative clause set off by a comma (", which welcomed")."""
    floor = unit.sentence_start[cue.start]
    j = skip_left(unit.tokens, cue.start - 1, floor, res)
    return _relative_after_comma(unit.tokens, j, floor, res)


def _relative_after_comma(tokens: Sequence[Token], j: int, floor: int, res: Resources) -> bool:
    """ ", which" / ", who" at ``j``: a relative clause set off by a comma."""
    return (
        j - 1 >= floor
        and "relative" in res.function_class(tokens[j].lower)
        and tokens[j - 1].text == ","
    )


def _warned_of(unit: Unit, cue: CueMatch, k: int, limit: int) -> bool:
    """ "warned Tokyo of ...", "cautioned Seoul against ...": a stance cue whose
    addressee is followed by what it is warned of, with no clause."""
    if cue.entry.stance is Stance.COMMENT:
        return False
    return any(
        unit.tokens[j].lower in _WARNED_OF for j in range(k + 1, min(limit, k + _ADDRESSEE_SPAN))
    )


def _content_start(unit: Unit, cue: CueMatch, res: Resources) -> int:
    tokens = unit.tokens
    k = cue.end
    limit = min(len(tokens), unit.sentence_end[cue.start])
    if cue.entry.frame == "addressee_clause" and k < limit and unit.quote_of[k] < 0:
        that = next(
            (
                j
                for j in range(k, min(limit, k + _ADDRESSEE_SPAN))
                if tokens[j].lower in _THAT or unit.quote_of[j] >= 0
            ),
            None,
        )
        if that is not None and unit.quote_of[that] < 0:
            k = that
        elif that is None and _warned_of(unit, cue, k, limit):
            return k  # "warned Tokyo of consequences": the addressee and what it is warned of
        elif limit - k <= _ADDRESSEE_SPAN and that is None:
            return limit  # "told reporters." / "told reporters on Monday": nothing reported
    if k < limit and tokens[k].text in ",:":
        k += 1
    if k < limit and "preposition" in res.function_class(tokens[k].lower):
        for j in range(k + 1, min(limit, k + _ADJUNCT_SPAN)):
            if unit.quote_of[j] >= 0 or tokens[j].text in ";":
                break
            if tokens[j].lower in _THAT:
                k = j
                break
            if tokens[j].text == "," and cue.entry.frame in ("clause", "clause_or_object"):
                k = j + 1
                break
    if k < limit and tokens[k].lower in _THAT and cue.entry.frame != "object":
        k += 1
    if k < limit and tokens[k].text in ",:":
        k += 1
    return k


def _breaks_clause(
    tokens: tuple[Token, ...],
    t: int,
    res: Resources,
    cue_starts: dict[int, CueMatch],
    content_start: int,
) -> bool:
    text = tokens[t].text
    if text == ";" or (text == ":" and t > content_start):
        return True  # "rejects Lima's claims: «They are lies»": a colon ends the clause
    nxt = tokens[t + 1] if t + 1 < len(tokens) else None
    if nxt is None:
        return False
    if nxt.lower in _CLAUSE_BREAKERS and t > content_start and tokens[t].text in ',”"':
        return True  # '..., but', '...,” but'
    if text == ",":
        if nxt.lower in _CLAUSE_BREAKERS or (
            "relative" in res.function_class(nxt.lower) and (nxt.lower == "who")
        ):
            return True
        following = cue_starts.get(t + 1)
        if following and (
            tokens[t + 1].lower.endswith("ing") or following.entry.frame == "according"
        ):
            return True
    if tokens[t].lower in COORDINATORS and t > content_start:
        j = t + 1
        while j < len(tokens) and (
            res.has_class(tokens[j].lower, "intensifier") or tokens[j].lower in ("also", "then")
        ):
            j += 1
        if j in cue_starts and cue_starts[j].entry.pos == "verb":
            return True
    return False


def is_participle_cue(unit: Unit, cue: CueMatch) -> bool:
    """ ", saying ...", ", urging ...": a cue whose subject is the main clause's."""
    word = unit.tokens[cue.start].lower
    if not word.endswith("ing") or cue.start == 0:
        return False
    previous = unit.tokens[cue.start - 1]
    return previous.text == "," or previous.lower.endswith(("ed", "id", "ote", "old"))


def is_pronoun_subject(unit: Unit, span: tuple[int, int], res: Resources) -> bool:
    return span[0] == span[1] and is_pronoun(unit.tokens[span[0]], res)
