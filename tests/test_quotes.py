"""Statement extraction on real-style sentences: each construction of issue 2."""

from __future__ import annotations

import pytest


def _only(statements):  # type: ignore[no-untyped-def]
    assert len(statements) == 1, [s.to_dict() for s in statements]
    return statements[0]


@pytest.mark.parametrize(
    ("text", "speaker", "quoted"),
    [
        # speaker before, with a colon
        (
            "Foreign Minister Ana Ruiz said: “We reject any interference in our affairs.”",
            "Ana Ruiz",
            "We reject any interference in our affairs.",
        ),
        # speaker after
        (
            "“We reject any interference in our affairs,” Foreign Minister Ana Ruiz said.",
            "Ana Ruiz",
            "We reject any interference in our affairs",
        ),
        # inverted: cue before the speaker
        (
            "“The door to talks remains open,” said Deputy Prime Minister Tomas Varga.",
            "Tomas Varga",
            "The door to talks remains open",
        ),
        # straight quotes and a pronoun-free description
        (
            '"Our troops will stay until the job is done,"'
            " a defence ministry spokesman told reporters.",
            "defence ministry spokesman",
            "Our troops will stay until the job is done",
        ),
    ],
)
def test_direct_quotes(analyze_text, text: str, speaker: str, quoted: str) -> None:  # type: ignore[no-untyped-def]
    statement = _only(analyze_text(text))
    assert statement.kind.value == "direct"
    assert statement.speaker == speaker
    assert statement.text == quoted


def test_split_quote_is_one_statement(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = "“We reject the ultimatum,” Ruiz said, “and we will defend our borders.”"
    statement = _only(analyze_text(text))
    assert statement.kind.value == "direct"
    assert statement.text == "We reject the ultimatum and we will defend our borders."
    assert len(statement.parts) == 2


def test_quote_over_paragraphs_joins_its_parts(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Minister Lena Holt spoke after the summit.\n"
        "“We came here to listen.\n"
        "“We leave with a plan for the border,” Holt said."
    )
    statement = _only(analyze_text(text))
    assert statement.text == "We came here to listen. We leave with a plan for the border"
    assert statement.speaker == "Lena Holt"


def test_mixed_quote_keeps_the_fragment(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = "The Kremlin also weighed in, calling the sanctions “an act of economic war.”"
    statement = _only(analyze_text(text))
    assert statement.kind.value == "mixed"
    assert statement.speaker == "Kremlin"
    assert statement.text.startswith("the sanctions “an act of economic war")


def test_headline_with_colon_attribution(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = "'We never fired on civilians': Ukrainian general rejects report\nBody text follows."
    statements = analyze_text(text)
    direct = [s for s in statements if s.kind.value == "direct"]
    assert len(direct) == 1
    assert direct[0].text == "We never fired on civilians"
    assert direct[0].speaker == "Ukrainian general"


@pytest.mark.parametrize(
    ("text", "speaker", "cue", "content"),
    [
        (
            "Oslo said on Monday that the fishing zone would stay closed.",
            "Oslo",
            "said",
            "the fishing zone would stay closed",
        ),
        (
            "The minister told reporters that the border crossing had reopened.",
            "minister",
            "told",
            "the border crossing had reopened",
        ),
        (
            "Brazil urged both sides to return to the negotiating table.",
            "Brazil",
            "urged",
            "both sides to return to the negotiating table",
        ),
        (
            "The envoy called on Ankara to release the detained journalists.",
            "envoy",
            "called on",
            "Ankara to release the detained journalists",
        ),
        (
            "Premier Ito described the missile launch as a grave provocation.",
            "Ito",
            "described",
            "the missile launch as a grave provocation",
        ),
        ("Seoul has strongly rejected the claim.", "Seoul", "has strongly rejected", "the claim"),
        (
            "According to the foreign ministry, the embassy will reopen in May.",
            "foreign ministry",
            "According to",
            "the embassy will reopen in May",
        ),
        (
            "The embassy will reopen in May, according to the foreign ministry.",
            "foreign ministry",
            "according to",
            "The embassy will reopen in May",
        ),
        # a capitalised modal is a name, and a day before the speaker is no part of it
        (
            "Former premier Theresa May said the deal was fair.",
            "Theresa May",
            "said",
            "the deal was fair",
        ),
        (
            "On Friday Lisbon’s foreign ministry said the talks had stalled.",
            "Lisbon’s foreign ministry",
            "said",
            "the talks had stalled",
        ),
    ],
)
def test_indirect_speech(analyze_text, text: str, speaker: str, cue: str, content: str) -> None:  # type: ignore[no-untyped-def]
    statement = _only(analyze_text(text))
    assert statement.kind.value == "indirect"
    assert statement.speaker == speaker
    assert statement.cue == cue
    assert statement.text == content


def test_nominal_cue_with_by_and_that(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = "Hanoi denies accusations made by Senator Mark Olsen that it sheltered smugglers."
    statements = analyze_text(text)
    by_speaker = {s.speaker: s for s in statements}
    assert by_speaker["Mark Olsen"].text == "it sheltered smugglers"
    assert by_speaker["Mark Olsen"].cue == "accusations"
    assert by_speaker["Hanoi"].cue == "denies"


def test_clause_ends_before_participle_and_relative_clause(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Lima criticized Chilean envoy Rosa Diaz, who described the treaty as outdated. "
        "Diaz dismissed the protest as theatre, urging Peru to respect the ruling."
    )
    texts = {s.cue: (s.speaker, s.text) for s in analyze_text(text)}
    assert texts["criticized"] == ("Lima", "Chilean envoy Rosa Diaz")
    assert texts["described"] == ("Rosa Diaz", "the treaty as outdated")
    assert texts["dismissed"] == ("Rosa Diaz", "the protest as theatre")
    assert texts["urging"] == ("Rosa Diaz", "Peru to respect the ruling")


def test_appositive_and_aside_between_speaker_and_cue(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Amir Haddad, spokesman for the Ministry of Foreign Affairs, in a statement, "
        "said the visit was cancelled."
    )
    statement = _only(analyze_text(text))
    assert statement.speaker == "Amir Haddad"
    assert statement.text == "the visit was cancelled"


@pytest.mark.parametrize(
    "text",
    [
        "The so-called “peace plan” was published on Monday.",
        "Crowds watched the film “Return to the Valley” in the capital.",
        "The talks ended without agreement late on Friday.",
        "Reuters reported the meeting took place.",
    ],
)
def test_no_statement(analyze_text, text: str) -> None:  # type: ignore[no-untyped-def]
    assert analyze_text(text) == ()


def test_read_also_line_yields_nothing(analyze_text) -> None:  # type: ignore[no-untyped-def]
    assert analyze_text("Read Also: Minister says talks will resume next week") == ()


def test_offsets_and_text_agree(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = "“We are ready,” she said, “to talk.” Oslo said that the zone stays closed."
    for statement in analyze_text(text):
        joined = " ".join(text[p.start : p.end] for p in statement.parts)
        assert joined == statement.text


def test_cue_in_a_relative_clause_reports_up_to_its_comma(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = "Chile, which welcomed the ruling, had brought the case to the tribunal in 2019."
    statement = analyze_text(text)[0]
    assert (statement.speaker, statement.cue, statement.text) == (
        "Chile",
        "welcomed",
        "the ruling",
    )


@pytest.mark.parametrize("joiner", ["and", "but", "yet"])
def test_coordinated_cue_verbs_are_two_statements_of_one_speaker(  # type: ignore[no-untyped-def]
    analyze_text, joiner: str
) -> None:
    text = f"The ministry welcomed the talks {joiner} criticized the closing of the border."
    welcome, criticism = analyze_text(text)
    assert (welcome.cue, welcome.text) == ("welcomed", "the talks")
    assert (criticism.speaker, criticism.cue) == ("ministry", "criticized")
    assert criticism.text == "the closing of the border"


def test_colon_ends_a_reported_clause(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = "Caracas rejects Georgetown's claims: the border was settled long ago"
    statement = analyze_text(text)[0]
    assert (statement.cue, statement.text) == ("rejects", "Georgetown's claims")


def test_quote_after_a_colon_is_the_speakers_own_words(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Prime Minister Albin Hoxha blamed the attack on the rival government: "
        "“Our country is under attack from organised crime.”"
    )
    statements = analyze_text(text)
    assert len(statements) == 2
    reported = next(s for s in statements if s.kind.value == "indirect")
    quoted = next(s for s in statements if s.kind.value == "direct")
    assert reported.text == "the attack on the rival government"
    assert quoted.speaker == reported.speaker == "Albin Hoxha"
    assert quoted.text.startswith("Our country is under attack")


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        ("Kyiv dismissed Moscow's claim that the convoy carried weapons.", "Moscow"),
        (
            "Vilnius rejected a claim from the Belarusian State Border Committee (SBC) that "
            "the drones had come from Lithuania.",
            "Committee",
        ),
    ],
)
def test_reporting_verb_used_as_a_noun_with_its_owner(analyze_text, text: str, owner: str) -> None:  # type: ignore[no-untyped-def]
    """ "Moscow's claim that ..." reports what Moscow claimed, a statement of its own
    that the rebuttal answers."""
    statements = analyze_text(text)
    claim = next(s for s in statements if s.cue == "claim")
    assert claim.speaker.endswith(owner) and claim.text.startswith("the ")
    rebuttal = next(s for s in statements if s is not claim)
    assert rebuttal.responds_to == claim.id


def test_a_bodys_name_with_of_is_not_a_persons_surname(analyze_text) -> None:  # type: ignore[no-untyped-def]
    statement = analyze_text("The Joint Chiefs of Staff said the launch had failed.")[0]
    assert statement.speaker == "Joint Chiefs of Staff"


@pytest.mark.parametrize(
    "text",
    [
        "Hanoi rejected Beijing's plan for the reefs.",
        "Beijing, which claims the reefs, said the patrols would continue.",
    ],
)
def test_a_place_ending_in_ing_is_no_participle(analyze_text, text: str) -> None:  # type: ignore[no-untyped-def]
    statement = _only(analyze_text(text))
    assert statement.speaker in ("Hanoi", "Beijing")
    assert statement.text.startswith(("Beijing's plan", "the patrols"))


def test_a_base_form_after_has_is_a_participle_not_a_noun(analyze_text) -> None:  # type: ignore[no-untyped-def]
    statement = _only(analyze_text("Ankara has hit back at Athens over the drills."))
    assert (statement.speaker, statement.cue) == ("Ankara", "has hit back at")
    assert statement.text.startswith("Athens")


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Kenya and Tanzania deny the charge.", "deny"),
        ("NATO and the U.S. call such demands unacceptable.", "call"),
    ],
)
def test_names_joined_by_and_make_a_plural_subject(analyze_text, text: str, cue: str) -> None:  # type: ignore[no-untyped-def]
    assert _only(analyze_text(text)).cue == cue


def test_a_noun_compound_before_a_verb_is_no_cue(analyze_text) -> None:  # type: ignore[no-untyped-def]
    statement = _only(
        analyze_text("Trade and the Kashmir dispute were discussed, the minister said.")
    )
    assert statement.cue == "said"


def test_warning_an_addressee_of_something_reports_it(analyze_text) -> None:  # type: ignore[no-untyped-def]
    statement = _only(analyze_text("Hanoi warns Beijing of serious consequences."))
    assert (statement.cue, statement.text) == ("warns", "Beijing of serious consequences")
    assert (statement.stance.value, statement.target) == ("threaten", "Beijing")
