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

Speed: the labelled and development texts are repeated up to 1 MB, about a third of
their long words replaced by new compounds in every copy, and extracted in one thread
(the extractor is single-threaded Python); the baseline in the same process is a plain
regex word count of the same text.
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


def one_megabyte() -> str:
    """1 MB of Swedish: the labelled and development texts, varied so words keep changing.

    Each copy swaps about a third of the long words for a new compound (a word of the
    texts as prefix), so the lemma cache and the compound splitter see new words all the
    way through, as in a real 1 MB job, instead of the same few hundred.
    """
    import random

    rng = random.Random(7)
    parts = [(DATA / f"{n}.sv.txt").read_text(encoding="utf-8") for n in TEXTS]
    parts.append((ROOT / "benchmarks" / "data" / "extraction-dev.sv.txt").read_text("utf-8"))
    vocab = sorted({w.lower() for p in parts for w in re.findall(r"\w{5,}", p)})
    chunks, size, i = [], 0, 0
    while size < 1_000_000:
        words = parts[i % len(parts)].split(" ")
        for k, word in enumerate(words):
            if len(word) >= 8 and word.isalpha() and word.islower() and rng.random() < 0.35:
                words[k] = rng.choice(vocab)[:6] + word
        piece = " ".join(words)
        chunks.append(piece)
        size += len(piece.encode("utf-8")) + 1
        i += 1
    return "\n".join(chunks)


def speed() -> None:
    from glossary.extraction import extract_texts
    from glossary.extraction.lexicon import Lexicon

    text = one_megabyte()
    t0 = time.perf_counter()
    Lexicon("sv")
    t_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    baseline = len(re.findall(r"\w+", text.lower()))
    t_base = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), time.process_time()
    cands = extract_texts([text], lang="sv")
    t_ext, c_ext = time.perf_counter() - t0, time.process_time() - c0
    mb = len(text.encode("utf-8")) / 1e6
    unique = len(set(re.findall(r"\w+", text.lower())))
    print(
        f"1 MB extraction: {mb:.2f} MB, {baseline} words ({unique} distinct), "
        f"{len(cands)} candidates: {t_ext:.2f} s wall, {c_ext:.2f} s CPU on one thread "
        f"(+ {t_load:.2f} s loading the word lists once); regex word count baseline "
        f"{t_base:.3f} s, ratio {t_ext / t_base:.0f}x"
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
