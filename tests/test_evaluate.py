"""Tests for dipstat.evaluate: every expected score is worked out by hand in a comment."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dipstat.errors import GoldError
from dipstat.evaluate import (
    MATCH_THRESHOLD,
    EvalReport,
    load_gold_dir,
    match_statements,
    overlap_f1,
    same_speaker,
    score,
    tokens,
)


def stmt(sid: str, text: str, **fields: Any) -> dict[str, Any]:
    """A dipstat/1 statement; fields not given are null (kind defaults to indirect)."""
    base: dict[str, Any] = {
        "id": sid,
        "speaker": None,
        "actor": None,
        "kind": "indirect",
        "cue": "said",
        "text": text,
        "target": None,
        "target_actor": None,
        "stance": None,
        "responds_to": None,
    }
    return base | fields


def doc(article: str, *statements: dict[str, Any]) -> dict[str, Any]:
    return {
        "schema": "dipstat/1",
        "article": article,
        "source": "test",
        "statements": list(statements),
    }


def texts(*values: str) -> list[dict[str, Any]]:
    return [stmt(f"s{i}", text) for i, text in enumerate(values)]


# --- tokens and overlap -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Xi's 3rd-term, 2024!", ["xi", "s", "3rd", "term", "2024"]),
        ("U.S. snake_case", ["u", "s", "snake", "case"]),  # "_" is not part of a token
        ("Zelenskyy’s MÜLLER", ["zelenskyy", "s", "müller"]),  # non-ASCII letters kept
        ("-- ... --", []),
    ],
)
def test_tokens(text: str, expected: list[str]) -> None:
    assert tokens(text) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # a = the talks the talks (4), b = the talks ended (3); multiset common = the, talks = 2
        # 2*2 / (4+3) = 4/7 = 0.5714  (a set-based overlap would give 2*2/(2+3) = 0.8)
        ("The talks, the talks!", "the talks ended", 4 / 7),
        # identical after lowercasing and dropping punctuation: 2*3/(3+3) = 1
        ("Sanctions WILL end.", "sanctions will end", 1.0),
        # no common token: 0
        ("we reject it", "they accept", 0.0),
        # either side without tokens: 0.0, not a division by zero
        ("", "something", 0.0),
        ("!!!", "!!!", 0.0),
    ],
)
def test_overlap_f1(a: str, b: str, expected: float) -> None:
    assert overlap_f1(a, b) == pytest.approx(expected)
    assert overlap_f1(b, a) == pytest.approx(expected)


# --- matching -----------------------------------------------------------------------------


def test_threshold_is_the_schema_value() -> None:
    assert MATCH_THRESHOLD == 0.5


@pytest.mark.parametrize(
    ("gold_text", "pred_text", "expected"),
    [
        ("alpha beta", "alpha gamma", [(0, 0, 0.5)]),  # 2*1/(2+2) = 0.5: at the threshold
        ("alpha beta gamma", "alpha beta delta epsilon zeta", [(0, 0, 0.5)]),  # 2*2/(3+5)
        ("alpha beta gamma", "alpha delta epsilon", []),  # 2*1/(3+3) = 0.333 < 0.5
        ("alpha beta gamma", "alpha beta delta epsilon zeta eta", []),  # 2*2/(3+6) = 0.444
    ],
)
def test_match_threshold(gold_text: str, pred_text: str, expected: list[Any]) -> None:
    assert match_statements(texts(gold_text), texts(pred_text)) == expected


def test_one_prediction_overlapping_two_golds_goes_to_the_better() -> None:
    gold = texts("sanctions will be lifted next year", "sanctions will be lifted")
    pred = texts("sanctions will be lifted")
    # gold 0: 2*4/(6+4) = 0.8; gold 1: 2*4/(4+4) = 1.0 -> gold 1 wins, gold 0 stays unmatched
    assert match_statements(gold, pred) == [(1, 0, 1.0)]


def test_greedy_is_best_first_not_gold_first() -> None:
    gold = texts(
        "the talks were productive",  # A, 4 tokens
        "the talks were productive and very frank",  # B, 7 tokens
    )
    pred = texts(
        "the talks were productive and frank",  # P, 6 tokens
        "talks were productive yesterday",  # Q, 4 tokens
    )
    # B-P: 2*6/(7+6) = 12/13 = 0.923   A-P: 2*4/(4+6) = 0.8
    # A-Q: 2*3/(4+4) = 0.75            B-Q: 2*3/(7+4) = 6/11 = 0.545
    # best first: B-P, then A-P is blocked (P used), then A-Q.
    # (gold-first greedy would give A-P and B-Q instead)
    pairs = match_statements(gold, pred)
    assert [(g, p) for g, p, _ in pairs] == [(0, 1), (1, 0)]
    assert [f1 for _, _, f1 in pairs] == pytest.approx([0.75, 12 / 13])


def test_ties_are_broken_by_index() -> None:
    # all four pairs score 1.0; (gold index, pred index) order takes (0, 0) then (1, 1)
    pairs = match_statements(texts("no comment", "no comment"), texts("No comment.", "no comment"))
    assert pairs == [(0, 0, 1.0), (1, 1, 1.0)]


def test_no_statements_no_pairs() -> None:
    assert match_statements([], texts("anything")) == []
    assert match_statements(texts("anything"), []) == []


# --- speakers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gold", "pred", "expected"),
    [
        ("Guo Jiakun", "Guo", True),  # last tokens differ (jiakun/guo), "guo" is contained
        ("Guo Jiakun", "Jiakun", True),  # last token equal
        ("Jiakun", "Guo Jiakun", True),
        ("Foreign Ministry spokesperson", "spokesperson", True),
        ("GUO JIAKUN", "guo jiakun", True),  # case-insensitive
        ("Foreign Ministry spokesperson", "Defence Ministry spokesperson", True),  # last token
        ("Trump", "Biden", False),
        ("Kaja Kallas", "Kaja", True),  # contained
        ("Kaja Kallas", "Kaj", False),  # not a whole token
        ("Russia", "US", False),  # whole tokens only: "us" is inside "russia" as characters
        ("Ukraine", "UK", False),
        ("Nigeria", "Niger", False),
        (None, None, True),
        ("Trump", None, False),
        (None, "Trump", False),
        ("", None, True),  # a name without tokens counts as None
        ("", "Trump", False),
    ],
)
def test_same_speaker(gold: str | None, pred: str | None, expected: bool) -> None:
    assert same_speaker(gold, pred) is expected


# --- the two-article score ----------------------------------------------------------------

GOLD_A = doc(
    "a.txt",
    stmt(
        "s1",
        "Beijing conspired with Russia and North Korea against the United States",
        speaker="Donald Trump",
        actor="USA",
        kind="indirect",
        target="Xi Jinping",
        target_actor="CHN",
        stance="accuse",
    ),
    stmt(
        "s2",
        "China's development of relations with any country is never directed against "
        "any third party",
        speaker="Guo Jiakun",
        actor="CHN",
        kind="direct",
        target="Donald Trump",
        target_actor="USA",
        stance="deny",
        responds_to="s1",
    ),
    stmt(
        "s3",
        "the parade was a challenge to the international order",
        speaker="Kaja Kallas",
        actor="EU",
        kind="mixed",
        target="Xi Jinping",
        target_actor="CHN",
        stance="criticize",
    ),
    stmt(
        "s4",
        "the remarks were full of ideological bias and prejudice",
        speaker="Mao Ning",
        actor="CHN",
        kind="indirect",
        target="Kaja Kallas",
        target_actor="EU",
        stance="criticize",
        responds_to="s3",
    ),
)
PRED_A = doc(
    "a.txt",
    # p1 = s1 exactly; "Trump" and "Xi" are right as speakers
    stmt(
        "p1",
        "Beijing conspired with Russia and North Korea against the United States",
        speaker="Trump",
        actor="USA",
        kind="indirect",
        target="Xi",
        target_actor="CHN",
        stance="accuse",
    ),
    # p2 = s2 exactly; actor missing; reply p2 -> p1 is right (s2 -> s1)
    stmt(
        "p2",
        "China's development of relations with any country is never directed against "
        "any third party",
        speaker="Jiakun",
        actor=None,
        kind="direct",
        target="Trump",
        target_actor="USA",
        stance="deny",
        responds_to="p1",
    ),
    # p3 ~ s4 (5 of its 9 tokens): 2*5/(9+5) = 0.714; wrong speaker, wrong kind,
    # wrong reply p3 -> p1 (s4 answers s3, p1 is s1)
    stmt(
        "p3",
        "remarks full of ideological bias",
        speaker="Wang Yi",
        actor="CHN",
        kind="mixed",
        target="Kallas",
        target_actor="EU",
        stance="criticize",
        responds_to="p1",
    ),
    # p6 ~ s3 below the threshold: common the, order, was = 3 -> 2*3/(9+4) = 0.46; s3 stays
    # missed and p6 is spurious; its reply p6 -> p2 is wrong (p6 is unmatched)
    stmt(
        "p6",
        "the order was given",
        speaker="Kaja Kallas",
        actor="EU",
        kind="indirect",
        stance="criticize",
        responds_to="p2",
    ),
)
GOLD_B = doc(
    "b.txt",
    stmt(
        "s1",
        "we will respond firmly to any provocation",
        speaker="Antony Blinken",
        actor="USA",
        kind="direct",
        target="North Korea",
        target_actor="PRK",
        stance="threaten",
    ),
)
PRED_B = doc(
    "b.txt",
    # ids repeat article A's: links and ids are per article.
    # p1 ~ s1: common 6 of 7 and 8 tokens -> 2*6/(7+8) = 0.8; stance and target wrong
    stmt(
        "p1",
        "will respond firmly to any provocation from Pyongyang",
        speaker="Blinken",
        actor=None,
        kind="direct",
        target=None,
        target_actor=None,
        stance="comment",
    ),
    # spurious
    stmt(
        "p2",
        "the weather in Seoul was cold",
        speaker="KCNA",
        actor="PRK",
        kind="indirect",
        stance="comment",
    ),
)


@pytest.fixture(scope="module")
def two_articles() -> dict[str, Any]:
    return score([GOLD_A, GOLD_B], [PRED_B, PRED_A]).to_dict(detail=True)


def test_counts(two_articles: dict[str, Any]) -> None:
    # gold: 4 + 1 = 5; predicted: 4 + 2 = 6; matched: s1-p1, s2-p2, s4-p3 in a, s1-p1 in b = 4
    assert (two_articles["articles"], two_articles["gold"]) == (2, 5)
    assert (two_articles["predicted"], two_articles["matched"]) == (6, 4)


def test_statement_scores(two_articles: dict[str, Any]) -> None:
    assert two_articles["statement_precision"] == 0.6667  # 4/6
    assert two_articles["statement_recall"] == 0.8  # 4/5
    assert two_articles["statement_f1"] == 0.7273  # 2*(2/3)*(4/5)/(2/3+4/5) = 8/11


def test_who_said_what(two_articles: dict[str, Any]) -> None:
    # matched with the right speaker: Trump, Jiakun, Blinken = 3 (Wang Yi is not Mao Ning)
    assert two_articles["who_said_what_precision"] == 0.5  # 3/6
    assert two_articles["who_said_what_recall"] == 0.6  # 3/5
    assert two_articles["who_said_what_f1"] == 0.5455  # 2*0.5*0.6/1.1 = 6/11


def test_attribute_accuracies(two_articles: dict[str, Any]) -> None:
    assert two_articles["speaker_accuracy"] == 0.75  # 3/4, p3 wrong
    assert two_articles["actor_accuracy"] == 0.5  # 2/4, a/p2 and b/p1 have None
    assert two_articles["kind_accuracy"] == 0.75  # 3/4, p3 mixed for indirect
    assert two_articles["stance_accuracy"] == 0.75  # 3/4, comment for threaten
    assert two_articles["target_accuracy"] == 0.75  # 3/4, None for North Korea
    assert two_articles["target_actor_accuracy"] == 0.75  # 3/4, None for PRK


def test_stance_macro_f1(two_articles: dict[str, Any]) -> None:
    # matched (gold, pred): accuse/accuse, deny/deny, criticize/criticize, threaten/comment
    # F1: accuse 1, deny 1, criticize 1, threaten 0 (fn), comment 0 (fp) -> 3/5
    assert two_articles["stance_macro_f1"] == 0.6
    assert two_articles["stance_confusion"] == [
        {"gold": "accuse", "predicted": "accuse", "count": 1},
        {"gold": "criticize", "predicted": "criticize", "count": 1},
        {"gold": "deny", "predicted": "deny", "count": 1},
        {"gold": "threaten", "predicted": "comment", "count": 1},
    ]


def test_reply_links(two_articles: dict[str, Any]) -> None:
    # gold links: a/s2->s1, a/s4->s3 = 2; predicted: p2->p1 (right), p3->p1, p6->p2 = 3
    assert two_articles["reply_precision"] == 0.3333  # 1/3
    assert two_articles["reply_recall"] == 0.5  # 1/2
    assert two_articles["reply_f1"] == 0.4  # 2*(1/3)*(1/2)/(5/6) = 0.4


def test_per_kind(two_articles: dict[str, Any]) -> None:
    # gold direct a/s2, b/s1 both matched; indirect a/s1, a/s4 both matched; mixed a/s3 missed
    assert two_articles["direct_recall"] == 1.0  # 2/2
    assert two_articles["indirect_recall"] == 1.0  # 2/2
    assert two_articles["mixed_recall"] == 0.0  # 0/1
    # predicted direct a/p2, b/p1 matched; indirect a/p1 matched, a/p6 and b/p2 not;
    # mixed a/p3 matched (to an indirect gold: matching, not kind agreement)
    assert two_articles["direct_precision"] == 1.0  # 2/2
    assert two_articles["indirect_precision"] == 0.3333  # 1/3
    assert two_articles["mixed_precision"] == 1.0  # 1/1
    assert two_articles["indirect_f1"] == 0.5  # 2*(1/3)*1/(4/3)
    assert two_articles["mixed_f1"] == 0.0  # recall 0


def test_per_article(two_articles: dict[str, Any]) -> None:
    # a: 4 gold, 4 predicted, 3 matched: F1 2*3/(4+4) = 0.75; right speakers 2: 2*2/8 = 0.5
    # b: 1 gold, 2 predicted, 1 matched: F1 2*1/(1+2) = 0.6667; right speaker 1: same
    assert two_articles["per_article"] == {
        "a.txt": {
            "gold": 4,
            "predicted": 4,
            "matched": 3,
            "statement_f1": 0.75,
            "who_said_what_f1": 0.5,
        },
        "b.txt": {
            "gold": 1,
            "predicted": 2,
            "matched": 1,
            "statement_f1": 0.6667,
            "who_said_what_f1": 0.6667,
        },
    }


def test_report_keeps_counts_and_details() -> None:
    report = score([GOLD_A, GOLD_B], [PRED_A, PRED_B])
    assert isinstance(report, EvalReport)
    assert (report.reply_gold, report.reply_predicted, report.reply_correct) == (2, 3, 1)
    assert report.confusion[-1] == (("threaten", "comment"), 1)
    assert [name for name, _ in report.per_article] == ["a.txt", "b.txt"]
    assert report.unmatched_articles == ()
    with pytest.raises(AttributeError):
        report.gold = 0  # type: ignore[misc]


def test_flat_keys() -> None:
    expected = {"articles", "gold", "predicted", "matched", "stance_macro_f1"}
    for prefix in ("statement", "direct", "indirect", "mixed", "who_said_what", "reply"):
        expected |= {f"{prefix}_precision", f"{prefix}_recall", f"{prefix}_f1"}
    for name in ("speaker", "actor", "kind", "stance", "target", "target_actor"):
        expected.add(f"{name}_accuracy")
    flat = score([GOLD_A], [PRED_A]).to_dict()
    assert set(flat) == expected
    assert all(type(value) in (int, float) for value in flat.values())


# --- edge cases ---------------------------------------------------------------------------


def test_gold_without_prediction_and_prediction_without_gold() -> None:
    gold_a = doc("a.txt", stmt("s1", "we reject the proposal", kind="direct", stance="reject"))
    gold_c = doc("c.txt", stmt("s1", "talks will resume"), stmt("s2", "no deal was reached"))
    pred_a = doc("a.txt", stmt("p1", "we reject the proposal", kind="direct", stance="reject"))
    pred_x = doc("x.txt", stmt("p1", "talks will resume"))  # no gold: ignored
    report = score([gold_a, gold_c], [pred_a, pred_x])
    flat = report.to_dict()
    # gold 1 + 2 = 3; predicted 1 (x.txt is not counted); matched 1
    assert (flat["articles"], flat["gold"], flat["predicted"], flat["matched"]) == (2, 3, 1, 1)
    assert flat["statement_precision"] == 1.0  # 1/1
    assert flat["statement_recall"] == 0.3333  # 1/3
    assert flat["statement_f1"] == 0.5  # 2*1*(1/3)/(4/3)
    assert report.unmatched_articles == ("x.txt",)
    assert dict(report.per_article)["c.txt"] == {
        "gold": 2,
        "predicted": 0,
        "matched": 0,
        "statement_f1": 0.0,
        "who_said_what_f1": 0.0,
    }


def test_nothing_to_score_gives_zeros() -> None:
    flat = score([doc("a.txt")], []).to_dict()
    assert flat["articles"] == 1
    assert all(value == 0 for key, value in flat.items() if key != "articles")


def test_none_stance_is_wrong_but_not_a_class() -> None:
    gold = doc(
        "a.txt", stmt("s1", "we deny it", stance="deny"), stmt("s2", "we back it", stance="support")
    )
    pred = doc(
        "a.txt", stmt("p1", "we deny it", stance=None), stmt("p2", "we back it", stance="support")
    )
    flat = score([gold], [pred]).to_dict()
    assert flat["stance_accuracy"] == 0.5  # 1/2
    # deny: tp 0, fn 1 -> 0; support: 1; None is not averaged -> (0 + 1)/2 = 0.5
    # (averaging a "none" class too would give 1/3)
    assert flat["stance_macro_f1"] == 0.5


def test_actor_none_equals_none() -> None:
    gold = doc("a.txt", stmt("s1", "we deny it", actor=None, target=None, target_actor=None))
    pred = doc("a.txt", stmt("p1", "we deny it", actor=None, target=None, target_actor=None))
    flat = score([gold], [pred]).to_dict()
    assert flat["actor_accuracy"] == 1.0  # None == None
    assert flat["target_accuracy"] == 1.0  # both null
    assert flat["target_actor_accuracy"] == 1.0


def test_reply_to_unmatched_statement_is_wrong() -> None:
    gold = doc(
        "a.txt",
        stmt("s1", "the claim is false", responds_to="s2"),
        stmt("s2", "they lied about the vote"),
    )
    # p1 matches s1, but p1 answers p2, which matches nothing
    pred = doc(
        "a.txt",
        stmt("p1", "the claim is false", responds_to="p2"),
        stmt("p2", "sunny weather today"),
    )
    flat = score([gold], [pred]).to_dict()
    assert (flat["reply_precision"], flat["reply_recall"]) == (0.0, 0.0)  # 0/1, 0/1


def test_duplicate_article_is_an_error() -> None:
    with pytest.raises(GoldError, match=r"a\.txt"):
        score([doc("a.txt"), doc("a.txt")], [])


def test_document_without_statements_is_an_error() -> None:
    with pytest.raises(GoldError, match="statements"):
        score([{"article": "a.txt"}], [])


# --- load_gold_dir ------------------------------------------------------------------------


def write_pair(folder: Path, name: str, content: str) -> None:
    (folder / f"{name}.txt").write_text("Article text.", encoding="utf-8")
    (folder / f"{name}.json").write_text(content, encoding="utf-8")


def test_load_gold_dir_reads_pairs_sorted(tmp_path: Path) -> None:
    write_pair(tmp_path, "b", json.dumps(doc("b.txt", stmt("s1", "yes"))))
    write_pair(tmp_path, "a", json.dumps({"statements": []}))  # no "article": taken from a.txt
    (tmp_path / "orphan.json").write_text("{broken", encoding="utf-8")  # no orphan.txt: skipped
    loaded = load_gold_dir(tmp_path)
    assert [path.name for path, _ in loaded] == ["a.txt", "b.txt"]
    assert loaded[0][1] == {"statements": [], "article": "a.txt"}
    assert loaded[1][1]["statements"][0]["text"] == "yes"


def test_load_gold_dir_names_the_broken_file(tmp_path: Path) -> None:
    write_pair(tmp_path, "good", json.dumps(doc("good.txt")))
    write_pair(tmp_path, "broken", '{"statements": [')
    with pytest.raises(GoldError, match=r"broken\.json"):
        load_gold_dir(tmp_path)


@pytest.mark.parametrize("content", ['{"article": "x.txt"}', "[]", '{"statements": "none"}'])
def test_load_gold_dir_needs_statements(tmp_path: Path, content: str) -> None:
    write_pair(tmp_path, "x", content)
    with pytest.raises(GoldError, match=r"x\.json"):
        load_gold_dir(tmp_path)


def test_load_gold_dir_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(GoldError, match="not found"):
        load_gold_dir(tmp_path / "nowhere")
