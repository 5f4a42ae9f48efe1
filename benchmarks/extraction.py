"""Term extraction: quality on the held-out labelled set, and speed on 1 MB of text.

    python benchmarks/extraction.py            # both
    python benchmarks/extraction.py --quality  # recall@2k, precision@20, base forms, targets
    python benchmarks/extraction.py --speed    # seconds for 1 MB on one core

Quality: for each text of tests/data/extraction/ the candidates are compared with the
hand-listed glossary terms (case-insensitive, exact base form). recall@2k is the share
of the k listed terms among the first 2k candidates; precision@20 the share of the
first 20 candidates that are listed. "base form" counts listed terms found only in an
inflected form instead. Targets: candidates proposed from the line-aligned English
translation, correct when the proposal equals one of the listed targets.

Speed: the three texts plus this repository's README are repeated (with a counter
inserted so sentences differ) up to 1 MB and extracted in one process with one thread;
the baseline in the same process is a plain regex word count of the same text, so the
ratio is machine-independent.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT / "tests" / "data" / "extraction"
TEXTS = ("energy", "health", "dataprotection")


def read_gold(name: str) -> dict[str, list[str]]:
    """Listed term -> acceptable targets (empty when the list gives none)."""
    gold: dict[str, list[str]] = {}
    for line in (DATA / f"{name}.gold.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        term, _, targets = line.partition("\t")
        gold[term.strip()] = [t.strip() for t in targets.split("|") if t.strip()]
    return gold


def quality() -> None:
    from glossary.extraction import extract_texts

    print("text            k  recall@2k  precision@20  listed found only inflected")
    for name in TEXTS:
        gold = read_gold(name)
        keys = {g.lower() for g in gold}
        text = (DATA / f"{name}.sv.txt").read_text(encoding="utf-8")
        cands = extract_texts([text], lang="sv")
        terms = [c.term.lower() for c in cands]
        k = len(gold)
        recall = len(keys & set(terms[: 2 * k])) / k
        top = terms[:20]
        precision = sum(t in keys for t in top) / max(1, len(top))
        inflected = sorted(
            g
            for g in keys
            if g not in terms
            and any(g in f.lower() for c in cands for f in c.forms if c.term.lower() != g)
        )
        print(f"{name:14} {k:3}  {recall:9.2f}  {precision:12.2f}  {', '.join(inflected) or '-'}")
        missed = sorted(keys - set(terms[: 2 * k]))
        print(f"{'':14} missed: {', '.join(missed) or '-'}")
        print(f"{'':14} top 20: {', '.join(c.term for c in cands[:20])}")
    gold = read_gold("energy")
    from glossary.bilingual import read_text_pairs

    pairs = read_text_pairs(DATA / "energy.sv.txt", DATA / "energy.en.txt").pairs
    text = (DATA / "energy.sv.txt").read_text(encoding="utf-8")
    cands = extract_texts([text], lang="sv", bilingual=pairs)
    judged = [c for c in cands if c.term in gold and gold[c.term]]
    right = [c for c in judged if c.target and _norm(c.target) in {_norm(t) for t in gold[c.term]}]
    print(
        f"targets from the aligned translation (energy): {len(right)}/{len(judged)} "
        f"= {len(right) / max(1, len(judged)):.2f} correct"
    )
    for c in judged:
        if c not in right:
            print(
                f"    {c.term} -> {c.target!r} ({c.target_source}); listed: {' | '.join(gold[c.term])}"
            )


def _norm(text: str) -> str:
    return re.sub(r"^the ", "", text.lower().strip())


def speed() -> None:
    from glossary.extraction import extract_texts
    from glossary.extraction.lexicon import Lexicon

    parts = [(DATA / f"{n}.sv.txt").read_text(encoding="utf-8") for n in TEXTS]
    chunks, size, i = [], 0, 0
    while size < 1_000_000:
        piece = parts[i % len(parts)].replace(". ", f" {i}. ", 1)
        chunks.append(piece)
        size += len(piece.encode("utf-8"))
        i += 1
    text = "\n".join(chunks)
    Lexicon("sv")  # loading the lists is counted separately
    t0 = time.perf_counter()
    baseline = len(re.findall(r"\w+", text.lower()))
    t_base = time.perf_counter() - t0
    t0 = time.perf_counter()
    cands = extract_texts([text], lang="sv")
    t_ext = time.perf_counter() - t0
    mb = len(text.encode("utf-8")) / 1e6
    print(
        f"1 MB extraction: {mb:.2f} MB, {baseline} words, {len(cands)} candidates, "
        f"{t_ext:.2f} s (regex word count baseline {t_base:.3f} s, ratio {t_ext / t_base:.0f}x)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quality", action="store_true")
    parser.add_argument("--speed", action="store_true")
    args = parser.parse_args()
    both = not (args.quality or args.speed)
    if args.quality or both:
        quality()
    if args.speed or both:
        speed()


if __name__ == "__main__":
    main()
