"""Stance tagging: how each statement stands toward its target, with event codes.

Takes statements (cue lemma known) and returns them with ``stance``,
``stance_confidence``, ``evidence``, ``cameo`` and ``goldstein``.  Signals, strongest
first: the cue's lexicon class ("denied", "urged"), the class of what a rejection or
dismissal is aimed at ("rejected the claim" is a denial, "rejected the proposal" a
refusal), negation of the cue ("did not rule out"), and content cues in the reported
words ("groundless", "firmly opposes", "stands ready to") with tense (conflict in the
future tense is a threat, cooperation in the future tense an assurance), whose side
the clause is about, and an obligation put on the other side ("Japan must ...").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import NamedTuple

from dipstat.model import Kind, Stance, Statement, evolve
from dipstat.phrases import phrase_right
from dipstat.resources import PREFIX_KEY, Cue, Resources
from dipstat.segment import Document, Token

# Confidence of each kind of evidence: a cue of a stance class is right about four
# times in five on news text; content words alone are weaker, and a statement with no
# signal at all is a residual comment (CAMEO 010).
CUE_CONFIDENCE = 0.85
CONTENT_BASE, CONTENT_STEP, CONTENT_CAP = 0.5, 0.15, 0.8
RESIDUAL_CONFIDENCE = 0.5
CONTENT_THRESHOLD = 0.5  # one weak content cue is enough to overrule a neutral cue
REPORTED_ACT_WEIGHT = 1.0  # a stance cue verb inside the content is a strong signal
APPEAL_WEIGHT = 1.0  # "Japan must ...": as strong as a reporting verb of demand
# tie-break between content stances with equal weight: the rarer, more specific first
_PRIORITY = (
    Stance.THREATEN,
    Stance.DENY,
    Stance.REJECT,
    Stance.ACCUSE,
    Stance.DEMAND,
    Stance.CRITICIZE,
    Stance.SUPPORT,
    Stance.REASSURE,
    Stance.COMMENT,
)
_NEGATION_REACH = 3  # tokens before a phrase where a negation still governs it
_CONFLICT = frozenset({Stance.ACCUSE, Stance.CRITICIZE, Stance.REJECT, Stance.THREATEN})
_COOPERATION = frozenset({Stance.SUPPORT, Stance.REASSURE})
# What a rejection, denial or dismissal is aimed at decides which it is (CAMEO 016 vs 12).
_OBJECT_STANCE = {
    (Stance.REJECT, "allegation"): Stance.DENY,
    (Stance.REJECT, "remarks"): Stance.CRITICIZE,
    (Stance.CRITICIZE, "allegation"): Stance.DENY,
    (Stance.DENY, "proposal"): Stance.REJECT,
}
# refusals and denials in the content are verbs aimed at an object; a criticism word
# there may be an adjective of the object ("its unjust claim"), so it is not redirected
_OBJECT_AIMED = frozenset({Stance.REJECT, Stance.DENY})
_OBJECT_REACH = 6  # words after a verb searched for the noun it is aimed at
_ANSWERED_STANCE = {"allegation": Stance.DENY, "remarks": Stance.CRITICIZE}
# stances a speaker does not take about a clause on the other side's acts (their support
# is not the speaker's support) or on its own side's acts (it does not accuse itself)
_NOT_SAID_OF = {"other": (Stance.SUPPORT, Stance.REASSURE), "own": (Stance.ACCUSE,)}
_FIRST_PERSON = frozenset({"we", "i", "our", "us"})
_NOMINAL_DETERMINERS = frozenset({"the", "a", "an", "this", "that"})
_BASE_VERB_OPENERS = frozenset({"to", "they", "you", "do", "did", "does"})
_SUBJECT_REACH = 5  # tokens at the start of a clause searched for its subject
_WARN_LEMMAS = frozenset({"warn", "caution"})  # "threatened war against" is no appeal
_WARN_REACH = 8  # "warned China's Foreign Minister Wang Yi against": words to "against"
_OBLIGATION_HEADS = frozenset({"ought", "has", "have", "needs", "need"})  # ... "to"
_OWN_OBJECT = frozenset({"its", "their", "our", "his", "her", "own"})
# a cue that characterises its object ("called X a murderer", "described X as Y") takes
# the polarity of the label; a loaded label on the other side's person or act is criticism
# (an insult or a dismissal), unless the label denies a claim or alleges several wrongs
_LABEL_ACCUSES = 1.5
_NEGATED_CUE = {Stance.REJECT: Stance.THREATEN, Stance.DENY: Stance.COMMENT}
_CLAIM_SUBJECT_REACH = 3  # "Claims that ...", "Such baseless accusations ...": the subject
_DISMISSIVE = frozenset({Stance.CRITICIZE, Stance.REJECT, Stance.DENY})
_NEGATED_CONTENT = {Stance.SUPPORT: Stance.REJECT, Stance.ACCUSE: Stance.DENY}


class Decision(NamedTuple):
    """A stance with its confidence and evidence (a named tuple: one is built per
    statement, several times faster than a frozen dataclass)."""

    stance: Stance
    confidence: float
    evidence: tuple[str, ...]
    from_cue: bool


def cue_entry(statement: Statement, res: Resources) -> Cue | None:
    """The lexicon entry of the statement's cue (by lemma)."""
    if statement.cue_lemma is None:
        return None
    return res.cues_by_lemma.get(statement.cue_lemma)


def object_class(words: list[str], res: Resources) -> tuple[str, str] | None:
    """(noun, class) of the claim noun heading the reported object, if any."""
    words = words[:_OBJECT_REACH]
    nouns = res.claim_nouns
    for word in words:
        if word in nouns:
            return word, nouns[word]
        if word in ("that", ",", "to"):
            break
    return None


def content_scores(words: list[str], res: Resources) -> tuple[dict[Stance, float], list[str], bool]:
    """Summed weights of content cues per stance, the phrases found, and future tense."""
    scores: dict[Stance, float] = defaultdict(float)
    found: list[str] = []
    index = _content_index(res)
    future = not index.future_words.isdisjoint(words)
    resume = 0  # the first word after the last phrase found (its own words open none)
    for i in _openers(words, index, res.stance_prefix_keys):
        if i < resume:
            continue
        hit = _content_hit(words, i, res, index)
        if hit is None:
            continue
        length, stance, weight = hit
        resume = i + length
        phrase = " ".join(words[i:resume])
        negated = any(res.has_class(w, "negation") for w in words[max(0, i - _NEGATION_REACH) : i])
        if negated and stance in _NEGATED_CONTENT:
            # "unable to accept" refuses; "never violated" denies a wrong
            stance, negated = _NEGATED_CONTENT[stance], False
        if stance in _OBJECT_AIMED:
            # "India rejects every reference to ...", as "rejected the remarks" does
            aimed = object_class(words[resume : resume + _OBJECT_REACH], res)
            stance = _OBJECT_STANCE.get((stance, aimed[1]), stance) if aimed else stance
        # "we must", "the need to" appeal to nobody ("we urge" still does)
        own_duty = stance is Stance.DEMAND and _own_obligation(phrase, words, i, length, res)
        if not own_duty and (
            not negated or any(res.has_class(w, "negation") for w in words[i:resume])
        ):
            scores[stance] += weight
            found.append(f"{phrase!r}→{stance.value}")
    return scores, found, future


def _openers(words: list[str], index: _ContentIndex, prefixes: frozenset[str]) -> list[int]:
    """The positions where a content cue can start: a one-word phrase, the first two
    words of a longer one, or a stance prefix's key.  Common words open a few longer
    phrases ("the", "to"): testing the word after them here spares a full look-up."""
    singles, firsts, pairs = index.single_words, index.first_words, index.first_pairs
    last = len(words) - 1
    return [
        i
        for i, word in enumerate(words)
        if word in singles
        or word[:PREFIX_KEY] in prefixes
        or (word in firsts and i < last and (word, words[i + 1]) in pairs)
    ]


def _own_obligation(phrase: str, words: list[str], i: int, length: int, res: Resources) -> bool:
    """A modal obligation the speaker puts on itself ("we must") or a noun ("the need
    to"): no appeal to another party ("we urge" still is one)."""
    if not (res.has_class(phrase, "modal") or res.has_class(words[i], "modal")):
        return False
    before = words[i - 1] if i else ""
    return before in _FIRST_PERSON or before in _NOMINAL_DETERMINERS


def _content_hit(
    words: list[str], i: int, res: Resources, index: _ContentIndex
) -> tuple[int, Stance, float] | None:
    """The content cue at ``words[i]``: the longest stance phrase of data/stance_cues.tsv,
    else a stance prefix ("provocat*"), else a speech act of data/cues.tsv reported inside
    the content ("Hanoi firmly rejected the plan")."""
    phrase = _longest_phrase(words, i, index.stance_phrases, index.stance_lengths)
    if phrase is not None:
        stance, weight = index.stance_phrases[phrase]
        return len(phrase), stance, weight
    word = words[i]
    for prefix, stance, weight in res.stance_prefixes.get(word[:PREFIX_KEY], ()):
        if word.startswith(prefix):
            return 1, stance, weight
    phrase = _longest_phrase(words, i, index.acts, index.act_lengths)
    if phrase is None:
        return None
    cue = index.acts[phrase]
    if word == cue.lemma.split()[0] and not _verb_context(words, i, res):
        return None  # "the recall order", "be back here": a base form used as a noun
    return len(phrase), cue.stance, REPORTED_ACT_WEIGHT


def _longest_phrase(
    words: list[str],
    i: int,
    phrases: Mapping[tuple[str, ...], object],
    lengths: Mapping[tuple[str, str], tuple[int, ...]],
) -> tuple[str, ...] | None:
    """The longest of ``phrases`` that starts at ``words[i]``; ``lengths`` gives, for the
    first two words of a phrase, the lengths of the longer phrases they open."""
    if i + 1 < len(words):
        for length in lengths.get((words[i], words[i + 1]), ()):
            if i + length <= len(words):
                key = tuple(words[i : i + length])
                if key in phrases:
                    return key
    key = (words[i],)
    return key if key in phrases else None


class _ContentIndex(NamedTuple):
    """The content cue tables arranged for :func:`content_scores`.  A position tries only
    the lengths of phrases that open with its own two words, and the speech acts hold
    only the cues a content can report (no nouns, no neutral verbs)."""

    stance_phrases: dict[tuple[str, ...], tuple[Stance, float]]
    stance_lengths: dict[tuple[str, str], tuple[int, ...]]
    acts: dict[tuple[str, ...], Cue]
    act_lengths: dict[tuple[str, str], tuple[int, ...]]
    single_words: frozenset[str]  # phrases of one word in either table
    first_words: frozenset[str]  # the first words of longer phrases,
    first_pairs: frozenset[tuple[str, str]]  # and their first two words
    future_words: frozenset[str]  # modifiers of the class "future" (will, shall, ...)


@lru_cache(maxsize=4)
def _content_index(res: Resources) -> _ContentIndex:
    """Built once per set of resources."""
    acts = {
        words: cue
        for words, cue in res.cues.items()
        if cue.pos != "noun" and cue.stance is not Stance.COMMENT
    }
    return _ContentIndex(
        stance_phrases=dict(res.stance_cues),
        stance_lengths=_pair_lengths(res.stance_cues),
        acts=acts,
        act_lengths=_pair_lengths(acts),
        single_words=frozenset(words[0] for words in (*res.stance_cues, *acts) if len(words) == 1),
        first_words=frozenset(words[0] for words in (*res.stance_cues, *acts) if len(words) > 1),
        first_pairs=frozenset(
            (words[0], words[1]) for words in (*res.stance_cues, *acts) if len(words) > 1
        ),
        future_words=frozenset(w for w, classes in res.modifiers.items() if "future" in classes),
    )


def _pair_lengths(
    phrases: Mapping[tuple[str, ...], object],
) -> dict[tuple[str, str], tuple[int, ...]]:
    by_pair: dict[tuple[str, str], set[int]] = defaultdict(set)
    for words in phrases:
        if len(words) > 1:
            by_pair[words[0], words[1]].add(len(words))
    return {pair: tuple(sorted(found, reverse=True)) for pair, found in by_pair.items()}


def _verb_context(words: list[str], i: int, res: Resources) -> bool:
    """Whether the word before position ``i`` makes a base form a verb ("to accept",
    "will order", "we reject", "cannot accept")."""
    if i == 0:
        return True  # a clause opening with a bare verb is an imperative
    before = words[i - 1]
    return (
        before in _BASE_VERB_OPENERS
        or before in _FIRST_PERSON
        or any(res.has_class(before, c) for c in ("modal", "future", "negation"))
    )


def decide(
    statement: Statement,
    tokens: tuple[Token, ...],
    res: Resources,
    lower_words: Sequence[str] | None = None,
) -> Decision:
    """The stance of one statement and the evidence for it (``lower_words``: the
    tokens' lower-case forms, when the caller has them already)."""
    words = list(lower_words) if lower_words is not None else [t.lower for t in tokens]
    cue = cue_entry(statement, res)
    scores, phrases, future = content_scores(words, res)
    if cue is not None and cue.stance is not Stance.COMMENT:
        return _from_cue(statement, cue, res, phrases, words, scores, tokens)
    if cue is not None and cue.frame == "object_as" and statement.kind is Kind.MIXED:
        return _label(statement, scores, phrases)
    answered = _answered_object(statement, words, res)
    if answered is not None:
        return answered
    evidence = [f"cue {statement.cue!r} is neutral"] if statement.cue else ["no cue"]
    side = _acting_side(statement, tokens, res)
    for stance in _NOT_SAID_OF.get(side or "", ()):
        if scores.pop(stance, None):
            evidence.append(f"{stance.value} words ignored: the clause is about the {side} side")
    if side == "other" and _obliges_subject(tokens, res):
        scores[Stance.DEMAND] += APPEAL_WEIGHT
        evidence.append("the other side is told what it must do → demand")
    if side == "own" and future and not scores:
        scores[Stance.REASSURE] = CONTENT_THRESHOLD
        evidence.append("own side's intent in the future tense → reassure")
    claim = object_class(words[:_CLAIM_SUBJECT_REACH], res)
    if claim and claim[1] == "allegation" and _DISMISSIVE.intersection(scores):
        # "claims that its agents were involved are absurd": the accusation words belong
        # to the claim; dismissing the claim is the speaker's denial
        evidence.append(f"a dismissed claim ({claim[0]!r}) → deny")
        return Decision(Stance.DENY, CONTENT_CAP, (*evidence, *phrases), False)
    if scores:
        best = max(scores, key=lambda s: (scores[s], -_PRIORITY.index(s)))
        if scores[best] >= CONTENT_THRESHOLD:
            stance = best
            if future and best in (Stance.REJECT, Stance.CRITICIZE) and scores.get(Stance.THREATEN):
                stance, tense = Stance.THREATEN, "future tense: conflict → threaten"
                evidence.append(tense)
            confidence = min(CONTENT_BASE + CONTENT_STEP * scores[best], CONTENT_CAP)
            return Decision(stance, confidence, (*evidence, *phrases), False)
    evidence.append("no stance words: residual comment (CAMEO 010)")
    return Decision(Stance.COMMENT, RESIDUAL_CONFIDENCE, (*evidence, *phrases), False)


def _answered_object(statement: Statement, words: list[str], res: Resources) -> Decision | None:
    """ "responded to her claims" is a denial, "reacted to his remarks" a rebuke: a reply
    cue takes its stance from what it answers (as "rejected the claim" does)."""
    cue_words = tuple((statement.cue or "").lower().split())
    if not any(cue_words[i:] in res.reply_cues for i in range(len(cue_words))):
        return None
    found = object_class(words, res)
    stance = _ANSWERED_STANCE.get(found[1]) if found else None
    if found is None or stance is None:
        return None
    evidence = (f"reply cue {statement.cue!r} answers {found[0]!r} ({found[1]}) → {stance.value}",)
    return Decision(stance, CUE_CONFIDENCE, evidence, False)


def _label(statement: Statement, scores: dict[Stance, float], phrases: list[str]) -> Decision:
    """ "called the rival a 'murderous clown'", "dubbed the launches 'gifts'": the quoted
    label decides; with no cooperative or denying word it is criticism."""
    evidence = [f"cue {statement.cue!r} labels its object with a quoted word"]
    best = max(scores, key=lambda s: (scores[s], -_PRIORITY.index(s))) if scores else None
    if best in (Stance.DENY, *_COOPERATION):
        stance = best
    elif best is Stance.ACCUSE and scores[best] >= _LABEL_ACCUSES:
        stance = Stance.ACCUSE
    else:
        stance = Stance.CRITICIZE
        evidence.append("a loaded label → criticize")
    confidence = min(CONTENT_BASE + CONTENT_STEP * scores.get(stance, 1.0), CONTENT_CAP)
    return Decision(stance, confidence, (*evidence, *phrases), False)


def _acting_side(statement: Statement, tokens: tuple[Token, ...], res: Resources) -> str | None:
    """Whose act the reported clause describes, read off its subject: "own" ("we ...",
    "Pakistan would ..." said by Pakistan), "other" ("Rwandan troops supported ..." said
    by Congo's army), or None when the subject names no side."""
    if not tokens:
        return None
    first = tokens[0].text
    if tokens[0].lower in _FIRST_PERSON and not (len(first) > 1 and first.isupper()):  # "US"
        return "own"
    end = phrase_right(tokens, 0, min(len(tokens), _SUBJECT_REACH), res)
    if end is None or not statement.actor:
        return None
    for token in tokens[: end + 1]:
        entries = res.actors.get(token.text)
        if entries:
            own = any(res.same_side(e.code, statement.actor) for e in entries)
            return "own" if own else "other"
    return None


def _obliges_subject(tokens: tuple[Token, ...], res: Resources) -> bool:
    """ "Japan must ...", "the UK has to ...": an obligation put on the clause's subject
    (not "should have", a reproach for the past)."""
    end = phrase_right(tokens, 0, min(len(tokens), _SUBJECT_REACH), res)
    if end is None:
        return False
    after = [t.lower for t in tokens[end + 1 : end + 4]]
    if not after or after[-1] == "have":
        return False
    if after[0] in ("must", "should"):
        return True
    return len(after) > 1 and after[1] == "to" and after[0] in _OBLIGATION_HEADS


def _from_cue(
    statement: Statement,
    cue: Cue,
    res: Resources,
    phrases: list[str],
    words: list[str],
    scores: dict[Stance, float],
    tokens: tuple[Token, ...],
) -> Decision:
    stance = cue.stance
    evidence = [f"cue {statement.cue!r} ({cue.lemma}) → {stance.value}"]
    cue_words = (statement.cue or "").lower().split()
    if any(res.has_class(w, "negation") for w in cue_words) and stance in _NEGATED_CUE:
        stance = _NEGATED_CUE[stance]
        evidence.append(f"negated cue → {stance.value}")
    found = object_class(words, res)
    if stance is Stance.REJECT and words[:1] == ["having"]:
        stance = Stance.DENY
        evidence.append("rejected having done something → deny")
    elif found and (stance, found[1]) in _OBJECT_STANCE:
        stance = _OBJECT_STANCE[(stance, found[1])]
        evidence.append(f"object {found[0]!r} ({found[1]}) → {stance.value}")
    warning = cue.lemma.split()[0] in _WARN_LEMMAS
    if stance is Stance.THREATEN and warning and _warns_against(tokens, res):
        stance = Stance.DEMAND
        evidence.append("warned someone against doing something → demand (an appeal)")
    elif stance in _COOPERATION and scores.get(Stance.THREATEN, 0) >= CONTENT_THRESHOLD:
        stance = Stance.THREATEN
        evidence.append("pledged or vowed a hostile act → threaten")
    elif stance is Stance.SUPPORT and cue.frame == "object" and _own_object(statement, tokens, res):
        stance = Stance.DENY
        evidence.append("defended its own act → deny (rebuts the criticism of it)")
    return Decision(stance, CUE_CONFIDENCE, (*evidence, *phrases), True)


def _own_object(statement: Statement, tokens: tuple[Token, ...], res: Resources) -> bool:
    """ "defended its right to ...", "defended the army's drills" said by that army's state."""
    if not tokens:
        return False
    if tokens[0].lower in _OWN_OBJECT:
        return True
    return _acting_side(statement, tokens, res) == "own"


def _warns_against(tokens: tuple[Token, ...], res: Resources) -> bool:
    """ "warned Beijing against ...", "warned Seoul not to ...", "warned against ...": an
    appeal, not a threat ("warned it might act against ..." still threatens)."""
    words = [t.lower for t in tokens[:_WARN_REACH]]
    if words[:1] == ["against"]:
        return True
    end = phrase_right(tokens, 0, min(len(tokens), _WARN_REACH), res)
    if end is None:
        return False
    after = words[end + 1 : end + 3]
    return after[:1] == ["against"] or after == ["not", "to"]


def tag_stances(
    doc: Document, statements: Sequence[Statement], res: Resources
) -> tuple[Statement, ...]:
    """Set stance, confidence, evidence, CAMEO code and Goldstein score of each statement."""
    tagged = []
    for statement in statements:
        parts = statement.parts
        decision = decide(statement, doc.tokens_of(parts), res, doc.words_of(parts))
        cue = cue_entry(statement, res)
        cameo: str | None
        if decision.from_cue and cue is not None and cue.stance is decision.stance and cue.cameo:
            cameo = cue.cameo
        else:
            cameo = res.stance_defaults.get(decision.stance)
        event = res.event_codes.get(cameo) if cameo else None
        tagged.append(
            evolve(
                statement,
                stance=decision.stance,
                stance_confidence=_rounded(decision.confidence),
                evidence=decision.evidence,
                cameo=cameo,
                goldstein=event.goldstein if event else None,
            )
        )
    return tuple(tagged)


@lru_cache(maxsize=256)
def _rounded(confidence: float) -> float:
    """``confidence`` to two decimals, remembered: rounding a float to a number of
    digits is a slow exact conversion, and a handful of values recur in every article."""
    return round(confidence, 2)
