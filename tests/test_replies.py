"""Targets and reply links: who answers whom, reported in any order."""

from __future__ import annotations


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
