"""Import speed and memory of the termbase: a generated 100,000-entry TBX v3 file.

Run: python benchmarks/termbase.py [--entries 100000] [--tracemalloc]

Imports a baseline of a tenth of the entries and then the full file, each into a
fresh termbase in one transaction and in a fresh process, and prints wall and CPU
time, entries per second and the importing process's peak RSS (ru_maxrss, and
its growth during the import), with the full/baseline ratios: time should grow
about linearly and memory should stay flat, because the TBX is streamed.
``--tracemalloc`` adds the Python heap peak (slower).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NOUNS = ["skiva", "krets", "modell", "fabrik", "kontroll", "investering", "nod", "chip"]
GENDER = {"chip": "neuter", "nod": "common"}


def write_tbx(path: Path, count: int) -> None:
    """A TBX-Basic v3 file of ``count`` concepts (Swedish noun, English term, some forbidden)."""
    with open(path, "w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<tbx type="TBX-Basic" style="dca" '
            'xml:lang="sv" xmlns="urn:iso:std:iso:30042:ed:3.0">\n<tbxHeader><fileDesc>'
            "<sourceDesc><p>benchmark</p></sourceDesc></fileDesc></tbxHeader>\n<text><body>\n"
        )
        for i in range(count):
            head = NOUNS[i % len(NOUNS)]
            forbidden = (
                f'<termSec><term>wrong {i}</term><termNote type="administrativeStatus">'
                f"deprecatedTerm-admn-sts</termNote></termSec>"
                if i % 5 == 0
                else ""
            )
            out.write(
                f'<conceptEntry id="c{i}"><descrip type="subjectField">field {i % 40}</descrip>'
                f'<langSec xml:lang="sv"><termSec><term>term{i}{head}</term>'
                f'<termNote type="partOfSpeech">noun</termNote>'
                f'<termNote type="grammaticalGender">{GENDER.get(head, "other")}</termNote>'
                f"</termSec></langSec>"
                f'<langSec xml:lang="en"><termSec><term>term {i} {head}</term>'
                f'<termNote type="partOfSpeech">noun</termNote></termSec>{forbidden}'
                f"</langSec></conceptEntry>\n"
            )
        out.write("</body></text></tbx>\n")


def rss_mib() -> float:
    """Peak resident set size since the last :func:`reset_peak_rss` (MiB).

    Linux's VmHWM can be reset; elsewhere this is ru_maxrss (peak since start).
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mib() -> float:
    """Resident set size now (MiB), or the peak where /proc is missing."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return rss_mib()


def reset_peak_rss() -> None:
    """Start a new peak-RSS window (Linux: write 5 to /proc/self/clear_refs)."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def import_once(tbx: Path, db: Path, trace: bool) -> dict:
    """Import ``tbx`` into a fresh ``db`` in this process and measure it."""
    import tracemalloc

    from glossary.termbase import Termbase
    from glossary.termio.merge import import_file

    warm = db.with_name(f"warm-{db.name}")  # load lazy modules and dictionaries first
    write_tbx(warm.with_suffix(".tbx"), 50)
    with Termbase.open(warm) as tb:
        import_file(tb, warm.with_suffix(".tbx"))
    import gc

    gc.collect()
    reset_peak_rss()
    rss_before = current_rss_mib()
    if trace:
        tracemalloc.start()
    wall, cpu = time.perf_counter(), time.process_time()
    with Termbase.open(db) as tb:
        summary = import_file(tb, tbx)
    result = {
        "entries": summary.added,
        "wall": time.perf_counter() - wall,
        "cpu": time.process_time() - cpu,
        "rss_before": rss_before,
        "rss_peak": rss_mib(),
        "db_mib": db.stat().st_size / 2**20,
    }
    if trace:
        result["py_peak"] = tracemalloc.get_traced_memory()[1] / 2**20
    return result


def measure(tbx: Path, db: Path, trace: bool) -> dict:
    """Run :func:`import_once` in a fresh Python process."""
    args = [sys.executable, __file__, "--import-only", str(tbx), str(db)]
    out = subprocess.run(
        args + (["--tracemalloc"] if trace else []), capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--tracemalloc", action="store_true", help="Also measure the Python heap.")
    parser.add_argument("--import-only", nargs=2, metavar=("TBX", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.import_only:
        print(json.dumps(import_once(*map(Path, args.import_only), args.tracemalloc)))
        return
    base_n = max(args.entries // 10, 1)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        rows = []
        for label, n in (("baseline", base_n), ("full", args.entries)):
            tbx = work / f"{label}.tbx"
            write_tbx(tbx, n)
            r = measure(tbx, work / f"{label}.db", args.tracemalloc)
            assert r["entries"] == n, r
            rows.append(r)
            heap = f", Python heap peak {r['py_peak']:.1f} MiB" if "py_peak" in r else ""
            print(
                f"{label:>8}: {n:>7} entries ({tbx.stat().st_size / 2**20:.1f} MiB TBX) in "
                f"{r['wall']:7.1f} s wall, {r['cpu']:6.1f} s CPU ({n / r['cpu']:6.0f} entries/CPU-s); "
                f"peak RSS {r['rss_peak']:.0f} MiB (+{r['rss_peak'] - r['rss_before']:.0f} MiB "
                f"during import){heap}; db {r['db_mib']:.1f} MiB"
            )
        b, f = rows
        grow_b = max(b["rss_peak"] - b["rss_before"], 0.1)
        print(
            f"ratios full/baseline: entries x{f['entries'] / b['entries']:.0f}, "
            f"CPU time x{f['cpu'] / b['cpu']:.2f}, wall x{f['wall'] / b['wall']:.2f}, "
            f"RSS growth x{(f['rss_peak'] - f['rss_before']) / grow_b:.2f}"
        )


if __name__ == "__main__":
    main()
