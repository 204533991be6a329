"""Targets and reply links: who answers whom, reported in any order."""

from __future__ import annotations

import pytest


def test_denial_answers_the_accusation_and_targets_the_accuser(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = (
        "U.S. Senator Paul Reyes accused Manila of hiding the spill.\n"
        "In response, Manila rejected the claim."
    )
    statements = {s.speaker: s for s in analyze_text(text)}
    reply = statements["Manila"]
    assert reply.stance.value == "deny"
    assert reply.target == "Paul Reyes"
    assert reply.responds_to == statements["Paul Reyes"].id


def test_reply_reported_first_points_to_the_later_remark(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Hanoi dismissed Li Wen's remarks as groundless.\n"
        "Earlier on Monday, Chinese envoy Li Wen said Vietnamese boats had rammed a patrol ship."
    )
    statements = analyze_text(text)
    by_speaker = {s.speaker: s for s in statements}
    reply, remark = by_speaker["Hanoi"], by_speaker["Li Wen"]
    assert reply.target == "Li Wen"
    assert reply.responds_to == remark.id
    # answered statements are numbered before their replies
    assert int(remark.id[1:]) < int(reply.id[1:])


def test_object_of_the_cue_is_the_target(analyze_text) -> None:  # type: ignore[no-untyped-def]
    statement = analyze_text("The EU called on Serbia to withdraw its troops.")[0]
    assert (statement.target, statement.target_actor) == ("Serbia", "SRB")


def test_statement_with_no_counterpart_has_no_target(analyze_text) -> None:  # type: ignore[no-untyped-def]
    statement = analyze_text("Oslo said the weather delayed the ferry.")[0]
    assert statement.target is None and statement.responds_to is None


def test_reply_chain_keeps_ids_ordered(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Athens accused Ankara of violating its airspace.\n"
        "In response, Ankara denied the accusation.\n"
        "Athens hit back, calling the denial an insult."
    )
    statements = analyze_text(text)
    ids = {s.id: i for i, s in enumerate(statements)}
    linked = [s for s in statements if s.responds_to]
    assert linked
    for statement in linked:
        assert ids[statement.responds_to] < ids[statement.id]


def test_subject_of_the_content_is_the_target(analyze_text) -> None:  # type: ignore[no-untyped-def]
    """A reply whose clause opens with another state targets that state, not the
    person whose words it answers."""
    text = (
        "Norwegian Prime Minister Aina Berg said on Monday that troops could be sent.\n"
        "In response, Russian spokesman Ivan Petrov said Norway must withdraw the remarks at once."
    )
    reply = next(s for s in analyze_text(text) if s.speaker == "Ivan Petrov")
    assert (reply.target, reply.target_actor) == ("Norway", "NOR")


def test_unnamed_counterpart_is_the_state_the_article_names_most(analyze_text) -> None:  # type: ignore[no-untyped-def]
    """A criticism that names nobody targets the other state the story is about."""
    text = (
        "India rejected China's renaming of places in Arunachal Pradesh.\n"
        "The list was published in Beijing by China's civil affairs ministry on Sunday.\n"
        'Spokesman Arun Bagchi said the "invented names" were a provocation.'
    )
    reply = next(s for s in analyze_text(text) if s.speaker == "Arun Bagchi")
    assert reply.stance.value == "criticize", reply.evidence
    assert (reply.target, reply.target_actor) == ("China", "CHN")


def test_a_states_words_answered_by_any_of_its_speakers(analyze_text) -> None:  # type: ignore[no-untyped-def]
    """ "Brussels' decision" is answered in the words of the European Commission."""
    text = (
        "The European Commission said it would impose duties on imported steel.\n"
        "Beijing later criticised Brussels’ decision as unfair."
    )
    statements = analyze_text(text)
    ruling = next(s for s in statements if s.speaker == "European Commission")
    reply = next(s for s in statements if s.speaker == "Beijing")
    assert reply.responds_to == ruling.id, reply.reply_evidence


def test_what_followed_after_is_answered_not_answering(analyze_text) -> None:  # type: ignore[no-untyped-def]
    """ "X hit back at Y after Y accused ...": Y's accusation is the remark answered,
    and X's later rebuke of "the claim" answers it."""
    text = (
        "Greek Prime Minister Nikos Andreou has hit back at Turkish President Ali Demir "
        "after the latter accused Greece of militarising the islands.\n"
        "Andreou said the claim was absurd."
    )
    by_speaker = {s.speaker: s for s in analyze_text(text)}
    accusation, rebuke = by_speaker["Ali Demir"], by_speaker["Nikos Andreou"]
    assert accusation.responds_to is None
    assert rebuke.responds_to == accusation.id
    assert (rebuke.target, rebuke.target_actor) == ("Ali Demir", "TUR")


def test_abbreviated_target_is_spelled_out_as_the_article_does(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The United States sent two warships through the strait on Monday.\n"
        "A Chinese foreign ministry spokesman said the U.S. must stop its provocations."
    )
    statement = analyze_text(text)[-1]
    assert (statement.target, statement.target_actor) == ("United States", "USA")


def test_insulting_a_speaker_answers_that_speakers_side(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Israeli Prime Minister Dan Levi accused Turkey of occupying the island.\n"
        'Turkish President Ali Demir called Levi a "tyrant" on Friday.'
    )
    by_speaker = {s.speaker: s for s in analyze_text(text)}
    insult, accusation = by_speaker["Ali Demir"], by_speaker["Dan Levi"]
    assert insult.stance.value == "criticize", insult.evidence
    assert insult.responds_to == accusation.id, insult.reply_evidence


def test_plural_possessive_names_the_owner_of_the_words(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = (
        "UN envoy Maria Santos said she would attend the summit in Minsk.\n"
        "Kyiv criticised Santos’ decision to travel to Minsk."
    )
    announcement, rebuke = analyze_text(text)
    assert (rebuke.target, rebuke.target_actor) == ("Maria Santos", "UN")
    assert rebuke.responds_to == announcement.id
    assert rebuke.reply_evidence == "refers to Santos's words"


def test_rebuttal_answers_the_accusation_not_a_later_aside(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Lithuanian minister Jonas Petraitis accused Minsk of sending migrants to the border.\n"
        "Petraitis also said the weather had been mild this winter.\n"
        "In response, Belarus denied the accusation."
    )
    accusation, aside, denial = analyze_text(text)
    assert accusation.stance.value == "accuse" and aside.stance.value == "comment"
    assert denial.responds_to == accusation.id, denial.reply_evidence


def test_reply_naming_a_speaker_by_first_name(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Ukrainian activist Olena Kovalenko said Russian troops had shelled the plant.\n"
        "Moscow responded to the activist Olena on Tuesday, calling the claims lies."
    )
    remark, response, *_ = analyze_text(text)
    assert response.cue == "responded to"
    assert response.responds_to == remark.id


def test_abbreviation_kept_when_the_article_never_spells_it_out(analyze_text) -> None:  # type: ignore[no-untyped-def]
    """ "UK" is not "Britain" spelled out: only a name whose initials make the
    abbreviation replaces it."""
    text = (
        "Britain expelled a Russian diplomat on Monday.\n"
        "Russian ambassador Oleg Sorin said the UK was blocking peace talks."
    )
    statement = analyze_text(text)[-1]
    assert (statement.target, statement.target_actor) == ("UK", "GBR")


def test_unnamed_target_goes_by_the_name_the_article_uses_most(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Britain has long backed the talks in Geneva.\n"
        "The UK hosts them, and the UK pays for them.\n"
        "Russian spokesman Ivan Petrov said the plan was reckless."
    )
    statement = analyze_text(text)[-1]
    assert statement.stance.value == "criticize", statement.evidence
    assert (statement.target, statement.target_actor) == ("UK", "GBR")


def test_pronoun_object_stands_for_the_latest_other_person(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Chilean President Tomas Rivas said on Sunday that Peru had no claim to the island.\n"
        "Peruvian Foreign Minister Ana Quispe urged him to withdraw the remarks."
    )
    statement = analyze_text(text)[-1]
    assert statement.speaker == "Ana Quispe"
    assert (statement.target, statement.target_actor) == ("Tomas Rivas", "CHL")


def test_it_as_object_stands_for_the_latest_other_state(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Libya said on Monday that Libyan guards would reopen the crossing soon.\n"
        "Tensions rose after Sudan closed its own border crossing.\n"
        "Chad accused it of starving the refugee camps."
    )
    statement = analyze_text(text)[-1]
    assert (statement.target, statement.target_actor) == ("Sudan", "SDN")


def test_own_possessive_is_not_a_target(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Egypt criticized the dam's filling schedule.\n"
        "Sudan defended its right to use the river's water."
    )
    statement = analyze_text(text)[-1]
    assert statement.target != "Sudan"


def test_rebuke_of_a_sides_words_answers_what_that_side_said_first(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Chilean Foreign Minister Ana Vidal accused Peru of moving troops to the border.\n"
        "Vidal also said Chile had asked the United Nations to send observers.\n"
        "Peru's foreign ministry condemned Chilean remarks as provocative."
    )
    statements = analyze_text(text)
    accusation = next(s for s in statements if s.cue == "accused")
    rebuke = next(s for s in statements if s.cue == "condemned")
    assert rebuke.responds_to == accusation.id, rebuke.reply_evidence


def test_person_target_takes_the_actor_their_own_statements_have(res, analyze_text) -> None:  # type: ignore[no-untyped-def]
    """A person the article names with no clue to their state is coded as the state
    their own statements speak for (here as a user table would set it)."""
    from dipstat.model import evolve
    from dipstat.segment import segment
    from dipstat.targets import find_targets

    text = (
        "The Foreign Office said it had called in Li Wen on Monday.\n"
        "Li confirmed the meeting and said he had lodged a protest."
    )
    statements = analyze_text(text)
    assert statements[0].target == "Li Wen" and statements[0].target_actor is None
    coded = [evolve(s, actor="CHN") if s.speaker == "Li Wen" else s for s in statements]
    doc = segment(text, abbreviations=res.abbreviations, boilerplate=res.boilerplate)
    retargeted = find_targets(doc, coded, res)
    assert (retargeted[0].target, retargeted[0].target_actor) == ("Li Wen", "CHN")


def test_a_place_name_is_not_a_target(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Eritrean spokesman Dawit Bereket said on Monday that Ethiopia was massing troops.\n"
        "Ethiopian envoy Lemma Tadesse said the Golan Heights talks had no bearing on the "
        "Danakil Desert dispute and called Bereket's claims false."
    )
    reply = next(s for s in analyze_text(text) if s.speaker == "Lemma Tadesse")
    assert reply.target not in ("Golan Heights", "Danakil Desert")


def test_whom_the_speaker_told_is_the_target(analyze_text) -> None:  # type: ignore[no-untyped-def]
    statement = analyze_text('"Keep out of our waters," Manila tells Beijing\n')[0]
    assert (statement.target, statement.target_actor) == ("Beijing", "CHN")


def test_a_news_outlet_told_is_an_audience_not_a_target(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Chilean President Tomas Rivas said on Sunday that Peru had no claim to the island.\n"
        "A Peruvian official told Reuters that Rivas had misread the treaty."
    )
    statement = analyze_text(text)[-1]
    assert statement.target != "Reuters"


def test_a_criticism_linked_to_nothing_rebuts_the_other_sides_provocation(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Turkish Defence Minister Ali Demir accused Greece of arming the islands.\n"
        "Demir also said Ankara wanted calm in the region.\n"
        "Greek spokesman Nikos Pappas said the drills in the Aegean were reckless and dangerous."
    )
    by_speaker = {s.speaker: s for s in analyze_text(text) if s.cue != "also said"}
    rebuttal, accusation = by_speaker["Nikos Pappas"], by_speaker["Ali Demir"]
    assert rebuttal.stance.value == "criticize", rebuttal.evidence
    assert rebuttal.responds_to == accusation.id, rebuttal.reply_evidence


def test_a_clause_of_the_same_sentence_shares_its_speakers_target(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Hanoi rejected Beijing's renaming of the reefs, stating that the reefs were "
        "Vietnamese territory."
    )
    statements = analyze_text(text)
    stating = next(s for s in statements if s.cue == "stating")
    assert (stating.target, stating.target_actor) == ("Beijing", "CHN")


def test_modifier_letter_apostrophe_marks_a_possessive(analyze_text) -> None:  # type: ignore[no-untyped-def]
    """ "Guterresʼ decision" (U+02BC, common in transliterated text) names Guterres."""
    statement = analyze_text("Kyiv criticized Guterresʼ decision to travel to Minsk.")[0]
    assert (statement.target, statement.target_actor) == ("Guterres", "UN")


def test_a_title_as_target_is_the_person_introduced_with_it(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Danish Senate President Jens Holm arrived in Taipei on Sunday.\n"
        "Chinese Foreign Minister Wang Yi said the Danish Senate president would pay a "
        "heavy price for the visit."
    )
    threat = analyze_text(text)[-1]
    assert (threat.target, threat.target_actor) == ("Jens Holm", "DNK")


def test_a_territory_of_the_speakers_state_is_no_counterpart(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = (
        "British minister Anne Hale criticised the new security law on Monday.\n"
        "A Chinese embassy spokesperson said Hong Kong residents now enjoyed more freedom."
    )
    reply = analyze_text(text)[-1]
    assert reply.target != "Hong Kong"


@pytest.mark.parametrize(
    ("text", "target"),
    [
        (
            "Eritrean minister Yonas Tesfay urged the international community to press Addis.",
            "international community",
        ),
        (
            "Russian spokesman Ivan Orlov urged Western countries to stop arming Kyiv.",
            "Western countries",
        ),
        ("Saudi King Faisal Omar said the world should take a stand on the dispute.", "world"),
    ],
)
def test_a_group_of_states_is_a_target_of_no_one_actor(
    analyze_text, text: str, target: str
) -> None:  # type: ignore[no-untyped-def]
    statement = analyze_text(text)[0]
    assert (statement.target, statement.target_actor) == (target, None)


def test_world_as_a_modifier_is_no_target(analyze_text) -> None:  # type: ignore[no-untyped-def]
    statement = analyze_text("Saudi King Faisal Omar said world leaders should act.")[0]
    assert statement.target != "world"


def test_a_states_title_in_the_content_names_its_holder(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Turkish President Ali Demir addressed the parliament in Islamabad on Friday.\n"
        "Indian spokesman Ravi Kumar said India rejects every reference the Turkish "
        "President made to the region."
    )
    statement = analyze_text(text)[-1]
    assert (statement.target, statement.target_actor) == ("Ali Demir", "TUR")


def test_a_body_qualified_by_a_state_is_named_as_written(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = 'Greek spokesman Nikos Pappas said: "We urge the Turkish leadership to stop the drills."'
    statement = analyze_text(text)[0]
    assert (statement.target, statement.target_actor) == ("Turkish leadership", "TUR")


def test_a_criticism_by_a_side_the_provocation_spares_answers_nothing(analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Turkish Defence Minister Ali Demir accused Greece of arming the islands.\n"
        "EU envoy Anna Berg said the drills in the Aegean were reckless and dangerous."
    )
    remark = next(s for s in analyze_text(text) if s.speaker == "Anna Berg")
    assert remark.stance.value == "criticize", remark.evidence
    assert remark.responds_to is None, remark.reply_evidence
