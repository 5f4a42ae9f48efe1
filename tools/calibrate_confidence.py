"""Calibrate and check the low-confidence threshold (glossary/confidence.py).

Translates two sets of Swedish sentences with English references with the bundled
starter model through ordbro's engine, and scores every sentence with chrF (sacrebleu):

* calibration: tests/data/enforcement/sentences.tsv. The threshold is the score below
  which the worst quarter of these sentences fall (their 25th percentile).
* evaluation: tools/starter/heldout_software.tsv, never used to set anything. Prints the
  corpus chrF of the segments marked low and of those not marked.

Run: ``python tools/calibrate_confidence.py`` (about a minute on two cores).
"""

from __future__ import annotations

import csv
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from glossary.confidence import LOW_SCORE, level  # noqa: E402
from glossary.engine import Engine  # noqa: E402

CALIBRATION = ROOT / "tests" / "data" / "enforcement" / "sentences.tsv"
EVALUATION = ROOT / "tools" / "starter" / "heldout_software.tsv"


def calibration_pairs() -> tuple[list[str], list[str]]:
    with CALIBRATION.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return [r["sv"] for r in rows], [r["en"] for r in rows]


def evaluation_pairs() -> tuple[list[str], list[str]]:
    sources, references = [], []
    for line in EVALUATION.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            sv, en = line.split("\t")[:2]
            sources.append(sv)
            references.append(en)
    return sources, references


def corpus_chrf(outputs: list[str], references: list[str]) -> float:
    from sacrebleu.metrics import CHRF

    return CHRF().corpus_score(outputs, [references]).score if outputs else float("nan")


def main() -> None:
    engine = Engine.load("sv", "en")
    sources, _ = calibration_pairs()
    scores = [r.score for r in engine.translate_sentences(sources) if r.score is not None]
    quartile = statistics.quantiles(scores, n=4)[0]
    print(f"calibration: {len(scores)} sentences, 25th percentile score {quartile:.3f}")
    print(f"threshold in glossary/confidence.py: LOW_SCORE = {LOW_SCORE}")
    sources, references = evaluation_pairs()
    results = engine.translate_sentences(sources)
    marked, unmarked = ([], []), ([], [])
    for result, reference in zip(results, references, strict=True):
        side = marked if level(result.score, result.capped, result.fallback) == "low" else unmarked
        side[0].append(result.target)
        side[1].append(reference)
    print(
        f"evaluation ({EVALUATION.name}): {len(results)} sentences; "
        f"marked {len(marked[0])}: chrF {corpus_chrf(*marked):.1f}; "
        f"unmarked {len(unmarked[0])}: chrF {corpus_chrf(*unmarked):.1f}"
    )


if __name__ == "__main__":
    main()
