"""Term accuracy and chrF of glossary enforcement on the labelled set, with and without it.

    python tools/eval_enforcement.py [--model PATH_OR_CODE] [--grid] [--placeholders]
                                     [--show-failures]

Without ``--model`` the committed starter model is used. ``--grid`` also runs every
enforcement variant (methods alone and combined) so the numbers can decide the default;
``--placeholders`` measures which placeholder forms the model copies intact.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from glossary.enforce import EnforceSettings, GlossaryTranslator  # noqa: E402
from glossary.paths import BUNDLED_MODELS  # noqa: E402
from tools.enforce_eval import (  # noqa: E402
    build_termbase,
    chrf,
    load_glossary,
    load_samples,
    score_terms,
)

DATA = ROOT / "tests" / "data" / "enforcement"
STARTER = BUNDLED_MODELS / "translate-sv_en-ordbro-1_0.argosmodel"

VARIANTS: dict[str, EnforceSettings] = {
    "model alone (n-best, no repair)": EnforceSettings(rerank=False, repair="none"),
    "rerank only": EnforceSettings(repair="none"),
    "replace (attention align)": EnforceSettings(rerank=False, repair="replace", align="attention"),
    "replace (term-alone align)": EnforceSettings(
        rerank=False, repair="replace", align="rendering"
    ),
    "replace (both)": EnforceSettings(rerank=False, repair="replace"),
    "rerank + replace": EnforceSettings(repair="replace"),
    "prefix (no rerank)": EnforceSettings(rerank=False, repair="prefix"),
    "rerank + prefix": EnforceSettings(repair="prefix"),
    "rerank + prefix, beam-2 continuation": EnforceSettings(repair="prefix", continuation_beam=2),
    "rerank + replace + placeholders": EnforceSettings(repair="replace", placeholders=True),
    "rerank + prefix + placeholders": EnforceSettings(repair="prefix", placeholders=True),
    "rerank + prefix, no suppression": EnforceSettings(repair="prefix", suppress=False),
    "rerank + prefix (term-alone align)": EnforceSettings(repair="prefix", align="rendering"),
    "rerank + prefix (term-alone align), uncertain spots only": EnforceSettings(
        repair="prefix", align="rendering", prefix_for="uncertain"
    ),
    "rerank + prefix (both), uncertain spots only": EnforceSettings(
        repair="prefix", prefix_for="uncertain"
    ),
    "rerank + replace, prefix for insertions only": EnforceSettings(
        repair="prefix", prefix_for="insertions"
    ),
}
PLACEHOLDER_FORMS = [
    "X{n}X",
    "ZQ{n}",
    "{n}00",
    "<{n}>",
    "[{n}]",
    "({n})",
    "#{n}",
    "Acme{n}",
    "Nvidia",
]


def evaluate(engine, entries, rows, samples, settings, plain, show=False) -> dict:
    """Run one enforcement variant; returns its figures."""
    translator = GlossaryTranslator.from_entries(engine, entries, settings)
    started = time.perf_counter()
    results = translator.translate_sentences([s.source for s in samples])
    seconds = time.perf_counter() - started
    outputs = [r.target for r in results]
    references = [s.reference for s in samples]
    scores = score_terms(samples, outputs, rows)
    already = score_terms(samples, plain, rows).sentences_all_terms
    methods = Counter(f"{t.status}/{t.method}" for r in results for t in r.terms)
    if show:
        for sample, result in zip(samples, results, strict=True):
            one = score_terms([sample], [result.target], rows)
            if one.correct < one.occurrences:
                print(f"  MISS {sample.source}\n       -> {result.target}")
                print(f"       {[(t.source, t.target, t.status, t.method) for t in result.terms]}")
    return {
        "accuracy": scores.accuracy,
        "correct": scores.correct,
        "occurrences": scores.occurrences,
        "forbidden": scores.forbidden,
        "chrf": chrf(outputs, references),
        "chrf_already": chrf([outputs[i] for i in already], [references[i] for i in already]),
        "seconds": seconds,
        "methods": dict(methods),
    }


def probe_placeholders(engine, samples) -> None:
    """How often the model copies each placeholder form intact (names of the set replaced)."""
    from tools.enforce_eval import load_glossary

    rows = load_glossary(DATA / "glossary.tsv")
    names = [r.sv for r in rows.values() if r.dnt]
    sentences = [s.source for s in samples if any(n in s.source for n in names)]
    for form in PLACEHOLDER_FORMS:
        masked, wanted = [], []
        for sentence in sentences:
            text, marks = sentence, []
            for number, name in enumerate(names, 1):
                if name in text:
                    mark = form.format(n=number)
                    text = text.replace(name, mark)
                    marks.append(mark)
            masked.append(text)
            wanted.append(marks)
        outputs = [r.target for r in engine.translate_sentences(masked)]
        total = sum(len(m) for m in wanted)
        kept = sum(
            out.count(m) >= 1 for out, marks in zip(outputs, wanted, strict=True) for m in marks
        )
        print(
            f"  placeholder {form!r:10}: copied intact {kept}/{total} ({kept / max(1, total):.0%})"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=str(STARTER), help="package path or code")
    parser.add_argument("--grid", action="store_true", help="run every enforcement variant")
    parser.add_argument(
        "--variants", help="comma-separated numbers of grid variants to run (see --list)"
    )
    parser.add_argument("--list", action="store_true", help="list the grid variants")
    parser.add_argument("--placeholders", action="store_true", help="probe placeholder forms")
    parser.add_argument("--show-failures", action="store_true")
    args = parser.parse_args()
    if args.list:
        for number, name in enumerate(VARIANTS):
            print(number, name)
        return 0

    from glossary.engine import Engine

    engine = Engine.load("sv", "en", model=args.model)
    rows = load_glossary(DATA / "glossary.tsv")
    samples = load_samples(DATA / "sentences.tsv")
    entries = build_termbase(rows, Path(tempfile.mkdtemp(prefix="ordbro-eval-")))
    references = [s.reference for s in samples]

    started = time.perf_counter()
    plain = [r.target for r in engine.translate_sentences([s.source for s in samples])]
    plain_seconds = time.perf_counter() - started
    base = score_terms(samples, plain, rows)
    already = base.sentences_all_terms
    print(f"model: {engine.name} {engine.version} ({args.model})")
    print(f"set: {len(samples)} sentences, {base.occurrences} term occurrences")
    print(
        f"without enforcement: term accuracy {base.accuracy:.3f} ({base.correct}/{base.occurrences}),"
        f" forbidden {base.forbidden}, chrF {chrf(plain, references):.2f},"
        f" chrF on the {len(already)} sentences with every term already"
        f" {chrf([plain[i] for i in already], [references[i] for i in already]):.2f},"
        f" {plain_seconds:.2f} s"
    )
    variants = dict(VARIANTS) if args.grid else {}
    if args.variants:
        names = list(VARIANTS)
        variants = {names[int(n)]: VARIANTS[names[int(n)]] for n in args.variants.split(",")}
    variants["DEFAULT " + repr(EnforceSettings())] = EnforceSettings()
    for name, settings in variants.items():
        figures = evaluate(
            engine, entries, rows, samples, replace(settings), plain, show=args.show_failures
        )
        print(
            f"{name}: term accuracy {figures['accuracy']:.3f}"
            f" ({figures['correct']}/{figures['occurrences']}), forbidden {figures['forbidden']},"
            f" chrF {figures['chrf']:.2f}, chrF(already) {figures['chrf_already']:.2f},"
            f" {figures['seconds']:.2f} s\n    methods {figures['methods']}"
        )
    if args.placeholders:
        probe_placeholders(engine, samples)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
