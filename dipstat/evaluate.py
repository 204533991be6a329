"""Score dipstat/1 predictions against gold annotations.

Takes gold and predicted dipstat/1 article documents (plain dicts, as ``json.load`` returns
them), pairs the documents by their ``article`` name and their statements by the matching
rules at the end of SCHEMA.md, and returns an :class:`EvalReport`: statement precision,
recall and F1 (overall and per kind), who-said-what F1, attribute accuracies on matched
pairs, stance macro F1, reply-link precision, recall and F1, per-article results and a
stance confusion table.  Every function is pure except :func:`load_gold_dir`, which reads a
directory of gold files.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from dipstat.errors import GoldError

# SCHEMA.md, "Matching": a prediction matches a gold statement when the token-overlap F1
# of their texts is at least 0.5.
MATCH_THRESHOLD = 0.5
# SCHEMA.md, "Fields": the three values of `kind`.
KINDS = ("direct", "indirect", "mixed")
# Decimal places of the ratios in reports (enough to tell 2/3 from 0.66).
DECIMALS = 4
# SCHEMA.md, "Matching": "Tokens are lowercased words and numbers".  [^\W_] is \w without
# the underscore, so "U.S." gives "u", "s" and "Xi's" gives "xi", "s".
_TOKEN = re.compile(r"[^\W_]+")
# SCHEMA.md, "Matching": attributes that are right on exact equality (None == None is right).
_EXACT = ("actor", "kind", "stance", "target_actor")

Statement = Mapping[str, Any]
StancePair = tuple[str | None, str | None]


class KindCounts(NamedTuple):
    """Statement counts of one kind: gold and predicted, all and matched."""

    kind: str
    gold: int
    gold_matched: int
    predicted: int
    predicted_matched: int


@dataclass(frozen=True, slots=True)
class EvalReport:
    """The counts behind every score; :meth:`to_dict` turns them into ratios.

    ``*_right`` count matched pairs whose attribute is right; ``speaker_right`` is also
    the numerator of who-said-what.  ``confusion`` holds ((gold stance, predicted
    stance), count) over matched pairs, most frequent first.  ``per_article`` holds
    (article, {gold, predicted, matched, statement_f1, who_said_what_f1}) in gold order.
    ``unmatched_articles`` names predictions with no gold document (not scored).
    """

    articles: int
    gold: int
    predicted: int
    matched: int
    kinds: tuple[KindCounts, ...]
    speaker_right: int
    actor_right: int
    kind_right: int
    stance_right: int
    target_right: int
    target_actor_right: int
    reply_gold: int
    reply_predicted: int
    reply_correct: int
    confusion: tuple[tuple[StancePair, int], ...]
    per_article: tuple[tuple[str, dict[str, float]], ...]
    unmatched_articles: tuple[str, ...]

    def to_dict(self, *, detail: bool = False) -> dict[str, Any]:
        """The scores as a flat dict of ints and floats rounded to DECIMALS places.

        Args:
            detail: also include "per_article" ({article: results}) and
                "stance_confusion" (a list of {gold, predicted, count}).

        Returns:
            The dict; a ratio whose denominator is zero is 0.0.
        """
        flat: dict[str, float] = {
            "articles": self.articles,
            "gold": self.gold,
            "predicted": self.predicted,
            "matched": self.matched,
        }
        flat |= _prf("statement", self.matched, self.predicted, self.matched, self.gold)
        for k in self.kinds:
            flat |= _prf(k.kind, k.predicted_matched, k.predicted, k.gold_matched, k.gold)
        who = self.speaker_right  # matched pairs with the right speaker
        flat |= _prf("who_said_what", who, self.predicted, who, self.gold)
        for name in ("speaker", "actor", "kind", "stance", "target", "target_actor"):
            flat[f"{name}_accuracy"] = _ratio(getattr(self, f"{name}_right"), self.matched)
        flat["stance_macro_f1"] = _macro_f1(self.confusion)
        correct = self.reply_correct
        flat |= _prf("reply", correct, self.reply_predicted, correct, self.reply_gold)
        out: dict[str, Any] = {key: _round(value) for key, value in flat.items()}
        if detail:
            out["per_article"] = {name: dict(result) for name, result in self.per_article}
            out["stance_confusion"] = [
                {"gold": gold, "predicted": pred, "count": count}
                for (gold, pred), count in self.confusion
            ]
        return out


def tokens(text: str) -> list[str]:
    """Split text into the tokens SCHEMA.md matches on.

    Args:
        text: any text.

    Returns:
        The lowercased runs of letters and digits, in order ("Xi's 3rd term" gives
        ["xi", "s", "3rd", "term"]).
    """
    return _TOKEN.findall(text.lower())


def overlap_f1(a: str, b: str) -> float:
    """Token-overlap F1 of two texts, counting repeated tokens as often as they occur.

    Args:
        a: one text.
        b: the other text (the score is symmetric).

    Returns:
        2 * |common tokens| / (|tokens of a| + |tokens of b|); 0.0 if either has no tokens.
    """
    return _bag_f1(Counter(tokens(a)), Counter(tokens(b)))


def match_statements(
    gold: Sequence[Statement], pred: Sequence[Statement]
) -> list[tuple[int, int, float]]:
    """Pair predicted with gold statements of one article, as SCHEMA.md prescribes.

    Every pair whose text overlap F1 is at least MATCH_THRESHOLD is a candidate; the
    candidates are taken greedily, best F1 first, each statement at most once.  Equal F1s
    are taken in (gold index, predicted index) order, so the result is deterministic.

    Args:
        gold: the gold statements (dicts with a "text").
        pred: the predicted statements (dicts with a "text").

    Returns:
        (gold index, predicted index, F1) for each pair, in gold-index order.
    """
    gold_bags = [Counter(tokens(_text(s))) for s in gold]
    pred_bags = [Counter(tokens(_text(s))) for s in pred]
    candidates = sorted(
        (-f1, g, p)
        for g, gold_bag in enumerate(gold_bags)
        for p, pred_bag in enumerate(pred_bags)
        if (f1 := _bag_f1(gold_bag, pred_bag)) >= MATCH_THRESHOLD
    )
    pairs: list[tuple[int, int, float]] = []
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    for neg_f1, g, p in candidates:
        if g not in used_gold and p not in used_pred:
            pairs.append((g, p, -neg_f1))
            used_gold.add(g)
            used_pred.add(p)
    return sorted(pairs)


def same_speaker(gold: str | None, pred: str | None) -> bool:
    """Whether a predicted speaker (or target) names the gold one, by SCHEMA.md's rule.

    Right when the last tokens are equal ("Foreign Minister Wang Yi" / "Wang"), or when
    either name contains the other.  Containment is tested on whole tokens, not
    characters, so "US" is not found in "Russia", "UK" not in "Ukraine", "Niger" not in
    "Nigeria".  A name with no tokens ("", "--") counts as None.

    Args:
        gold: the gold name, or None.
        pred: the predicted name, or None.

    Returns:
        True if both are None, False if only one is, else the rule above.
    """
    gold_tokens = tokens(gold) if gold is not None else []
    pred_tokens = tokens(pred) if pred is not None else []
    if not gold_tokens or not pred_tokens:
        return not gold_tokens and not pred_tokens
    if gold_tokens[-1] == pred_tokens[-1]:
        return True
    gold_text = f" {' '.join(gold_tokens)} "
    pred_text = f" {' '.join(pred_tokens)} "
    return gold_text in pred_text or pred_text in gold_text


def score(
    gold_docs: Sequence[Mapping[str, Any]], pred_docs: Sequence[Mapping[str, Any]]
) -> EvalReport:
    """Score predicted dipstat/1 documents against gold ones.

    Documents are paired by their "article" field.  A gold document with no prediction
    is scored as a prediction with no statements; a prediction with no gold document is
    not scored and is listed in ``unmatched_articles``.

    Args:
        gold_docs: gold dipstat/1 article documents.
        pred_docs: predicted dipstat/1 article documents.

    Returns:
        The report; call ``to_dict()`` for the scores.

    Raises:
        GoldError: a document has no "article" name, two documents on one side share
            a name, or a scored document's "statements" is not a list of objects.
    """
    gold_by_name = _index_docs(gold_docs, "gold")
    pred_by_name = _index_docs(pred_docs, "predicted")
    totals: Counter[str] = Counter()
    confusion: Counter[StancePair] = Counter()
    per_article: list[tuple[str, dict[str, float]]] = []
    for name, gold_doc in gold_by_name.items():
        pred_doc = pred_by_name.get(name)
        pred = _statements(pred_doc, name, "predicted") if pred_doc is not None else []
        counts, stances = _score_article(_statements(gold_doc, name, "gold"), pred)
        totals.update(counts)
        confusion.update(stances)
        per_article.append((name, _article_result(counts)))
    unmatched = tuple(sorted(name for name in pred_by_name if name not in gold_by_name))
    return _report(len(gold_by_name), totals, confusion, tuple(per_article), unmatched)


def load_gold_dir(path: Path) -> list[tuple[Path, dict[str, Any]]]:
    """Load every gold file NAME.json that has its article NAME.txt beside it.

    A document without an "article" field gets the name of its .txt file, which
    SCHEMA.md makes the article's name.

    Args:
        path: the directory.

    Returns:
        (path of NAME.txt, gold document) for each NAME, sorted by file name.

    Raises:
        GoldError: the directory does not exist, or a file is unreadable, is not JSON
            or is not a document with a "statements" list; the message names the file.
    """
    if not path.is_dir():
        raise GoldError(f"gold directory not found: {path}")
    loaded: list[tuple[Path, dict[str, Any]]] = []
    for json_path in sorted(path.glob("*.json"), key=lambda p: p.name):
        txt_path = json_path.with_suffix(".txt")
        if txt_path.is_file():
            loaded.append((txt_path, _read_gold(json_path, txt_path.name)))
    return loaded


def _read_gold(json_path: Path, article: str) -> dict[str, Any]:
    """One gold document, checked to be a JSON object with a list of statements."""
    try:
        doc = json.loads(json_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise GoldError(
            f"{json_path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError(f"{json_path}: cannot read as UTF-8 ({exc})") from exc
    if not isinstance(doc, dict) or "statements" not in doc:
        raise GoldError(f'{json_path}: not a dipstat/1 document (no "statements")')
    _statements(doc, json_path.name, "gold")
    doc.setdefault("article", article)
    return doc


def _index_docs(docs: Sequence[Mapping[str, Any]], side: str) -> dict[str, Mapping[str, Any]]:
    """The documents by article name; refuses unnamed and duplicate articles."""
    by_name: dict[str, Mapping[str, Any]] = {}
    for doc in docs:
        name = doc.get("article")
        if not isinstance(name, str) or not name:
            raise GoldError(f'a {side} document has no "article" name')
        if name in by_name:
            raise GoldError(f"two {side} documents for article {name}")
        by_name[name] = doc
    return by_name


def _statements(doc: Mapping[str, Any], name: str, side: str) -> Sequence[Statement]:
    """The document's statements, checked to be a list of objects."""
    statements = doc.get("statements")
    if not isinstance(statements, (list, tuple)) or not all(
        isinstance(s, Mapping) for s in statements
    ):
        raise GoldError(f'{side} document {name}: "statements" must be a list of objects')
    return statements


def _score_article(
    gold: Sequence[Statement], pred: Sequence[Statement]
) -> tuple[Counter[str], Counter[StancePair]]:
    """The counts of one article, and its (gold, predicted) stance pairs."""
    pairs = match_statements(gold, pred)
    counts: Counter[str] = Counter(gold=len(gold), predicted=len(pred), matched=len(pairs))
    counts.update(_kind_counts(gold, pred, pairs))
    counts.update(_attribute_counts(gold, pred, pairs))
    counts.update(_reply_counts(gold, pred, pairs))
    stances = Counter((_value(gold[g], "stance"), _value(pred[p], "stance")) for g, p, _ in pairs)
    return counts, stances


def _kind_counts(
    gold: Sequence[Statement], pred: Sequence[Statement], pairs: list[tuple[int, int, float]]
) -> Counter[str]:
    """Statements per kind on each side ("gold_direct"), and how many were matched."""
    counts: Counter[str] = Counter()
    for side, statements, matched in (
        ("gold", gold, {g for g, _, _ in pairs}),
        ("predicted", pred, {p for _, p, _ in pairs}),
    ):
        for i, statement in enumerate(statements):
            kind = _value(statement, "kind")
            counts[f"{side}_{kind}"] += 1
            counts[f"{side}_{kind}_matched"] += int(i in matched)
    return counts


def _attribute_counts(
    gold: Sequence[Statement], pred: Sequence[Statement], pairs: list[tuple[int, int, float]]
) -> Counter[str]:
    """Matched pairs whose speaker, target and exact-match attributes are right."""
    counts: Counter[str] = Counter()
    for g, p, _ in pairs:
        for key in ("speaker", "target"):
            counts[key] += int(same_speaker(_value(gold[g], key), _value(pred[p], key)))
        for key in _EXACT:
            counts[key] += int(_value(gold[g], key) == _value(pred[p], key))
    return counts


def _reply_counts(
    gold: Sequence[Statement], pred: Sequence[Statement], pairs: list[tuple[int, int, float]]
) -> Counter[str]:
    """Gold links, predicted links and correct links of one article.

    A predicted link p -> q is correct when p is matched to gold g, q to gold h, and g
    answers h.  Matching is one to one, so each gold link is found at most once and the
    correct predicted links equal the gold links found.
    """
    gold_of = {p: g for g, p, _ in pairs}
    pred_index: dict[str | None, int] = {}
    for i, statement in enumerate(pred):  # the first statement with an id wins
        pred_index.setdefault(_value(statement, "id"), i)
    found: set[int] = set()
    predicted_links = 0
    for p, statement in enumerate(pred):
        answered = _value(statement, "responds_to")
        if answered is None:
            continue
        predicted_links += 1
        g = gold_of.get(p)
        h = gold_of.get(pred_index.get(answered, -1))
        if g is not None and h is not None and _answers(gold[g], gold[h]):
            found.add(g)
    gold_links = sum(_value(s, "responds_to") is not None for s in gold)
    return Counter(reply_gold=gold_links, reply_predicted=predicted_links, reply_correct=len(found))


def _answers(statement: Statement, other: Statement) -> bool:
    """Whether the statement's responds_to names the other statement's id."""
    answered = _value(statement, "responds_to")
    return answered is not None and answered == _value(other, "id")


def _report(
    articles: int,
    totals: Counter[str],
    confusion: Counter[StancePair],
    per_article: tuple[tuple[str, dict[str, float]], ...],
    unmatched: tuple[str, ...],
) -> EvalReport:
    """Assemble the report from the summed counts."""
    kinds = tuple(
        KindCounts(
            k,
            gold=totals[f"gold_{k}"],
            gold_matched=totals[f"gold_{k}_matched"],
            predicted=totals[f"predicted_{k}"],
            predicted_matched=totals[f"predicted_{k}_matched"],
        )
        for k in KINDS
    )
    ordered = sorted(confusion.items(), key=lambda item: (-item[1], str(item[0])))
    return EvalReport(
        articles=articles,
        gold=totals["gold"],
        predicted=totals["predicted"],
        matched=totals["matched"],
        kinds=kinds,
        speaker_right=totals["speaker"],
        actor_right=totals["actor"],
        kind_right=totals["kind"],
        stance_right=totals["stance"],
        target_right=totals["target"],
        target_actor_right=totals["target_actor"],
        reply_gold=totals["reply_gold"],
        reply_predicted=totals["reply_predicted"],
        reply_correct=totals["reply_correct"],
        confusion=tuple(ordered),
        per_article=per_article,
        unmatched_articles=unmatched,
    )


def _article_result(counts: Counter[str]) -> dict[str, float]:
    """One article's counts, statement F1 and who-said-what F1."""
    gold, pred, matched = counts["gold"], counts["predicted"], counts["matched"]
    statement = _prf("statement", matched, pred, matched, gold)
    who = _prf("who_said_what", counts["speaker"], pred, counts["speaker"], gold)
    return {
        "gold": gold,
        "predicted": pred,
        "matched": matched,
        "statement_f1": _round(statement["statement_f1"]),
        "who_said_what_f1": _round(who["who_said_what_f1"]),
    }


def _macro_f1(confusion: Sequence[tuple[StancePair, int]]) -> float:
    """Unweighted mean F1 over the stance labels seen in gold or predictions.

    None is a wrong prediction for whatever gold says, but is not a class of its own.
    """
    labels = {label for pair, _ in confusion for label in pair if label is not None}
    if not labels:
        return 0.0
    f1s = []
    for label in labels:
        tp = sum(n for (g, p), n in confusion if g == label and p == label)
        fp = sum(n for (g, p), n in confusion if g != label and p == label)
        fn = sum(n for (g, p), n in confusion if g == label and p != label)
        f1s.append(2 * tp / (2 * tp + fp + fn))
    return sum(f1s) / len(f1s)


def _prf(prefix: str, p_num: int, p_den: int, r_num: int, r_den: int) -> dict[str, float]:
    """{prefix}_precision, _recall and _f1 from the counts (0.0 on a zero denominator)."""
    precision = _ratio(p_num, p_den)
    recall = _ratio(r_num, r_den)
    return {
        f"{prefix}_precision": precision,
        f"{prefix}_recall": recall,
        f"{prefix}_f1": _ratio(2 * precision * recall, precision + recall),
    }


def _bag_f1(a: Counter[str], b: Counter[str]) -> float:
    """Overlap F1 of two token multisets."""
    if not a or not b:
        return 0.0
    return 2 * sum((a & b).values()) / (sum(a.values()) + sum(b.values()))


def _ratio(num: float, den: float) -> float:
    return num / den if den else 0.0


def _round(value: float) -> float:
    """Ints stay ints; floats get DECIMALS places."""
    return value if isinstance(value, int) else round(value, DECIMALS)


def _text(statement: Statement) -> str:
    return str(statement.get("text") or "")


def _value(statement: Statement, key: str) -> str | None:
    """A field as a string, or None when missing or null."""
    value = statement.get(key)
    return None if value is None else str(value)
