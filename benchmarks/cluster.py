"""The Ray path against a local run: the same folder, the same model, segments per second.

    python benchmarks/cluster.py [--files 200] [--beam 4] [--model PATH] [--no-terms]

Generates a folder of mixed files (the generator of ``benchmarks/batch.py``), then
translates it with a fresh memory each time: locally with one engine thread and with
two, then on a local Ray instance (2 CPUs, started once, before the timing) with one
actor and with two (one thread each). Every run uses the real model (the bundled starter
model unless ``--model``) and the shipped termbase. Timings are of
``glossary.batch.translate_paths`` only; starting Ray and the actors (loading the model
in each) is reported on its own line. The Ray path's overhead is its 1-actor time
against the local 1-thread time (target <= 15%); outputs are checked to be identical.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

KEEP = os.environ.get("KEEP")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.batch import make_folder  # noqa: E402


def _outputs(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.suffix != ".docx"  # zip entry times differ run to run
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--model", default=None)
    parser.add_argument("--no-terms", action="store_true")
    args = parser.parse_args()

    import ray

    from glossary import batch
    from glossary.cluster import ClusterSettings
    from glossary.cluster.translator import cluster_translator
    from glossary.engine import EngineSettings
    from glossary.translate import Recipe

    with tempfile.TemporaryDirectory(prefix="ordbro-cluster-bench-") as tmp:
        work = Path(tmp)
        src = work / "src"
        make_folder(src, args.files)
        terms = None if args.no_terms else ROOT / "terms.db"
        base = Recipe("sv", "en", args.model, EngineSettings(beam_size=args.beam), terms)
        rows: list[tuple[str, int, float]] = []
        outputs: dict[str, dict[str, bytes]] = {}

        def run(name: str, front) -> None:
            started = time.perf_counter()
            report = batch.translate_paths([src], work / name, front)
            seconds = time.perf_counter() - started
            assert report.ok, report.summary()
            rows.append((name, report.totals()["translated"], seconds))
            outputs[name] = _outputs(work / name)
            if KEEP:
                import shutil

                shutil.copytree(work / name, Path(KEEP) / name)
            print(f"{name:24} {seconds:7.1f} s", flush=True)

        for threads in (1, 2):
            recipe = replace(base, engine=replace(base.engine, intra_threads=threads),
                             memory=work / f"local{threads}.db")  # fmt: skip
            translator = recipe.build()
            try:
                run(f"local, {threads} thread{'s' * (threads > 1)}", translator)
            finally:
                translator.close()

        started = time.perf_counter()
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
                 _node_ip_address="127.0.0.1")  # fmt: skip
        print(f"  (starting a local Ray instance: {time.perf_counter() - started:.1f} s)")
        try:
            for actors in (1, 2):
                started = time.perf_counter()
                recipe = replace(base, memory=work / f"ray{actors}.db")
                translator = cluster_translator(recipe, ClusterSettings(actors=actors))
                startup = time.perf_counter() - started
                try:
                    run(f"ray, {actors} actor{'s' * (actors > 1)}", translator)
                finally:
                    translator.close()
                print(f"  (starting {actors} actor(s) and loading the model: {startup:.1f} s)")
        finally:
            ray.shutdown()

        first = next(iter(outputs.values()))
        for name, files in outputs.items():
            differ = [k for k in first if files.get(k) != first[k]]
            assert not differ, f"{name}: {len(differ)} outputs differ, e.g. {differ[:3]}"
        segments = rows[0][1]
        print(f"\n{args.files} files, {segments} segments translated per run, beam {args.beam}, "
              f"termbase {'none' if terms is None else 'terms.db'}; outputs identical\n")  # fmt: skip
        print("| run | seconds | segments/s | vs local, 1 thread |")
        print("|---|---|---|---|")
        local = rows[0][2]
        for name, count, seconds in rows:
            print(f"| {name} | {seconds:.1f} | {count / seconds:.1f} | "
                  f"{100 * (seconds / local - 1):+.1f}% |")  # fmt: skip
        print(f"\nRay path overhead, 1 actor vs local 1 thread: "
              f"{100 * (rows[2][2] / local - 1):+.1f}% (target <= 15%)")  # fmt: skip


if __name__ == "__main__":
    main()
