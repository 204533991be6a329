"""The bundled sample story end to end: what issues 2, 3 and 4 promise about it."""

from __future__ import annotations

from pathlib import Path

import pytest

from dipstat import analyze
from dipstat.actors import ActorLinker
from dipstat.model import Statement
from dipstat.resources import Resources
from dipstat.segment import segment

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "samples" / "beijing_parade.txt"


@pytest.fixture(scope="module")
def statements(res: Resources) -> tuple[Statement, ...]:
    return analyze(SAMPLE.read_text(encoding="utf-8"), SAMPLE.name, resources=res).statements


def _find(statements: tuple[Statement, ...], fragment: str) -> Statement:
    found = [s for s in statements if fragment in s.text]
    assert len(found) == 1, (fragment, [s.text for s in statements])
    return found[0]


def test_direct_quotes_and_their_speakers(statements) -> None:  # type: ignore[no-untyped-def]
    direct = {s.speaker: s.text for s in statements if s.kind.value == "direct"}
    assert set(direct) == {"Donald Trump", "Guo Jiakun"}
    assert direct["Guo Jiakun"].startswith("China’s development of diplomatic relations")


def test_pronoun_and_read_also(statements) -> None:  # type: ignore[no-untyped-def]
    assert _find(statements, "the EU to work toward peace").speaker == "Guo Jiakun"
    assert not any("War Technology" in s.text for s in statements)


def test_actors(statements, res: Resources) -> None:  # type: ignore[no-untyped-def]
    actors = {s.speaker: s.actor for s in statements}
    assert actors["Donald Trump"] == "USA"
    assert actors["Guo Jiakun"] == "CHN"
    assert actors["foreign ministry spokesperson"] == "CHN"
    assert actors["Kremlin"] == "RUS"
    assert actors["Kaja Kallas"] == "EU"
    text = SAMPLE.read_text(encoding="utf-8")
    linker = ActorLinker(
        segment(text, abbreviations=res.abbreviations, boilerplate=res.boilerplate), res
    )
    assert linker.name("Vladimir Putin")[0] == "RUS"
    assert linker.name("Kim Jong Un")[0] == "PRK"


def test_stances_targets_and_replies(statements) -> None:  # type: ignore[no-untyped-def]
    by_id = {s.id: s for s in statements}
    guo = _find(statements, "never directed against any third party")
    assert (guo.stance.value, guo.target) == ("deny", "Donald Trump")

    kremlin = _find(statements, "not without irony")
    assert (kremlin.stance.value, kremlin.target) == ("criticize", "Donald Trump")
    assert by_id[kremlin.responds_to].speaker == "Donald Trump"
    assert by_id[kremlin.responds_to].kind.value == "direct"  # Trump's post

    dismissal = _find(statements, "Kallas’s remarks as biased")
    assert dismissal.target == "Kaja Kallas"
    assert by_id[dismissal.responds_to].speaker == "Kaja Kallas"

    appeal = _find(statements, "the EU to work toward peace")
    assert (appeal.stance.value, appeal.target_actor) == ("demand", "EU")
