"""Analysis time per article, and what each pipeline stage costs.

Builds articles of about 4 KB from the bundled sample (its paragraphs with names and
countries varied), analyses each many times after a warm-up, and prints the median
time per article plus the share of each stage: actor linking (issue 3: under 20%) and
stances + replies + targets (issue 4: under 30%) are read off this table.

    python bench/bench_article.py [--rounds 200]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from dipstat.actors import ActorLinker, resolve_actors
from dipstat.pipeline import analyze
from dipstat.quotes import extract_statements
from dipstat.replies import detect_replies
from dipstat.resources import default_resources
from dipstat.segment import segment
from dipstat.speakers import attribute_speakers, name_index
from dipstat.stances import tag_stances
from dipstat.targets import find_targets

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "samples" / "beijing_parade.txt"
SWAPS = [
    ("Beijing", "Moscow"),
    ("China", "Russia"),
    ("Guo Jiakun", "Maria Zakharova"),
    ("Trump", "Macron"),
    ("Kallas", "Borrell"),
    ("Chinese", "Russian"),
]


def news_paragraphs(size: int, offset: int = 0) -> Iterator[str]:
    """Sample paragraphs rotated from ``offset``, names swapped every other round,
    until ``size`` bytes (shared with bench_adversarial.py)."""
    paragraphs = [p for p in SAMPLE.read_text(encoding="utf-8").splitlines() if p.strip()]
    total, i = 0, offset
    while total < size:
        text = paragraphs[i % len(paragraphs)]
        if (i // len(paragraphs)) % 2:
            for old, new in SWAPS:
                text = text.replace(old, new)
        total += len(text.encode()) + 1
        i += 1
        yield text


def build_articles(count: int, target_bytes: int = 4096) -> list[str]:
    """Articles of about ``target_bytes``: sample paragraphs, rotated and renamed."""
    return ["\n".join(news_paragraphs(target_bytes, n)) for n in range(count)]


def _time(fn: Callable[[], object], rounds: int) -> float:
    """Median CPU seconds of ``fn`` (process time: other jobs on the machine do not count)."""
    samples = []
    for _ in range(rounds):
        start = time.process_time()
        fn()
        samples.append(time.process_time() - start)
    return statistics.median(samples)


def stage_costs(text: str, rounds: int) -> dict[str, float]:
    """Median seconds of each stage on one article, called as the pipeline calls it."""
    res = default_resources()
    doc = segment(text, abbreviations=res.abbreviations, boilerplate=res.boilerplate)
    linker = ActorLinker(doc, res)
    names = name_index(doc, res, aliases=linker.ctx.matches)
    extracted = extract_statements(doc, res)
    spoken = attribute_speakers(doc, extracted, res, names=names)
    acted = resolve_actors(doc, spoken, res, linker=linker)
    tagged = tag_stances(doc, acted, res)
    replied = detect_replies(doc, tagged, res)
    return {
        "segment": _time(
            lambda: segment(text, abbreviations=res.abbreviations, boilerplate=res.boilerplate),
            rounds,
        ),
        "statements": _time(lambda: extract_statements(doc, res), rounds),
        "speakers": _time(
            lambda: (
                name_index(doc, res, aliases=ActorLinker(doc, res).ctx.matches),
                attribute_speakers(doc, extracted, res, names=names),
            ),
            rounds,
        ),
        "actors (speakers)": _time(
            lambda: resolve_actors(doc, spoken, res, linker=ActorLinker(doc, res)), rounds
        ),
        "stances": _time(lambda: tag_stances(doc, acted, res), rounds),
        "replies": _time(lambda: detect_replies(doc, tagged, res), rounds),
        "targets": _time(
            lambda: find_targets(doc, replied, res, names=names, linker=linker), rounds
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=100)
    args = parser.parse_args()
    articles = build_articles(20)
    default_resources()
    for text in articles:
        analyze(text)  # warm-up: caches, lazy imports
    per_article = statistics.median(
        _time(lambda t=text: analyze(t), max(1, args.rounds // 10)) for text in articles
    )
    size = statistics.mean(len(a.encode()) for a in articles)
    print(
        f"article size: {size / 1024:.1f} KB; analysis per article (median): "
        f"{per_article * 1000:.2f} ms"
    )
    costs = stage_costs(articles[0], args.rounds)
    total = sum(costs.values())
    print(f"\n{'stage':<20}{'ms':>8}{'share':>9}")
    for stage, seconds in costs.items():
        print(f"{stage:<20}{seconds * 1000:>8.2f}{seconds / total:>9.1%}")
    actors = costs["actors (speakers)"]
    later = costs["stances"] + costs["replies"] + costs["targets"]
    base = total - actors - later
    print(f"\nactor linking adds {actors / (total - actors):.1%} to the rest of the analysis")
    print(f"stances + replies + targets add {later / (base + actors):.1%} to the rest")


if __name__ == "__main__":
    main()
