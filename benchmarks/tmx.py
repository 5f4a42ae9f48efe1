"""TMX import at scale and fuzzy lookups on a large memory.

    python benchmarks/tmx.py [--units 100000] [--queries 100]

1. Writes a synthetic TMX of ``--units`` sv-en units (seeded, unique sentences).
2. Imports it into a fresh memory in a child process, and a tenth of it in another,
   reporting wall time and peak RSS of each. Baseline for the time: streaming the same
   file through ``read_tmx`` alone (no database), in the same child. Bounded memory
   shows as a peak-RSS ratio close to 1 between the full and the tenth-size import.
3. Fuzzy search: ``--queries`` near-duplicates of stored sentences (one word changed)
   against the full memory; baseline: rapidfuzz ``process.extractOne`` over every stored
   source (a brute-force scan) for the same queries, in the same process.

Times are given as CPU time as well as wall time: on a shared machine the wall time
mostly measures the other processes.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _words(text: str) -> list[str]:
    return text.split()


SV = _words(
    "chipkriget exportkontrollerna kiselskivor halvledare regeringen företaget marknaden "
    "investeringen fabriken beslutet tullarna sanktionerna modellen språkmodellen data "
    "datacentret leveranskedjan priserna aktien vinsten omsättningen Kina USA Taiwan "
    "Europa Sverige Nvidia TSMC ASML Intel Samsung under efter inför mellan mot med "
    "för till från i på av om och men eller som inte att kan ska har var blev steg "
    "föll ökade minskade skärptes infördes trappades upp väntas kräver visar enligt "
    "analytiker experter procent miljarder miljoner kronor dollar år kvartal vecka"
)
EN = _words(
    "the chip war export controls silicon wafers semiconductors government company "
    "market investment factory decision tariffs sanctions model language data centre "
    "supply chain prices share profit revenue China US Taiwan Europe Sweden Nvidia TSMC "
    "ASML Intel Samsung during after before between against with for to from in on of "
    "about and but or that not can will has was became rose fell increased decreased "
    "tightened introduced escalated expected requires shows according analysts experts "
    "percent billion million crowns dollars year quarter week"
)


def vocabulary(seed_words: list[str], size: int, seed: int) -> tuple[list[str], list[float]]:
    """Real words first, then made-up ones, with Zipf weights (text-like word frequencies)."""
    rng = random.Random(seed)
    syllables = _words("ka ri se mo lu ne ta vi do ber sk st gr an en in on ur ål ös är")
    words = list(seed_words)
    seen = set(words)
    while len(words) < size:
        word = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    weights = [1 / (rank + 1) for rank in range(len(words))]
    total = 0.0
    cumulative = []
    for w in weights:
        total += w
        cumulative.append(total)
    return words, cumulative


SV_VOCAB = vocabulary(SV, 30_000, 1)
EN_VOCAB = vocabulary(EN, 30_000, 2)


def sentence(rng: random.Random, vocab: tuple[list[str], list[float]], i: int) -> str:
    words, cumulative = vocab
    body = " ".join(rng.choices(words, cum_weights=cumulative, k=rng.randint(6, 22)))
    return f"{body[0].upper()}{body[1:]} {i}."


def write_tmx(path: Path, units: int, seed: int = 7) -> list[str]:
    """Write a TMX of ``units`` units; returns a sample of 1,000 Swedish sources."""
    rng = random.Random(seed)
    sample: list[str] = []
    with open(path, "w", encoding="utf-8") as fh:
        fh.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n')
        fh.write(
            '<header creationtool="bench" creationtoolversion="1" segtype="sentence" '
            'o-tmf="bench" adminlang="en" srclang="sv-SE" datatype="plaintext"/>\n<body>\n'
        )
        for i in range(units):
            sv, en = sentence(rng, SV_VOCAB, i), sentence(rng, EN_VOCAB, i)
            if i % max(1, units // 1000) == 0:
                sample.append(sv)
            fh.write(
                f'<tu creationdate="20260101T120000Z"><tuv xml:lang="sv-SE"><seg>{escape(sv)}'
                f'</seg></tuv><tuv xml:lang="en-GB"><seg>{escape(en)}</seg></tuv></tu>\n'
            )
        fh.write("</body>\n</tmx>\n")
    return sample


CHILD = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from glossary.memory import TranslationMemory
from glossary.tmx import import_into, read_tmx
t0 = time.perf_counter(); n = sum(1 for _ in read_tmx({tmx!r})); parse = time.perf_counter() - t0
rss_after_parse = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t0, c0 = time.perf_counter(), time.process_time()
with TranslationMemory.open({db!r}) as tm:
    summary = import_into(tm, Path({tmx!r}))
seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
print(json.dumps({{"units": summary.units, "added": summary.added, "parse_s": parse,
    "import_s": seconds, "import_cpu_s": cpu, "rss_after_parse_kb": rss_after_parse,
    "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}}))
"""


def import_in_child(tmx: Path, db: Path) -> dict:
    code = CHILD.format(root=str(ROOT), tmx=str(tmx), db=str(db))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def mutate(rng: random.Random, text: str) -> str:
    words = text.split()
    words[rng.randrange(len(words) - 1)] = rng.choice(SV_VOCAB[0][:2000])
    return " ".join(words)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work_dir:
        work = Path(work_dir)
        big, small = work / "big.tmx", work / "small.tmx"
        sample = write_tmx(big, args.units)
        write_tmx(small, max(1, args.units // 10))
        size_mb = big.stat().st_size / 1e6
        full = import_in_child(big, work / "big.db")
        print(f"(load average while running: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
        tenth = import_in_child(small, work / "small.db")
        print(f"TMX import: {full['units']:,} units ({size_mb:.1f} MB)")
        print(
            f"  import {full['import_s']:.1f} s wall, {full['import_cpu_s']:.1f} s CPU "
            f"({full['units'] / full['import_s']:,.0f} units/s wall); "
            f"parse only {full['parse_s']:.1f} s; ratio import/parse "
            f"{full['import_s'] / full['parse_s']:.1f}x"
        )
        print(
            f"  peak RSS {full['peak_rss_kb'] / 1024:.0f} MB (after parsing alone "
            f"{full['rss_after_parse_kb'] / 1024:.0f} MB); "
            f"{tenth['units']:,}-unit import peak {tenth['peak_rss_kb'] / 1024:.0f} MB; "
            f"ratio {full['peak_rss_kb'] / tenth['peak_rss_kb']:.2f}x for 10x the units"
        )

        from rapidfuzz import fuzz, process

        from glossary.memory import TranslationMemory, segment_key

        rng = random.Random(11)
        queries = [mutate(rng, rng.choice(sample)) for _ in range(args.queries)]
        with TranslationMemory.open(work / "big.db") as tm:
            sources = [r["source"] for r in tm.iter_segments()]
            cpu, wall, hits, cold = [], [], 0, 0.0
            for n, q in enumerate(queries):
                t0, c0 = time.perf_counter(), time.process_time()
                matches = tm.fuzzy(q, threshold=70)
                cpu.append(time.process_time() - c0)
                wall.append(time.perf_counter() - t0)
                cold = cpu[0] if n == 0 else cold
                hits += bool(matches)
            brute_cpu, agree = [], 0
            for q in queries[:20]:
                c0 = time.process_time()
                best = process.extractOne(segment_key(q), sources, scorer=fuzz.ratio)
                brute_cpu.append(time.process_time() - c0)
                mine = tm.fuzzy(q, threshold=70, limit=1)
                agree += bool(mine) and mine[0].source == best[0]
        median, brute = statistics.median(cpu), statistics.median(brute_cpu)
        p95 = sorted(cpu)[int(len(cpu) * 0.95) - 1]
        print(f"Fuzzy search on {len(sources):,} segments, {len(queries)} queries (CPU time):")
        print(
            f"  median {median * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, first (cold) "
            f"{cold * 1000:.1f} ms; wall median {statistics.median(wall) * 1000:.1f} ms; "
            f"found a match for {hits}/{len(queries)}"
        )
        print(
            f"  baseline, brute-force rapidfuzz scan of every source: median "
            f"{brute * 1000:.1f} ms; speed-up {brute / median:.1f}x; "
            f"same best source as the scan in {agree}/20"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
