"""Targets: whom each statement addresses or takes its stance toward.

Takes statements with stances and reply links; returns them with ``target`` set (the
target's actor is :mod:`dipstat.actors`' job).  In order: the owner of the words a
statement answers ("dismissed Kallas's remarks" → Kaja Kallas), the object of the cue
("criticized X", "urged X to", "called on X"), the addressee ("told X"), the speaker of
the statement it replies to (the target of a denial is the accuser), and for conflict
stances a person or state the reported clause opens with.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from dipstat.model import Stance, Statement
from dipstat.phrases import is_capitalized, phrase_right
from dipstat.resources import Resources
from dipstat.segment import Document, Token, tokenize
from dipstat.speakers import NameEntry, canonical_name, name_index

_OBJECT_FRAMES = frozenset(
    {
        "object",
        "object_as",
        "object_to",
        "object_of",
        "clause_or_object",
        "prep_object",
        "addressee_clause",
    }
)
_POSSESSIVES = frozenset({"’s", "'s"})
_AUDIENCES = frozenset(
    {
        "reporters",
        "journalists",
        "media",
        "press",
        "lawmakers",
        "parliament",
        "audience",
        "supporters",
        "crowd",
        "students",
    }
)
_OPENING_TARGET_STANCES = frozenset(
    {Stance.ACCUSE, Stance.CRITICIZE, Stance.DEMAND, Stance.THREATEN, Stance.SUPPORT, Stance.REJECT}
)


def find_targets(
    doc: Document,
    statements: Sequence[Statement],
    res: Resources,
    *,
    names: tuple[NameEntry, ...] | None = None,
) -> tuple[Statement, ...]:
    """Set ``target`` of each statement where the article names one."""
    names = name_index(doc, res) if names is None else names
    by_id = {s.id: s for s in statements}
    done = []
    for statement in statements:
        target = _target(statement, by_id, names, res)
        if target is not None and statement.speaker and _same(target, statement.speaker):
            target = None
        done.append(replace(statement, target=target))
    return tuple(done)


def _same(a: str, b: str) -> bool:
    return a.lower() == b.lower() or a.split()[-1].lower() == b.split()[-1].lower()


def _target(
    statement: Statement, by_id: dict[str, Statement], names: tuple[NameEntry, ...], res: Resources
) -> str | None:
    tokens = tokenize(statement.text, 0, len(statement.text))
    owner = _owner(tokens, statement.text, names, res)
    if owner:
        return owner
    answered = by_id.get(statement.responds_to or "")
    if statement.stance is Stance.DENY and answered is not None and answered.speaker:
        return answered.speaker  # the target of a denial is the accuser (CAMEO 016)
    cue = res.cues_by_lemma.get(statement.cue_lemma or "")
    if cue is not None and cue.frame in _OBJECT_FRAMES and statement.kind.value != "direct":
        found = _opening_phrase(
            tokens, statement.text, names, res, allow_common=cue.frame != "clause_or_object"
        )
        if found:
            return found
    if answered is not None and answered.speaker:
        return answered.speaker
    if statement.stance in _OPENING_TARGET_STANCES and statement.kind.value != "direct":
        return _opening_phrase(tokens, statement.text, names, res, allow_common=False)
    return None


def _owner(
    tokens: tuple[Token, ...], text: str, names: tuple[NameEntry, ...], res: Resources
) -> str | None:
    """ "Kallas's remarks", "India's comments on ..." at the start of the content."""
    for i, token in enumerate(tokens[:8]):
        if token.lower in _POSSESSIVES and i > 0:
            nxt = [t.lower for t in tokens[i + 1 : i + 4]]
            if any(w in res.claim_nouns for w in nxt):
                start = i - 1
                while start > 0 and is_capitalized(tokens[start - 1]):
                    start -= 1
                return canonical_name(text[tokens[start].start : tokens[i - 1].end], names, res)
        if token.text in ",;" or token.lower == "that":
            break
    return None


def _opening_phrase(
    tokens: tuple[Token, ...],
    text: str,
    names: tuple[NameEntry, ...],
    res: Resources,
    *,
    allow_common: bool,
) -> str | None:
    """The noun phrase the content opens with, when it names someone."""
    if not tokens:
        return None
    end = phrase_right(tokens, 0, len(tokens), res)
    if end is None:
        return None
    words = tokens[: end + 1]
    if words[-1].lower in res.claim_nouns or words[-1].lower in _AUDIENCES:
        return None
    if not allow_common and not any(is_capitalized(t) for t in words):
        return None
    if res.has_class(words[0].text, "pronoun_person") or res.has_class(
        words[0].text, "pronoun_group"
    ):
        return None
    return canonical_name(text[words[0].start : words[-1].end], names, res)
