"""Targets: whom each statement addresses or takes its stance toward.

Takes statements with stances, actors and reply links; returns them with ``target``
set and coded.  In order: the owner of the words a statement answers ("dismissed
Kallas's remarks" → Kaja Kallas), a pronoun object or owner ("urged him to", "his
remarks"), the addressee or object of the cue ("told X", "criticized X", "urged X to"),
the state or body the content opens with ("Oslo must ..."), the speaker of the statement
it replies to (for a denial, the accuser comes first: CAMEO 016), the first party of
another side named in the content; a statement that takes a stance and names nobody
falls back on the other state or body the article names most, and a clause with no
target of its own shares the one its speaker has in the same sentence.  A residual
comment gets no fallback: most comments answer nobody.  Parties are named as the
article names them: a title as the person introduced with it, a state by its most used
name, a group of states ("the international community") with a null actor.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Sequence

from dipstat.actors import ActorLinker
from dipstat.model import Stance, Statement, evolve
from dipstat.phrases import (
    PLURAL_POSSESSIVES,
    POSSESSIVES,
    Match,
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
_POSSESSIVE_MARKS = POSSESSIVES | PLURAL_POSSESSIVES
# alias types that read as a party's name; adjectives ("Indian") are shown as the state
_NAME_TYPES = frozenset({"name", "short", "org", "body", "capital", "seat", "office"})
# the names a state or body goes by itself, as against its capital, seat or adjective
_OWN_NAME_TYPES = frozenset({"name", "short", "org"})
_PRONOUN_REACH = 12  # names back a pronoun object may reach
_TITLE_REACH = 60  # characters after a state's adjective searched for a title


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
    targets = [finder.target(i, statement) for i, statement in enumerate(statements)]
    # "India rejects X's remarks, stating that ...": a clause shares the target its
    # speaker has elsewhere in the same sentence
    keys = [_sentence_key(doc, statement) for statement in statements]
    in_sentence: dict[tuple[int, str], str] = {}
    for key, target in zip(keys, targets, strict=True):
        if target and key is not None:
            in_sentence.setdefault(key, target)
    done = []
    for statement, found, key in zip(statements, targets, keys, strict=True):
        target = found or (in_sentence.get(key) if key is not None else None)
        target_actor = finder.actor_of(target) if target else None
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
        self.spoken_for = {s.speaker: s.actor for s in statements if s.speaker and s.actor}
        self.collective_firsts = {words[0] for words in res.collectives}
        self.longest_collective = max(map(len, res.collectives), default=0)
        self.surnames = {entry.name.split()[-1] for entry in names}
        self.names_of: dict[str, str] = {}  # code → the name used for it, found once
        self.spelled: dict[str, str] = {}  # abbreviation → as the article spells it out
        self.phrase_ends: dict[tuple[int, int], int | None] = {}

    def target(self, index: int, statement: Statement) -> str | None:
        for candidate in self._candidates(index, statement):
            if candidate and not self._own_side(candidate, statement):
                return candidate
        return None

    def _candidates(self, index: int, statement: Statement) -> Iterator[str | None]:
        tokens = self.doc.tokens_of(statement.parts)
        yield self._owner(tokens)
        yield self._pronoun_referent(tokens, statement)
        answered = self.by_id.get(statement.responds_to or "")
        if statement.stance is Stance.DENY and answered is not None:
            yield answered.speaker
        cue = self.res.cues_by_lemma.get(statement.cue_lemma or "")
        if cue is not None and cue.frame == "addressee_clause":
            yield self._addressee(statement)
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

    def _addressee(self, statement: Statement) -> str | None:
        """Whom the speaker told or assured: the phrase right after the cue ("told
        Ankara that ...", "..., the ministry tells Ankara")."""
        span = statement.cue_span
        if span is None:
            return None
        sentence = self.doc.sentence_at(span.end)
        end = sentence.end if sentence is not None else span.end
        if statement.start > span.end:
            end = min(end, statement.start)
        after = self.doc.tokens_in(span.end, end)
        if not after or not is_capitalized(after[0]):
            return None  # "told reporters", "told him": an audience or a pronoun
        return self._opening_phrase(after, self.doc.text, allow_common=False)

    def _pronoun_referent(self, tokens: tuple[Token, ...], statement: Statement) -> str | None:
        """Whom a pronoun object or owner stands for ("asked him to ...", "rejected his
        remarks", "accused it of ..."): the latest other person, or for "it" the latest
        other state or body, named before it."""
        pronoun = _object_pronoun(tokens, self.res)
        if pronoun is None:
            return None
        if self.res.has_class(pronoun.text, "pronoun_person"):
            last = bisect_left(self.names, pronoun.start, key=_name_start)
            for entry in reversed(self.names[max(0, last - _PRONOUN_REACH) : last]):
                name = self._canonical(entry.name, entry.start)
                if self._is_person(name) and not self._own_side(name, statement):
                    return name
            return None
        if pronoun.lower not in ("it", "its"):
            return None
        ctx = self.linker.ctx
        last = bisect_left(ctx.starts, pronoun.start)
        for match in reversed(ctx.matches[max(0, last - _PRONOUN_REACH) : last]):
            party = self._as_party(match.alias)
            if party and not self._own_side(party, statement):
                return party
        return None

    def _own_side(self, candidate: str, statement: Statement) -> bool:
        if statement.speaker and _same(candidate, statement.speaker):
            return True
        code = self.actor_of(candidate)
        return self.res.same_side(code, statement.actor)

    def _opening_phrase(
        self, tokens: tuple[Token, ...], text: str, *, allow_common: bool
    ) -> str | None:
        """The noun phrase the content opens with, when it names someone."""
        if not tokens:
            return None
        collective = self._collective_at(tokens, int(tokens[0].lower == "the"))
        if collective is not None:
            return collective
        end = self._phrase_end(tokens)
        if end is None:
            return None
        words = tokens[: end + 1]
        head = words[-1].lower
        if head in self.res.claim_nouns or "audience" in self.res.role_class(head):
            return None
        if not allow_common and not any(is_capitalized(t) for t in words):
            return None
        if any(self.res.has_class(words[0].text, c) for c in ("pronoun_person", "pronoun_group")):
            return None
        phrase = text[words[0].start : words[-1].end]
        bare = words[1:] if self.res.has_class(words[0].lower, "determiner") else words
        party = self._as_party(text[bare[0].start : bare[-1].end]) if bare else None
        return party or self._canonical(phrase, words[0].start)

    def _phrase_end(self, tokens: tuple[Token, ...]) -> int | None:
        """Where the noun phrase opening ``tokens`` ends: asked by several rules about
        one statement's content, so found once."""
        key = (tokens[0].start, len(tokens))
        if key not in self.phrase_ends:
            self.phrase_ends[key] = phrase_right(tokens, 0, len(tokens), self.res)
        return self.phrase_ends[key]

    def _canonical(self, mention: str, position: int) -> str:
        """A person as the article's fullest name ("the Czech Senate president" as the
        person introduced with that title nearest to ``position``)."""
        return canonical_name(mention, self.names, self.res, position, self.actor_of)

    def actor_of(self, name: str) -> str | None:
        """A party's actor: a speaker's as its own statements have it, else as the
        article's mentions and the gazetteers give it."""
        if tuple(name.lower().split()) in self.res.collectives:
            return None
        return self.spoken_for.get(name) or self.linker.name(name)[0]

    def _owner(self, tokens: tuple[Token, ...]) -> str | None:
        """ "Kallas's remarks", "India's comments on ..." at the start of the content."""
        if _POSSESSIVE_MARKS.isdisjoint([t.lower for t in tokens[:8]]):
            return None  # most contents open with no owner: one set test spares the loop
        for i, token in enumerate(tokens[:8]):
            if is_possessive(tokens, i):
                nxt = [t.lower for t in tokens[i + 1 : i + 4]]
                if any(w in self.res.claim_nouns for w in nxt):
                    start = i - 1
                    while start > 0 and is_capitalized(tokens[start - 1]):
                        start -= 1
                    owner = self.doc.text[tokens[start].start : tokens[i - 1].end]
                    return self._canonical(owner, tokens[start].start)
            if token.text in ",;" or token.lower == "that":
                break
        return None

    def _subject_party(self, tokens: tuple[Token, ...]) -> str | None:
        """The party named by the subject of the content: as written ("Oslo must ...",
        "the Chilean navy had ..."), or its owner when the subject is its words ("the
        Japanese claim does not ...")."""
        if not tokens or self.res.has_class(tokens[0].text, "pronoun_person"):
            return None
        end = self._phrase_end(tokens)
        if end is None:
            return None
        if tokens[end].lower in self.res.claim_nouns:
            for match in self.linker.ctx.between(tokens[0].start, tokens[end].end):
                return self._as_party(match.alias)
            return None
        phrase = self._opening_phrase(tokens, self.doc.text, allow_common=False)
        if phrase is None:
            return None
        if self.linker.name(phrase)[0] is not None or (
            self._is_person(phrase) and not self._is_place(phrase)
        ):
            return phrase
        return None

    def _is_place(self, name: str) -> bool:
        """ "the Red Sea", "Arunachal Pradesh": a place name is nobody's to answer."""
        return any("place" in self.res.role_class(word) for word in name.split())

    def _is_person(self, phrase: str) -> bool:
        return phrase.split()[-1] in self.surnames

    def _parties_in(self, statement: Statement) -> Iterator[str | None]:
        """People and states named in the content, in text order."""
        found: list[tuple[int, str | None]] = []
        for part in statement.parts:
            found.extend(
                (m.start, self._party_at(m, part.end))
                for m in self.linker.ctx.between(part.start, part.end)
            )
            first = bisect_left(self.names, part.start, key=_name_start)
            last = bisect_left(self.names, part.end, key=_name_start)
            found.extend(
                (n.start, self._canonical(n.name, n.start))
                for n in self.names[first:last]
                if not self._is_place(n.name)
            )
            tokens = self.doc.tokens_in(part.start, part.end)
            for i, token in enumerate(tokens):
                if token.lower in self.collective_firsts:
                    found.append((token.start, self._collective_at(tokens, i)))
        for _, party in sorted(found, key=lambda item: item[0]):
            yield party

    def _party_at(self, match: Match, end: int) -> str | None:
        """The party an alias in the content names: the holder of a title it opens ("the
        Turkish President"), a body it qualifies as written ("Serbian authorities"), else
        the state or body itself."""
        titled = self._titled_person(match.start, end)
        if titled is not None:
            return titled
        if any(e.type == "adjective" for e in match.entries):
            following = self.doc.tokens_in(match.end, min(end, match.end + _TITLE_REACH))[:1]
            if following and self.res.role_class(following[0].lower) & {"group", "body"}:
                return self.doc.text[match.start : following[0].end]
        return self._as_party(match.alias)

    def _titled_person(self, start: int, end: int) -> str | None:
        """ "the Turkish President made ...": a state's adjective before a title names the
        person the article introduces with that title."""
        tokens = self.doc.tokens_in(start, min(end, start + _TITLE_REACH))
        for token in tokens[1:4]:
            if "person" in self.res.role_class(token.lower):
                mention = self.doc.text[start : token.end]
                person = self._canonical(mention, start)
                return person if person != mention and self._is_person(person) else None
            if not token.text[:1].isalpha():
                break
        return None

    def _collective_at(self, tokens: Sequence[Token], i: int) -> str | None:
        """A group of states no one actor stands for ("the international community",
        "Western countries") as the whole noun phrase at ``tokens[i]``, as written."""
        if i >= len(tokens) or tokens[i].lower not in self.collective_firsts:
            return None
        for length in range(min(self.longest_collective, len(tokens) - i), 0, -1):
            words = tuple(t.lower for t in tokens[i : i + length])
            if words in self.res.collectives and self._ends_phrase(tokens, i + length):
                return self.doc.text[tokens[i].start : tokens[i + length - 1].end]
        return None

    def _ends_phrase(self, tokens: Sequence[Token], k: int) -> bool:
        """Whether a noun phrase may end before ``tokens[k]`` ("the world should", not
        "world leaders")."""
        if k >= len(tokens) or not tokens[k].text[:1].isalpha():
            return True
        word = tokens[k].lower
        return bool(self.res.function_class(word) or self.res.modifier_classes(word))

    def _as_party(self, phrase: str) -> str | None:
        """An alias as a party's name: as written, but "Indian" → India and "U.S." →
        United States (as this article names it)."""
        entries = self.res.actors.get(phrase)
        if not entries or self.linker.name(phrase)[0] is None:
            return None  # unknown, or an alias the article gives no support ("the North")
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
            letters = "".join(c for c in short if c.isalpha()).upper()
            self.spelled[short] = next(
                (
                    match.alias
                    for match in self.linker.ctx.matches
                    if _initials(match.alias) == letters
                    and any(e.code in codes and e.type in _OWN_NAME_TYPES for e in match.entries)
                ),
                short,
            )
        return self.spelled[short]

    def _name_of(self, code: str, default: str | None = None) -> str:
        """A state or body by the name the article gives it most (the first of equals),
        else ``default`` or its usual name."""
        if code not in self.names_of:
            counts: dict[str, int] = {}
            for match in self.linker.ctx.matches:
                if any(e.code == code and e.type in _OWN_NAME_TYPES for e in match.entries):
                    counts[match.alias] = counts.get(match.alias, 0) + 1
            self.names_of[code] = max(counts, key=counts.__getitem__) if counts else ""
        return self.names_of[code] or default or self.res.actor_names.get(code, code)

    def _main_other_party(self, statement: Statement) -> str | None:
        """The state or body the article names most, other than the speaker's own: the
        counterpart of a bilateral story ("India rejects ... China's renaming")."""
        for code, _ in self.linker.ctx.codes.most_common():
            if code != statement.actor:
                return self._name_of(code)
        return None


def _initials(name: str) -> str:
    return "".join(word[0] for word in name.split() if word[0].isupper())


def _object_pronoun(tokens: tuple[Token, ...], res: Resources) -> Token | None:
    """The pronoun object the content opens with ("him to ...", "it of ..."), or the
    owner of the words it opens with ("his remarks")."""
    if len(tokens) < 2:
        return None
    first, second = tokens[0], tokens[1].lower
    if first.lower in ("him", "her") or (first.lower == "it" and second in ("of", "to", "for")):
        return first
    if first.lower in ("his", "her", "its", "their") and any(
        t.lower in res.claim_nouns for t in tokens[1:4]
    ):
        return first
    return None


def _sentence_key(doc: Document, statement: Statement) -> tuple[int, str] | None:
    sentence = doc.sentence_at(statement.start)
    if sentence is None or not statement.speaker:
        return None
    return sentence.start, statement.speaker


def _name_start(entry: NameEntry) -> int:
    return entry.start


def _same(a: str, b: str) -> bool:
    return a.lower() == b.lower() or a.split()[-1].lower() == b.split()[-1].lower()
