"""The result model: small frozen dataclasses for statements and articles.

Every stage returns new objects (``dataclasses.replace``) instead of mutating, so a
statement can be shared between threads and used as a dict key.  ``to_dict`` gives the
dipstat/1 document of SCHEMA.md plus extra fields (offsets, evidence, event codes).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from enum import Enum
from typing import Any, cast

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
_STATEMENT_FIELD_NAMES = frozenset(_STATEMENT_FIELDS)


class _StatementDraft:
    """Statement's slots without its frozen guard.  A frozen dataclass can only fill a
    slot through a descriptor call that costs dozens of plain attribute stores;
    :func:`evolve` fills a draft with plain stores and then turns it into a Statement,
    which Python allows because the two classes have the same slots."""

    __slots__ = _STATEMENT_FIELDS


def evolve(statement: Statement, **changes: Any) -> Statement:
    """A copy of ``statement`` with ``changes``, like ``dataclasses.replace`` but filled
    by plain attribute stores (see _StatementDraft): stages copy every statement
    several times, and this is about four times as fast as filling slots through
    their descriptors."""
    draft: Any = object.__new__(_StatementDraft)
    # one line per field: attribute reads and stores written out in the code are the
    # ones the interpreter specialises (a loop over names goes through getattr/setattr)
    draft.id = statement.id
    draft.kind = statement.kind
    draft.cue = statement.cue
    draft.text = statement.text
    draft.parts = statement.parts
    draft.cue_span = statement.cue_span
    draft.cue_lemma = statement.cue_lemma
    draft.speaker = statement.speaker
    draft.speaker_mention = statement.speaker_mention
    draft.speaker_span = statement.speaker_span
    draft.role = statement.role
    draft.actor = statement.actor
    draft.actor_source = statement.actor_source
    draft.target = statement.target
    draft.target_actor = statement.target_actor
    draft.stance = statement.stance
    draft.stance_confidence = statement.stance_confidence
    draft.evidence = statement.evidence
    draft.cameo = statement.cameo
    draft.goldstein = statement.goldstein
    draft.responds_to = statement.responds_to
    draft.reply_evidence = statement.reply_evidence
    draft.confidence = statement.confidence
    draft.paragraph = statement.paragraph
    for name, value in changes.items():
        if name not in _STATEMENT_FIELD_NAMES:
            raise TypeError(f"Statement has no field {name!r}")
        setattr(draft, name, value)
    draft.__class__ = Statement
    return cast(Statement, draft)
