"""Actor resolution: which state or organisation each speaker and target stands for.

Takes the statements (speakers and targets resolved to names) and the document;
returns them with ``actor``, ``target_actor`` and ``actor_source``.  Evidence is tried
from the most to the least direct: the speaker's own mention ("Chinese President Xi
Jinping"), other mentions of the same name in the article ("European Union diplomat
Kaja Kallas"), the speaker already coded earlier (pronouns included), the table of
office holders, and finally the country the article places an unnamed official in
(its dateline, else the actor it mentions most).  When unsure, the actor stays null.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import islice

from dipstat.model import Span, Statement, evolve
from dipstat.phrases import Match, find_aliases, is_phrase_word
from dipstat.resources import ActorEntry, Resources, person_key
from dipstat.segment import Document, Token, possessive_base, tokenize
from dipstat.speakers import parse_mention

# Entry types in order of preference when one mention names several actors: the
# organisation a diplomat works for outranks the adjective of a country they visit.
_TYPE_RANK = {
    "office": 0,
    "body": 1,
    "org": 2,
    "institution": 3,
    "seat": 4,
    "adjective": 5,
    "short": 5,
    "name": 5,
    "capital": 6,
}
_TITLE_MENTIONS = 25  # occurrences of a name searched for its title: titles come early
_NAME_CONTEXT = 6  # tokens before a name that may carry its actor ("EU foreign policy chief")
_STATE_CODE = re.compile(r"^[A-Z]{3}$")
# an alias after these words names a host, not the speaker's side ("ambassador to Egypt")
# ", the sister of North Korean leader Kim Jong-un," -- no newline, no nested clause
_APPOSITIVE = re.compile(r",\s+((?:the|a|an)\s[^,.;\n“”\"]{3,80}?)(?=,|\s\()")
_HOST_PREPOSITIONS = frozenset({"to", "in", "at", "on", "against", "with", "toward", "towards"})
_HOST_ROLES = frozenset({"person", "body", "group"})  # who has a host: "ambassador to"


@dataclass(frozen=True, slots=True)
class ArticleActors:
    """What the whole article says about actors: every alias found, and the main actor."""

    matches: tuple[Match, ...]
    codes: Counter[str]
    home: str | None
    home_source: str | None
    starts: tuple[int, ...] = ()

    def between(self, start: int, end: int) -> list[Match]:
        """The aliases found inside [start, end) of the article."""
        first = bisect_left(self.starts, start)
        last = bisect_left(self.starts, end)
        return [m for m in self.matches[first:last] if m.end <= end]


def scan_article(doc: Document, res: Resources) -> ArticleActors:
    """Find every gazetteer alias in the article (longest match, case-sensitive)."""
    matches: list[Match] = []
    for sentence in doc.sentences:
        matches.extend(find_aliases(sentence.tokens, doc.text, res))
    codes: Counter[str] = Counter()
    for match in matches:
        # an alias that needs support ("Jordan", "the South") does not support itself
        if len({e.code for e in match.entries}) == 1 and match.entries[0].rule != "context":
            codes[match.entries[0].code] += 1
    home, source = None, None
    if doc.dateline:
        home = _decide(res.actors.get(doc.dateline.title()) or res.actors.get(doc.dateline), codes)
        source = "dateline" if home else None
    if home is None and codes:
        states = [(n, c) for c, n in codes.items() if _STATE_CODE.match(c)]
        if states:
            home, source = max(states)[1], "article"
    return ArticleActors(tuple(matches), codes, home, source, tuple(m.start for m in matches))


def _decide(entries: Sequence[ActorEntry] | None, context: Counter[str]) -> str | None:
    """One code for an alias: the only one, the one the article supports, or the preferred."""
    if not entries:
        return None
    codes = {e.code for e in entries}
    if len(codes) == 1:
        entry = entries[0]
        return entry.code if entry.rule != "context" or context[entry.code] else None
    supported = [e.code for e in entries if context[e.code]]
    if len(supported) == 1:
        return supported[0]
    preferred = [e.code for e in entries if e.rule in ("prefer", "user")]
    return preferred[0] if preferred else None


def _mention_actor(
    start: int, end: int, ctx: ArticleActors, text: str, res: Resources
) -> str | None:
    """The actor an alias inside [start, end) names: best type first, then the first
    alias ("United States and Sweden" speak for the United States).  Aliases after
    "to"/"in" are someone else's ("ambassador to Egypt")."""
    inside = [m for m in ctx.between(start, end) if not _after_preposition(text, m.start, res)]
    ranked = sorted(
        inside, key=lambda m: (min(_TYPE_RANK.get(e.type, 9) for e in m.entries), m.start)
    )
    for match in ranked:
        code = _decide(match.entries, ctx.codes)
        if code:
            return code
    return None


def _after_preposition(text: str, start: int, res: Resources) -> bool:
    """Is the alias at ``start`` a host ("ambassador to Egypt", "embassy in London")?"""
    words = text[max(0, start - 40) : start].split()
    return (
        len(words) >= 2
        and words[-1].lower() in _HOST_PREPOSITIONS
        and not res.role_class(words[-2].lower()).isdisjoint(_HOST_ROLES)
    )


def _phrases_before(word: str, doc: Document, res: Resources) -> list[tuple[int, int]]:
    """(start, end) of the title phrase before each occurrence of ``word``, same line
    ("Chinese Embassy", "China's ambassador to the UK, Zheng Zeguang")."""
    found = []
    flags = re.IGNORECASE if word.islower() else 0
    hits = re.finditer(_whole_word(word), doc.text, flags)
    for hit in islice(hits, _TITLE_MENTIONS):
        line_start = doc.text.rfind("\n", 0, hit.start()) + 1
        window = list(tokenize(doc.text, max(line_start, hit.start() - 80), hit.start()))
        name_start = len(window)
        while name_start > 0 and window[name_start - 1].text[:1].isupper():
            name_start -= 1
        if name_start > 0 and window[name_start - 1].text == ",":
            del window[name_start - 1]  # an appositive title before the name
        phrase = _trailing_phrase(window, res)
        if phrase:
            found.append((phrase[0].start, hit.end()))
        after = _appositive_after(doc.text, hit.end())
        if after is not None:
            found.append(after)
    return found


def _whole_word(word: str) -> str:
    r"""A pattern for ``word`` as a whole word, the same as ``\bword\b`` but with the
    word first: a pattern that opens with a literal is found by a fast scan, one that
    opens with ``\b`` is tried at every offset (ten times slower on a 4 KB article).
    The look-behind after the word asks what ``\b`` before it would have."""
    literal = re.escape(word)
    if word[0].isalnum() or word[0] == "_":  # a word character: nothing word-like before
        return rf"{literal}(?<!\w{literal})\b"
    return rf"{literal}(?<=\w{literal})\b"


def _appositive_after(text: str, end: int) -> tuple[int, int] | None:
    """ "Kim Yo-jong, the sister of North Korean leader Kim Jong-un, said": the aside
    after a name, up to its closing comma."""
    match = _APPOSITIVE.match(text, end)
    return (match.start(1), match.end(1)) if match else None


def _trailing_phrase(tokens: Sequence[Token], res: Resources) -> Sequence[Token]:
    """The title words that end ``tokens``, "ambassador to London" included."""
    i = len(tokens)
    while (
        i > 0
        and len(tokens) - i < _NAME_CONTEXT
        and (
            is_phrase_word(tokens[i - 1], res)
            or (
                tokens[i - 1].lower in _HOST_PREPOSITIONS
                and i > 1
                and res.role_class(tokens[i - 2].lower)
            )
        )
    ):
        i -= 1
    return tokens[i:]


def _office_actor(name: str, res: Resources) -> str | None:
    """The office-holders table, by full name or by a surname only one holder has."""
    key = person_key(name)
    holders = res.office_holders.get(key)
    if not holders and len(key.split()) == 1:
        holders = res.office_surnames.get(key)
    if not holders:
        return None
    codes = {h.code for h in holders}
    return holders[-1].code if len(codes) == 1 else max(holders, key=lambda h: h.start).code


class ActorLinker:
    """Resolves names and mentions to actor codes for one article, remembering answers."""

    def __init__(self, doc: Document, res: Resources) -> None:
        self.doc = doc
        self.res = res
        self.ctx = scan_article(doc, res)
        self.known: dict[str, tuple[str, str]] = {}
        self.unknown: set[str] = set()
        self.first_mentioned: str | None = None

    @property
    def home(self) -> tuple[str | None, str | None]:
        """The country the article is about: its first speaker's own state (a wire
        story from Istanbul about Seoul is about Seoul), else its dateline, else the
        state it names most."""
        if self.first_mentioned:
            return self.first_mentioned, "article"
        return self.ctx.home, self.ctx.home_source

    def speaker(self, statement: Statement) -> tuple[str | None, str | None]:
        span = statement.speaker_span
        if statement.speaker is None:
            return None, None
        if span is not None:
            code = _mention_actor(span.start, span.end, self.ctx, self.doc.text, self.res)
            if code:
                if self.first_mentioned is None and _STATE_CODE.match(code):
                    self.first_mentioned = code
                source = "user table" if self._is_user_code(span, code) else "mention"
                return self._remember(statement.speaker, code, source)
        return self.name(statement.speaker, before=span.start if span else None)

    def name(self, name: str, *, before: int | None = None) -> tuple[str | None, str | None]:
        """The actor of a speaker or target name; ``before`` limits the search for an
        unnamed official's country to what the article said before the mention."""
        if name in self.unknown:
            return None, None
        code, source = self._name(name, before)
        if code is None and before is None:
            self.unknown.add(name)  # a search cut short by ``before`` may succeed later
        return code, source

    def _name(self, name: str, before: int | None) -> tuple[str | None, str | None]:
        if name in self.known:
            known_code, known_source = self.known[name]
            return known_code, "earlier mention" if known_source == "mention" else known_source
        direct = _decide(self.res.actors.get(possessive_base(name)), self.ctx.codes)
        if direct:
            source = "user table" if self._is_user(name) else "mention"
            return self._remember(name, direct, source)
        mention = parse_mention(name, self.res)
        if mention.name:
            return self._person(name)
        inner = find_aliases(tokenize(name, 0, len(name)), name, self.res)
        for match in inner:
            code = _decide(match.entries, self.ctx.codes)
            if code:
                return self._remember(name, code, "mention")
        if not _is_description(name, self.res):
            return None, None
        leader = _leader_of(name, self.res)
        if leader is not None:
            led = self._person(leader)
            if led[0]:
                return self._remember(name, *led)
        head = next(w for w in reversed(name.split()) if _is_description(w, self.res))
        for start, end in _phrases_before(head.lower(), self.doc, self.res):
            if before is not None and start >= before:
                break
            code = _mention_actor(start, end, self.ctx, self.doc.text, self.res)
            if code:
                return self._remember(name, code, "earlier mention")
        return self._remember(name, *self.home)

    def _person(self, name: str) -> tuple[str | None, str | None]:
        for start, end in _phrases_before(name.split()[-1], self.doc, self.res):
            code = _mention_actor(start, end, self.ctx, self.doc.text, self.res)
            if code:
                return self._remember(name, code, "earlier mention")
        code = _office_actor(name, self.res)
        if code:
            return self._remember(name, code, "office table")
        home, source = self.home
        if home and source in ("dateline", "article") and self._has_role(name):
            return self._remember(name, home, source)
        return None, None

    def _has_role(self, name: str) -> bool:
        """Is the person introduced with a title somewhere ("spokesman Guo Jiakun")?"""
        for start, end in _phrases_before(name.split()[-1], self.doc, self.res):
            phrase = tokenize(self.doc.text, start, end)
            if any(self.res.role_class(t.lower) & {"person"} for t in phrase):
                return True
        return False

    def _is_user_code(self, span: Span, code: str) -> bool:
        return any(
            e.rule == "user" and e.code == code
            for m in self.ctx.between(span.start, span.end)
            for e in m.entries
        )

    def _is_user(self, name: str) -> bool:
        return any(e.rule == "user" for e in self.res.actors.get(name, ()))

    def _remember(
        self, name: str, code: str | None, source: str | None
    ) -> tuple[str | None, str | None]:
        if code and source:
            self.known.setdefault(name, (code, source))
        return code, source


def _leader_of(name: str, res: Resources) -> str | None:
    """ "Biden administration", "the Ali government": the leader a body is named after."""
    words = name.split()
    if len(words) < 2 or "body" not in res.role_class(words[-1]):
        return None
    owner = words[1:-1] if words[0].lower() == "the" else words[:-1]
    if not owner or not all(w[:1].isupper() and not res.role_class(w) for w in owner):
        return None  # "Foreign Ministry", "the ruling government"
    leader = " ".join(owner)
    return None if leader in res.actors else leader


def _is_description(name: str, res: Resources) -> bool:
    return any(res.role_class(w) & {"person", "group", "body"} for w in name.lower().split())


def resolve_actors(
    doc: Document,
    statements: Sequence[Statement],
    res: Resources,
    *,
    linker: ActorLinker | None = None,
) -> tuple[Statement, ...]:
    """Fill ``actor``, ``actor_source`` and ``target_actor`` of every statement.

    Pass the same ``linker`` to repeated calls on one article to scan it only once.
    """
    resolver = linker or ActorLinker(doc, res)
    done: list[Statement] = []
    for statement in statements:
        actor, source = statement.actor, statement.actor_source
        if actor is None:
            actor, source = resolver.speaker(statement)
        target_actor = resolver.name(statement.target)[0] if statement.target else None
        if (actor, source, target_actor) != (
            statement.actor,
            statement.actor_source,
            statement.target_actor,
        ):
            statement = evolve(
                statement, actor=actor, actor_source=source, target_actor=target_actor
            )
        done.append(statement)
    return tuple(done)
