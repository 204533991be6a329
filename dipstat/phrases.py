"""Noun phrases around a cue, found without a part-of-speech tagger.

A speaker is the noun phrase next to its cue: a run of capitalised words, role words
("foreign ministry spokesperson"), possessives and a few connectors ("of", "for"),
opened by at most one determiner.  These helpers take a token tuple and indices and
return index ranges; they never look at the article beyond the tokens given.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from dipstat.resources import ActorEntry, Resources
from dipstat.segment import Token

# Connectors allowed inside a name or title ("Ministry of Foreign Affairs",
# "spokesperson for the ministry", "Rwanda and Uganda").
_CONNECTORS = frozenset(
    {"of", "for", "and", "&", "de", "al", "bin", "van", "von", "der", "la", "le"}
)
_DETERMINERS = frozenset({"the", "a", "an"})
# the modifier letter apostrophe (ʼ) of some transliterations serves as one too
POSSESSIVES = frozenset({"’s", "'s", "ʼs"})
# the bare apostrophe of a plural or s-final owner ("Morales’ decision"); also a closing
# single quote, so it only marks an owner where a claim noun follows
PLURAL_POSSESSIVES = frozenset({"’", "'", "ʼ"})
_POSSESSIVES = POSSESSIVES
# "was quoted as saying": words of a passive frame between a speaker and its cue.
_PASSIVE_FRAME = frozenset({"quoted", "as", "reportedly", "was", "is", "were", "been"})
_PRONOUNS = frozenset({"pronoun_person", "pronoun_group"})  # modifier classes
# modifier classes of the words between a subject and its cue ("has strongly not")
_SKIPPED_MODIFIERS = frozenset({"auxiliary", "intensifier", "hedge", "negation"})
_TIME_PREPOSITION_ONLY = frozenset({"time_preposition"})  # "on" of "on Monday"
_HEAD_ROLES = frozenset({"person", "group", "body", "document"})  # role classes
_MAX_PHRASE = 12  # longest speaker phrase seen in news ("Ministry of External Affairs ...")


def is_capitalized(token: Token) -> bool:
    first = token.text[0]
    return first.isupper() or (first.isdigit() and any(c.isalpha() for c in token.text))


def is_possessive(tokens: Sequence[Token], i: int) -> bool:
    """Whether ``tokens[i]`` marks the word before it as an owner: "'s", or the bare
    apostrophe after a capitalised s-final name ("Morales’ decision")."""
    token = tokens[i]
    if token.lower in POSSESSIVES:
        return i > 0
    if token.text not in PLURAL_POSSESSIVES or i == 0:
        return False
    before = tokens[i - 1]
    return before.end == token.start and before.text.endswith("s") and is_capitalized(before)


def is_pronoun(token: Token, res: Resources) -> bool:
    return not _PRONOUNS.isdisjoint(res.modifier_classes(token.text))


def _is_function_word(token: Token, res: Resources) -> bool:
    classes = res.function_class(token.text)
    return bool(classes) and classes != _TIME_PREPOSITION_ONLY  # no set built per call


def is_phrase_word(token: Token, res: Resources) -> bool:
    """Can this token belong to a speaker phrase?"""
    lower = token.lower
    if lower in _POSSESSIVES or lower in _CONNECTORS:
        return True
    if res.role_class(lower):
        return True
    if is_capitalized(token):
        return not _is_function_word(token, res) or token.text.isupper()
    return False


def is_head_word(token: Token, res: Resources) -> bool:
    """Can this token end a speaker phrase (a name, a role, a body)?"""
    if token.lower in _CONNECTORS or token.lower in _POSSESSIVES:
        return False
    roles = res.role_class(token.lower)
    if not roles.isdisjoint(_HEAD_ROLES):
        return True
    return is_capitalized(token) and (not _is_function_word(token, res) or token.text.isupper())


def phrase_left(tokens: Sequence[Token], end: int, floor: int, res: Resources) -> int | None:
    """Start index of the noun phrase ending at ``end`` (inclusive), or None."""
    if end < floor:
        return None
    if _abbreviation_period(tokens, end, res) and end - 1 >= floor:
        start = phrase_left(tokens, end - 1, floor, res)  # "Ferdinand Marcos Jr." said
        return start
    last = tokens[end]
    if is_pronoun(last, res) and not res.has_class(last.text, "determiner"):
        return end
    if res.has_class(last.lower, "anaphor") and end > floor and tokens[end - 1].lower == "the":
        return end - 1  # "the latter", "the former"
    if not is_head_word(last, res):
        return None
    start = end
    while start - 1 >= floor and end - start < _MAX_PHRASE:
        prev = tokens[start - 1]
        if prev.lower in _DETERMINERS:
            start -= 1
            break
        if not is_phrase_word(prev, res) or res.has_class(prev.lower, "time"):
            break  # "On Friday Moscow's ministry": the day is no part of the speaker
        if prev.lower in _CONNECTORS and (
            start - 2 < floor or not is_phrase_word(tokens[start - 2], res)
        ):
            break
        start -= 1
    while start < end and (
        tokens[start].lower in _CONNECTORS or tokens[start].lower in _POSSESSIVES
    ):
        start += 1
    return start


def phrase_right(tokens: Sequence[Token], start: int, ceiling: int, res: Resources) -> int | None:
    """End index (inclusive) of the noun phrase starting at ``start``, or None."""
    i = start
    if i >= ceiling:
        return None
    if is_pronoun(tokens[i], res):
        return i
    if tokens[i].lower in _DETERMINERS:
        i += 1
    end = None
    while i < ceiling and i - start < _MAX_PHRASE:
        if _abbreviation_period(tokens, i, res) and end == i - 1:
            i += 1  # "Sen. Jane Miller": the period of a title goes on
            continue
        if not is_phrase_word(tokens[i], res):
            break
        if is_head_word(tokens[i], res):
            end = i
        i += 1
    return end


def _abbreviation_period(tokens: Sequence[Token], i: int, res: Resources) -> bool:
    """Whether ``tokens[i]`` is the period closing an abbreviation ("Sen.", "Jr.")."""
    if i < 1 or tokens[i].text != ".":
        return False
    before = tokens[i - 1]
    return before.end == tokens[i].start and before.lower in res.abbreviations


def skip_left(tokens: Sequence[Token], index: int, floor: int, res: Resources) -> int:
    """Step left over adverbs, auxiliaries and time phrases between a subject and its cue."""
    i = index
    while i >= floor:
        token = tokens[i]
        lower = token.lower
        modifiers = res.modifier_classes(lower)
        if "time" in modifiers and (
            not is_capitalized(token)
            or (i - 1 >= floor and "time_preposition" in res.function_class(tokens[i - 1].lower))
        ):
            i -= 2 if i - 1 >= floor and res.function_class(tokens[i - 1].lower) else 1
            continue
        if not _SKIPPED_MODIFIERS.isdisjoint(modifiers) and (
            not is_capitalized(token) or i == floor
        ):
            i -= 1  # "would say"; but "Theresa May said": a capitalised word is a name
            continue
        if "adverb" in res.function_class(lower) and not is_capitalized(token):
            i -= 1
            continue
        if lower in _PASSIVE_FRAME:
            i -= 1
            continue
        if lower.endswith("ly") and not is_capitalized(token) and len(lower) > 4:
            i -= 1  # manner adverbs: "strongly", "categorically", "swiftly"
            continue
        break
    return i


class Match(NamedTuple):
    """An alias of the gazetteer found in the article (a named tuple, like Token:
    built several times faster than a frozen dataclass, dozens per article)."""

    start: int
    end: int
    alias: str
    entries: tuple[ActorEntry, ...]


def find_aliases(tokens: Sequence[Token], text: str, res: Resources) -> list[Match]:
    """Gazetteer aliases among ``tokens``, longest first, possessives stripped."""
    found: list[Match] = []
    first_words = res.actor_first
    # most tokens open no alias: one pass picks those that can, the loop sees only them
    openers = [i for i, token in enumerate(tokens) if token.text in first_words]
    resume = 0  # the first token after the last match (a match's own tokens open none)
    for i in openers:
        if i < resume:
            continue
        for length in range(min(first_words[tokens[i].text], len(tokens) - i), 0, -1):
            start, end = tokens[i].start, tokens[i + length - 1].end
            alias = text[start:end]
            entries = res.actors.get(alias)
            if entries:
                found.append(Match(start, end, alias, entries))
                resume = i + length
                break
    return found
