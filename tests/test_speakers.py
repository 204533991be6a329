"""Speaker attribution: names, titles, descriptions, pronouns, surnames, continuations."""

from __future__ import annotations

import pytest

from dipstat.resources import Resources
from dipstat.speakers import parse_mention


def test_mention_splits_title_from_name(res: Resources) -> None:
    mention = parse_mention("Russian Foreign Ministry spokeswoman Irina Volkova", res)
    assert mention.name == ("Irina", "Volkova")
    assert mention.role == ("Russian", "Foreign", "Ministry", "spokeswoman")


def test_description_keeps_its_words_without_article(res: Resources) -> None:
    mention = parse_mention("A foreign ministry spokesperson", res)
    assert mention.name == ()
    assert mention.description == "foreign ministry spokesperson"


def test_pronoun_resolves_to_last_person(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Spokesman Li Wenhao said the exercises were routine. "
        "He called on Manila to stop provocations."
    )
    speakers = [s.speaker for s in analyze_text(text)]
    assert speakers == ["Li Wenhao", "Li Wenhao"]


def test_bare_surname_takes_the_fullest_name(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Former Chancellor Helga Brandt met the delegation. Brandt said the pipeline deal was dead."
    )
    assert [s.speaker for s in analyze_text(text)] == ["Helga Brandt"]


def test_definite_title_refers_back_to_named_person(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Foreign Office spokesperson Samir Qureshi said the remarks were baseless. "
        "The spokesperson said talks could not resume."
    )
    assert [s.speaker for s in analyze_text(text)] == ["Samir Qureshi", "Samir Qureshi"]


def test_bare_quote_paragraph_continues_the_speaker(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = (
        "“Nobody wants a trade war,” Commissioner Paula Verhoeven said.\n"
        "“But we will defend our industry against unfair subsidies.”"
    )
    statements = analyze_text(text)
    assert [s.speaker for s in statements] == ["Paula Verhoeven", "Paula Verhoeven"]
    assert statements[1].kind.value == "direct"


def test_metonym_speaker(analyze_text) -> None:  # type: ignore[no-untyped-def]
    statements = analyze_text("The White House said the sanctions would stay in place.")
    assert [s.speaker for s in statements] == ["White House"]


@pytest.mark.parametrize(
    ("anaphor", "speaker"), [("the latter", "Ali Demir"), ("the former", "Nikos Andreou")]
)
def test_latter_and_former_pick_from_the_people_just_named(  # type: ignore[no-untyped-def]
    analyze_text, anaphor: str, speaker: str
) -> None:
    text = (
        f"Nikos Andreou met Ali Demir in Geneva. Afterwards {anaphor} said the talks were useful."
    )
    statement = analyze_text(text)[0]
    assert statement.speaker == speaker


def test_relative_clause_between_subject_and_cue(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The European Commission, which acts as the bloc's executive arm, announced on "
        "Tuesday that it would tax imported steel."
    )
    statement = analyze_text(text)[0]
    assert statement.speaker == "European Commission"
    assert statement.text == "it would tax imported steel"


def test_appositive_missing_its_closing_comma(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Aster Bekele, the former ambassador to Kenya and foreign ministry spokeswoman "
        "said that Nairobi had closed the border."
    )
    statement = analyze_text(text)[0]
    assert statement.speaker == "Aster Bekele"
    assert statement.role is not None and "spokeswoman" in statement.role


def test_place_before_a_comma_is_not_a_name(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = "In Beijing, the foreign ministry spokesman said the talks went well."
    statement = analyze_text(text)[0]
    assert statement.speaker == "foreign ministry spokesman"


def test_abbreviation_period_inside_a_name(analyze_text) -> None:  # type: ignore[no-untyped-def]
    """ "Jr." and "Sen." keep their periods inside a speaker or target phrase."""
    text = (
        "President Ferdinand Marcos Jr. said the ships would stay in port.\n"
        "Moscow ridiculed US Sen. Jane Miller for saying the war would end soon."
    )
    marcos, ridicule = analyze_text(text)
    assert marcos.speaker == "Ferdinand Marcos Jr"
    assert marcos.actor == "PHL"  # the office table, found through the suffix
    assert ridicule.target == "Jane Miller"
