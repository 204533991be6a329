"""Stance signals, one by one, with CAMEO codes and Goldstein weights."""

from __future__ import annotations

import pytest


def _stance(analyze_text, text: str, cue: str | None = None):  # type: ignore[no-untyped-def]
    statements = analyze_text(text)
    if cue is not None:
        statements = [s for s in statements if s.cue and cue in s.cue]
    assert statements, text
    return statements[0]


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # the cue's own class
        ("Hanoi denied that its ships had entered the zone.", "deny"),
        ("Ottawa urged Delhi to cooperate with the investigation.", "demand"),
        ("The EU called on both sides to show restraint.", "demand"),
        ("Pyongyang warned that it would respond to any provocation.", "threaten"),
        ("The minister welcomed the agreement on grain exports.", "support"),
        ("Warsaw accused Minsk of orchestrating the border crisis.", "accuse"),
        ("Berlin condemned the attack on the embassy.", "criticize"),
        # what a rejection is aimed at
        ("Beijing rejected the claim.", "deny"),
        ("Islamabad rejected the remarks made by the Indian minister.", "criticize"),
        ("Moscow rejected the proposal for a ceasefire.", "reject"),
        # warning someone against something is an appeal; pledging retaliation a threat
        ("Paris warned Rome against closing its ports to rescue ships.", "demand"),
        ("The general pledged swift retaliation against any incursion.", "threaten"),
        # warning reaches "against" past a long title
        ("Berlin warned China's Foreign Minister Wang Yi against threatening allies.", "demand"),
        # a quoted label on the other side's person is an insult; a warm one is praise
        ('The president called his rival a "murderous thug" on Sunday.', "criticize"),
        ('Minsk called the new sanctions "a birthday card" from Vilnius.', "criticize"),
        ('Seoul described the talks as "constructive and candid."', "support"),
        ('The ministry called the claims "false".', "deny"),
        # defending one's own act rebuts the criticism of it; defending another's backs it
        ("Pyongyang defended its missile launch on Monday.", "deny"),
        ("Warsaw defended Ukraine's right to strike military targets.", "support"),
        # a reply cue takes its stance from what it answers
        ("The Kremlin responded to the allegations of the Estonian minister.", "deny"),
        ("Delhi reacted to his remarks on the border dispute.", "criticize"),
        # dismissing a claim is a denial, whatever wrongs the claim alleges
        (
            "The ministry said claims that its agents were involved in the killing were absurd.",
            "deny",
        ),
        # a negated wrong is denied
        ("Minsk said its forces had not attacked the convoy.", "deny"),
        # an obligation on another party is an appeal; one the speaker takes on is not
        ("The minister said Norway must stop the whaling.", "demand"),
        ("The minister said we must protect our fishermen.", "comment"),
        # content cues under a neutral cue
        ("Lima said it would take every step to confront the blockade.", "threaten"),
        ("The ministry said the president had been briefed on the recall order.", "comment"),
        ("Quito said it was unable to accept the proposed border line.", "reject"),
        ("The envoy said Ankara will have to pay for every provocation.", "threaten"),
        ("Madrid said it had summoned the Moroccan ambassador.", "criticize"),
        ("Delhi said the new maps will not change the facts on the ground.", "reject"),
        ("The ministry said the allegations were groundless and fabricated.", "deny"),
        ("Tehran said it stands ready to resume talks.", "reassure"),
        # a refusal inside the content takes its stance from what it refuses
        ("The spokesman said Delhi rejects every reference to the province.", "criticize"),
        ("The spokesman said Hanoi firmly rejects the allegations.", "deny"),
        # an obligation on the other side outweighs a denial word in the same breath
        ("Russian envoy Ivan Sorin said Norway has to drop its groundless accusations.", "demand"),
        # what the other side should have done is a reproach, not an appeal
        ("The minister said Bogota ought to have consulted its neighbours first.", "criticize"),
        # a threat of action against someone is not a warning against doing something
        ("Manila threatened to cut ties with Ottawa for not taking back the waste.", "threaten"),
        ("Islamabad warned it might strike militants against whom Kabul did nothing.", "threaten"),
        ("Seoul warned Pyongyang not to launch more balloons.", "demand"),
        # general criticism and accusation vocabulary
        ("The minister said the decision would worsen the humanitarian crisis.", "criticize"),
        ("Lima said the other government was incapable of securing the border.", "criticize"),
        ("The envoy said the junta allegedly bombed a market.", "accuse"),
        ("Minsk rejected having any part in the sabotage of the pipeline.", "deny"),
        ("Riga rejected any involvement in the cyberattack.", "deny"),
        ("Nairobi said it had withdrawn its recognition of the tribunal.", "reject"),
        ("The spokesman said the Dutch reaction was restrained and professional.", "support"),
        (
            "The Estonian ministry said Estonia respects the territorial integrity of Latvia.",
            "reassure",
        ),
    ],
)
def test_stance_signals(analyze_text, text: str, stance: str) -> None:  # type: ignore[no-untyped-def]
    statement = _stance(analyze_text, text)
    assert statement.stance.value == stance, statement.evidence
    assert statement.evidence, "every label carries its evidence"


def test_negated_rule_out_is_a_threat(analyze_text) -> None:  # type: ignore[no-untyped-def]
    statement = _stance(analyze_text, "The general has not ruled out a strike on the bases.")
    assert statement.stance.value == "threaten"
    assert any("negated" in e for e in statement.evidence)


def test_neutral_statement_is_a_comment_with_its_reason(analyze_text) -> None:  # type: ignore[no-untyped-def]
    statement = _stance(analyze_text, "The spokesman said the delegation arrived on Tuesday.")
    assert statement.stance.value == "comment"
    assert statement.cameo == "010"
    assert statement.stance_confidence is not None and statement.stance_confidence < 0.7
    assert any("residual" in e for e in statement.evidence)


def test_event_codes_follow_the_stance(analyze_text) -> None:  # type: ignore[no-untyped-def]
    denial = _stance(analyze_text, "Hanoi denied that its ships had entered the zone.")
    assert denial.cameo == "016"
    assert denial.goldstein is not None and denial.goldstein < 0
    praise = _stance(analyze_text, "The minister welcomed the agreement on grain exports.")
    assert praise.goldstein is not None and praise.goldstein > 0


def test_us_the_state_is_not_we(analyze_text) -> None:  # type: ignore[no-untyped-def]
    """ "US" opening a clause is the United States, not the first person ("us")."""
    statement = _stance(analyze_text, "The Kremlin praised US restraint after the incident.")
    assert statement.stance.value == "support", statement.evidence
