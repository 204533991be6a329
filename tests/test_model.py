"""The result model: statement copies."""

from __future__ import annotations

import dataclasses

import pytest

from dipstat.model import Kind, Span, Stance, Statement, evolve


def _every_field_set() -> Statement:
    return Statement(
        id="s7",
        kind=Kind.MIXED,
        cue="warned",
        text="it will respond",
        parts=(Span(10, 20), Span(30, 35)),
        cue_span=Span(3, 9),
        cue_lemma="warn",
        speaker="Ana Silva",
        speaker_mention="Silva",
        speaker_span=Span(0, 2),
        role="minister",
        actor="BRA",
        actor_source="speaker",
        target="Oslo",
        target_actor="NOR",
        stance=Stance.THREATEN,
        stance_confidence=0.85,
        evidence=("cue",),
        cameo="138",
        goldstein=-7.0,
        responds_to="s2",
        reply_evidence="reply cue",
        confidence=0.9,
        paragraph=4,
    )


def test_evolve_copies_every_field_and_applies_the_changes() -> None:
    statement = _every_field_set()
    copy = evolve(statement, target=None, paragraph=5)
    assert type(copy) is Statement and copy is not statement
    assert copy == dataclasses.replace(statement, target=None, paragraph=5)
    assert evolve(statement) == statement
    assert hash(evolve(statement)) == hash(statement)


def test_evolve_copy_stays_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        evolve(_every_field_set()).target = "Rome"  # type: ignore[misc]


def test_evolve_rejects_unknown_fields() -> None:
    with pytest.raises(TypeError, match="no field"):
        evolve(_every_field_set(), tone="harsh")
