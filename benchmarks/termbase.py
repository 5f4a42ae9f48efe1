"""Import speed and memory of the termbase: a generated 100,000-entry TBX v3 file.

Run: python benchmarks/termbase.py [--entries 100000]

Imports a baseline of a tenth of the entries and then the full file, each into a
fresh termbase in one transaction, and prints time, entries per second, Python
peak memory (tracemalloc) and the process's peak RSS, with the full/baseline
ratios: time should grow about linearly and memory should stay flat (streaming).
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from glossary.termbase import Termbase  # noqa: E402
from glossary.termio.merge import import_file  # noqa: E402

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
    """Peak resident set size of this process so far (MiB; Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_import(tbx: Path, db: Path, trace: bool) -> tuple[float, float, int]:
    """Import ``tbx`` into a fresh ``db``; returns (seconds, Python peak MiB, entries)."""
    gc.collect()
    if trace:
        tracemalloc.start()
    start = time.perf_counter()
    with Termbase.open(db) as tb:
        summary = import_file(tb, tbx)
    seconds = time.perf_counter() - start
    peak = 0.0
    if trace:
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return seconds, peak, summary.added


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    args = parser.parse_args()
    base_n = max(args.entries // 10, 1)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        small, big = work / "small.tbx", work / "big.tbx"
        write_tbx(small, base_n)
        write_tbx(big, args.entries)
        size = big.stat().st_size / 2**20
        print(f"generated {args.entries} concepts ({size:.1f} MiB TBX v3)")
        run_import(small, work / "warm.db", trace=False)  # load lazy modules first
        rows = []
        for label, tbx, n in (("baseline", small, base_n), ("full", big, args.entries)):
            seconds, _, added = run_import(tbx, work / f"{label}.db", trace=False)
            assert added == n
            _, peak, _ = run_import(tbx, work / f"{label}-traced.db", trace=True)
            db_mib = (work / f"{label}.db").stat().st_size / 2**20
            rows.append((label, n, seconds, peak))
            print(
                f"{label:>8}: {n:>7} entries in {seconds:7.2f} s ({n / seconds:8.0f} entries/s), "
                f"Python peak {peak:6.1f} MiB, db {db_mib:6.1f} MiB"
            )
        (_, n0, t0, p0), (_, n1, t1, p1) = rows
        print(
            f"ratios full/baseline: entries x{n1 / n0:.0f}, time x{t1 / t0:.2f}, "
            f"Python peak memory x{p1 / p0:.2f}; process peak RSS {rss_mib():.0f} MiB"
        )


if __name__ == "__main__":
    main()
