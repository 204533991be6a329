"""Statement extraction: direct, indirect and mixed quotations with their cues.

Takes a segmented :class:`~dipstat.segment.Document` and returns statements whose
``speaker_mention`` and ``speaker_span`` say where the speaker is named; resolving that
mention to a name is :mod:`dipstat.speakers`' job.  Every text offset points into the
original article.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import accumulate
from typing import NamedTuple

from dipstat.cues import (
    COORDINATORS,
    CueMatch,
    Unit,
    content_range,
    find_cues,
    is_participle_cue,
    main_subject,
    subject_left,
    subject_right,
)
from dipstat.model import Kind, Span, Statement
from dipstat.phrases import POSSESSIVES, is_capitalized, phrase_left, phrase_right, skip_left
from dipstat.resources import Resources
from dipstat.segment import Document, Quote, Token

_MIN_QUOTE_WORDS = 4  # shorter quotes with no cue are scare quotes or titles
_MIN_COLON_WORDS = 2  # "'Invented names': India ..." -- a headline quote can be that short
_BARE_QUOTE_SHARE = 0.6  # a cue-less quote filling this much of its paragraph continues a speaker
_NOMINAL_LINKS = frozenset({"made", "levelled", "leveled", "issued", "voiced", "raised", "lodged"})
_TRAILING = " \t\n,;:"
_ADJUNCT_THAT = 8  # a "that" this close after a cue opens reported speech, not an adjunct
_PRE_SUBJECT_WORDS = 2  # "an unidentified": words between a quote and its speaker's name
_SHORT_TAIL = 3  # "he said last week": tails this short after a quote report nothing
_LONG_ADJUNCT = 8  # "protested on Friday after Japan renewed its claim": a clause follows
_SENTENCE_REACH = 1200  # characters: more than a capped reported clause (80 tokens) spans
_FRONTED_MIN = 4  # tokens a clause before ", X said" needs to count as reported content


class Draft(NamedTuple):
    """A statement before ids and speaker resolution.

    A named tuple rather than a frozen dataclass: every cue makes one or two, and a
    tuple is built several times faster (a frozen dataclass sets each field through
    ``object.__setattr__``).
    """

    kind: Kind
    cue: str | None
    cue_span: Span | None
    parts: tuple[Span, ...]
    speaker_span: Span | None
    paragraph: int
    confidence: float = 1.0
    lemma: str | None = None

    def with_lemma(self, lemma: str) -> Draft:
        """This draft with its cue's lemma (the last field)."""
        return Draft(*self[:-1], lemma)


def extract_statements(doc: Document, res: Resources) -> tuple[Statement, ...]:
    """Every attributed statement of the article, in text order, with ids s1, s2, ..."""
    drafts: list[Draft] = []
    for unit in build_units(doc):
        drafts.extend(d for d in _unit_drafts(doc, unit, res) if d.parts)
    drafts = [d for d in _orphan_quotes(doc, drafts, res) if d.parts]  # no empty quotes
    drafts = _dedupe(drafts)
    drafts.sort(key=lambda d: (d.parts[0].start, d.parts[-1].end))
    return tuple(_to_statement(doc.text, d, n) for n, d in enumerate(drafts, 1))


def build_units(doc: Document) -> list[Unit]:
    """Group sentences so that no quotation crosses a unit boundary."""
    units: list[Unit] = []
    group: list[int] = []
    reach = -1
    starts = [q.outer.start for q in doc.quotes]
    for index, sentence in enumerate(doc.sentences):
        if group and sentence.start >= reach:
            units.append(_make_unit(doc, group, starts))
            group = []
        group.append(index)
        reach = max(reach, sentence.end)
        # quotes are sorted and do not overlap: only the last one opening before the
        # sentence's end can run past it
        qi = bisect_left(starts, sentence.end) - 1
        if qi >= 0 and sentence.end <= doc.quotes[qi].outer.end - 1:
            reach = max(reach, doc.quotes[qi].outer.end)
    if group:
        units.append(_make_unit(doc, group, starts))
    return units


def _make_unit(doc: Document, sentence_ids: list[int], starts: list[int]) -> Unit:
    tokens: list[Token] = []
    sentence_start: list[int] = []
    sentence_end: list[int] = []
    for sid in sentence_ids:
        toks = doc.sentences[sid].tokens
        first = len(tokens)
        tokens.extend(toks)
        sentence_start.extend([first] * len(toks))
        sentence_end.extend([first + len(toks)] * len(toks))
    paragraph = doc.sentences[sentence_ids[0]].paragraph
    quote_of = _quote_of(doc, tokens, starts)
    return Unit(
        tuple(tokens), tuple(quote_of), tuple(sentence_start), tuple(sentence_end), paragraph
    )


def _quote_of(doc: Document, tokens: list[Token], starts: list[int]) -> list[int]:
    """For each token, the index of the quote it lies on (marks included), else -1.

    A token belongs to the last quote opening at or before it, if that quote's marks
    enclose it; so each quote is asked only about the tokens from its opening to its
    end or to the next opening, whichever comes first, and most tokens are never looked at.
    """
    quote_of = [-1] * len(tokens)
    if not tokens:
        return quote_of
    token_starts = [t.start for t in tokens]
    last_start = token_starts[-1]
    for qi in range(max(0, bisect_right(starts, token_starts[0]) - 1), len(starts)):
        quote = doc.quotes[qi]
        if quote.outer.start > last_start:
            break
        stop = min(quote.outer.end, starts[qi + 1]) if qi + 1 < len(starts) else quote.outer.end
        for i in range(
            bisect_left(token_starts, quote.outer.start), bisect_left(token_starts, stop)
        ):
            if _within_parts(quote, token_starts[i]):
                quote_of[i] = qi
    return quote_of


def _within_parts(quote: Quote, offset: int) -> bool:
    """Is ``offset`` on a part of the quote (its marks included)?  Parts are sorted, so
    only the last one opening before the offset can hold it."""
    if len(quote.parts) == 1:
        part = quote.parts[0]
        return part.start - 1 <= offset <= part.end
    index = bisect_right(quote.parts, offset + 1, key=_span_start) - 1
    return index >= 0 and quote.parts[index].start - 1 <= offset <= quote.parts[index].end


def _quote_start(quote: Quote) -> int:
    return quote.outer.start


def _span_start(span: Span) -> int:
    return span.start


def _unit_drafts(doc: Document, unit: Unit, res: Resources) -> list[Draft]:
    cues = find_cues(unit, res)
    drafts: list[Draft] = []
    for cue in cues:
        if cue.entry.frame == "according":
            draft = _according(doc, unit, cue, res)
        elif cue.entry.pos == "noun":
            draft = _nominal(doc, unit, cue, res, cues)
        else:
            draft = _verbal(doc, unit, cue, res, cues, drafts)
        if draft is not None:
            drafts.append(draft.with_lemma(cue.entry.lemma))
            quoted = _quote_after_colon(doc, unit, draft)
            if quoted is not None:
                drafts.append(quoted.with_lemma(cue.entry.lemma))
    return drafts


def _quote_after_colon(doc: Document, unit: Unit, draft: Draft) -> Draft | None:
    """ "X blamed Y: “Our country is under attack ...”": the quotation after the colon
    is the same speaker's own words, a direct statement beside the reported one."""
    if draft.kind is not Kind.INDIRECT or not draft.parts:
        return None
    end = bisect_left(unit.tokens, draft.parts[-1].end, key=_token_start)
    while end < len(unit.tokens) and unit.tokens[end].start < draft.parts[-1].end:
        end += 1
    if end + 1 >= len(unit.tokens) or unit.tokens[end].text != ":":
        return None
    quote = _quote_at(doc, unit, end + 1)
    if quote is None or _words(doc.text, quote) < _MIN_QUOTE_WORDS:
        return None
    return Draft(
        Kind.DIRECT,
        draft.cue,
        draft.cue_span,
        _clean_parts(doc.text, list(quote.parts)),
        draft.speaker_span,
        draft.paragraph,
    )


def _token_start(token: Token) -> int:
    return token.start


def _span(unit: Unit, first: int, last: int) -> Span:
    return Span(unit.tokens[first].start, unit.tokens[last].end)


def _cue_text(doc: Document, unit: Unit, cue: CueMatch) -> tuple[str, Span]:
    span = _span(unit, cue.text_start, cue.end - 1)
    return doc.text[span.start : span.end], span


def _verbal(
    doc: Document,
    unit: Unit,
    cue: CueMatch,
    res: Resources,
    cues: list[CueMatch],
    earlier: list[Draft],
) -> Draft | None:
    inverted = False
    if is_participle_cue(unit, cue) or _coordinated(unit, cue, res):
        subject = _inherited_subject(unit, cue, res, earlier, cues)
    else:
        subject = subject_left(unit, cue, res)
    if subject is None:
        subject = subject_right(unit, cue, res)
        inverted = subject is not None
    if subject is None:
        return None
    speaker = _span(unit, *subject)
    start, end = content_range(unit, cue, res, cues)
    if inverted:
        start = end = subject[1] + 1
    quote_before = _quote_before(doc, unit, subject[0] if not inverted else cue.text_start)
    if quote_before is None and not inverted:
        named = _name_before_appositive(unit, subject[0], res)
        if named is not None:
            quote_before = _quote_before(doc, unit, named[0])
            if quote_before is not None:
                speaker = Span(unit.tokens[named[0]].start, speaker.end)
    cue_text, cue_span = _cue_text(doc, unit, cue)
    content = _span(unit, start, end - 1) if end > start else None
    if quote_before is not None and (
        content is None
        or inverted
        or cue.entry.frame == "addressee_clause"
        or _is_adjunct(unit, cue.end, end, res)
    ):
        joined = list(quote_before.parts)
        follow = _quote_at(doc, unit, start) if content else None
        if follow is not None:
            joined.extend(follow.parts)
        return Draft(
            Kind.DIRECT, cue_text, cue_span, _clean_parts(doc.text, joined), speaker, unit.paragraph
        )
    if quote_before is None and (
        content is None or _is_adjunct(unit, cue.end, end, res, short_ok=False)
    ):
        # nothing reported after the cue: "…, the minister said on Monday." or no statement
        fronted = _fronted_content(unit, subject, inverted, cue)
        if fronted is not None or content is None or end - start <= _LONG_ADJUNCT:
            content = fronted
    if content is None:
        return None
    kind, parts = _classify(doc, content)
    if kind is Kind.DIRECT and quote_before is not None:
        parts = quote_before.parts + parts
    return Draft(
        kind, cue_text, cue_span, _clean_parts(doc.text, list(parts)), speaker, unit.paragraph
    )


def _coordinated(unit: Unit, cue: CueMatch, res: Resources) -> bool:
    """ "welcomed the talks but criticized the closure": the second verb's subject is
    the first one's."""
    floor = unit.sentence_start[cue.start]
    j = skip_left(unit.tokens, cue.start - 1, floor, res)
    return j > floor and unit.tokens[j].lower in COORDINATORS and unit.quote_of[j] < 0


def _fronted_content(
    unit: Unit, subject: tuple[int, int], inverted: bool, cue: CueMatch
) -> Span | None:
    """ "Talks will resume, the minister said.": content before ", SUBJECT said"."""
    first = cue.text_start if inverted else subject[0]
    comma = first - 1
    start = unit.sentence_start[cue.start]
    if comma - start < _FRONTED_MIN or unit.tokens[comma].text != ",":
        return None
    if unit.quote_of[start] >= 0 or unit.tokens[start].lower.endswith(("ing", "ed")):
        return None  # a quote has its own rule; "Asked whether ...," is no content
    return _span(unit, start, comma - 1)


def _inherited_subject(
    unit: Unit, cue: CueMatch, res: Resources, earlier: list[Draft], cues: list[CueMatch]
) -> tuple[int, int] | None:
    """The subject of the main clause, for ", saying ...", ", urging ...", ", adding ..."."""
    first_token = unit.sentence_start[cue.start]
    sentence_first = unit.tokens[first_token].start
    for draft in earlier:
        if draft.speaker_span and draft.speaker_span.start >= sentence_first:
            first = next(
                i for i, t in enumerate(unit.tokens) if t.start == draft.speaker_span.start
            )
            last = next(i for i, t in enumerate(unit.tokens) if t.end == draft.speaker_span.end)
            return first, last
    for other in cues:
        if first_token <= other.start < cue.start and other.entry.pos != "noun":
            found = subject_left(unit, other, res)
            if found is not None:
                return found
    return main_subject(unit, cue.start, res)


def _is_adjunct(unit: Unit, start: int, end: int, res: Resources, *, short_ok: bool = True) -> bool:
    """Words after a cue that report nothing: "at a briefing here", "last week",
    ", echoing what ...", "to CNN in an e-mail"."""
    if end <= start:
        return True
    tokens = unit.tokens
    if max(unit.quote_of[start:end], default=-1) >= 0:
        return False
    if any(tokens[i].lower == "that" for i in range(start, min(end, start + _ADJUNCT_THAT))):
        return False
    while start + 1 < end and tokens[start].lower.endswith("ly") and tokens[start].text.islower():
        start += 1  # "reacted strongly on his account"
    first = tokens[start]
    return (
        first.text in ",;."
        or "preposition" in res.function_class(first.lower)
        or (res.has_class(first.lower, "time") and not res.has_class(first.lower, "determiner"))
        or (
            "time_preposition" in res.function_class(first.lower)
            and start + 1 < end
            and res.has_class(tokens[start + 1].lower, "time")
        )
        or (first.lower.endswith("ing") and first.text[:1].islower())  # not "Beijing"
        or (short_ok and end - start <= _SHORT_TAIL)
    )


def _name_before_appositive(unit: Unit, index: int, res: Resources) -> tuple[int, int] | None:
    """ "Anna Berg, ministry spokesperson, said": the name before an appositive subject."""
    j = index - 1
    if j < 1 or unit.tokens[j].text != "," or unit.quote_of[j - 1] >= 0:
        return None
    if unit.tokens[index].lower in ("the", "a", "an"):
        return None  # '"...," said Petro, the ministry said': a clause, not an appositive
    start = phrase_left(unit.tokens, j - 1, unit.sentence_start[j], res)
    if start is None or not all(is_capitalized(t) for t in unit.tokens[start:j]):
        return None
    return start, j - 1


def _quote_before(doc: Document, unit: Unit, index: int) -> Quote | None:
    """The quotation that ends right before token ``index`` (only , or a dash between)."""
    j = index - 1
    skipped = 0
    # '"...," an unidentified spokesperson said': lower-case words before the subject
    while (
        j >= 0
        and unit.quote_of[j] < 0
        and skipped < _PRE_SUBJECT_WORDS
        and (unit.tokens[j].text.islower() and unit.tokens[j].text.isalpha())
    ):
        j -= 1
        skipped += 1
    while j >= 0 and unit.tokens[j].text in ",—–-" and unit.quote_of[j] < 0:
        j -= 1
    if j < 0 or unit.quote_of[j] < 0:
        return None
    quote = doc.quotes[unit.quote_of[j]]
    return quote if quote.double or _words(doc.text, quote) >= _MIN_QUOTE_WORDS else None


def _quote_at(doc: Document, unit: Unit, index: int) -> Quote | None:
    if index < len(unit.tokens) and unit.quote_of[index] >= 0:
        return doc.quotes[unit.quote_of[index]]
    return None


def _words(text: str, quote: Quote) -> int:
    return sum(len(text[p.start : p.end].split()) for p in quote.parts)


def _classify(doc: Document, content: Span) -> tuple[Kind, tuple[Span, ...]]:
    """Direct when the content is one quotation, mixed when it holds one, else indirect."""
    first_quote = bisect_left(doc.quotes, content.start, key=_quote_start)
    inside = []
    for quote in doc.quotes[first_quote:]:
        if quote.outer.start > content.end:
            break
        if quote.outer.end <= content.end + 1:
            inside.append(quote)
    if not inside:
        return Kind.INDIRECT, (content,)
    first = inside[0]
    rest = doc.text[first.outer.end : content.end].strip(" ,.;:")
    if len(inside) == 1 and first.outer.start <= content.start and not rest:
        return Kind.DIRECT, first.parts
    end = max(content.end, inside[-1].outer.end)
    return Kind.MIXED, (Span(content.start, end),)


def _according(doc: Document, unit: Unit, cue: CueMatch, res: Resources) -> Draft | None:
    tokens = unit.tokens
    s_start, s_end = unit.sentence_start[cue.start], unit.sentence_end[cue.start]
    end = phrase_right(tokens, cue.end, s_end, res)
    if end is None:
        return None
    speaker = _span(unit, cue.end, end)
    if cue.start == s_start:
        first = end + 1
        if first < s_end and tokens[first].text == ",":
            first += 1
        last = s_end - 1
    else:
        first, last = s_start, cue.start - 1
    while last >= first and tokens[last].text in ".,;:" and unit.quote_of[last] < 0:
        last -= 1
    if last < first:
        return None
    kind, parts = _classify(doc, _span(unit, first, last))
    cue_text, cue_span = _cue_text(doc, unit, cue)
    return Draft(kind, cue_text, cue_span, parts, speaker, unit.paragraph)


def _nominal(
    doc: Document, unit: Unit, cue: CueMatch, res: Resources, cues: list[CueMatch]
) -> Draft | None:
    """ "accusations made by X that ...", "X's claim that ...", "X's call for ..."."""
    tokens = unit.tokens
    s_end = unit.sentence_end[cue.start]
    speaker: tuple[int, int] | None = None
    k = cue.end
    if k < s_end and tokens[k].lower in _NOMINAL_LINKS:
        k += 1
    if k < s_end and tokens[k].lower in ("by", "from"):
        end = phrase_right(tokens, k + 1, s_end, res)
        link = end + 1 if end is not None else s_end
        if link + 2 < s_end and tokens[link].text == "(" and tokens[link + 2].text == ")":
            link += 3  # "the Joint Chiefs of Staff (JCS) that ..."
        if end is not None and link < s_end and tokens[link].lower == "that":
            speaker = (k + 1, end)
    elif cue.start >= 2 and tokens[cue.start - 1].lower in POSSESSIVES:
        start = phrase_left(tokens, cue.start - 2, unit.sentence_start[cue.start], res)
        if start is not None and k < s_end and tokens[k].lower in ("that", "for", "to"):
            speaker = (start, cue.start - 2)
    if speaker is None:
        return None
    start, end = content_range(unit, cue, res, cues)
    if speaker[0] >= cue.end:
        start = next(i for i in range(speaker[1] + 1, s_end) if tokens[i].lower == "that") + 1
    if end <= start:
        return None
    kind, parts = _classify(doc, _span(unit, start, end - 1))
    cue_text = doc.text[tokens[cue.start].start : tokens[cue.end - 1].end]
    return Draft(
        kind,
        cue_text,
        _span(unit, cue.start, cue.end - 1),
        parts,
        _span(unit, *speaker),
        unit.paragraph,
    )


def _orphan_quotes(doc: Document, drafts: list[Draft], res: Resources) -> list[Draft]:
    """Quotes no cue claimed: headline colons, and quotes that continue a speaker.

    A bare quote right after a direct statement in the same paragraph is the rest of
    that statement ('"A," he said. "B."' is one statement); one that fills a later
    paragraph is a new statement of the same speaker.
    """
    taken = sorted((p.start, p.end) for d in drafts for p in d.parts)
    starts = [start for start, _ in taken]
    reach = list(accumulate((end for _, end in taken), max))  # furthest end so far
    result = list(drafts)
    by_paragraph: dict[int, list[int]] = {}
    for i, draft in enumerate(result):
        by_paragraph.setdefault(draft.paragraph, []).append(i)
    for quote in doc.quotes:
        last = bisect_left(starts, quote.end) - 1
        if last >= 0 and reach[last] > quote.start:
            continue  # some statement already holds (part of) this quote
        words = _words(doc.text, quote)
        colon = _colon_attribution(doc, quote, res) if words >= _MIN_COLON_WORDS else None
        if colon is not None:
            by_paragraph.setdefault(colon.paragraph, []).append(len(result))
            result.append(colon)
            continue
        if words < _MIN_QUOTE_WORDS:
            continue
        paragraph = doc.paragraph_at(quote.outer.start).index
        nearby = [result[i] for p in (paragraph - 1, paragraph) for i in by_paragraph.get(p, ())]
        previous = _previous_direct(doc, quote, nearby)
        if previous is not None:
            result[result.index(previous)] = previous._replace(
                parts=previous.parts + _clean_parts(doc.text, list(quote.parts))
            )
            continue
        continued = _continuation(doc, quote, nearby)
        if continued is not None:
            by_paragraph.setdefault(continued.paragraph, []).append(len(result))
            result.append(continued)
    return result


def _previous_direct(doc: Document, quote: Quote, drafts: list[Draft]) -> Draft | None:
    """The direct statement this bare quote continues within one paragraph, if any."""
    paragraph = doc.paragraph_at(quote.outer.start)
    before = [d for d in drafts if d.parts[-1].end <= quote.outer.start]
    if not before:
        return None
    last = max(before, key=lambda d: d.parts[-1].end)
    if last.kind is not Kind.DIRECT or last.paragraph != paragraph.index or last.cue is None:
        return None
    between = doc.text[last.parts[-1].end : quote.outer.start]
    sentence = doc.sentence_at(quote.outer.start)
    opens_sentence = sentence is not None and quote.outer.start - sentence.start <= 1
    return last if opens_sentence and between.count("“") + between.count('"') <= 1 else None


def _colon_attribution(doc: Document, quote: Quote, res: Resources) -> Draft | None:
    """'We did not attack anyone': Zelensky ...  /  Zelensky: 'We did not ...'."""
    sentence = doc.sentence_at(quote.outer.end)
    if sentence is None:
        return None
    tokens = sentence.tokens
    first_after = bisect_left(tokens, quote.outer.end, key=_token_start)
    after = [first_after] if first_after < len(tokens) else []
    last_before = bisect_left(tokens, quote.outer.start, key=_token_start) - 1
    before = (
        [last_before] if last_before >= 0 and tokens[last_before].end <= quote.outer.start else []
    )
    paragraph = doc.paragraph_at(quote.outer.start).index
    if after and tokens[after[0]].text in ":–—":
        end = phrase_right(tokens, after[0] + 1, len(tokens), res)
        if end is not None:
            speaker = Span(tokens[after[0] + 1].start, tokens[end].end)
            mark = tokens[after[0]]
            return Draft(
                Kind.DIRECT,
                mark.text,
                Span(mark.start, mark.end),
                _clean_parts(doc.text, list(quote.parts)),
                speaker,
                paragraph,
            )
    if before and tokens[before[-1]].text == ":":
        start = phrase_left(tokens, before[-1] - 1, 0, res)
        if start is not None and start == 0:
            speaker = Span(tokens[start].start, tokens[before[-1] - 1].end)
            mark = tokens[before[-1]]
            return Draft(
                Kind.DIRECT,
                mark.text,
                Span(mark.start, mark.end),
                _clean_parts(doc.text, list(quote.parts)),
                speaker,
                paragraph,
            )
    return None


def _continuation(doc: Document, quote: Quote, drafts: list[Draft]) -> Draft | None:
    """A quote filling its paragraph, after a statement in the paragraph before or the same one."""
    para = doc.paragraph_at(quote.outer.start)
    last_para = doc.paragraph_at(quote.outer.end - 1)
    length = sum(p.end - p.start for p in doc.paragraphs[para.index : last_para.index + 1])
    if sum(p.end - p.start for p in quote.parts) < _BARE_QUOTE_SHARE * length:
        return None
    previous = [d for d in drafts if d.parts[-1].end <= quote.outer.start and d.speaker_span]
    if not previous:
        return None
    last = max(previous, key=lambda d: d.parts[-1].end)
    if para.index - last.paragraph > 1:
        return None
    return Draft(
        Kind.DIRECT,
        None,
        None,
        _clean_parts(doc.text, list(quote.parts)),
        last.speaker_span,
        para.index,
        confidence=0.6,
    )


def _clean_parts(text: str, parts: list[Span]) -> tuple[Span, ...]:
    cleaned = []
    for part in parts:
        start, end = part.start, part.end
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1] in _TRAILING:
            end -= 1
        if end > start:
            cleaned.append(Span(start, end))
    return tuple(cleaned)


def _dedupe(drafts: list[Draft]) -> list[Draft]:
    seen: set[tuple[Span, ...]] = set()
    kept = []
    for draft in drafts:
        if draft.parts not in seen:
            seen.add(draft.parts)
            kept.append(draft)
    return kept


def _to_statement(text: str, draft: Draft, number: int) -> Statement:
    mention = (
        text[draft.speaker_span.start : draft.speaker_span.end] if draft.speaker_span else None
    )
    return Statement(
        id=f"s{number}",
        kind=draft.kind,
        cue=draft.cue,
        text=" ".join(text[p.start : p.end] for p in draft.parts),
        parts=draft.parts,
        cue_span=draft.cue_span,
        cue_lemma=draft.lemma,
        speaker_mention=mention,
        speaker_span=draft.speaker_span,
        confidence=draft.confidence,
        paragraph=draft.paragraph,
    )


def drop_restatements(statements: tuple[Statement, ...], res: Resources) -> tuple[Statement, ...]:
    """Drop a statement reported inside another's content by the same side.

    "Guo said he rejected the claim" and "Kumar said India rejects the reference" are
    one statement each: the inner cue restates the outer speaker's own position.
    Inner statements of other parties ("X said Y had accused Z") are kept.
    """
    kept = []
    reporting = sorted((o for o in statements if o.kind is not Kind.DIRECT), key=lambda o: o.start)
    starts = [o.start for o in reporting]
    for inner in statements:
        if inner.cue_span is None:
            kept.append(inner)
            continue
        cue = inner.cue_span.start
        # an indirect statement lies within one sentence: look back a bounded stretch
        first = bisect_left(starts, cue - _SENTENCE_REACH)
        outer = next(
            (
                o
                for o in reporting[first : bisect_right(starts, cue)]
                if cue < o.end
                and o is not inner
                and (
                    o.speaker == inner.speaker
                    or (o.actor and o.actor == inner.actor and inner.speaker in res.actors)
                )
            ),
            None,
        )
        if outer is None:
            kept.append(inner)
    return tuple(kept)
