"""Markup through translation, measured: chrF and element preservation on held-out text.

Three ways to translate the same held-out segments (tools/markup/heldout.tsv, written
for this evaluation only), scored with chrF against plain English references after all
markup is removed from the output:

- ``plain``: the sentence without any markup (the ceiling: what the model does alone);
- ``projected``: ordbro's way, the plain sentence translated, markup projected back;
- ``placeholders``: the old way, ``⟨1⟩…⟨/1⟩``/``⟦n⟧`` tokens in the model's input.

It also counts segments whose markup came back complete and validly nested, and the
share of ``aligned``/``fallback`` placements, on the held-out set and on the markup
fixtures of the test suite translated file by file.

    python tools/eval_markup.py [--model CODE_OR_PATH]
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

HELDOUT = ROOT / "tools" / "markup" / "heldout.tsv"
FIXTURES = [
    *sorted((ROOT / "tests" / "fixtures" / "markup").iterdir()),
    ROOT / "tests" / "fixtures" / "files" / "report.docx",
]


def load_heldout() -> list[tuple[str, str]]:
    rows = []
    for line in HELDOUT.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            source, reference = line.split("\t")
            rows.append((source, reference))
    return rows


def plain_of(text: str) -> str:
    """``text`` with every placeholder and literal code removed, spaces tidied."""
    from glossary.markup.elements import ANY

    text = ANY.sub(" ", text)
    text = re.sub(r"\s+([.,!?:;])", r"\1", text)
    return " ".join(text.split())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", default=None, help="model code or path (default: starter)")
    args = parser.parse_args()

    import sacrebleu

    from glossary import batch
    from glossary.engine import Engine
    from glossary.markup import inventory, nesting_valid, strip
    from glossary.markup.translate import translate_marked
    from glossary.translate import Translator

    engine = Engine.load("sv", "en", model=args.model)
    rows = load_heldout()
    sources = [s for s, _ in rows]
    references = [plain_of(r) for _, r in rows]

    front = Translator(engine)
    front.translate_texts(["Klicka på Spara."])  # warm-up, so neither timing pays for it
    started = time.perf_counter()
    plain = [d.target for d in front.translate_texts([strip(s).plain for s in sources])]
    plain_seconds = time.perf_counter() - started
    started = time.perf_counter()
    marked = translate_marked(sources, front)
    marked_seconds = time.perf_counter() - started
    old = [d.target for d in front.translate_texts(sources)]

    def kept(outputs: list[str]) -> int:
        return sum(
            inventory(o) == inventory(s) and nesting_valid(o)
            for s, o in zip(sources, outputs, strict=True)
        )

    print(f"model: {engine.name}; held-out segments: {len(rows)} (all carry markup)")
    print(f"{'input':<14} {'chrF':>6} {'markup intact':>14}")
    for name, outputs in (
        ("plain", plain),
        ("projected", [m.target for m in marked]),
        ("placeholders", old),
    ):
        hyps = [plain_of(o) for o in outputs]
        score = sacrebleu.corpus_chrf(hyps, [references]).score
        intact = "-" if name == "plain" else f"{kept(outputs)}/{len(rows)}"
        print(f"{name:<14} {score:6.1f} {intact:>14}")
    print(
        f"time: projected {marked_seconds:.2f} s vs plain {plain_seconds:.2f} s "
        f"({marked_seconds / max(plain_seconds, 1e-9):.2f}x; the alignment pass included)"
    )
    shares = Counter(m.markup for m in marked)
    print(f"held-out placements: {shares['aligned']} aligned, {shares['fallback']} fallback")

    with tempfile.TemporaryDirectory() as tmp:
        report = batch.translate_paths(
            FIXTURES, Path(tmp), engine, memory=False, src_lang="sv", tgt_lang="en"
        )
    t = report.totals()
    total = t["markup_aligned"] + t["markup_fallback"]
    print(
        f"fixtures ({len(FIXTURES)} files): {total} segments with markup, "
        f"{t['markup_aligned']} aligned ({100 * t['markup_aligned'] / max(total, 1):.0f}%), "
        f"{t['markup_fallback']} fallback"
    )


if __name__ == "__main__":
    main()
