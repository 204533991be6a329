"""Where dipstat's data lives, and loading it once.

Only this module knows the data directory: inside an installed wheel it is
``dipstat/data`` (hatch copies the repository's top-level ``data/`` there); in a
checkout or an editable install it is the repository's ``data/``.  Every file is plain
UTF-8 text with ``#`` comment lines; a missing or malformed file raises
:class:`~dipstat.errors.DataError` naming the file and line.
"""

from __future__ import annotations

import csv
import os
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType

from dipstat.errors import DataError
from dipstat.model import Stance

_PACKAGE_DATA = Path(__file__).resolve().parent / "data"
_CHECKOUT_DATA = Path(__file__).resolve().parent.parent / "data"


def data_dir() -> Path:
    """The directory holding dipstat's lexicons (``DIPSTAT_DATA`` overrides it)."""
    override = os.environ.get("DIPSTAT_DATA")
    if override:
        return Path(override)
    return _PACKAGE_DATA if _PACKAGE_DATA.is_dir() else _CHECKOUT_DATA


def data_path(name: str) -> Path:
    """Path of one data file, e.g. ``data_path("cues.tsv")``."""
    path = data_dir() / name
    if not path.is_file():
        raise DataError(f"dipstat data file missing: {path}")
    return path


def read_lines(path: Path) -> Iterator[tuple[int, str]]:
    """(line number, line) of a text file, skipping blank and ``#`` lines."""
    try:
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                stripped = line.rstrip("\n\r")
                if stripped.strip() and not stripped.lstrip().startswith("#"):
                    yield number, stripped
    except UnicodeDecodeError as exc:
        raise DataError(f"{path}: not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise DataError(f"{path}: cannot read ({exc.strerror})") from None


def read_table(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a TSV file whose header row names at least ``columns``.

    Raises:
        DataError: the header lacks a column, or a row has too few fields.
    """
    lines = read_lines(path)
    try:
        _, header_line = next(lines)
    except StopIteration:
        raise DataError(f"{path}: empty table") from None
    header = header_line.split("\t")
    missing = [c for c in columns if c not in header]
    if missing:
        raise DataError(f"{path}: header lacks column(s) {', '.join(missing)}; found {header}")
    for number, line in lines:
        fields = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
        if len(fields) < len(columns):
            raise DataError(
                f"{path}:{number}: expected {len(header)} tab-separated fields, got {len(fields)}"
            )
        yield number, dict(zip(header, (f.strip() for f in fields), strict=False))


@dataclass(frozen=True, slots=True)
class Cue:
    """One entry of the cue lexicon."""

    lemma: str
    pos: str
    frame: str
    stance: Stance
    cameo: str
    inverts: bool


@dataclass(frozen=True, slots=True)
class ActorEntry:
    code: str
    type: str
    rule: str


@dataclass(frozen=True, slots=True)
class OfficeHolder:
    name: str
    code: str
    role: str
    start: str
    end: str


@dataclass(frozen=True, slots=True)
class EventCode:
    cameo: str
    name: str
    goldstein: float | None
    stance: Stance | None


@dataclass(frozen=True, slots=True, eq=False)
class Resources:
    """Everything the pipeline reads from data/, loaded once per process.

    Compared and hashed by identity (``eq=False``), so per-resources caches can key on it.
    """

    abbreviations: frozenset[str]
    boilerplate: tuple[tuple[str, int], ...]
    cues: Mapping[tuple[str, ...], Cue]
    cue_max_len: int
    cues_by_lemma: Mapping[str, Cue]
    roles: Mapping[str, frozenset[str]]
    modifiers: Mapping[str, frozenset[str]]
    function_words: Mapping[str, frozenset[str]]
    stance_cues: Mapping[tuple[str, ...], tuple[Stance, float]]
    stance_first: Mapping[str, int]
    stance_prefixes: Mapping[str, tuple[tuple[str, Stance, float], ...]]
    cue_first: Mapping[str, int]
    phrase_openers: frozenset[str]
    stance_prefix_keys: frozenset[str]  # the keys of stance_prefixes, for a fast test
    actors: Mapping[str, tuple[ActorEntry, ...]]
    actor_first: Mapping[str, int]
    actor_names: Mapping[str, str]
    office_holders: Mapping[str, tuple[OfficeHolder, ...]]
    office_surnames: Mapping[str, tuple[OfficeHolder, ...]]
    sovereigns: Mapping[str, str]  # territory code → the state that speaks for it
    collectives: frozenset[tuple[str, ...]]  # "international community": no one actor
    event_codes: Mapping[str, EventCode]
    stance_defaults: Mapping[Stance, str]
    claim_nouns: Mapping[str, str]
    reply_cues: frozenset[tuple[str, ...]]
    reply_cue_first: frozenset[str]  # first words of reply_cues, to skip most tokens
    # Plain-dict copies of the three word-class tables for the lookup methods below,
    # which the stages call thousands of times per article: a read-only proxy forwards
    # every .get() through a method call, at about twice a dict's cost.
    _modifier_table: dict[str, frozenset[str]] = field(init=False, repr=False)
    _role_table: dict[str, frozenset[str]] = field(init=False, repr=False)
    _function_table: dict[str, frozenset[str]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_modifier_table", dict(self.modifiers))
        object.__setattr__(self, "_role_table", dict(self.roles))
        object.__setattr__(self, "_function_table", dict(self.function_words))

    def has_class(self, word: str, cls: str) -> bool:
        """Whether ``word`` (any case) is in the modifier class ``cls``."""
        return cls in self._modifier_table.get(word.lower(), _NO_CLASSES)

    def modifier_classes(self, word: str) -> frozenset[str]:
        """Every modifier class of ``word`` (any case): one lookup where a caller would
        otherwise ask :meth:`has_class` about several classes."""
        return self._modifier_table.get(word.lower(), _NO_CLASSES)

    def role_class(self, word: str) -> frozenset[str]:
        """Classes of ``word`` in roles.tsv (person, group, body, modifier, honorific)."""
        return self._role_table.get(word.lower(), _NO_CLASSES)

    def same_side(self, code: str | None, other: str | None) -> bool:
        """Whether two actor codes speak for one state (Hong Kong and China do)."""
        if code is None or other is None:
            return False
        return self.sovereigns.get(code, code) == self.sovereigns.get(other, other)

    def function_class(self, word: str) -> frozenset[str]:
        """Classes of ``word`` in function_words.tsv (preposition, conjunction, ...)."""
        return self._function_table.get(word.lower(), _NO_CLASSES)


_NO_CLASSES: frozenset[str] = frozenset()


def _frozen(mapping: dict) -> Mapping:  # type: ignore[type-arg]
    return MappingProxyType(mapping)


def _load_word_classes(name: str) -> Mapping[str, frozenset[str]]:
    classes: dict[str, set[str]] = {}
    for _, row in read_table(data_path(name), ("word", "class")):
        classes.setdefault(row["word"].lower(), set()).add(row["class"])
    return _frozen({w: frozenset(c) for w, c in classes.items()})


def _stance(value: str, path: Path, number: int) -> Stance:
    try:
        return Stance(value)
    except ValueError:
        choices = ", ".join(s.value for s in Stance)
        raise DataError(f"{path}:{number}: unknown stance {value!r}; one of {choices}") from None


def _load_cues() -> tuple[Mapping[tuple[str, ...], Cue], int]:
    path = data_path("cues.tsv")
    cues: dict[tuple[str, ...], Cue] = {}
    columns = ("cue", "forms", "pos", "frame", "stance", "cameo", "inverts")
    for number, row in read_table(path, columns):
        cue = Cue(
            row["cue"],
            row["pos"],
            row["frame"],
            _stance(row["stance"], path, number),
            row["cameo"],
            row["inverts"] == "yes",
        )
        for form in row["forms"].split("|"):
            words = tuple(form.split())
            if words:
                cues.setdefault(words, cue)
    return _frozen(cues), max(len(k) for k in cues)


def _load_stance_cues() -> tuple[
    Mapping[tuple[str, ...], tuple[Stance, float]], tuple[tuple[str, Stance, float], ...]
]:
    path = data_path("stance_cues.tsv")
    exact: dict[tuple[str, ...], tuple[Stance, float]] = {}
    prefixes: list[tuple[str, Stance, float]] = []
    for number, row in read_table(path, ("phrase", "stance", "weight")):
        stance = _stance(row["stance"], path, number)
        try:
            weight = float(row["weight"])
        except ValueError:
            raise DataError(f"{path}:{number}: weight {row['weight']!r} is not a number") from None
        phrase = row["phrase"].lower()
        if phrase.endswith("*") and " " not in phrase:
            if len(phrase) - 1 < PREFIX_KEY:
                raise DataError(
                    f"{path}:{number}: prefix {phrase!r} is shorter than {PREFIX_KEY} letters"
                )
            prefixes.append((phrase[:-1], stance, weight))
        else:
            exact[tuple(phrase.rstrip("*").split())] = (stance, weight)
    return _frozen(exact), tuple(prefixes)


# what an actor alias is; the order is the gazetteer's documentation order
ACTOR_TYPES = (
    "name",
    "short",
    "adjective",
    "capital",
    "seat",
    "institution",
    "org",
    "body",
    "office",
)


def load_actor_table(path: Path) -> dict[str, list[ActorEntry]]:
    """An actor gazetteer (built-in or a user's ``--actors`` file): alias → entries."""
    table: dict[str, list[ActorEntry]] = {}
    for number, row in read_table(path, ("code", "type", "alias")):
        for column in ("code", "alias"):
            if not row[column]:
                raise DataError(f"{path}:{number}: empty {column}")
        if row["type"] not in ACTOR_TYPES:
            raise DataError(
                f"{path}:{number}: unknown type {row['type']!r}; one of {', '.join(ACTOR_TYPES)}"
            )
        entry = ActorEntry(row["code"], row["type"], row.get("rule", "") or "")
        table.setdefault(row["alias"], []).append(entry)
    return table


_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def person_key(name: str) -> str:
    """A name folded for lookup: no accents, hyphens, commas or generational suffixes,
    lower case ("Kim Yo-jong" → "kim yo jong", "António Guterres" → "antonio guterres",
    "Ferdinand Marcos, Jr." → "ferdinand marcos")."""
    folded = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    words = plain.replace("-", " ").replace(",", " ").lower().split()
    while len(words) > 2 and words[-1].rstrip(".") in _NAME_SUFFIXES:
        words.pop()  # "Teodoro Locsin, Jr." and "Teodoro Locsin Jr." are one person
    return " ".join(words)


def _load_office_holders() -> Mapping[str, tuple[OfficeHolder, ...]]:
    holders: dict[str, list[OfficeHolder]] = {}
    for _, row in read_table(data_path("office_holders.tsv"), ("name", "code", "role", "start")):
        holder = OfficeHolder(
            row["name"], row["code"], row["role"], row["start"], row.get("end", "") or ""
        )
        holders.setdefault(person_key(row["name"]), []).append(holder)
    return _frozen({k: tuple(v) for k, v in holders.items()})


def _surname_index(
    holders: Mapping[str, tuple[OfficeHolder, ...]],
) -> Mapping[str, tuple[OfficeHolder, ...]]:
    """Last name → holders, kept only when the people with that last name all held
    office for one actor (two Lebanese premiers named Salam still say Lebanon)."""
    by_surname: dict[str, list[OfficeHolder]] = {}
    for full, entries in holders.items():
        by_surname.setdefault(full.split()[-1], []).extend(entries)
    return _frozen({s: tuple(h) for s, h in by_surname.items() if len({e.code for e in h}) == 1})


def _load_event_codes() -> tuple[Mapping[str, EventCode], Mapping[Stance, str]]:
    path = data_path("cameo.tsv")
    codes: dict[str, EventCode] = {}
    for number, row in read_table(path, ("cameo", "name", "goldstein", "stance")):
        goldstein = float(row["goldstein"]) if row["goldstein"] else None
        stance = _stance(row["stance"], path, number) if row["stance"] else None
        codes[row["cameo"]] = EventCode(row["cameo"], row["name"], goldstein, stance)
    defaults_path = data_path("stance_defaults.tsv")
    defaults = {
        _stance(row["stance"], defaults_path, n): row["cameo"]
        for n, row in read_table(defaults_path, ("stance", "cameo"))
    }
    return _frozen(codes), _frozen(defaults)


def build_resources(extra_actors: tuple[Path, ...] = ()) -> Resources:
    """Load every data file (and any user gazetteers, which override built-in aliases)."""
    cues, cue_max_len = _load_cues()
    stance_cues, stance_prefixes = _load_stance_cues()
    actors = load_actor_table(data_path("actors.tsv"))
    for path in extra_actors:
        if not path.is_file():
            raise DataError(f"actor table not found: {path}")
        user = load_actor_table(path)
        for alias, entries in user.items():
            actors[alias] = [ActorEntry(e.code, e.type, "user") for e in entries]
    event_codes, stance_defaults = _load_event_codes()
    boilerplate = tuple(
        (row["prefix"].lower(), int(row["max_words"]))
        for _, row in read_table(data_path("boilerplate.tsv"), ("kind", "prefix", "max_words"))
    )
    abbreviations = frozenset(
        line.strip().lower() for _, line in read_lines(data_path("abbreviations.txt"))
    )
    reply_cues = frozenset(
        tuple(row["phrase"].lower().split())
        for _, row in read_table(data_path("reply_cues.tsv"), ("phrase",))
    )
    return Resources(
        abbreviations=abbreviations,
        boilerplate=boilerplate,
        cues=cues,
        cue_max_len=cue_max_len,
        cues_by_lemma=_frozen({cue.lemma: cue for cue in cues.values()}),
        roles=_load_word_classes("roles.tsv"),
        modifiers=_load_word_classes("modifiers.tsv"),
        function_words=_load_word_classes("function_words.tsv"),
        stance_cues=stance_cues,
        stance_first=_frozen(_first_word_lengths(stance_cues)),
        stance_prefixes=_frozen(_prefix_index(stance_prefixes)),
        stance_prefix_keys=frozenset(_prefix_index(stance_prefixes)),
        cue_first=_frozen(_first_word_lengths(cues)),
        phrase_openers=frozenset(w for words in (*stance_cues, *cues) for w in words[:1]),
        actors=_frozen({k: tuple(v) for k, v in actors.items()}),
        actor_first=_first_token_index(actors),
        actor_names=_frozen(_display_names(actors)),
        office_holders=(holders := _load_office_holders()),
        office_surnames=_surname_index(holders),
        sovereigns=_frozen(
            {
                row["code"]: row["sovereign"]
                for _, row in read_table(data_path("territories.tsv"), ("code", "sovereign"))
            }
        ),
        event_codes=event_codes,
        stance_defaults=stance_defaults,
        claim_nouns=_frozen(
            {
                row["noun"].lower(): row["class"]
                for _, row in read_table(data_path("claim_nouns.tsv"), ("noun", "class"))
            }
        ),
        collectives=frozenset(
            tuple(row["phrase"].lower().split())
            for _, row in read_table(data_path("collectives.tsv"), ("phrase",))
        ),
        reply_cues=reply_cues,
        reply_cue_first=frozenset(phrase[0] for phrase in reply_cues),
    )


def _first_word_lengths(phrases: Mapping[tuple[str, ...], object]) -> dict[str, int]:
    """First word → most words of any phrase opening with it (bounds the lookups)."""
    lengths: dict[str, int] = {}
    for words in phrases:
        lengths[words[0]] = max(lengths.get(words[0], 0), len(words))
    return lengths


PREFIX_KEY = 3  # prefixes are grouped by their first letters so a word checks only a few


def _prefix_index(
    prefixes: tuple[tuple[str, Stance, float], ...],
) -> dict[str, tuple[tuple[str, Stance, float], ...]]:
    index: dict[str, list[tuple[str, Stance, float]]] = {}
    for entry in prefixes:
        index.setdefault(entry[0][:PREFIX_KEY], []).append(entry)
    return {k: tuple(v) for k, v in index.items()}


def _display_names(aliases: Mapping[str, list[ActorEntry]]) -> dict[str, str]:
    """code → its shortest unambiguous name ("TUR" → "Turkey", not "Republic of
    Turkey"; "PRK" → "North Korea", not the shared "Korea")."""
    names: dict[str, str] = {}
    for alias, entries in aliases.items():
        for entry in entries:
            if entry.type not in ("name", "org") or (entry.rule and len(entries) > 1):
                continue
            best = names.get(entry.code)
            if best is None or (len(alias.split()), len(alias)) < (len(best.split()), len(best)):
                names[entry.code] = alias
    return names


def _first_token_index(aliases: Mapping[str, object]) -> Mapping[str, int]:
    """First token of each alias → most tokens of any alias starting with it.

    Lets the alias scan try only the lengths that can match at a token, instead of
    slicing the text at every length for every token of the article.
    """
    from dipstat.segment import tokenize  # segment imports nltk: only when building

    index: dict[str, int] = {}
    for alias in aliases:
        tokens = tokenize(alias, 0, len(alias))
        if tokens:
            first = tokens[0].text
            index[first] = max(index.get(first, 0), len(tokens))
    return _frozen(index)


@cache
def default_resources() -> Resources:
    """The built-in resources, loaded on first use and shared by the whole process."""
    return build_resources()
