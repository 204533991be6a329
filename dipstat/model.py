"""The result model: small frozen dataclasses for statements and articles.

Every stage returns new objects (``dataclasses.replace``) instead of mutating, so a
statement can be shared between threads and used as a dict key.  ``to_dict`` gives the
dipstat/1 document of SCHEMA.md plus extra fields (offsets, evidence, event codes).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field, fields
from enum import Enum
from itertools import repeat
from operator import attrgetter
from typing import Any

SCHEMA = "dipstat/1"


class Kind(str, Enum):
    """How the content is reported."""

    DIRECT = "direct"
    INDIRECT = "indirect"
    MIXED = "mixed"


class Stance(str, Enum):
    """The nine stance labels of dipstat/1."""

    ACCUSE = "accuse"
    CRITICIZE = "criticize"
    DENY = "deny"
    REJECT = "reject"
    DEMAND = "demand"
    THREATEN = "threaten"
    SUPPORT = "support"
    REASSURE = "reassure"
    COMMENT = "comment"

    @property
    def polarity(self) -> str:
        """conflict, cooperation or neutral: how renderers colour the label."""
        if self in _CONFLICT:
            return "conflict"
        if self in _COOPERATION:
            return "cooperation"
        return "neutral"


_CONFLICT = frozenset(
    {Stance.ACCUSE, Stance.CRITICIZE, Stance.DENY, Stance.REJECT, Stance.THREATEN, Stance.DEMAND}
)
_COOPERATION = frozenset({Stance.SUPPORT, Stance.REASSURE})


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range [start, end) of the article."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Statement:
    """One attributed statement.

    ``parts`` holds the article ranges whose texts, joined by single spaces, make
    ``text`` (one range except for split and multi-paragraph quotes).
    """

    id: str
    kind: Kind
    cue: str | None
    text: str
    parts: tuple[Span, ...]
    cue_span: Span | None = None
    cue_lemma: str | None = None
    speaker: str | None = None
    speaker_mention: str | None = None
    speaker_span: Span | None = None
    role: str | None = None
    actor: str | None = None
    actor_source: str | None = None
    target: str | None = None
    target_actor: str | None = None
    stance: Stance | None = None
    stance_confidence: float | None = None
    evidence: tuple[str, ...] = ()
    cameo: str | None = None
    goldstein: float | None = None
    responds_to: str | None = None
    reply_evidence: str | None = None
    confidence: float = 1.0
    paragraph: int = 0

    @property
    def start(self) -> int:
        return self.parts[0].start

    @property
    def end(self) -> int:
        return self.parts[-1].end

    def to_dict(self) -> dict[str, Any]:
        """The dipstat/1 statement, schema fields first, then dipstat's extras."""
        return {
            "id": self.id,
            "speaker": self.speaker,
            "actor": self.actor,
            "kind": self.kind.value,
            "cue": self.cue,
            "text": self.text,
            "target": self.target,
            "target_actor": self.target_actor,
            "stance": self.stance.value if self.stance else None,
            "responds_to": self.responds_to,
            "start": self.start,
            "end": self.end,
            "parts": [[p.start, p.end] for p in self.parts],
            "cue_start": self.cue_span.start if self.cue_span else None,
            "cue_lemma": self.cue_lemma,
            "speaker_mention": self.speaker_mention,
            "role": self.role,
            "actor_source": self.actor_source,
            "stance_confidence": self.stance_confidence,
            "evidence": list(self.evidence),
            "cameo": self.cameo,
            "goldstein": self.goldstein,
            "reply_evidence": self.reply_evidence,
            "confidence": round(self.confidence, 3),
        }


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything dipstat found in one article."""

    article: str | None
    statements: tuple[Statement, ...]
    source: str | None = None
    encoding: str | None = None
    meta: tuple[tuple[str, Any], ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """The dipstat/1 article document."""
        doc: dict[str, Any] = {
            "schema": SCHEMA,
            "article": self.article,
            "source": self.source,
            "statements": [s.to_dict() for s in self.statements],
        }
        if self.encoding:
            doc["encoding"] = self.encoding
        doc.update(self.meta)
        return doc


_STATEMENT_FIELDS = tuple(f.name for f in fields(Statement))
_FIELD_INDEX = {name: index for index, name in enumerate(_STATEMENT_FIELDS)}
_field_values = attrgetter(*_STATEMENT_FIELDS)
# Statement's slot descriptors, in field order, and the C function that fills a slot.
_FIELD_SLOTS = tuple(Statement.__dict__[name] for name in _STATEMENT_FIELDS)
_fill_slot = type(_FIELD_SLOTS[0]).__set__


def evolve(statement: Statement, **changes: Any) -> Statement:
    """A copy of ``statement`` with ``changes``, like ``dataclasses.replace`` but twice
    as fast; stages copy every statement several times.  All fields are read by one
    ``attrgetter`` call and their slots filled by ``map`` (drained into an empty
    deque), so no Python code runs per field."""
    copy = object.__new__(Statement)
    deque(map(_fill_slot, _FIELD_SLOTS, repeat(copy), _field_values(statement)), maxlen=0)
    for name, value in changes.items():
        index = _FIELD_INDEX.get(name)
        if index is None:
            raise TypeError(f"Statement has no field {name!r}")
        _fill_slot(_FIELD_SLOTS[index], copy, value)
    return copy
