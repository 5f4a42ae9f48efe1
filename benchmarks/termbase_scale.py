"""Termbases at IATE scale: import, matcher build, warm start of translate, memory, speed.

Usage: python benchmarks/termbase_scale.py [--concepts 100000 300000] [--workdir DIR]

For each size, a generated IATE-shaped TBX v2 file (benchmarks/iate_tbx.py) is imported
into a fresh termbase with ``ordbro terms import``, then ``ordbro translate`` runs on one
line of Swedish: with ``--no-terms`` (the start-up floor), with the termbase and no
matcher cache (the first run: it builds the matcher from the database, as every run did
before the cache, and writes the cache) and with the cache (the warm start, three times,
the median). Every command is a fresh process; the script prints its wall and CPU time
and peak RSS (from wait4). Finally, in this process, the cached matcher is loaded (load
time, resident growth per million form keys) and run over news-like text (MB/s).

Results go to DIR/results.json; a stage already measured there is not run again (an
import of 300,000 concepts takes many minutes), so the script can be resumed.
Run it under ``nice``, alone: the figures are only comparable on an idle machine, and
CPU times are printed next to wall times for that reason.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LINE = "Chipkriget mellan USA och Kina påverkar exportkontrollerna för avancerade kretsar.\n"


def run_measured(args: list[str], stdin: str | None = None) -> dict:
    """Run ``ordbro ARGS`` in a fresh process: wall and CPU seconds, peak RSS (os.wait4)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "glossary", *args],
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    if stdin is not None:
        proc.stdin.write(stdin)
        proc.stdin.close()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"ordbro {' '.join(args)} failed:\n{err[-2000:]}")
    return {
        "wall_s": round(wall, 3),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 3),
        "peak_rss_mib": round(usage.ru_maxrss / 1024, 1),
        "stderr": err[-300:],
    }


def current_rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def news_text(target_bytes: int) -> str:
    """Labelled test sentences repeated (news-like Swedish, sparse term hits)."""
    from tests.test_matcher import load_sentences

    news = " ".join(s for s, _ in load_sentences())
    return " ".join([news] * (target_bytes // len(news) + 1))[:target_bytes]


def in_process(db: Path) -> dict:
    """Load the cached matcher here: load time, resident growth, matching speed."""
    import gc

    from glossary import matcher_cache
    from glossary.matcher import TermMatcher
    from glossary.termbase import Termbase

    with Termbase.open(db) as tb:
        TermMatcher.from_termbase(tb)  # make sure the cache is there and fresh
        matcher_cache.forget()
        gc.collect()
        before = current_rss_mib()
        started = time.perf_counter()
        matcher = TermMatcher.from_termbase(tb)
        load_s = time.perf_counter() - started
        grown = current_rss_mib() - before
        text = news_text(1_000_000)
        matcher.find(text[:10_000])
        started = time.process_time()
        hits = matcher.find(text)
        find_s = time.process_time() - started
        info = matcher_cache.inspect(tb)
    return {
        "form_keys": matcher.size,
        "source_terms": len(matcher.terms),
        "cache_mb": round(info.size / 1e6, 1),
        "load_s": round(load_s, 3),
        "resident_mib": round(grown, 1),
        "resident_mib_per_million_keys": round(grown / matcher.size * 1e6, 1),
        "matching_mb_per_s": round(len(text.encode()) / 1e6 / find_s, 2),
        "hits_per_mb": len(hits),
    }


def measure(concepts: int, workdir: Path, results: dict) -> dict:
    from benchmarks.iate_tbx import write
    from glossary import matcher_cache

    key = str(concepts)
    res = results.setdefault(key, {})
    tbx = workdir / f"iate-{concepts}.tbx"
    db = workdir / f"iate-{concepts}.db"
    if not tbx.exists():
        write(tbx, concepts)
    if "import" not in res:
        for stale in workdir.glob(f"iate-{concepts}.db*"):
            stale.unlink()
        print(f"{concepts:,} concepts: importing {tbx.stat().st_size / 1e6:.0f} MB of TBX ...")
        res["import"] = run_measured(["terms", "import", str(tbx), "--terms", str(db)])
        save(workdir, results)
    stats = json.loads(
        subprocess.run(
            [sys.executable, "-m", "glossary", "terms", "stats", "--terms", str(db), "--json"],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            check=True,
        ).stdout
    )
    res["termbase"] = {k: stats[k] for k in ("entries", "terms", "forms", "size")}
    translate = ["translate", "-", "--no-tm", "-q"]
    res["no_terms"] = run_measured([*translate, "--no-terms"], LINE)
    cache = matcher_cache.cache_path(db, None, "sv", "en")
    cache.unlink(missing_ok=True)
    res["first_run"] = run_measured([*translate, "--terms", str(db)], LINE)
    warm = [run_measured([*translate, "--terms", str(db)], LINE) for _ in range(3)]
    res["warm"] = sorted(warm, key=lambda r: r["wall_s"])[1]
    res["warm"]["cpu_s_median"] = statistics.median(r["cpu_s"] for r in warm)
    res["matcher"] = in_process(db)
    save(workdir, results)
    return res


def save(workdir: Path, results: dict) -> None:
    (workdir / "results.json").write_text(json.dumps(results, indent=2))


def report(concepts: int, res: dict) -> None:
    imp, tb = res["import"], res["termbase"]
    m = res["matcher"]
    base, first, warm = res["no_terms"], res["first_run"], res["warm"]
    print(f"\n== {concepts:,} IATE-shaped concepts ==")
    print(
        f"termbase: {tb['entries']:,} entries, terms {tb['terms']}, {tb['forms']:,} stored "
        f"forms, {tb['size'] / 1e6:.0f} MB"
    )
    print(
        f"import: {imp['wall_s']:.0f} s wall, {imp['cpu_s']:.0f} s CPU "
        f"({tb['entries'] / imp['cpu_s']:,.0f} entries per CPU second), "
        f"peak RSS {imp['peak_rss_mib']:.0f} MiB; target < 180 s wall"
    )
    print("translate one line (wall s / CPU s / peak RSS MiB):")
    for name, r in (("no termbase", base), ("first run (build)", first), ("warm (cache)", warm)):
        print(f"  {name:18} {r['wall_s']:7.2f} {r['cpu_s']:7.2f} {r['peak_rss_mib']:8.0f}")
    print(
        f"  warm - no termbase: {warm['wall_s'] - base['wall_s']:+.2f} s wall, "
        f"{warm['cpu_s'] - base['cpu_s']:+.2f} s CPU (target < 1 s); "
        f"before (build every run) / after: {first['wall_s'] / warm['wall_s']:.1f}x"
    )
    print(
        f"matcher: {m['form_keys']:,} form keys, {m['source_terms']:,} source terms, cache "
        f"{m['cache_mb']} MB, loaded in {m['load_s']:.2f} s, resident {m['resident_mib']:.0f} "
        f"MiB ({m['resident_mib_per_million_keys']:.0f} MiB per million form keys; target "
        f"<= 400)"
    )
    print(
        f"matching: {m['matching_mb_per_s']:.2f} MB/s on news-like text ({m['hits_per_mb']:,} hits/MB)"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--concepts", type=int, nargs="+", default=[100_000, 300_000])
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/ordbro-termbase-scale"))
    ap.add_argument("--fresh", action="store_true", help="Forget earlier results.")
    args = ap.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    path = args.workdir / "results.json"
    results = {} if args.fresh or not path.exists() else json.loads(path.read_text())
    for concepts in args.concepts:
        res = measure(concepts, args.workdir, results)
        report(concepts, res)


if __name__ == "__main__":
    main()
