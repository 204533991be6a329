# ruff: noqa: E501 - the article templates below are prose, one paragraph a line
"""Corpus throughput and memory of ``dipstat batch`` (issue 6), as one table.

Builds JSON Lines corpora of 1,000 and 10,000 varied articles: the bundled sample and
five short articles written for this benchmark, turned into templates whose countries,
capitals and people are drawn afresh for each article, with paragraphs dropped and
borrowed between articles.  Then measures, each ``dipstat batch`` run in its own
measuring process:

* articles/s and MB/s of one process (``--jobs 1``), and of NLTK's word tokenisers
  (``NLTKWordTokenizer``, which ``word_tokenize`` uses, and ``TreebankWordTokenizer``)
  over the same texts, and the ratio (bar: dipstat at least 1/5 of NLTK);
* the speed-up of ``--jobs 2`` over ``--jobs 1`` (bar: at least 1.6x on 2 cores);
* peak RSS of the batch process tree for each size (bar: largest size within 1.2x of
  the smallest, and under 300 MB): the peak of the summed RSS of the process and its
  workers, sampled every 50 ms (psutil), and ``ru_maxrss`` of the children (the largest
  single process).

    python bench/bench_corpus.py                     # 1,000 and 10,000 articles
    python bench/bench_corpus.py --sizes 200,1000    # a quick run
    python bench/bench_corpus.py --write             # also write bench/RESULTS.md
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "samples" / "beijing_parade.txt"
OUT = ROOT / "bench" / "out"
RESULTS = ROOT / "bench" / "RESULTS.md"

# Bars of issue 6.
MIN_NLTK_SHARE = 1 / 5
MIN_SPEEDUP = 1.6
MAX_RSS_GROWTH = 1.2
MAX_RSS_MB = 300

# Runs one command and reports its time and the peak RSS of its process tree.
MEASURE = r"""
import json, os, resource, subprocess, sys, threading, time
def busy():  # CPU seconds the whole machine has spent, from /proc/stat (Linux only)
    try:
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
    except OSError:
        return 0.0
    return (sum(fields[:8]) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")
cmd = json.loads(sys.argv[1])
peak, cpu = [0], {}
start, busy0 = time.perf_counter(), busy()
proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
def sample():
    try:
        import psutil
    except ImportError:
        peak[0] = -1
        return
    try:
        root = psutil.Process(proc.pid)
    except psutil.NoSuchProcess:
        return
    while proc.poll() is None:
        total = 0
        try:
            tree = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            break
        for p in tree:
            try:
                total += p.memory_info().rss
                times = p.cpu_times()
                cpu[p.pid] = times.user + times.system
            except psutil.NoSuchProcess:
                pass
        peak[0] = max(peak[0], total)
        time.sleep(0.1)
thread = threading.Thread(target=sample, daemon=True)
thread.start()
_, err = proc.communicate()
seconds, others = time.perf_counter() - start, busy() - busy0
thread.join()
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
scale = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB on Linux
# Workers forked by a fork server are not this process's to wait for: their CPU time
# comes from the samples (each at most 0.1 s stale); the waited-for tree's is exact.
tree_cpu = max(usage.ru_utime + usage.ru_stime, sum(cpu.values()))
print(json.dumps({"seconds": seconds, "code": proc.returncode, "stderr": err.decode()[-2000:],
                  "tree_peak": peak[0], "maxrss": usage.ru_maxrss * scale, "cpu": tree_cpu,
                  "others": max(0.0, others - tree_cpu)}))
"""

# --- the corpus ------------------------------------------------------------------------

# Countries: name, capital, demonym, and a minister and a spokesperson (invented names).
COUNTRIES = [
    ("China", "Beijing", "Chinese", "Li Wenhua", "Zhao Meiling"),
    ("Russia", "Moscow", "Russian", "Pavel Orlov", "Irina Sokolova"),
    ("the United States", "Washington", "American", "Mark Ellison", "Dana Whitfield"),
    ("France", "Paris", "French", "Claire Dubois", "Julien Marchand"),
    ("Germany", "Berlin", "German", "Katrin Vogel", "Stefan Albrecht"),
    ("Japan", "Tokyo", "Japanese", "Hiroshi Tanaka", "Yuko Morita"),
    ("India", "New Delhi", "Indian", "Arjun Mehta", "Priya Raman"),
    ("Brazil", "Brasília", "Brazilian", "Rafael Costa", "Ana Ribeiro"),
    ("Turkey", "Ankara", "Turkish", "Emre Kaya", "Selin Aydın"),
    ("Iran", "Tehran", "Iranian", "Reza Karimi", "Leila Ahmadi"),
    ("South Africa", "Pretoria", "South African", "Thabo Nkosi", "Naledi Dlamini"),
    ("Indonesia", "Jakarta", "Indonesian", "Budi Santoso", "Siti Rahma"),
    ("the United Kingdom", "London", "British", "James Harcourt", "Emma Caldwell"),
    ("Poland", "Warsaw", "Polish", "Tomasz Nowak", "Magda Wiśniewska"),
    ("Ukraine", "Kyiv", "Ukrainian", "Oleksandr Bondar", "Olena Kravets"),
    ("Israel", "Jerusalem", "Israeli", "Avi Cohen", "Noa Levi"),
    ("Egypt", "Cairo", "Egyptian", "Karim Hassan", "Mona Farouk"),
    ("Mexico", "Mexico City", "Mexican", "Luis Herrera", "Sofía Navarro"),
]
KEEP = 0.9  # share of a template's paragraphs kept in an article
SOURCES = ["Wire Desk", "Global Dispatch", "The Daily Ledger", "Asia Courier", "Euro Monitor"]

# The sample as a template: its states and people become slots A-D (E, the EU, stays).
SAMPLE_SLOTS = [
    ("Guo Jiakun", "{A_spk}"),
    ("Guo", "{A_spk_last}"),
    ("Xi Jinping", "{A_lead}"),
    ("Donald Trump", "{B_lead}"),
    ("Trump", "{B_lead_last}"),
    ("Vladimir Putin", "{C_lead}"),
    ("Putin", "{C_lead_last}"),
    ("Kim Jong Un", "{D_lead}"),
    ("Kim", "{D_lead_last}"),
    ("former U.S. President", "former {B_dem} President"),
    ("the United States of America", "{B}"),
    ("the United States", "{B}"),
    ("North Korea", "{D}"),
    ("Beijing", "{A_cap}"),
    ("Washington", "{B_cap}"),
    ("China", "{A}"),
    ("Chinese", "{A_dem}"),
    ("Russian", "{C_dem}"),
    ("Russia", "{C}"),
    ("The Kremlin", "{C_cap}"),
]

# Short articles written for this benchmark (not news: invented events and people).
ARTICLES = [
    """{A_cap} rejects {B_dem} tariffs as "unjustified"
{A_CAP} – {A} on Tuesday rejected new tariffs announced by {B}, calling them a violation of international trade rules.
"These measures are unjustified and will harm consumers in both our countries," trade minister {A_min} told reporters in {A_cap}.
{B_dem} officials said the tariffs answered years of unfair subsidies. A spokesperson for the commerce ministry in {B_cap} said the government remained open to talks but would not accept "endless delays."
{A_min_last} warned that {A} would take countermeasures if the tariffs came into force next month. "We will defend our legitimate interests by every lawful means," she said.
The foreign ministry of {C} urged both sides to settle their differences through dialogue and to avoid steps that could hurt global growth.
Analysts said the dispute could spread to other sectors, from steel to electric vehicles.""",
    """{A} and {C} pledge closer ties after summit in {C_cap}
{C_CAP} – The leaders of {A} and {C} agreed on Friday to deepen cooperation in energy, trade and education, in a joint statement issued after two days of talks.
"Our partnership is not directed against anyone. It is about prosperity for our peoples," {A_dem} foreign minister {A_min} said at a news conference.
{C_dem} foreign minister {C_min} praised what he called a "new chapter" in relations and thanked {A_cap} for its support during last year's floods.
Both ministers said they would meet again before the end of the year to review progress on a planned rail link.
{B_cap} has watched the rapprochement closely. Foreign ministry spokesperson {B_spk} said {B} respected the right of every country to choose its partners, but called on both governments to respect sanctions already in place.""",
    """{B} accuses {A} of airspace violation; {A_cap} denies
{B_CAP} – {B} accused {A} on Monday of sending military aircraft into its airspace, and summoned {A_dem} ambassador to protest.
"This is a dangerous provocation and a clear breach of our sovereignty," {B_dem} defence spokesperson {B_spk} said.
{A_cap} denied the accusation. Foreign ministry spokesperson {A_spk} said the aircraft had remained in international airspace at all times and described the claims as "groundless."
{A_spk_last} urged {B} to stop "hyping" the incident and warned that {A} would respond firmly to any further pressure.
The {C_dem} government called for restraint from both sides. "Nobody gains from an escalation," said {C_min}, {C}'s foreign minister.
The United Nations Secretary-General said he was following the situation with concern.""",
    """{D} vetoes Security Council resolution on ceasefire
NEW YORK – {D} vetoed a United Nations Security Council resolution on Wednesday that called for an immediate ceasefire, drawing sharp criticism from {A} and {B}.
{D_dem} envoy {D_min} said the draft was "one-sided" and ignored the security concerns of the parties. "We cannot support a text that rewards violence," he told the council.
{B}'s ambassador condemned the veto as "a shameful decision" and said her country would seek a vote in the General Assembly.
{A_dem} deputy envoy {A_spk} said {A} regretted the outcome and called on all members to return to negotiations.
Thirteen members voted in favour, with one abstention. It was the third veto on the issue this year.""",
    """{A} expels {C_dem} diplomats in espionage row
{A_CAP} – {A} ordered four {C_dem} diplomats to leave the country within 72 hours on Thursday, accusing them of activities "incompatible with their diplomatic status."
Foreign ministry spokesperson {A_spk} said the diplomats had collected information on military sites. "We will not tolerate interference in our internal affairs," {A_spk_last} said.
{C_cap} rejected the allegations as "absurd" and promised a proportionate response. {C_dem} foreign minister {C_min} said the expulsions were part of a campaign to damage relations.
{E} foreign policy chief Kaja Kallas said the bloc stood with {A} and called on {C} to respect the Vienna Convention.
Relations between the two countries have been strained since a trade agreement collapsed last year.""",
]


def _surname(name: str, country: str) -> str:
    return name.split()[0] if country == "China" else name.split()[-1]  # Li Wenhua: Li


def _country_fields(slot: str, country: tuple[str, str, str, str, str]) -> dict[str, str]:
    name, capital, demonym, minister, spokesperson = country
    return {
        slot: name,
        f"{slot}_CAP": capital.upper(),
        f"{slot}_cap": capital,
        f"{slot}_dem": demonym,
        f"{slot}_min": minister,
        f"{slot}_min_last": _surname(minister, name),
        f"{slot}_spk": spokesperson,
        f"{slot}_spk_last": _surname(spokesperson, name),
        f"{slot}_lead": minister,
        f"{slot}_lead_last": _surname(minister, name),
    }


def _sample_template() -> str:
    text = SAMPLE.read_text(encoding="utf-8")
    for old, new in SAMPLE_SLOTS:
        text = re.sub(rf"\b{re.escape(old)}\b", new, text)
    return text.replace("BEIJING", "{A_CAP}")


def _fill(template: str, fields: dict[str, str]) -> str:
    text = re.sub(r"\{(\w+)\}", lambda m: fields.get(m.group(1), m.group(0)), template)
    return re.sub(r"(^|[.!?–]\s+|\n)the ", lambda m: m.group(1) + "The ", text)  # "the UK"


def build_corpus(path: Path, size: int, seed: int = 6) -> int:
    """Write ``size`` articles as JSON Lines; returns the bytes of article text."""
    templates = [[p for p in t.split("\n") if p.strip()] for t in [_sample_template(), *ARTICLES]]
    total = 0
    with path.open("w", encoding="utf-8") as handle:
        for n in range(size):
            rng = random.Random(seed * 1_000_003 + n)
            base = rng.randrange(len(templates))
            head, *body = templates[base]
            kept = [p for p in body if rng.random() < KEEP] or body[:1]
            for _ in range(rng.randrange(1, 4)):  # borrow paragraphs from other articles
                other = templates[rng.randrange(len(templates))]
                kept.insert(rng.randrange(len(kept) + 1), rng.choice(other[1:]))
            a, b, c, d = rng.sample(COUNTRIES, 4)
            fields = {"E": "European Union"}
            for slot, country in zip("ABCD", (a, b, c, d), strict=True):
                fields.update(_country_fields(slot, country))
            text = _fill("\n".join([head, *kept]), fields) + "\n"
            day = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(300))
            record = {
                "id": f"bench-{n:06d}",
                "date": day.isoformat(),
                "source": rng.choice(SOURCES),
                "url": f"https://news.example/{day:%Y/%m/%d}/{n}",
                "text": text,
            }
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            total += len(text.encode("utf-8"))
    return total


# --- measurements ----------------------------------------------------------------------


@dataclass
class Run:
    """One measured ``dipstat batch`` run."""

    seconds: float
    tree_peak: int  # bytes; -1 when psutil is missing
    maxrss: int  # bytes
    others: float  # CPU seconds other processes of the machine used meanwhile (about)
    cpu: float  # CPU seconds of the batch process tree


def run_batch(corpus: Path, jobs: int) -> Run:
    out = corpus.with_suffix(f".out-j{jobs}.jsonl")
    cmd = [sys.executable, "-m", "dipstat", "batch", str(corpus), "-o", str(out), "-q"]
    cmd += ["--jobs", str(jobs)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, json.dumps(cmd)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    report = json.loads(done.stdout)
    if report["code"] != 0:
        sys.exit(f"dipstat batch failed ({report['code']}): {report['stderr']}")
    lines = sum(1 for _ in out.open(encoding="utf-8"))
    out.unlink()
    if lines != sum(1 for _ in corpus.open(encoding="utf-8")):
        sys.exit(f"dipstat batch wrote {lines} records for {corpus}")
    return Run(
        report["seconds"], report["tree_peak"], report["maxrss"], report["others"], report["cpu"]
    )


def best_runs(corpus: Path, jobs: tuple[int, ...], repeat: int) -> dict[int, Run]:
    """For each number of jobs, the fastest of ``repeat`` runs and the highest peak RSS.

    The runs alternate between the job counts, so that a burst of other work on the
    machine does not fall on one of them only.
    """
    runs: dict[int, list[Run]] = {j: [] for j in jobs}
    for _ in range(repeat):
        for j in jobs:
            runs[j].append(run_batch(corpus, j))
            last = runs[j][-1]
            print(
                f"  --jobs {j}: {last.seconds:.1f} s ({last.others:.1f} s CPU by others)",
                file=sys.stderr,
            )
    best = {}
    for j, rs in runs.items():
        fastest = min(rs, key=lambda r: r.seconds)
        best[j] = Run(
            fastest.seconds,
            max(r.tree_peak for r in rs),
            max(r.maxrss for r in rs),
            fastest.others,
            min(r.cpu for r in rs),
        )
    return best


def time_nltk(corpus: Path, repeat: int) -> dict[str, float]:
    """Seconds NLTK's word tokenisers take over the corpus texts (no punkt needed)."""
    from nltk.tokenize import NLTKWordTokenizer, TreebankWordTokenizer

    texts = [json.loads(line)["text"] for line in corpus.open(encoding="utf-8")]
    seconds = {}
    for tokenizer in (NLTKWordTokenizer(), TreebankWordTokenizer()):
        wall = cpu = float("inf")
        for _ in range(repeat):
            start, start_cpu = time.perf_counter(), time.process_time()
            for text in texts:
                tokenizer.tokenize(text)
            wall = min(wall, time.perf_counter() - start)
            cpu = min(cpu, time.process_time() - start_cpu)
        seconds[type(tokenizer).__name__] = wall
        seconds[type(tokenizer).__name__ + " cpu"] = cpu
    return seconds


# --- report ----------------------------------------------------------------------------


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}"
    )


def commit() -> str:
    try:
        head = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + (" (with uncommitted changes)" if dirty else "")


def mb(value: float) -> str:
    return f"{value / 1e6:,.1f}"


NOTE = (
    "Runs of the same command vary by 10-20% on a shared 2-core virtual machine even when "
    "no other process shows in /proc/stat; a bar within that margin of its threshold needs "
    "a rerun on an idle machine (`--repeat 5`) before it is called either way."
)
SHARED = 0.1  # other processes' CPU on cores a run uses, over its wall time: not clean


def _clean(run: Run, jobs: int) -> bool:
    """Whether other processes left the cores this run needed alone (about)."""
    spare = max(0, (os.cpu_count() or 1) - jobs)  # cores the run leaves idle anyway
    return run.others <= (spare + SHARED) * run.seconds


def report(
    sizes: list[int],
    data: dict[int, dict[str, Any]],
    parallel: int,
    repeat: int,
    load: tuple[float, float],
) -> str:
    big, small = max(sizes), min(sizes)
    head = "| | " + " | ".join(f"{n:,} articles" for n in sizes) + " |"
    rows = [head, "|---" * (len(sizes) + 1) + "|"]

    def row(label: str, fn: Any) -> None:
        rows.append(f"| {label} | " + " | ".join(fn(data[n]) for n in sizes) + " |")

    nltk, treebank = "NLTKWordTokenizer", "TreebankWordTokenizer"
    row("corpus size (MB of text)", lambda d: mb(d["bytes"]))
    row("dipstat, 1 process: articles/s (wall)", lambda d: f"{d['n'] / d['j1'].seconds:,.1f}")
    row("dipstat, 1 process: MB/s (wall)", lambda d: f"{d['bytes'] / d['j1'].seconds / 1e6:.3f}")
    row("dipstat, 1 process: articles per CPU second", lambda d: f"{d['n'] / d['j1'].cpu:,.1f}")
    for name in (nltk, treebank):
        row(f"NLTK {name}: articles/s (wall)", lambda d, k=name: f"{d['n'] / d['nltk'][k]:,.0f}")
        row(f"NLTK {name}: MB/s (wall)", lambda d, k=name: f"{d['bytes'] / d['nltk'][k] / 1e6:.2f}")
        row(
            f"NLTK {name}: articles per CPU second",
            lambda d, k=name: f"{d['n'] / d['nltk'][k + ' cpu']:,.0f}",
        )
    for name in (nltk, treebank):
        row(
            f"dipstat ÷ {name} speed, wall / CPU",
            lambda d, k=name: (
                f"{d['nltk'][k] / d['j1'].seconds:.3f} / {d['nltk'][k + ' cpu'] / d['j1'].cpu:.3f}"
            ),
        )
    row(
        f"dipstat, --jobs {parallel}: articles/s (wall)",
        lambda d: f"{d['n'] / d['jp'].seconds:,.1f}",
    )
    row(
        f"speed-up, --jobs {parallel} over --jobs 1 (wall)",
        lambda d: f"{d['j1'].seconds / d['jp'].seconds:.2f}x",
    )
    row(
        f"CPU time, --jobs {parallel} ÷ --jobs 1 (the price of the workers)",
        lambda d: f"{d['jp'].cpu / d['j1'].cpu:.2f}",
    )
    row(
        f"CPU s used by other processes during the fastest --jobs 1 / --jobs {parallel} run",
        lambda d: f"{d['j1'].others:.1f} / {d['jp'].others:.1f}",
    )
    for key in ("j1", "jp"):
        jobs = 1 if key == "j1" else parallel
        row(
            f"peak RSS, process tree sum, --jobs {jobs} (MB)", lambda d, k=key: _rss(d[k].tree_peak)
        )
        row(f"peak RSS, largest process, --jobs {jobs} (MB)", lambda d, k=key: mb(d[k].maxrss))

    d_big, d_small = data[big], data[small]
    share = d_big["nltk"][nltk + " cpu"] / d_big["j1"].cpu
    share_tb = d_big["nltk"][treebank + " cpu"] / d_big["j1"].cpu
    share_wall = d_big["nltk"][nltk] / d_big["j1"].seconds
    clean = _clean(d_big["j1"], 1) and _clean(d_big["jp"], parallel)
    speedups = {n: data[n]["j1"].seconds / data[n]["jp"].seconds for n in sizes}
    bound = parallel / (d_big["jp"].cpu / d_big["j1"].cpu)
    peak = "tree_peak" if d_big["jp"].tree_peak > 0 else "maxrss"
    rss_big, rss_small = getattr(d_big["jp"], peak), getattr(d_small["jp"], peak)
    growth = rss_big / rss_small
    verdict = {True: "**holds**", False: "**fails**"}
    if clean:
        speed_bar = f"{speedups[big]:.3f}x: {verdict[speedups[big] >= MIN_SPEEDUP]}."
    else:
        speed_bar = (
            f"**not measured cleanly**: other processes used the machine during the runs "
            f"(see the table); measured {speedups[big]:.2f}x. The CPU time of --jobs "
            f"{parallel} is {d_big['jp'].cpu / d_big['j1'].cpu:.2f}x that of --jobs 1, so on "
            f"{parallel} idle cores the speed-up can reach about {bound:.2f}x."
        )
    tree = "process tree sum" if peak == "tree_peak" else "largest process"
    bars = [
        f"- dipstat in one process at least 1/5 of NLTK's word-tokenisation speed ({big:,} "
        f"articles, CPU time, which other work on the machine disturbs least): {share:.3f} of "
        f"NLTKWordTokenizer ({share_tb:.3f} of TreebankWordTokenizer; wall time: "
        f"{share_wall:.3f}): {verdict[share >= MIN_NLTK_SHARE]}.",
        f"- --jobs {parallel} at least {MIN_SPEEDUP}x faster than --jobs 1 ({big:,} articles): "
        f"{speed_bar}",
        f"- peak RSS (--jobs {parallel}, {tree}) for {big:,} articles within {MAX_RSS_GROWTH}x "
        f"of {small:,} and under {MAX_RSS_MB} MB: {mb(rss_big)} MB vs {mb(rss_small)} MB = "
        f"{growth:.2f}x: {verdict[growth <= MAX_RSS_GROWTH and rss_big < MAX_RSS_MB * 1e6]}.",
    ]
    when = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return "\n".join(
        [
            "# dipstat corpus benchmark",
            "",
            f"Machine: {machine()}.  ",
            f"Date: {when}; dipstat commit {commit()}.  ",
            f"Command: `python bench/bench_corpus.py --sizes {','.join(map(str, sizes))} "
            f"--parallel {parallel} --repeat {repeat}`  ",
            f"Load average (1 min) before and after: {load[0]:.2f}, {load[1]:.2f}.",
            "",
            "Each `dipstat batch` run is timed end to end (start-up, reading the JSON Lines "
            "corpus, writing the output) in a fresh measuring process; the runs alternate "
            f"between --jobs 1 and --jobs {parallel}, times are the best of {repeat} runs, RSS "
            "the highest. CPU time is that of the batch process and its workers. NLTK tokenises "
            "the same article texts in memory. MB are 10^6 bytes of UTF-8 article text. "
            "'CPU used by other processes' is the machine's busy time (/proc/stat) less the "
            "batch's own: where it is not near 0, wall times and speed-ups are pessimistic.",
            "",
            *rows,
            "",
            "## Bars (issue 6)",
            "",
            *bars,
            "",
            NOTE,
            "",
        ]
    )


def _rss(value: int) -> str:
    return "n/a (no psutil)" if value < 0 else mb(value)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="corpus sizes, comma-separated")
    parser.add_argument("--parallel", type=int, default=2, help="jobs of the parallel run")
    parser.add_argument("--repeat", type=int, default=2, help="runs per measurement (best)")
    parser.add_argument("--write", action="store_true", help=f"write {RESULTS.name}")
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    OUT.mkdir(parents=True, exist_ok=True)
    data: dict[int, dict[str, Any]] = {}
    for size in sizes:
        corpus = OUT / f"corpus-{size}.jsonl"
        text_bytes = build_corpus(corpus, size)
        print(f"{size:,} articles ({mb(text_bytes)} MB):", file=sys.stderr)
        best = best_runs(corpus, (1, args.parallel), args.repeat)
        data[size] = {"n": size, "bytes": text_bytes, "j1": best[1], "jp": best[args.parallel]}
        data[size]["nltk"] = time_nltk(corpus, args.repeat)
    load = (load_before, os.getloadavg()[0])
    text = report(sizes, data, args.parallel, args.repeat, load)
    print(text)
    if args.write:
        RESULTS.write_text(text, encoding="utf-8")
        print(f"wrote {RESULTS}", file=sys.stderr)


if __name__ == "__main__":
    main()
