"""Constrained vs unconstrained batched translation of the same document (target: <= 1.3x).

    python benchmarks/enforcement.py [--model PATH_OR_CODE] [--repeat 4] [--rounds 3]

The document is the enforcement test set (tests/data/enforcement/sentences.tsv) repeated
``--repeat`` times, each copy after the first numbered so that no sentence repeats verbatim. Both runs use the same engine in the same process: (a) the engine's own
``translate_sentences`` and (b) ``GlossaryTranslator.translate_sentences`` (term matching,
n-best, repair and continuation included). Rounds alternate; the best wall and CPU time of each is used.
Without ``--model`` the committed starter model is used, else a tiny copy model is built.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from glossary.enforce import EnforceSettings, GlossaryTranslator  # noqa: E402
from glossary.paths import BUNDLED_MODELS  # noqa: E402
from tools.enforce_eval import build_termbase, load_glossary, load_samples  # noqa: E402

DATA = ROOT / "tests" / "data" / "enforcement"
STARTER = BUNDLED_MODELS / "translate-sv_en-ordbro-1_0.argosmodel"


def default_model(work: Path) -> str:
    """The committed starter model, else a freshly built tiny copy model."""
    if STARTER.is_file():
        return str(STARTER)
    from tests.modelfactory import build_package

    return str(build_package(work / "translate-sv_en-0_1.argosmodel"))


def numbered_copies(sentences: list[str], repeat: int) -> list[str]:
    """``repeat`` copies of ``sentences``, each copy after the first numbered ("(del 2)"):
    a sentence repeated verbatim in one job is translated only once."""
    out = list(sentences)
    for copy in range(2, repeat + 1):
        for s in sentences:
            end = len(s.rstrip(".!?")) or len(s)
            out.append(f"{s[:end]} (del {copy}){s[end:]}")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None)
    parser.add_argument("--repeat", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repair", default=EnforceSettings().repair)
    parser.add_argument("--align", default=EnforceSettings().align)
    parser.add_argument("--prefix-for", default=EnforceSettings().prefix_for)
    parser.add_argument("--num-hypotheses", type=int, default=EnforceSettings().num_hypotheses)
    args = parser.parse_args()

    from glossary.engine import Engine

    work = Path(tempfile.mkdtemp(prefix="ordbro-bench-"))
    model = args.model or default_model(work)
    engine = Engine.load("sv", "en", model=model)
    entries = build_termbase(load_glossary(DATA / "glossary.tsv"), work)
    translator = GlossaryTranslator.from_entries(
        engine,
        entries,
        EnforceSettings(
            repair=args.repair,
            align=args.align,
            prefix_for=args.prefix_for,
            num_hypotheses=args.num_hypotheses,
        ),
    )
    sentences = numbered_copies(
        [s.source for s in load_samples(DATA / "sentences.tsv")], args.repeat
    )

    engine.translate_sentences(sentences[:8])  # warm-up
    plain_times, enforced_times, plain_cpu, enforced_cpu = [], [], [], []
    for _ in range(args.rounds):
        started, cpu = time.perf_counter(), time.process_time()
        engine.translate_sentences(sentences)
        plain_times.append(time.perf_counter() - started)
        plain_cpu.append(time.process_time() - cpu)
        started, cpu = time.perf_counter(), time.process_time()
        results = translator.translate_sentences(sentences)
        enforced_times.append(time.perf_counter() - started)
        enforced_cpu.append(time.process_time() - cpu)
    plain, enforced = min(plain_times), min(enforced_times)
    failed = sum(t.status == "failed" and t.method != "compound" for r in results for t in r.terms)
    print(
        f"model: {engine.name} {engine.version}; {len(sentences)} sentences; beam {engine.settings.beam_size}"
    )
    print(f"unconstrained: {plain:.2f} s ({len(sentences) / plain:.1f} sentences/s)")
    print(
        f"constrained ({args.repair}, align {args.align}, prefix for {args.prefix_for}): {enforced:.2f} s ({len(sentences) / enforced:.1f} sentences/s)"
    )
    print(f"ratio constrained/unconstrained: {enforced / plain:.2f}x wall (target <= 1.30x)")
    print(
        f"CPU time (all threads, less sensitive to other load): {min(plain_cpu):.2f} s vs"
        f" {min(enforced_cpu):.2f} s = {min(enforced_cpu) / min(plain_cpu):.2f}x"
    )
    print(f"term hits failed: {failed}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
