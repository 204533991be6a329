"""Actor networks: dipstat/1 documents in, directed actor → target-actor relations out.

Every statement whose speaker and target both resolve to an actor adds to the
relation (actor → target actor): its count by stance, its net Goldstein score (the
sum of the statements' scores, conflict negative and cooperation positive), the cues
and speakers behind it, and the same by period when the documents carry a ``date``.
Documents are added one at a time, so a corpus of any size streams; only the
aggregates are kept.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any

from dipstat.model import Stance

STANCES = tuple(s.value for s in Stance)
TOP = 3  # cues and speakers listed per relation
_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?")


class Period(str, Enum):
    """How finely dates are grouped."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"


@dataclass
class Tally:
    """Statements, their stances and net Goldstein score."""

    statements: int = 0
    stances: Counter[str] = field(default_factory=Counter)
    goldstein: float = 0.0

    def add(self, stance: str | None, goldstein: float | None) -> None:
        self.statements += 1
        self.stances[stance or "none"] += 1
        if goldstein is not None:
            self.goldstein += goldstein


@dataclass
class Relation:
    """Everything said by one actor about another across the corpus."""

    source: str
    target: str
    tally: Tally = field(default_factory=Tally)
    scored: int = 0  # statements that have a Goldstein score
    articles: int = 0
    cues: Counter[str] = field(default_factory=Counter)
    speakers: Counter[str] = field(default_factory=Counter)
    by_period: dict[str, Tally] = field(default_factory=dict)
    _last_article: int = -1

    @property
    def goldstein_mean(self) -> float | None:
        return self.tally.goldstein / self.scored if self.scored else None

    def top_cues(self, n: int = TOP) -> list[tuple[str, int]]:
        return self.cues.most_common(n)

    def top_speakers(self, n: int = TOP) -> list[tuple[str, int]]:
        return self.speakers.most_common(n)


@dataclass
class Node:
    """One actor: statements it made about others, and received from them."""

    actor: str
    made: int = 0
    received: int = 0
    goldstein_out: float = 0.0
    goldstein_in: float = 0.0


@dataclass
class Network:
    """The actor network of a corpus, built one document at a time with :meth:`add`."""

    period: Period = Period.DAY
    articles: int = 0
    errors: int = 0
    statements: int = 0
    related: int = 0  # statements with both an actor and a target actor
    relations: dict[tuple[str, str], Relation] = field(default_factory=dict)

    def add(self, document: Mapping[str, Any]) -> None:
        """Add one dipstat/1 document (an error record counts as an error)."""
        statements = document.get("statements")
        if not isinstance(statements, list):
            self.errors += 1
            return
        period = _period(document.get("date"), self.period)
        for statement in statements:
            if isinstance(statement, Mapping):
                self._add_statement(statement, period)
        self.articles += 1

    def _add_statement(self, statement: Mapping[str, Any], period: str | None) -> None:
        self.statements += 1
        source, target = statement.get("actor"), statement.get("target_actor")
        if not (isinstance(source, str) and source and isinstance(target, str) and target):
            return
        self.related += 1
        relation = self.relations.get((source, target))
        if relation is None:
            relation = self.relations[(source, target)] = Relation(source, target)
        stance, goldstein = _stance(statement.get("stance")), _number(statement.get("goldstein"))
        relation.tally.add(stance, goldstein)
        relation.scored += goldstein is not None
        if relation._last_article != self.articles:
            relation._last_article = self.articles
            relation.articles += 1
        cue, speaker = statement.get("cue"), statement.get("speaker")
        if isinstance(cue, str) and cue:
            relation.cues[cue.lower()] += 1
        if isinstance(speaker, str) and speaker:
            relation.speakers[speaker] += 1
        if period:
            relation.by_period.setdefault(period, Tally()).add(stance, goldstein)

    def edges(self, *, min_statements: int = 1) -> list[Relation]:
        """Relations with at least ``min_statements``, the busiest first."""
        chosen = [r for r in self.relations.values() if r.tally.statements >= min_statements]
        return sorted(chosen, key=lambda r: (-r.tally.statements, r.source, r.target))

    def nodes(self, edges: Iterable[Relation] | None = None) -> list[Node]:
        """The actors of ``edges`` (default: all relations), sorted by code."""
        nodes: dict[str, Node] = {}
        for relation in self.relations.values() if edges is None else edges:
            out = nodes.setdefault(relation.source, Node(relation.source))
            out.made += relation.tally.statements
            out.goldstein_out += relation.tally.goldstein
            into = nodes.setdefault(relation.target, Node(relation.target))
            into.received += relation.tally.statements
            into.goldstein_in += relation.tally.goldstein
        return [nodes[k] for k in sorted(nodes)]


def build_network(
    documents: Iterable[Mapping[str, Any]], *, period: Period = Period.DAY
) -> Network:
    """The network of ``documents`` (dipstat/1 documents, e.g. ``dipstat batch`` output)."""
    network = Network(period=period)
    for document in documents:
        network.add(document)
    return network


def _stance(value: Any) -> str | None:
    return value if isinstance(value, str) and value in STANCES else None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _period(value: Any, period: Period) -> str | None:
    """The period a date falls in (ISO 8601 or RFC 2822 dates; other text as written)."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if not _ISO_DATE.match(text):
        from email.utils import parsedate_to_datetime  # RSS dates; imported when needed

        try:
            text = parsedate_to_datetime(text).date().isoformat()
        except (TypeError, ValueError, IndexError):
            return text  # an unknown format still groups equal dates
    else:
        try:
            text = datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
        except ValueError:
            text = _ISO_DATE.match(text).group()  # type: ignore[union-attr]
    width = {Period.DAY: 10, Period.MONTH: 7, Period.YEAR: 4}[period]
    return text[:width]
