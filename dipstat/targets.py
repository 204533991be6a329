"""Targets: whom each statement addresses or takes its stance toward.

Takes statements with stances, actors and reply links; returns them with ``target``
set (its actor code is :mod:`dipstat.actors`' job).  In order: the owner of the words
a statement answers ("dismissed Kallas's remarks" → Kaja Kallas), the object or
addressee of the cue ("criticized X", "urged X to", "told X"), the state or body the
content opens with ("Oslo must ..."), the speaker of the statement it replies to (for a
denial, the accuser comes first: CAMEO 016), the first party of another side named in
the content (an abbreviation as the article spells it out: "U.S." → United States); a
statement that takes a stance and names nobody falls back on the other state or body
the article names most.  A residual comment gets no fallback: most comments answer
nobody.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Sequence

from dipstat.actors import ActorLinker
from dipstat.model import Stance, Statement, evolve
from dipstat.phrases import (
    PLURAL_POSSESSIVES,
    POSSESSIVES,
    is_capitalized,
    is_possessive,
    phrase_right,
)
from dipstat.resources import ActorEntry, Resources
from dipstat.segment import Document, Token
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
_POSSESSIVE_MARKS = POSSESSIVES | PLURAL_POSSESSIVES
# alias types that read as a party's name; adjectives ("Indian") are shown as the state
_NAME_TYPES = frozenset({"name", "short", "org", "body", "capital", "seat", "office"})


def find_targets(
    doc: Document,
    statements: Sequence[Statement],
    res: Resources,
    *,
    names: tuple[NameEntry, ...] | None = None,
    linker: ActorLinker | None = None,
) -> tuple[Statement, ...]:
    """Set ``target`` (and its actor code) of each statement where the article names one."""
    finder = _TargetFinder(
        doc,
        statements,
        res,
        name_index(doc, res) if names is None else names,
        linker or ActorLinker(doc, res),
    )
    linker = finder.linker
    done = []
    for i, statement in enumerate(statements):
        target = finder.target(i, statement)
        target_actor = linker.name(target)[0] if target else None
        if (target, target_actor) != (statement.target, statement.target_actor):
            statement = evolve(statement, target=target, target_actor=target_actor)
        done.append(statement)
    return tuple(done)


class _TargetFinder:
    def __init__(
        self,
        doc: Document,
        statements: Sequence[Statement],
        res: Resources,
        names: tuple[NameEntry, ...],
        linker: ActorLinker,
    ) -> None:
        self.doc = doc
        self.statements = statements
        self.res = res
        self.names = names
        self.linker = linker
        self.by_id = {s.id: s for s in statements}
        self.surnames = {entry.name.split()[-1] for entry in names}
        self.names_of: dict[str, str] = {}  # code → the name used for it, found once
        self.spelled: dict[str, str] = {}  # abbreviation → as the article spells it out

    def target(self, index: int, statement: Statement) -> str | None:
        for candidate in self._candidates(index, statement):
            if candidate and not self._own_side(candidate, statement):
                return candidate
        return None

    def _candidates(self, index: int, statement: Statement) -> Iterator[str | None]:
        tokens = self.doc.tokens_of(statement.parts)
        yield _owner(tokens, self.doc.text, self.names, self.res)
        answered = self.by_id.get(statement.responds_to or "")
        if statement.stance is Stance.DENY and answered is not None:
            yield answered.speaker
        cue = self.res.cues_by_lemma.get(statement.cue_lemma or "")
        if cue is not None and cue.frame in _OBJECT_FRAMES and statement.kind.value != "direct":
            yield self._opening_phrase(
                tokens, self.doc.text, allow_common=cue.frame != "clause_or_object"
            )
        yield self._subject_party(tokens)
        if answered is not None:
            yield answered.speaker
        yield from self._parties_in(statement)
        if statement.stance is Stance.COMMENT:
            return
        yield self._main_other_party(statement)

    def _own_side(self, candidate: str, statement: Statement) -> bool:
        if statement.speaker and _same(candidate, statement.speaker):
            return True
        code = self.linker.name(candidate)[0]
        return code is not None and code == statement.actor

    def _opening_phrase(
        self, tokens: tuple[Token, ...], text: str, *, allow_common: bool
    ) -> str | None:
        """The noun phrase the content opens with, when it names someone."""
        if not tokens:
            return None
        end = phrase_right(tokens, 0, len(tokens), self.res)
        if end is None:
            return None
        words = tokens[: end + 1]
        if words[-1].lower in self.res.claim_nouns or words[-1].lower in _AUDIENCES:
            return None
        if not allow_common and not any(is_capitalized(t) for t in words):
            return None
        if any(self.res.has_class(words[0].text, c) for c in ("pronoun_person", "pronoun_group")):
            return None
        phrase = text[words[0].start : words[-1].end]
        bare = words[1:] if self.res.has_class(words[0].lower, "determiner") else words
        party = self._as_party(text[bare[0].start : bare[-1].end]) if bare else None
        return party or canonical_name(phrase, self.names, self.res)

    def _subject_party(self, tokens: tuple[Token, ...]) -> str | None:
        """The party named by the subject of the content: as written ("Oslo must ...",
        "the Chilean navy had ..."), or its owner when the subject is its words ("the
        Japanese claim does not ...")."""
        if not tokens or self.res.has_class(tokens[0].text, "pronoun_person"):
            return None
        end = phrase_right(tokens, 0, len(tokens), self.res)
        if end is None:
            return None
        if tokens[end].lower in self.res.claim_nouns:
            for match in self.linker.ctx.between(tokens[0].start, tokens[end].end):
                return self._as_party(match.alias)
            return None
        phrase = self._opening_phrase(tokens, self.doc.text, allow_common=False)
        if phrase is None:
            return None
        if self.linker.name(phrase)[0] is not None or self._is_person(phrase):
            return phrase
        return None

    def _is_person(self, phrase: str) -> bool:
        return phrase.split()[-1] in self.surnames

    def _parties_in(self, statement: Statement) -> Iterator[str | None]:
        """People and states named in the content, in text order."""
        found: list[tuple[int, str | None]] = []
        for part in statement.parts:
            found.extend(
                (m.start, self._as_party(m.alias))
                for m in self.linker.ctx.between(part.start, part.end)
            )
            first = bisect_left(self.names, part.start, key=_name_start)
            last = bisect_left(self.names, part.end, key=_name_start)
            found.extend(
                (n.start, _fullest_of(n, self.names, self.res)) for n in self.names[first:last]
            )
        for _, party in sorted(found, key=lambda item: item[0]):
            yield party

    def _as_party(self, phrase: str) -> str | None:
        """An alias as a party's name: "Indian" → India (as this article names it)."""
        entries = self.res.actors.get(phrase)
        if not entries:
            return None
        if any(e.type == "short" for e in entries):
            return self._spelled_out(phrase, entries)
        if any(e.type in _NAME_TYPES for e in entries):
            return phrase
        code = self.linker.name(phrase)[0]
        return phrase if code is None else self._name_of(code)

    def _spelled_out(self, short: str, entries: Sequence[ActorEntry]) -> str:
        """An abbreviation as the article spells it out ("U.S." → United States), as a
        speaker is given by the fullest name the article uses."""
        if short not in self.spelled:
            codes = {e.code for e in entries}
            longest = short
            for match in self.linker.ctx.matches:
                if len(match.alias) > len(longest) and any(
                    e.code in codes and e.type == "name" for e in match.entries
                ):
                    longest = match.alias
            self.spelled[short] = longest
        return self.spelled[short]

    def _name_of(self, code: str) -> str:
        """A state or body by the first name the article gives it, else its usual name."""
        if code not in self.names_of:
            self.names_of[code] = next(
                (
                    match.alias
                    for match in self.linker.ctx.matches
                    if any(e.code == code and e.type in _NAME_TYPES for e in match.entries)
                ),
                self.res.actor_names.get(code, code),
            )
        return self.names_of[code]

    def _main_other_party(self, statement: Statement) -> str | None:
        """The state or body the article names most, other than the speaker's own: the
        counterpart of a bilateral story ("India rejects ... China's renaming")."""
        for code, _ in self.linker.ctx.codes.most_common():
            if code != statement.actor:
                return self._name_of(code)
        return None


def _name_start(entry: NameEntry) -> int:
    return entry.start


def _fullest_of(entry: NameEntry, names: tuple[NameEntry, ...], res: Resources) -> str:
    return canonical_name(entry.name, names, res)


def _same(a: str, b: str) -> bool:
    return a.lower() == b.lower() or a.split()[-1].lower() == b.split()[-1].lower()


def _owner(
    tokens: tuple[Token, ...], text: str, names: tuple[NameEntry, ...], res: Resources
) -> str | None:
    """ "Kallas's remarks", "India's comments on ..." at the start of the content."""
    if _POSSESSIVE_MARKS.isdisjoint([t.lower for t in tokens[:8]]):
        return None  # most contents open with no owner: one set test spares the loop
    for i, token in enumerate(tokens[:8]):
        if is_possessive(tokens, i):
            nxt = [t.lower for t in tokens[i + 1 : i + 4]]
            if any(w in res.claim_nouns for w in nxt):
                start = i - 1
                while start > 0 and is_capitalized(tokens[start - 1]):
                    start -= 1
                return canonical_name(text[tokens[start].start : tokens[i - 1].end], names, res)
        if token.text in ",;" or token.lower == "that":
            break
    return None
