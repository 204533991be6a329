"""Reply detection: which statement each statement answers.

Takes statements with speakers, actors and stances; returns them with
``responds_to`` and ``reply_evidence`` set, renumbered so that an answered statement
always has a smaller id than its replies (news often reports the reply first).
Signals: a reference to another speaker's words ("Trump's remarks", "accusations made
by X"), a reply cue ("In response", "hit back", "rejected the claim") or a denial,
which answer the nearest conflicting statement of another side; a rebuke of another
side's act, which answers that side's first statement; statements of the same speaker
or side that continue a reply; and a rebuttal linked to nothing, which answers the
first provocation that names its side.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import deque
from collections.abc import Callable, Iterator, Sequence

from dipstat.model import Stance, Statement, evolve
from dipstat.phrases import (
    PLURAL_POSSESSIVES,
    POSSESSIVES,
    find_aliases,
    is_capitalized,
    is_possessive,
    phrase_right,
)
from dipstat.resources import Resources
from dipstat.segment import Document, Token

_ANSWERABLE = frozenset(
    {Stance.ACCUSE, Stance.CRITICIZE, Stance.DEMAND, Stance.THREATEN, Stance.REJECT}
)
_REPLY_STANCES = frozenset({Stance.DENY, Stance.REJECT, Stance.CRITICIZE})
_REPLY_LEMMAS = frozenset(
    {
        "respond",
        "react",
        "reply",
        "retort",
        "hit back",
        "shoot back",
        "fire back",
        "rebut",
        "refute",
        "counter",
        "deny",
        "dismiss",
    }
)
_OBJECT_CUE_FRAMES = frozenset({"object", "object_as", "prep_object", "clause_or_object"})
_OBJECT_REACH = 6  # tokens of the object searched for the side it belongs to
_LONGEST_REPLY_CUE = 4  # words in the longest phrase of data/reply_cues.tsv
_HEAD = 16  # tokens at the start of the content where the words it answers are named
_MADE = frozenset({"made", "levelled", "leveled"})
# the words an owner's words are named with ("Kallas's remarks", "remarks made by X")
_OWNER_MARKS = POSSESSIVES | PLURAL_POSSESSIVES | {"by"}
_REFERENCE_REACH = 3  # "the claim", "such remarks": where words referred back to open
# statements searched on each side for the one a reply answers: a story reports a
# rebuttal within a few paragraphs of its claim, and the bound keeps the search linear
_ANSWER_REACH = 40


def detect_replies(
    doc: Document, statements: Sequence[Statement], res: Resources
) -> tuple[Statement, ...]:
    """Link replies to the statements they answer and renumber ids accordingly."""
    # The passes below fill one table of links (the id each statement answers, and
    # why) and every statement is copied once at the end, not once per pass.
    answers = [s.responds_to for s in statements]
    reasons = [s.reply_evidence for s in statements]
    by_word = _speaker_index(statements)
    for index, statement in enumerate(statements):
        answered, evidence = _answered(doc, statement, index, statements, answers, res, by_word)
        if answered is not None or statement.responds_to is not None:
            answers[index], reasons[index] = answered, evidence
    _object_replies(doc, statements, answers, reasons, res)
    _side_replies(statements, answers, reasons)
    _rebuttal_replies(doc, statements, answers, reasons, res)
    return _renumber(statements, answers, reasons)


def _rebuttal_replies(
    doc: Document,
    statements: Sequence[Statement],
    answers: list[str | None],
    reasons: list[str | None],
    res: Resources,
) -> None:
    """A denial, refusal or criticism still linked to nothing answers the first
    accusation, criticism, demand, threat or refusal aimed at its side: of the sides
    whose first such statement names it, the one most recently seen (a story of a
    dispute reports each side's rebuttals after the provocation)."""
    first_provocation: dict[str, tuple[Statement, set[str]]] = {}  # side → it, sides named
    for index, statement in enumerate(statements):
        side = statement.actor
        if answers[index] is None and side and statement.stance in _REPLY_STANCES:
            aimed_at = [
                s
                for actor, (s, named) in first_provocation.items()
                if actor != side and side in named
            ]
            if aimed_at:
                answers[index] = aimed_at[-1].id
                reasons[index] = f"{side} rebuts {aimed_at[-1].actor}"
        if (
            side
            and answers[index] is None
            and statement.stance in _ANSWERABLE
            and side not in first_provocation
        ):
            tokens = doc.tokens_of(statement.parts)
            named = {e.code for m in find_aliases(tokens, doc.text, res) for e in m.entries}
            first_provocation[side] = (statement, named)


def _side_replies(
    statements: Sequence[Statement], answers: list[str | None], reasons: list[str | None]
) -> None:
    """Once a side is shown answering another's statement, its other stance-taking
    statements in the story answer that statement too (a ministry's rebuttal is
    reported over several paragraphs, each sentence its own statement)."""
    by_id = {s.id: s for s in statements}
    triggers: dict[str, list[tuple[int, str]]] = {}
    for index, statement in enumerate(statements):
        answered = by_id.get(answers[index] or "")
        if (
            statement.actor
            and answered is not None
            and answered.actor not in (None, statement.actor)
        ):
            triggers.setdefault(statement.actor, []).append((index, answered.id))
    for index, statement in enumerate(statements):
        options = triggers.get(statement.actor or "")
        if answers[index] is None and options and statement.stance is not None:
            before = [t for i, t in options if i <= index]
            trigger = before[-1] if before else options[0][1]
            if by_id[trigger].actor != statement.actor and trigger != statement.id:
                answers[index] = trigger
                reasons[index] = f"{statement.actor} answers {by_id[trigger].actor}"


def _object_replies(
    doc: Document,
    statements: Sequence[Statement],
    answers: list[str | None],
    reasons: list[str | None],
    res: Resources,
) -> None:
    """A rebuke or refusal whose object is another side's act or words ("protested
    Japan's claims", "slammed Chilean remarks") answers the first statement of that side
    that answers nobody (what a story reports first is what is taken issue with), unless
    that side is already shown answering this one (a pair of sides argues one way)."""
    by_id = {s.id: s for s in statements}
    pairs = {
        (s.actor, by_id[a].actor) for s, a in zip(statements, answers, strict=True) if a in by_id
    }
    sides_by_name = {s.speaker.split()[-1]: s.actor for s in statements if s.speaker and s.actor}
    roots: dict[str, deque[Statement]] = {}
    for statement, answered in zip(statements, answers, strict=True):
        if statement.actor and not answered:
            roots.setdefault(statement.actor, deque()).append(statement)
    linked: set[str] = set()
    found_links = []  # set after the pass, as one table of links
    for index, statement in enumerate(statements):
        side = _object_side(doc, statement, res, sides_by_name) if answers[index] is None else None
        if side is not None and (side, statement.actor) not in pairs:
            found = _first_root(roots.get(side, deque()), linked)
            if found is not None:
                linked.add(statement.id)
                found_links.append((index, found.id, f"takes issue with {side}'s act or words"))
                pairs.add((statement.actor, side))
    for index, answered, evidence in found_links:
        answers[index], reasons[index] = answered, evidence


def _object_side(
    doc: Document, statement: Statement, res: Resources, sides_by_name: dict[str, str]
) -> str | None:
    """The other side whose act or words a rebuke or refusal is aimed at, named at the
    start of its object: a state or body, or a person quoted elsewhere in the article
    ("called the premier's deputy a 'tyrant'")."""
    cue = res.cues_by_lemma.get(statement.cue_lemma or "")
    if (
        cue is None
        or cue.frame not in _OBJECT_CUE_FRAMES
        or statement.stance not in _REPLY_STANCES
        or not statement.actor
    ):
        return None
    head = doc.tokens_of(statement.parts)[:_OBJECT_REACH]
    for match in find_aliases(head, doc.text, res):
        codes = {e.code for e in match.entries} - {statement.actor}
        if len(codes) == 1:
            return codes.pop()
    for token in head:
        side = sides_by_name.get(token.text)
        if side is not None and side != statement.actor:
            return side
    return None


def _first_root(roots: deque[Statement], linked: set[str]) -> Statement | None:
    """The side's first statement that answers nobody: the act or words the story's
    rebukes take issue with are those it reports first."""
    while roots and roots[0].id in linked:
        roots.popleft()
    return roots[0] if roots else None


def _side(statement: Statement) -> str | None:
    return statement.actor or statement.speaker


def _answered(
    doc: Document,
    statement: Statement,
    index: int,
    statements: Sequence[Statement],
    answers: list[str | None],
    res: Resources,
    by_word: _SpeakerIndex,
) -> tuple[str | None, str | None]:
    """The statement this one answers (its id), and why; ``answers`` holds the links
    found so far, up to the statement before this one."""
    head = doc.tokens_of(statement.parts)[:_HEAD]
    owner = _referenced_owner(head, res)
    if owner:
        found = _by_speaker(owner, statement, index, by_word) or _by_actor(
            owner, statement, index, statements, res
        )
        if found:
            return found.id, f"refers to {owner}'s words"
    addressee = _criticized_speaker(head, statement, res)
    if addressee:
        found = _by_speaker(addressee, statement, index, by_word)
        if found and _side(found) != _side(statement):
            return found.id, f"takes issue with {addressee}"
    cue = _reply_cue(doc, statement, res) or _words_referred_to(head, statement, res)
    if cue or statement.stance is Stance.DENY or statement.cue_lemma in _REPLY_LEMMAS:
        found = _mentioned_speaker(doc, statement, index, by_word)
        if found:
            return found.id, cue or f"answers {found.speaker}, named beside it"
        found = _nearest_conflict(statement, index, statements)
        if found:
            return (
                found.id,
                cue or "answers the nearest statement of another side",
            )
    if index:
        previous, previous_answers = statements[index - 1], answers[index - 1]
        if (
            previous_answers
            and previous.actor
            and previous.actor == statement.actor
            and statement.paragraph - previous.paragraph <= 1
            and (statement.paragraph == previous.paragraph or previous.speaker == statement.speaker)
        ):
            return previous_answers, "continues the reply before it"
    return None, None


def _referenced_owner(tokens: Sequence[Token], res: Resources) -> str | None:
    """ "Kallas's remarks", "accusations made by X": whose words the content names."""
    if _OWNER_MARKS.isdisjoint([t.lower for t in tokens[:10]]):
        return None  # most contents name no owner: one set test spares the loop
    for i, token in enumerate(tokens[:10]):
        if is_possessive(tokens, i) and any(
            t.lower in res.claim_nouns for t in tokens[i + 1 : i + 4]
        ):
            return tokens[i - 1].text
        if (
            token.lower == "by"
            and i > 0
            and (tokens[i - 1].lower in _MADE or tokens[i - 1].lower in res.claim_nouns)
        ):
            end = phrase_right(tokens, i + 1, len(tokens), res)
            if end is not None:
                return tokens[end].text
    return None


def _words_referred_to(head: Sequence[Token], statement: Statement, res: Resources) -> str | None:
    """ "the claim was absurd", "such remarks are ...": a rebuke or denial that opens on
    words already reported refers back to another side's statement."""
    if statement.stance not in _REPLY_STANCES:
        return None
    words = [t.lower for t in head[:_REFERENCE_REACH]]
    for i, word in enumerate(words[:-1]):
        if res.has_class(word, "determiner") and words[i + 1] in res.claim_nouns:
            return f"refers back to {' '.join(words[i : i + 2])!r}"
    return None


def _criticized_speaker(head: Sequence[Token], statement: Statement, res: Resources) -> str | None:
    """ "Beijing criticized EU diplomat Kaja Kallas": a conflict cue whose object is a
    person who speaks elsewhere in the article (their words are what is answered)."""
    cue = res.cues_by_lemma.get(statement.cue_lemma or "")
    if cue is None:
        return None
    answering = cue.frame == "prep_object" and statement.cue_lemma in _REPLY_LEMMAS
    if not answering and (
        cue.frame not in ("object", "object_as") or cue.stance not in _REPLY_STANCES
    ):
        return None
    names = [t for t in head[:8] if t.text[:1].isupper()]
    return names[-1].text if names else None


_SpeakerIndex = dict[str, list[tuple[int, Statement]]]


def _speaker_index(statements: Sequence[Statement]) -> _SpeakerIndex:
    """Statements indexed by each word of their speaker's name, in order, built once
    per article so lookups do not scan every statement."""
    index: _SpeakerIndex = {}
    for i, s in enumerate(statements):
        if s.speaker:
            words = s.speaker.lower().split()
            for word in dict.fromkeys(words):
                index.setdefault(word, []).append((i, s))
    return index


def _mentioned_speaker(
    doc: Document,
    statement: Statement,
    index: int,
    by_word: _SpeakerIndex,
) -> Statement | None:
    """A statement of another side whose speaker is named in this one's sentence."""
    anchor = statement.cue_span.start if statement.cue_span else statement.start
    sentence = doc.sentence_at(anchor)
    if sentence is None:
        return None
    words = {t.lower for t in doc.tokens_in(sentence.start, statement.end) if is_capitalized(t)}
    side = _side(statement)
    best_before: tuple[int, Statement] | None = None
    best_after: tuple[int, Statement] | None = None
    for word in words:
        spoken = [(i, s) for i, s in _around(by_word.get(word, []), index) if _side(s) != side]
        for i, s in spoken:
            if i < index and (best_before is None or i > best_before[0]):
                best_before = (i, s)
            if i > index and (best_after is None or i < best_after[0]):
                best_after = (i, s)
    chosen = best_before or best_after
    return chosen[1] if chosen else None


def _around(
    spoken: list[tuple[int, Statement]], index: int, reach: int = 8
) -> list[tuple[int, Statement]]:
    """The entries of an ordered speaker list nearest to position ``index``."""
    position = bisect_left(spoken, index, key=lambda item: item[0])
    return spoken[max(0, position - reach) : position + reach]


def _by_speaker(
    owner: str, statement: Statement, index: int, by_word: _SpeakerIndex
) -> Statement | None:
    """The owner's latest statement before this one, else the first after it."""
    spoken = [(i, s) for i, s in by_word.get(owner.lower(), ()) if s is not statement]
    before = [s for i, s in spoken if i < index]
    if before:
        return before[-1]
    return next((s for i, s in spoken if i > index), None)


def _by_actor(
    alias: str, statement: Statement, index: int, statements: Sequence[Statement], res: Resources
) -> Statement | None:
    """The latest statement before this one of the state or body ``alias`` names ("Brussels'
    decision" answers the European Commission), else its first after."""
    codes = {e.code for e in res.actors.get(alias, ())} - {statement.actor}
    if not codes:
        return None
    return _nearest_of(index, statements, lambda s: s.actor in codes)


def _nearest_of(
    index: int, statements: Sequence[Statement], wanted: Callable[[Statement], bool]
) -> Statement | None:
    """The latest wanted statement before ``index``, else the first after it."""
    return next(
        (statements[i] for i in _around_index(index, len(statements)) if wanted(statements[i])),
        None,
    )


def _around_index(index: int, count: int) -> Iterator[int]:
    """The positions before ``index`` (nearest first), then those after it, among
    ``count`` statements, within _ANSWER_REACH each way (the bound keeps a reply stage
    linear)."""
    yield from range(index - 1, max(-1, index - 1 - _ANSWER_REACH), -1)
    yield from range(index + 1, min(count, index + 1 + _ANSWER_REACH))


def _reply_cue(doc: Document, statement: Statement, res: Resources) -> str | None:
    """A reply cue in the statement's sentence before its content ("In response, ...",
    "Reacting to the remarks, X said", "X hit back")."""
    anchor = statement.cue_span.start if statement.cue_span else statement.start
    sentence = doc.sentence_at(anchor) or doc.sentences[0]
    words = tuple([t.lower for t in doc.tokens_in(sentence.start, max(statement.start, anchor))])
    if statement.cue:
        words += tuple(statement.cue.lower().split())
    firsts = res.reply_cue_first
    if firsts.isdisjoint(words):
        return None  # most sentences hold no reply cue: one set test spares the loop
    for i in range(len(words)):
        if words[i] not in firsts:
            continue
        for length in range(1, min(_LONGEST_REPLY_CUE, len(words) - i) + 1):
            if words[i : i + length] in res.reply_cues:
                if "after" in words[i + length :]:
                    return None  # "X hit back at Y after Y accused ...": this is what was answered
                return f"reply cue {' '.join(words[i : i + length])!r}"
    return None


def _nearest_conflict(
    statement: Statement, index: int, statements: Sequence[Statement]
) -> Statement | None:
    """The closest statement of another side that a rebuttal can answer (an accusation,
    criticism, demand, threat or refusal), earlier ones first; else its closest
    statement of any kind."""
    side = _side(statement)
    closest = None
    for i in _around_index(index, len(statements)):
        other = statements[i]
        if other.responds_to is None and other.actor is not None and _side(other) != side:
            if other.stance in _ANSWERABLE:
                return other
            if closest is None:
                closest = other
    return closest


def _renumber(
    statements: Sequence[Statement], answers: list[str | None], reasons: list[str | None]
) -> tuple[Statement, ...]:
    """Order answered statements before their first reply, number them s1, s2, ...,
    and drop the links that still point forward; the one copy of each changed statement."""
    order = _answered_first(statements, answers)
    new_ids = {statements[i].id: f"s{n}" for n, i in enumerate(order, 1)}
    position = {new_ids[statements[i].id]: n for n, i in enumerate(order)}
    result = []
    for i in order:
        statement = statements[i]
        new_id = new_ids[statement.id]
        answered, evidence = new_ids.get(answers[i] or ""), reasons[i]
        if answered and position.get(answered, len(order)) >= position[new_id]:
            answered, evidence = None, None
        if (new_id, answered, evidence) != (
            statement.id,
            statement.responds_to,
            statement.reply_evidence,
        ):
            statement = evolve(statement, id=new_id, responds_to=answered, reply_evidence=evidence)
        result.append(statement)
    return tuple(result)


def _answered_first(statements: Sequence[Statement], answers: list[str | None]) -> list[int]:
    """The positions of the statements, each answered one moved before its first reply."""
    order: list[int] = []
    placed: set[str] = set()
    by_id = {s.id: i for i, s in enumerate(statements)}

    def place(i: int, depth: int = 0) -> None:
        own_id = statements[i].id
        if own_id in placed:
            return
        answered = by_id.get(answers[i] or "")
        if (
            answered is not None
            and statements[answered].id not in placed
            and depth < len(statements)
        ):
            placed.add(own_id)  # guards against a reply cycle
            place(answered, depth + 1)
            placed.discard(own_id)
        placed.add(own_id)
        order.append(i)

    for i in range(len(statements)):
        place(i)
    return order
