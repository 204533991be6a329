"""The analysis pipeline: text in, :class:`~dipstat.model.Analysis` out.

Calls the stages in order (segment → statements → speakers → actors → stances →
replies → targets) and nothing more.  Replies compare the sides of speakers, so actors
come first; the targets stage codes each target with the same actor linker.
"""

from __future__ import annotations

from dipstat import textio
from dipstat.actors import ActorLinker, resolve_actors
from dipstat.errors import InputError
from dipstat.model import Analysis
from dipstat.quotes import drop_restatements, extract_statements
from dipstat.replies import detect_replies
from dipstat.resources import Resources, default_resources
from dipstat.segment import segment
from dipstat.speakers import attribute_speakers, name_index
from dipstat.stances import tag_stances
from dipstat.targets import find_targets


def analyze(
    text: str,
    name: str | None = None,
    *,
    resources: Resources | None = None,
    source: str | None = None,
    max_bytes: int | None = None,
) -> Analysis:
    """Find every attributed statement of an article.

    Args:
        text: the article text.
        name: the article's name (its file name), carried into the result.
        resources: lexicons and gazetteers; the built-in ones when omitted.
        source: where the text came from, carried into the result.
        max_bytes: the largest article accepted, in UTF-8 bytes; by default the CLI's
            limit (``DIPSTAT_MAX_BYTES``, 5 MB).

    Returns:
        The statements with speakers, actors, stances, targets and reply links.

    Raises:
        InputError: the text is over the size limit.
    """
    limit = textio.max_bytes() if max_bytes is None else max_bytes
    if len(text) > limit // 4 and len(text.encode("utf-8", "surrogatepass")) > limit:
        raise InputError(
            f"{name or 'article'}: over the {limit:,}-byte article limit "
            "(set DIPSTAT_MAX_BYTES or pass max_bytes= to raise it)"
        )
    res = resources or default_resources()
    doc = segment(text, abbreviations=res.abbreviations, boilerplate=res.boilerplate)
    linker = ActorLinker(doc, res)
    names = name_index(doc, res, aliases=linker.ctx.matches)
    statements = extract_statements(doc, res)
    statements = attribute_speakers(doc, statements, res, names=names)
    statements = resolve_actors(doc, statements, res, linker=linker)
    statements = drop_restatements(statements, res)
    statements = tag_stances(doc, statements, res)
    statements = detect_replies(doc, statements, res)
    statements = find_targets(doc, statements, res, names=names, linker=linker)
    return Analysis(article=name, statements=statements, source=source)
