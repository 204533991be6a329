"""Seconds per MB of normal and adversarial text, and a review of every regex.

Issue 7, part 2: analysis time must grow in proportion to the size of the input, and
adversarial text may cost at most 3x the seconds per MB of normal news text.

Normal text is the bundled sample story, its paragraphs rotated and names swapped (as
in ``bench_article.py``): once as a corpus of ~4 KB articles (what news is; the
baseline of every ratio) and once as a single article of the full size.  Adversarial
generators build one article each: unterminated and nested quotation marks, text
made only of quotation marks or cue verbs, thousands of colon headlines, one huge
paragraph, no punctuation, abbreviation-dense text, invisible characters.

Every case runs at each size (default 100 KB and 1 MB) in a forked child process that
is stopped after ``--timeout`` seconds of CPU time, so a catastrophic case shows as
``timeout`` instead of stopping the bench.  The seconds reported are the child's CPU
time, so other jobs on the machine barely change them.  The table gives seconds per MB
at each size, the growth exponent between the two sizes (1 = linear, 2 = quadratic)
and the ratio to the normal corpus at the largest size; the worst ratio comes last.

The second table lists every regular expression in dipstat/ (found in the source, so
a new one shows up as ``NOT REVIEWED``), whether article text reaches it, what an
automatic check of its parse tree finds (nested unbounded quantifiers, unbounded
repeats) and the reviewer's verdict.

    python bench/bench_adversarial.py [--sizes 100000,1000000] [--timeout 120]
    python bench/bench_adversarial.py --regex-only
"""

from __future__ import annotations

import argparse
import ast
import importlib
import math
import multiprocessing
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def _sre(name: str) -> Any:
    """The regex parser's modules: ``re._parser`` (Python 3.11+) or ``sre_parse``."""
    try:
        return importlib.import_module(f"re._{name}")
    except ImportError:  # Python 3.10
        return importlib.import_module(f"sre_{name}")


sre_parse = _sre("parser")
sre_constants = _sre("constants")

try:
    import resource
except ImportError:  # pragma: no cover - not on Windows
    resource = None  # type: ignore[assignment]

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_article import news_paragraphs  # noqa: E402  (a sibling script)

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "samples" / "beijing_parade.txt"
PACKAGE = ROOT / "dipstat"
RATIO_BOUND = 3.0  # issue 7: adversarial text costs at most 3x normal news per MB
ARTICLE_BYTES = 4096  # a normal news story (bench_article.py uses the same size)
# ---------------------------------------------------------------------------------
# Text generators: size in UTF-8 bytes -> articles (one, except the normal corpus).


def _news_paragraphs(size: int, offset: int = 0) -> Iterator[str]:
    return news_paragraphs(size, offset)


def news_corpus(size: int) -> list[str]:
    count = max(1, size // ARTICLE_BYTES)
    return ["\n".join(_news_paragraphs(ARTICLE_BYTES, n)) for n in range(count)]


def news_article(size: int) -> list[str]:
    return ["\n".join(_news_paragraphs(size))]


def _repeat(unit: str, size: int, sep: str = "") -> str:
    count = max(1, size // len((unit + sep).encode()))
    return sep.join([unit] * count)


def _per_paragraph(size: int, change: Callable[[str], str]) -> list[str]:
    return ["\n".join(change(p) for p in _news_paragraphs(size))]


GENERATORS: dict[str, tuple[str, Callable[[int], list[str]]]] = {
    "news, 4 KB articles": ("normal", news_corpus),
    "news, one article": ("normal", news_article),
    "news, one paragraph": ("adversarial", lambda n: [" ".join(_news_paragraphs(n))]),
    "unterminated quote per paragraph": (
        "adversarial",
        lambda n: [_repeat("Jane Doe said “" + "we will never accept this " * 4, n, "\n")],
    ),
    "unterminated quote, one paragraph": (
        "adversarial",
        lambda n: ['Jane Doe said "' + _repeat("we will never accept this ", n)],
    ),
    "quote continued over paragraphs": (
        "adversarial",
        lambda n: ["Doe said:\n" + _repeat("“We will never accept this proposal", n, "\n")],
    ),
    "only quotation marks": ("adversarial", lambda n: [_repeat("\"“”‘’«»‹›„‚'", n)]),
    "nested marks": ("adversarial", lambda n: [_repeat("“‘«‹\"'", n)]),
    "deeply nested quotes": (
        "adversarial",
        lambda n: ["He said " + "“‘" * (n // 12) + "no" + "’”" * (n // 12) + "."],
    ),
    "cue verbs only": ("adversarial", lambda n: [_repeat("said", n, " ")]),
    "speakers and cue verbs": (
        "adversarial",
        lambda n: [_repeat("Guo said Kallas denied Doe rejected Roe urged", n, " ")],
    ),
    "colon headlines": ("adversarial", lambda n: [_repeat("Doe: “We deny it”", n, "\n")]),
    "split quotes": (
        "adversarial",
        lambda n: [_repeat("“We will respond,” Doe said, “and we will not bend.”", n, " ")],
    ),
    "no punctuation": (
        "adversarial",
        lambda n: [_repeat("the minister of china spoke about russia", n, " ")],
    ),
    "abbreviations, one paragraph": ("adversarial", lambda n: [_repeat("U.S.", n, " ")]),
    "zero-width between characters": (
        "adversarial",
        lambda n: _per_paragraph(n // 4, lambda p: "\u200b".join(p)),
    ),
    "bidi and control characters": (
        "adversarial",
        lambda n: _per_paragraph(n, lambda p: p.replace(" ", " \u202e\x1b[1m\u2067 ", 3)),
    ),
}

# ---------------------------------------------------------------------------------
# Timing in a child process.


@dataclass(frozen=True)
class Timing:
    seconds: float | None  # None: timed out or failed
    size: int  # UTF-8 bytes analysed
    note: str = ""

    timed_out: bool = False

    def per_mb(self) -> float | None:
        """Seconds per MB; for a timeout, the lower bound timeout/size."""
        return None if self.seconds is None else self.seconds / (self.size / 1e6)


def _child(articles: list[str], conn: Any, cpu_seconds: int) -> None:
    try:
        from dipstat.pipeline import analyze
        from dipstat.resources import default_resources

        if resource is not None:  # the kernel stops the child (SIGXCPU) at the limit
            hard = resource.getrlimit(resource.RLIMIT_CPU)[1]
            if hard == resource.RLIM_INFINITY or hard > cpu_seconds:
                resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, hard))
        res = default_resources()
        started = time.process_time()  # CPU time: other jobs on the machine do not count
        for text in articles:
            analyze(text, resources=res)
        conn.send(("ok", time.process_time() - started))
    except BaseException as exc:
        last = traceback.extract_tb(exc.__traceback__)[-1]
        where = f"{Path(last.filename).name}:{last.lineno}"
        conn.send(("error", f"{type(exc).__name__} at {where}"))
    finally:
        conn.close()


def measure(articles: list[str], timeout: float) -> Timing:
    """CPU seconds to analyse ``articles`` in a child stopped after ``timeout`` CPU
    seconds (or three times that in wall-clock time)."""
    size = sum(len(a.encode("utf-8")) for a in articles)
    cpu_seconds = math.ceil(timeout)
    ctx = multiprocessing.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(articles, sender, cpu_seconds), daemon=True)
    child.start()
    sender.close()
    timed_out = Timing(cpu_seconds, size, f"timeout >{cpu_seconds} s", timed_out=True)
    try:
        if not receiver.poll(3 * timeout):
            return timed_out
        try:
            status, value = receiver.recv()
        except EOFError:  # ended without a word: the CPU limit stopped it
            return timed_out
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()
    if status != "ok":
        return Timing(None, size, value)
    return Timing(value, size)


def _fmt(value: float | None, spec: str = ".2f", *, bound: bool = False) -> str:
    if value is None:
        return "error"
    return (">" if bound else "") + format(value, spec)


def run_bench(sizes: list[int], timeout: float) -> float | None:
    from dipstat.pipeline import analyze
    from dipstat.resources import default_resources

    # Load the code, the data and every lazy cache once, here: each child inherits them.
    for text in news_corpus(4 * ARTICLE_BYTES):
        analyze(text, resources=default_resources())
    results: dict[str, list[Timing]] = {}
    for name, (_, generate) in GENERATORS.items():
        results[name] = [measure(generate(size), timeout) for size in sizes]
        print(f"  measured {name}", file=sys.stderr, flush=True)
    baseline = results["news, 4 KB articles"][-1].per_mb()
    heads = [f"{size / 1e6:g} MB s/MB" for size in sizes]
    print(f"\n{'case':34} {'kind':12} " + " ".join(f"{h:>13}" for h in heads), end="")
    print(f" {'growth':>7} {'ratio':>6}  note")
    worst: tuple[float, str, bool] | None = None
    for name, (kind, _) in GENERATORS.items():
        timings = results[name]
        first, last = timings[0], timings[-1]
        bound = last.timed_out  # a timeout gives lower bounds only
        growth = None
        if len(timings) > 1 and first.seconds and last.seconds and not first.timed_out:
            growth = math.log(last.seconds / first.seconds) / math.log(last.size / first.size)
        rate = last.per_mb()
        # an error (an exception) has no rate: it counts as unbounded
        ratio = rate / baseline if rate is not None and baseline else math.inf
        note = "; ".join(t.note for t in timings if t.note)
        cells = [_fmt(t.per_mb(), bound=t.timed_out) for t in timings]
        print(f"{name:34} {kind:12} " + " ".join(f"{c:>13}" for c in cells), end="")
        growth_cell = "-" if growth is None else _fmt(growth, bound=bound)
        print(f" {growth_cell:>7} {_fmt(ratio, '.1f', bound=bound):>6}  {note}")
        if kind == "adversarial" and (worst is None or ratio > worst[0]):
            worst = (ratio, name, bound)
    print(f"\nbaseline: {_fmt(baseline)} s/MB (normal news, {ARTICLE_BYTES // 1024} KB articles)")
    if worst is not None:
        verdict = "ok" if worst[0] <= RATIO_BOUND else f"over the {RATIO_BOUND:g}x bound"
        shown = "an exception" if math.isinf(worst[0]) else _fmt(worst[0], ".1f", bound=worst[2])
        print(f"worst ratio adversarial/normal: {shown} ({worst[1]}): {verdict}")
    return worst[0] if worst else None


# ---------------------------------------------------------------------------------
# Regex review.

# module:NAME (or module:line for an inline pattern) -> (reaches article text, verdict)
VERDICTS: dict[str, tuple[str, str]] = {
    "segment:_TOKEN": (
        "yes",
        "safe: the nested (?:[-'’][^\\W_]+)* is unambiguous (each repeat starts with a "
        "mark the inner class excludes); lookbehinds only shed repeats from the end",
    ),
    "segment:_POSSESSIVE_TAIL": ("tokens", "safe: two fixed characters anchored at \\Z"),
    "segment:_DATELINE": (
        "yes",
        "safe: match() at a paragraph start; repeats bounded ({1,40},{1,30},{1,12}); "
        "the \\s* runs are followed by required non-space chars: O(40 x run)",
    ),
    "segment:_BREAK_CANDIDATE": (
        "yes",
        "safe: starts only at [.?!]; the closing-mark run excludes [.?!], so runs "
        "never overlap: linear",
    ),
    "segment:_QUOTE_MARK": ("yes", "safe: one character class"),
    "segment:_TOKEN_SPLIT": ("yes", "safe: _TOKEN as one group (see _TOKEN)"),
    "segment:_PLAIN_BREAK": (
        "contexts",
        "safe: match() on Punkt's short context of one candidate, one letter run then "
        "fixed characters: linear in the word (finditer would be quadratic: not used so)",
    ),
    "segment:_PLAIN_WORD": ("words", "safe: fullmatch of one class run between two offsets"),
    "segment:_NEXT_SENTENCE": ("yes", "safe: match() at one offset, at most 3 characters"),
    "segment:_ABBREVIATION": (
        "abbreviations",
        "safe: only on a word already in the abbreviation list; the nested "
        "(?:\\.[A-Za-z]+)+ is unambiguous (each repeat opens with a dot)",
    ),
    "segment:_WORD_AFTER_ABBREVIATION": (
        "yes",
        "safe: match() at one offset after an abbreviation; one run then a look-ahead: "
        "linear in the next word, and the words scanned do not overlap",
    ),
    "segment:inline [^\\n]+": ("yes", "safe: one negated class, no alternatives"),
    "actors:_STATE_CODE": ("codes", "safe: anchored, bounded {3}"),
    "actors:_APPOSITIVE": (
        "yes",
        "safe: match() at one offset; \\s+ is followed by a letter; the lazy class run "
        "is bounded {3,80}",
    ),
    "actors:inline _whole_word(word)": (
        "yes",
        "safe: an escaped literal then a fixed-width look-behind and \\b; each call "
        "scans the article once and stops after 25 hits (_TITLE_MENTIONS)",
    ),
    "evaluate:_TOKEN": ("statement texts", "safe: one class run"),
    "corpus:_SPACE": ("HTML text", "safe: one class run"),
    "network:_ISO_DATE": ("dates", "safe: anchored, bounded"),
    "render.safe:_UNSAFE": ("output", "safe: one character class"),
    "render.safe:_JSON_UNSAFE": ("output", "safe: one character class"),
    "render.replies:_MERMAID_SPECIAL": ("output", "safe: one character class"),
    "render.replies:_UNSAFE_ID": ("ids", "safe: one character class"),
}
_RE_FUNCTIONS = frozenset(
    {"compile", "match", "fullmatch", "search", "finditer", "findall", "sub", "subn", "split"}
)
_REPEATS = (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT)
_POSSESSIVE = getattr(sre_constants, "POSSESSIVE_REPEAT", None)


@dataclass(frozen=True)
class RegexSite:
    module: str
    line: int
    name: str  # the constant it is assigned to, or "inline ..."
    pattern: str | None  # None when built at run time (f-string)


def find_regexes() -> list[RegexSite]:
    """Every call of a ``re`` function in dipstat/, with its pattern where known."""
    sites = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        assigned = {
            id(node.value): node.targets[0].id
            for node in tree.body
            if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)
        }
        for node in ast.walk(tree):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "re"
                and node.func.attr in _RE_FUNCTIONS
                and node.args
            ):
                continue
            name = assigned.get(id(node))
            pattern: str | None = None
            if name is not None:
                compiled = getattr(importlib.import_module(f"dipstat.{module}"), name, None)
                pattern = getattr(compiled, "pattern", None)
            elif isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                pattern = node.args[0].value
                name = f"inline {pattern}"
            else:
                source = ast.get_source_segment(path.read_text(encoding="utf-8"), node.args[0])
                name = "inline " + _fstring_shape(source or "?")
            sites.append(RegexSite(module, node.lineno, name, pattern))
    return sites


def _fstring_shape(source: str) -> str:
    # rf"\b{re.escape(word)}\b" -> \b{word}\b
    inner = source.lstrip("rbfRBF").strip("\"'")
    return inner.replace("{re.escape(word)}", "{word}")


def _walk(items: Any, depth: int) -> Iterator[tuple[int, Any, Any]]:
    """(depth of enclosing unbounded repeats, opcode, argument) over a parsed pattern."""
    for op, arg in items:
        yield depth, op, arg
        if op in _REPEATS or (_POSSESSIVE is not None and op == _POSSESSIVE):
            _, high, sub = arg
            inner = depth + (1 if high == sre_constants.MAXREPEAT else 0)
            yield from _walk(sub, inner)
        elif op == sre_constants.SUBPATTERN:
            yield from _walk(arg[-1], depth)
        elif op == sre_constants.BRANCH:
            for branch in arg[1]:
                yield from _walk(branch, depth)
        elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            yield from _walk(arg[1], depth)


def check_pattern(pattern: str | None) -> str:
    """What the parse tree shows: nested unbounded repeats, unbounded repeats, none."""
    if pattern is None:
        return "built at run time"
    parsed = sre_parse.parse(pattern)
    nested = unbounded = 0
    for depth, op, arg in _walk(parsed, 0):
        if op in _REPEATS and arg[1] == sre_constants.MAXREPEAT:
            unbounded += 1
            nested += depth > 0
    if nested:
        return f"NESTED unbounded repeat ({nested})"
    if unbounded:
        return f"{unbounded} unbounded repeat(s), not nested"
    return "bounded"


def print_regex_review() -> int:
    """Print the review table; returns how many regexes have no verdict."""
    sites = find_regexes()
    print(f"\n{len(sites)} regular expressions in dipstat/:\n")
    print(f"{'where':28} {'name':22} {'article text':15} {'parse tree':34} verdict")
    missing = 0
    for site in sites:
        key = f"{site.module}:{site.name}"
        reach, verdict = VERDICTS.get(key, ("?", "NOT REVIEWED"))
        missing += verdict == "NOT REVIEWED"
        where = f"{site.module.replace('.', '/')}.py:{site.line}"
        name = site.name if len(site.name) <= 22 else site.name[:19] + "..."
        print(f"{where:28} {name:22} {reach:15} {check_pattern(site.pattern):34} {verdict}")
    print(
        "\nThird party: NLTK Punkt's sentence regexes also run on every paragraph; NLTK "
        "routes them through nltk.redos (the `regex` engine with a 5 s wall-clock limit "
        "per call), which raises TimeoutError on a long enough paragraph."
    )
    return missing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000,1000000", help="bytes, comma-separated")
    parser.add_argument("--timeout", type=float, default=120.0, help="CPU seconds per case")
    parser.add_argument("--regex-only", action="store_true", help="only the regex review")
    args = parser.parse_args()
    if not args.regex_only:
        sizes = sorted(int(s) for s in args.sizes.split(","))
        run_bench(sizes, args.timeout)
    missing = print_regex_review()
    if missing:
        print(f"\n{missing} regex(es) not reviewed: add a verdict to VERDICTS")


if __name__ == "__main__":
    main()
