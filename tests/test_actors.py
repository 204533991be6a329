"""Actor linking: each step of the chain, on sentences written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from dipstat import analyze
from dipstat.resources import Resources, build_resources


def _actors(analyze_text, text: str) -> dict[str, tuple[str | None, str | None]]:  # type: ignore[no-untyped-def]
    return {s.speaker: (s.actor, s.actor_source) for s in analyze_text(text)}


@pytest.mark.parametrize(
    ("text", "speaker", "actor"),
    [
        ("Chinese President Xi Jinping said the talks were useful.", "Xi Jinping", "CHN"),
        (
            "North Korea’s Kim Jong Un said the drills were a rehearsal for war.",
            "Kim Jong Un",
            "PRK",
        ),
        ("Former U.S. President Donald Trump said the deal was terrible.", "Donald Trump", "USA"),
        ("European Union diplomat Kaja Kallas said the summit was a warning.", "Kaja Kallas", "EU"),
        (
            "Russian Foreign Ministry spokeswoman Maria Zakharova said the claims were absurd.",
            "Maria Zakharova",
            "RUS",
        ),
        ("The Kremlin said the sanctions would fail.", "Kremlin", "RUS"),
        ("Seoul said the islets belonged to South Korea.", "Seoul", "KOR"),
    ],
)
def test_own_mention(analyze_text, text: str, speaker: str, actor: str) -> None:  # type: ignore[no-untyped-def]
    assert _actors(analyze_text, text)[speaker] == (actor, "mention")


def test_earlier_mention_carries_over_to_bare_surname(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Russian Foreign Ministry spokeswoman Maria Zakharova met reporters on Monday. "
        "Zakharova said the sanctions were illegal."
    )
    assert _actors(analyze_text, text)["Maria Zakharova"] == ("RUS", "earlier mention")


def test_dateline_places_an_unnamed_official(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = "TOKYO – A foreign ministry spokesperson said the protest had been delivered."
    assert _actors(analyze_text, text)["foreign ministry spokesperson"] == ("JPN", "dateline")


def test_ministry_named_earlier_decides_a_bare_ministry(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The Indonesian Foreign Ministry summoned the envoy on Friday. "
        "The ministry said the incursion was unacceptable."
    )
    assert _actors(analyze_text, text)["ministry"][0] == "IDN"


def test_ambassador_to_a_country_speaks_for_the_sender(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = "Brazilian ambassador to Argentina Marta Lopes said the visit would go ahead."
    assert _actors(analyze_text, text)["Marta Lopes"][0] == "BRA"


def test_office_table_used_when_the_article_gives_no_clue(analyze_text) -> None:  # type: ignore[no-untyped-def]
    assert _actors(analyze_text, "Antonio Guterres said the ceasefire must hold.")[
        "Antonio Guterres"
    ] == ("UN", "office table")


def test_surname_shared_by_holders_of_one_state_still_names_it(analyze_text) -> None:  # type: ignore[no-untyped-def]
    """Two Lebanese premiers were named Salam: a bare "Salam" is still Lebanon's."""
    assert _actors(analyze_text, "Salam said the ceasefire must hold.")["Salam"] == (
        "LBN",
        "office table",
    )


def test_unknown_person_stays_null(analyze_text) -> None:  # type: ignore[no-untyped-def]
    assert _actors(analyze_text, "Tomasz Welk said the weather was fine.")["Tomasz Welk"] == (
        None,
        None,
    )


def test_user_table_adds_a_party(tmp_path: Path) -> None:
    table = tmp_path / "parties.tsv"
    table.write_text("code\ttype\talias\nFREEDONIA\tname\tFreedonia\n", encoding="utf-8")
    res = build_resources((table,))
    statements = analyze("Freedonia said the border was closed.", resources=res).statements
    assert [(s.actor, s.actor_source) for s in statements] == [("FREEDONIA", "user table")]


def test_ambiguous_alias_follows_the_article(res: Resources) -> None:
    # "Congo" prefers the DRC, unless the article is about the Republic of the Congo.
    drc = analyze("Congo said the rebels had crossed the border.", resources=res)
    rep = analyze(
        "Brazzaville hosted the talks. Congo said the rebels had crossed the border.",
        resources=res,
    )
    assert drc.statements[0].actor == "COD"
    assert rep.statements[-1].actor == "COG"


def test_user_table_with_unknown_type_names_file_and_line(tmp_path: Path) -> None:
    from dipstat.errors import DataError

    table = tmp_path / "parties.tsv"
    table.write_text("code\ttype\talias\nFREEDONIA\tnmae\tFreedonia\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"parties\.tsv:2: unknown type 'nmae'"):
        build_resources((table,))


def test_office_table_ignores_generational_suffixes(res: Resources) -> None:
    from dipstat.actors import _office_actor
    from dipstat.resources import person_key

    assert person_key("Ferdinand Marcos, Jr.") == person_key("Ferdinand Marcos Jr.")
    assert person_key("Ferdinand Marcos, Jr.") == "ferdinand marcos"
    assert _office_actor("Ferdinand Marcos, Jr.", res) == "PHL"
    assert _office_actor("Ferdinand Marcos", res) == "PHL"


def test_an_alias_needing_support_does_not_support_itself(analyze_text) -> None:  # type: ignore[no-untyped-def]
    """ "Georgia" is a state only where the article otherwise points to it."""
    assert (
        _actors(analyze_text, "Georgia said the vote would be held in Atlanta.")["Georgia"][0]
        is None
    )
    assert (
        _actors(analyze_text, "Georgia said the talks would resume in Tbilisi.")["Georgia"][0]
        == "GEO"
    )


def test_the_north_and_the_south_in_a_korean_story(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = (
        "North Korea launched more balloons toward South Korea on Sunday.\n"
        "The South's defence ministry said the North must stop the launches."
    )
    statement = analyze_text(text)[-1]
    assert statement.actor == "KOR"
    assert (statement.target, statement.target_actor) == ("North", "PRK")


def test_a_body_named_after_its_leader_is_the_leaders_state(analyze_text) -> None:  # type: ignore[no-untyped-def]
    statement = analyze_text("Moscow criticized the Trump administration over the sanctions.")[0]
    assert (statement.target, statement.target_actor) == ("Trump administration", "USA")
