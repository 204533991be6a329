"""Speaker attribution: from the mention next to a cue to the speaker's fullest name.

Takes the statements of :mod:`dipstat.quotes` (each with ``speaker_mention``) and the
segmented document; returns the statements with ``speaker`` and ``role`` set.  Names
are split from their titles ("spokesman Guo Jiakun" → Guo Jiakun, role spokesman);
pronouns take the most recent fitting speaker; bare surnames and definite titles ("the
Spokesperson") take the fullest matching name of the article.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from dipstat.model import Statement, evolve
from dipstat.phrases import POSSESSIVES, Match, find_aliases, is_capitalized
from dipstat.resources import Resources
from dipstat.segment import Document, Sentence, Token, possessive_base, tokenize

_DETERMINERS = frozenset({"the", "a", "an"})
_PRONOUN_WINDOW = 3
_CONTEXT_WORDS = 4  # words kept on each side of a name: "Foreign Ministry spokesman X, the"
# lower-case particles inside personal names ("Salman bin Abdulaziz", "Ursula von der Leyen")
_NAME_PARTICLES = frozenset(
    {
        "bin",
        "ibn",
        "al",
        "el",
        "de",
        "da",
        "di",
        "van",
        "von",
        "der",
        "la",
        "le",
        "du",
        "dos",
        "del",
    }
)  # paragraphs back a pronoun may reach for its antecedent


@dataclass(frozen=True, slots=True)
class Mention:
    """A speaker mention split into its title words and its name."""

    role: tuple[str, ...]
    name: tuple[str, ...]
    description: str
    pronoun: str | None
    definite: bool


class NameEntry(NamedTuple):
    """A multi-word name found anywhere in the article, with the words around it
    (the last words before it and the first words after it, as written).  A named
    tuple: built several times faster than a frozen dataclass, dozens per article."""

    name: str
    start: int
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()


class Names(tuple):  # type: ignore[type-arg]
    """The article's names (a tuple of :class:`NameEntry`) with a word index, so that
    finding the fullest form of a surname does not scan every name."""

    by_word: dict[str, list[NameEntry]]
    memo: dict[tuple[str, str], str | None]

    def __new__(cls, entries: Sequence[NameEntry]) -> Names:
        names = super().__new__(cls, entries)
        names.by_word = {}
        names.memo = {}  # answers of title lookups, which depend on the article only
        seen: set[str] = set()
        for entry in entries:
            if entry.name in seen:
                continue  # one entry per distinct name is enough for lookups
            seen.add(entry.name)
            for word in set(entry.name.split()):
                names.by_word.setdefault(word, []).append(entry)
        return names

    def people(self, res: Resources) -> list[NameEntry]:
        """The names that look like people's, in text order."""
        return [n for n in self if _looks_personal(n.name, res)]


@lru_cache(maxsize=4096)
def parse_mention(text: str, res: Resources) -> Mention:
    """Split a mention such as "Chinese President Xi Jinping" into role and name."""
    if "," in text:
        return _parse_appositive(text, res)
    tokens = [t for t in tokenize(text, 0, len(text)) if t.text not in "()."]
    if len(tokens) == 1 and (
        res.has_class(tokens[0].text, "pronoun_person")
        or res.has_class(tokens[0].text, "pronoun_group")
    ):
        return Mention((), (), tokens[0].text, tokens[0].lower, False)
    if len(tokens) == 2 and tokens[0].lower == "the" and res.has_class(tokens[1].lower, "anaphor"):
        return Mention((), (), text, tokens[1].lower, True)
    definite = (bool(tokens) and tokens[0].lower == "the") or any(
        t.lower in POSSESSIVES for t in tokens
    )
    while tokens and tokens[0].lower in _DETERMINERS:
        tokens = tokens[1:]
    name: list[Token] = []
    for token in reversed(tokens):
        if token.lower in POSSESSIVES or not _is_name_word(token, res):
            break
        name.insert(0, token)
    if (
        name
        and name[0].start == tokens[0].start
        and text[name[0].start : name[-1].end] in res.actors
    ):
        name = []  # "White House", "European Union": a body, not a person
    rest = len(tokens) - len(name)
    if name and rest >= 2 and tokens[rest - 1].lower == "of" and is_capitalized(tokens[rest - 2]):
        name = []  # "Joint Chiefs of Staff", "Office of the President": a body's name
    role = tokens[: len(tokens) - len(name)]
    if not any(res.role_class(t.lower) - {"modifier"} for t in role):
        role = []
    description = text[tokens[0].start : tokens[-1].end] if tokens else text
    return Mention(
        tuple(t.text for t in role), tuple(t.text for t in name), description, None, definite
    )


def _parse_appositive(text: str, res: Resources) -> Mention:
    """ "Anna Berg, ministry spokesperson": the name from one part, the role from the other."""
    parts = [parse_mention(part.strip(), res) for part in text.split(",") if part.strip()]
    named = next((p for p in parts if p.name), None)
    if named is None:
        return parts[-1]
    roles = tuple(w for p in parts if p is not named for w in (p.role or p.description.split()))
    return Mention(roles + named.role, named.name, named.description, None, named.definite)


def _is_name_word(token: Token, res: Resources) -> bool:
    """A capitalised word that is no title ("Minister"), honorific ("Mr") or actor."""
    if not is_capitalized(token) or res.role_class(token.lower):
        return False
    return not _is_actor_word(token.text, res)


def _is_actor_word(text: str, res: Resources) -> bool:
    return text in res.actors or possessive_base(text) in res.actors


def name_index(
    doc: Document, res: Resources, *, aliases: Sequence[Match] | None = None
) -> tuple[NameEntry, ...]:
    """Multi-word capitalised names of the article ("Donald Trump", "Kim Jong Un").

    ``aliases`` are the article's gazetteer matches when the caller has them already.
    """
    if aliases is None:
        aliases = [m for s in doc.sentences for m in find_aliases(s.tokens, doc.text, res)]
    alias_starts = {t.start for m in aliases for t in doc.tokens_in(m.start, m.end)}
    entries: list[NameEntry] = []
    for sentence in doc.sentences:
        run: list[Token] = []
        for token in (*sentence.tokens, None):
            if token is not None and token.start not in alias_starts:
                first = token.text[0]  # most words are lower case: no lookups for them
                if (first.isupper() or first.isdigit()) and _is_name_part(token, res):
                    run.append(token)
                    continue
                if run and token.lower in _NAME_PARTICLES:
                    run.append(token)
                    continue
            if run:
                entry = _name_entry(doc.text, sentence, run)
                if entry is not None:
                    entries.append(entry)
                run = []
    return Names(entries)


def _is_name_part(token: Token, res: Resources) -> bool:
    """A capitalised word of a personal name: no title, actor, function word or article."""
    return (
        _is_name_word(token, res)
        and not (res.function_class(token.lower) and not token.text.isupper())
        and token.lower not in _DETERMINERS
    )


def _name_entry(text: str, sentence: Sentence, run: list[Token]) -> NameEntry | None:
    """The name of a run of name words, less trailing particles, if two words remain."""
    while run and run[-1].lower in _NAME_PARTICLES:
        run.pop()
    if len(run) < 2:
        return None
    start, end = run[0].start, run[-1].end
    before = text[max(sentence.start, start - 60) : start]
    after = text[end : min(sentence.end, end + 40)].replace(",", " ")
    return NameEntry(
        text[start:end],
        start,
        tuple(before.split()[-_CONTEXT_WORDS:]),
        tuple(after.split()[:_CONTEXT_WORDS]),
    )


def attribute_speakers(
    doc: Document,
    statements: Sequence[Statement],
    res: Resources,
    *,
    names: tuple[NameEntry, ...] | None = None,
) -> tuple[Statement, ...]:
    """Fill ``speaker`` and ``role`` of each statement from its mention."""
    names = name_index(doc, res) if names is None else names
    resolved: list[Statement] = []
    by_span: dict[tuple[int, int], tuple[str | None, str | None]] = {}
    for statement in statements:
        if statement.speaker_mention is None or statement.speaker_span is None:
            resolved.append(statement)
            continue
        key = (statement.speaker_span.start, statement.speaker_span.end)
        if key not in by_span:
            by_span[key] = _resolve(statement, resolved, names, doc, res)
        speaker, role = by_span[key]
        resolved.append(evolve(statement, speaker=speaker, role=role))
    return tuple(resolved)


def _resolve(
    statement: Statement,
    earlier: list[Statement],
    names: tuple[NameEntry, ...],
    doc: Document,
    res: Resources,
) -> tuple[str | None, str | None]:
    assert statement.speaker_mention is not None and statement.speaker_span is not None
    mention = parse_mention(statement.speaker_mention, res)
    role = " ".join(mention.role) or None
    position = statement.speaker_span.start
    if mention.pronoun is not None:
        return _antecedent(mention.pronoun, statement, earlier, names, res), None
    if mention.name:
        return _fullest(" ".join(mention.name), names), role
    head = mention.role[-1].lower() if mention.role else ""
    if "document" in res.role_class(head):
        return _issuer(mention, statement, earlier, res) or mention.description, role
    if mention.definite and mention.role:
        named = _by_title(mention, position, earlier, names, res)
        if named is None and "body" in res.role_class(head):
            named = next(
                (
                    s.speaker
                    for s in reversed(earlier)
                    if s.speaker and s.speaker[:1].isupper() and head in s.speaker.lower().split()
                ),
                None,
            )
        if named is not None:
            return named, role
    if mention.role and "person" in res.role_class(head):
        named = _only_holder(head, names, res)
        if named is not None:
            return named, role
    return mention.description, role


def _only_holder(head: str, names: tuple[NameEntry, ...], res: Resources) -> str | None:
    """ "a Chinese Foreign Ministry spokesman" when the article names exactly one person
    with that very title ("Lin Jian, the spokesman"): that person."""
    if isinstance(names, Names):
        key = ("holder", head)
        if key not in names.memo:
            names.memo[key] = _find_only_holder(head, names, res)
        return names.memo[key]
    return _find_only_holder(head, names, res)


def _find_only_holder(head: str, names: tuple[NameEntry, ...], res: Resources) -> str | None:
    holders = {
        _fullest(n.name, names)
        for n in names
        if _looks_personal(n.name, res)
        and (head in [w.lower() for w in n.before[-3:]] or head in [w.lower() for w in n.after[:3]])
    }
    return holders.pop() if len(holders) == 1 else None


def _issuer(
    mention: Mention, statement: Statement, earlier: list[Statement], res: Resources
) -> str | None:
    """Who issued "the statement": its owner ("the ministry's statement"), else the
    latest institution that spoke nearby."""
    words = mention.description.split()
    owner = [w for w in words[:-1] if not res.role_class(w) & {"document"}]
    if any(w.lower().endswith(tuple(POSSESSIVES)) for w in owner):
        return possessive_base(" ".join(owner))
    nearby = [
        s
        for s in reversed(earlier)
        if s.speaker and statement.paragraph - s.paragraph <= _PRONOUN_WINDOW
    ]
    body = next((s.speaker for s in nearby if not _is_person(s, res)), None)
    return body or (nearby[0].speaker if nearby else None)


def _fullest(name: str, names: tuple[NameEntry, ...]) -> str:
    """The longest name of the article that contains every word of ``name``."""
    words = name.split()
    best = name
    candidates = names.by_word.get(words[-1], ()) if isinstance(names, Names) else names
    for entry in candidates:
        entry_words = entry.name.split()
        if len(entry_words) > len(best.split()) and all(w in entry_words for w in words):
            best = entry.name
    return best


def _antecedent(
    pronoun: str,
    statement: Statement,
    earlier: list[Statement],
    names: tuple[NameEntry, ...],
    res: Resources,
) -> str | None:
    """The speaker a pronoun stands for: the latest fitting speaker nearby, else for
    "he"/"she" the latest person named before it."""
    if res.has_class(pronoun, "anaphor"):
        return _anaphor(pronoun, statement, names, res)
    personal = res.has_class(pronoun, "pronoun_person")
    nearby = [
        s
        for s in reversed(earlier)
        if s.speaker and statement.paragraph - s.paragraph <= _PRONOUN_WINDOW
    ]
    for other in nearby:
        if _is_person(other, res) == personal:
            return other.speaker
    if personal and statement.speaker_span is not None:
        before = [n for n in names if n.start < statement.speaker_span.start]
        people = [n for n in before if _looks_personal(n.name, res)]
        if people:
            return _fullest(people[-1].name, names)
    return nearby[0].speaker if nearby else None


def _anaphor(
    word: str, statement: Statement, names: tuple[NameEntry, ...], res: Resources
) -> str | None:
    """ "the latter": the last person named before it; "the former": the one before."""
    if statement.speaker_span is None:
        return None
    people: list[str] = []
    for entry in names:
        if entry.start >= statement.speaker_span.start:
            break
        full = _fullest(entry.name, names)
        if _looks_personal(entry.name, res) and full not in people[-1:]:
            people.append(full)
    wanted = 1 if word == "latter" else 2
    return people[-wanted] if len(people) >= wanted else None


@lru_cache(maxsize=8192)
def _looks_personal(name: str, res: Resources) -> bool:
    """A name of two to five capitalised words that no gazetteer knows as a place or body."""
    words = name.split()
    return (
        2 <= len(words) <= 5
        and name not in res.actors
        and not any(w.lower() in ("and", "of", "the", "for") for w in words)
        and not any(res.role_class(w) - {"honorific"} for w in words)
    )


def _is_person(statement: Statement, res: Resources) -> bool:
    if statement.speaker is None:
        return False
    mention = parse_mention(statement.speaker_mention or statement.speaker, res)
    if mention.pronoun:
        return res.has_class(mention.pronoun, "pronoun_person")
    if mention.role and "person" in res.role_class(mention.role[-1]):
        return True
    return bool(mention.name) and _looks_personal(statement.speaker, res)


def _by_title(
    mention: Mention,
    position: int,
    earlier: list[Statement],
    names: tuple[NameEntry, ...],
    res: Resources,
) -> str | None:
    """ "the Spokesperson", "Japan's PM" → the person the article introduced with that
    title, or named beside the same country."""
    head = mention.role[-1].lower()
    if not res.role_class(head) & {"person"}:
        return None
    for other in reversed(earlier):
        if (
            other.role
            and head in other.role.lower().split()
            and other.speaker
            and parse_mention(other.speaker, res).name
        ):
            return other.speaker
    people = _people(names, res)
    for entry in sorted(
        people, key=lambda n: (n.start > position, -n.start if n.start < position else n.start)
    ):
        nearby = [w.lower() for w in (*entry.before, *entry.after)]
        if head in nearby:
            return entry.name
    countries = {w for w in mention.role if possessive_base(w) in res.actors}
    for entry in people:
        context = entry.before
        if countries & {possessive_base(w) for w in context} and any(
            res.role_class(w) & {"person"} for w in context
        ):
            return entry.name
    return None


def _people(names: tuple[NameEntry, ...], res: Resources) -> list[NameEntry]:
    """The names that look like people's (indexed once when ``names`` is a Names)."""
    if isinstance(names, Names):
        return names.people(res)
    return [n for n in names if _looks_personal(n.name, res)]


def canonical_name(
    mention: str,
    names: tuple[NameEntry, ...],
    res: Resources,
    position: int | None = None,
    actor_of: Callable[[str], str | None] | None = None,
) -> str:
    """A target or owner mention as the article's fullest name; a bare title ("the Czech
    Senate president") as the person the article introduces with it, nearest to
    ``position`` when given (``actor_of`` tells a person's country); else its description."""
    parsed = parse_mention(mention, res)
    if parsed.name:
        return _fullest(" ".join(parsed.name), names)
    if position is not None and parsed.role:
        holder = _title_holder(parsed, position, names, res, actor_of)
        if holder is not None:
            return _fullest(holder, names)
    return parsed.description


def _title_holder(
    mention: Mention,
    position: int,
    names: tuple[NameEntry, ...],
    res: Resources,
    actor_of: Callable[[str], str | None] | None,
) -> str | None:
    """The person the article names right after the mention's title ("Israeli Finance
    Minister Eli Cohen"), nearest first, of the mention's country if it gives one."""
    head = mention.role[-1].lower()
    if not res.role_class(head) & {"person"}:
        return None
    countries = _codes_in(mention.role, res)
    people = _people(names, res)
    for entry in sorted(people, key=lambda n: abs(n.start - position)):
        if head not in (w.strip(",.;:").lower() for w in entry.before):
            continue
        named = _codes_in([w.strip(",.;:") for w in entry.before], res)
        if actor_of is not None:
            named.add(actor_of(_fullest(entry.name, names)) or "")
        if not countries or countries & named:
            return entry.name
    return None


def _codes_in(words: Sequence[str], res: Resources) -> set[str]:
    return {e.code for w in words for e in res.actors.get(possessive_base(w), ())}
