"""Workbench responsiveness: the longest event-loop stall while segments are translated.

    python benchmarks/tui_stall.py [--segments 500] [--model PATH] [--terms DB]
    python benchmarks/tui_stall.py --files 20 --segments 5000   # a job of 20 files

The workbench runs headless (Textual's test driver, 120x40) on a generated Swedish
document. A probe coroutine in the app's event loop sleeps 5 ms again and again and
records how late it wakes up: that lateness is the time the UI could not react to a key.
It is measured twice in the same process: with the app idle (the baseline) and while
"MT all" translates every segment in the thread worker. The script also times the same
segments translated directly (no UI) to show what the workbench adds to the wall time.

With ``--files N`` (N > 1) the segments are spread over N files in a folder, opened as a
job (``ordbro tui FOLDER``): "MT all files" runs from the job's file list, which redraws
each file's progress every second while the job state file is kept; the direct timing is
left out (``--direct`` adds it).

Without ``--model`` it builds the tests' tiny copy model (cheap inference, so the
Python-side work — pipeline, enforcement, UI updates — dominates, which is the worst case
for the event loop). Target: longest stall < 100 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

_VOCABULARY = (
    "företaget kunderna halvledare fabriken regeringen marknaden tekniken priset dokumentet "
    "servrar minne leverantören året veckan processorer kiselskivor exporten licensen "
    "chipkriget exportkontroll säljer köper bygger visar ökar minskar sparar öppnar behöver "
    "nya gamla stora små snabba viktiga billiga dyra svenska globala många flera alla"
)
_WORDS = _VOCABULARY.split(" ")
PROBE_S = 0.005


def make_document(path: Path, segments: int, seed: int = 3, most: int = 2) -> None:
    """Paragraphs of one to ``most`` generated Swedish sentences each."""
    rng = random.Random(seed)
    paragraphs = []
    for i in range(segments):
        sentences = []
        for _ in range(rng.randint(1, most)):
            words = [rng.choice(_WORDS) for _ in range(rng.randint(6, 14))]
            sentences.append(f"{words[0].capitalize()} {' '.join(words[1:])} {i}.")
        paragraphs.append(" ".join(sentences))
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")


class Probe:
    """Measures how late a 5 ms sleep wakes up, until stopped."""

    def __init__(self) -> None:
        self.stalls: list[float] = []
        self.running = True

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        while self.running:
            start = loop.time()
            await asyncio.sleep(PROBE_S)
            self.stalls.append(max(0.0, loop.time() - start - PROBE_S))

    def summary(self) -> tuple[float, float]:
        """(longest, 99th percentile) stall in milliseconds."""
        if not self.stalls:
            return 0.0, 0.0
        ordered = sorted(self.stalls)
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
        return ordered[-1] * 1000, p99 * 1000


def make_project(folder: Path, files: int, segments: int) -> None:
    """``segments`` generated one-sentence paragraphs (so as many segments in the
    workbench, which opens a paragraph as its sentences) over ``files`` text files."""
    folder.mkdir(parents=True)
    for i in range(files):
        share = segments // files + (i < segments % files)
        make_document(folder / f"part{i:02d}.sv.txt", share, seed=3 + i, most=1)


def _rows(app) -> list:
    if app.project is None:
        return app.editor.session.rows
    return [r for f in app.project.job.files for r in f.session.rows]


async def measure(
    doc: Path, terms: Path | None, model: str, idle_s: float, direct: bool = True
) -> dict:
    from tui import create_app

    memory = doc.parent / "bench.tm.db"
    app = create_app(doc, terms=terms, model=model, memory=memory)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = app.editor
        job = app.project
        while not (job.job if job else editor.session.rows) or any(
            w.is_running for w in app.workers
        ):
            await pilot.pause(0.05)
        app.services.warm_up()  # load the model before timing (as a first MT call would)
        idle = Probe()
        task = asyncio.create_task(idle.run())
        await asyncio.sleep(idle_s)
        idle.running = False
        await task

        busy = Probe()
        task = asyncio.create_task(busy.run())
        start = time.perf_counter()
        await pilot.press("ctrl+r")
        await pilot.pause(0.05)
        while editor.translating:
            await asyncio.sleep(0.01)
        wall = time.perf_counter() - start
        busy.running = False
        await task
        rows = _rows(app)
        done = sum(r.status == "machine" for r in rows)
        seconds = None
        if direct:
            start = time.perf_counter()
            app.services.translate([r.source for r in rows])
            seconds = time.perf_counter() - start
    return {
        "idle": idle, "busy": busy, "wall": wall, "direct": seconds, "done": done,
        "segments": len(rows),
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=500)
    parser.add_argument("--files", type=int, default=1, help="spread over N files (a job)")
    parser.add_argument("--direct", action="store_true", help="time direct MT for a job too")
    parser.add_argument("--model", help="model package or folder (default: the tiny copy model)")
    parser.add_argument("--terms", type=Path, help="termbase (default: the shipped glossary)")
    parser.add_argument("--idle", type=float, default=2.0, help="seconds of idle baseline")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        os.environ["ORDBRO_HOME"] = str(tmp_path / "home")
        model = args.model
        if model is None:
            from tests.modelfactory import build_package

            model = str(build_package(tmp_path / "translate-sv_en-0_1.argosmodel"))
        if args.files > 1:
            doc = tmp_path / "job"
            make_project(doc, args.files, args.segments)
        else:
            doc = tmp_path / "bench.sv.txt"
            make_document(doc, args.segments)
        direct = args.files <= 1 or args.direct
        r = asyncio.run(measure(doc, args.terms, model, args.idle, direct))

    idle_max, idle_p99 = r["idle"].summary()
    busy_max, busy_p99 = r["busy"].summary()
    where = f" ({args.files} files, a job)" if args.files > 1 else ""
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    print(f"CPUs {os.cpu_count()}, load average after the run {load} (other work inflates stalls)")
    print(f"segments translated in the workbench: {r['done']} of {r['segments']}{where}")
    print(f"idle baseline   : longest stall {idle_max:6.1f} ms, p99 {idle_p99:5.1f} ms")
    print(
        f"during MT all   : longest stall {busy_max:6.1f} ms, p99 {busy_p99:5.1f} ms "
        f"(median {statistics.median(r['busy'].stalls) * 1000:.1f} ms, "
        f"{len(r['busy'].stalls)} probes)"
    )
    ratio = busy_max / idle_max if idle_max else float("inf")
    print(
        f"longest stall, MT / idle: {ratio:.1f}x   target < 100 ms: "
        f"{'met' if busy_max < 100 else 'NOT met'}"
    )
    if r["direct"] is None:
        print(f"wall time: workbench {r['wall']:.2f} s")
        return
    print(
        f"wall time: workbench {r['wall']:.2f} s, direct translate_texts {r['direct']:.2f} s "
        f"(ratio {r['wall'] / r['direct']:.2f})"
    )


if __name__ == "__main__":
    main()
